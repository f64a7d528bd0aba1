"""The running application deletes what it no longer may keep, once a day.

At start-up and then every ``Settings.purge_interval`` seconds, :func:`purge_now` deletes the
personal data of reconciliation runs past ``run_retention_days``
(:func:`hedui.reconcile.retention.purge_runs`) and the enrolments of health programmes retired
more than ``health_retention_days`` ago
(:func:`hedui.health.retirement.purge_retired_enrolments`). It runs in a worker thread, so a
large purge never holds up a page; a failure is logged and tried again next time, never stops
the server. With ``hedui serve --workers N`` every worker process keeps the schedule, but only
one purges at a time (a lock file in the work folder, whose run folders the purge deletes): the
others skip that round instead of deleting the same folders at once.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hedui.health.retirement import purge_retired_enrolments
from hedui.reconcile.retention import PurgeResult, purge_runs
from hedui.store.db import transaction
from hedui.web.state import AppState
from hedui.web.views.health_common import today_in_china

__all__ = ["PURGE_LOCK", "purge_now", "purge_on_schedule", "purging_alone"]

PURGE_LOCK = ".purge.lock"
"""The lock file, in the work folder, of the process that is purging."""

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


@contextmanager
def purging_alone(work_path: Path) -> Iterator[bool]:
    """True inside the block when this process holds the purge lock (no other process of this
    work folder is purging); the lock is let go at the end of the block."""
    work_path.mkdir(parents=True, exist_ok=True)
    with (work_path / PURGE_LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _purge_if_alone(state: AppState) -> tuple[PurgeResult, int] | None:
    with purging_alone(state.settings.work_path) as alone:
        return purge_now(state) if alone else None


async def purge_on_schedule(state: AppState) -> None:
    """Purge now and every ``purge_interval`` seconds, until cancelled (a round that another
    process of the same work folder is purging is skipped)."""
    while True:
        try:
            done = await asyncio.to_thread(_purge_if_alone, state)
        except Exception:  # a purge that fails must not stop the server: tried again next time
            _log.exception("scheduled purge failed")
        else:
            if done is not None and (done[0].folders or done[1]):
                runs, enrolments = done
                _log.info(
                    "purged %d run folders (%d files) and %d enrolments",
                    len(runs.folders),
                    runs.files,
                    enrolments,
                )
        await asyncio.sleep(state.settings.purge_interval)
