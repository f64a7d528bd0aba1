"""The running application deletes what it no longer may keep, once a day.

At start-up and then every ``Settings.purge_interval`` seconds, :func:`purge_now` deletes the
personal data of reconciliation runs past ``run_retention_days``
(:func:`hedui.reconcile.retention.purge_runs`) and the enrolments of health programmes retired
more than ``health_retention_days`` ago
(:func:`hedui.health.retirement.purge_retired_enrolments`). It runs in a worker thread, so a
large purge never holds up a page; a failure is logged and tried again next time, never stops
the server.
"""

from __future__ import annotations

import asyncio
import logging

from hedui.health.retirement import purge_retired_enrolments
from hedui.reconcile.retention import PurgeResult, purge_runs
from hedui.store.db import transaction
from hedui.web.state import AppState
from hedui.web.views.health_common import today_in_china

__all__ = ["purge_now", "purge_on_schedule"]

_log = logging.getLogger(__name__)


def purge_now(state: AppState) -> tuple[PurgeResult, int]:
    """Purge expired run files and retired programmes' enrolments now, in one transaction.

    Returns:
        What the run purge did, and how many enrolments were deleted.
    """
    settings = state.settings
    with state.sessions() as session, transaction(session):
        runs = purge_runs(session, settings.work_path, retention_days=settings.run_retention_days)
        enrolments = purge_retired_enrolments(
            session, today=today_in_china(), retention_days=settings.health_retention_days
        )
    return runs, enrolments


async def purge_on_schedule(state: AppState) -> None:
    """Purge now and every ``purge_interval`` seconds, until cancelled."""
    while True:
        try:
            runs, enrolments = await asyncio.to_thread(purge_now, state)
        except Exception:  # a purge that fails must not stop the server: tried again next time
            _log.exception("scheduled purge failed")
        else:
            if runs.folders or enrolments:
                _log.info(
                    "purged %d run folders (%d files) and %d enrolments",
                    len(runs.folders),
                    runs.files,
                    enrolments,
                )
        await asyncio.sleep(state.settings.purge_interval)
