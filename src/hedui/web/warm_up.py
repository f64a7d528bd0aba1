"""What a worker reads before its first page, so that its first pages cost what the next ones do.

A case page explains its records from the run's files, and a save scores its candidates with the
run's model; each reads and keeps what it needs the first time (per process: every worker keeps
its own). At 300,000 records the first case page a worker showed took 275 ms of CPU and the next
15 ms, and at month's end that first page falls on a clerk waiting in the queue behind it. So
``hedui serve`` has each worker read them for the newest run when it starts
(:func:`warm_up`), before its heap is frozen (:mod:`hedui.web.heap`).

Nothing here may stop a worker from serving: a run whose files were deleted or damaged is
logged and left for the page that needs it to report.
"""

from __future__ import annotations

import logging

from hedui.errors import HeduiError
from hedui.linkage.explain import keep_for_explaining
from hedui.store.duplicates import recent_link_dirs
from hedui.web.record_page import keep_scorer
from hedui.web.state import AppState

__all__ = ["warm_up"]

_log = logging.getLogger(__name__)


def warm_up(state: AppState) -> bool:
    """Keep the newest run's explanation index and the duplicate check's compiled model.

    Returns:
        Whether there was a run and both were kept.
    """
    try:
        with state.sessions() as session:
            link_dirs = recent_link_dirs(session)
        keep_scorer(link_dirs)
        if not link_dirs:
            return False
        keep_for_explaining(link_dirs[0])
    except (HeduiError, OSError) as error:
        _log.warning("warm-up skipped, the first pages will read the run themselves: %s", error)
        return False
    return True
