"""Where the rate limits keep their counts: in memory, or in the database for every worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from hedui.errors import TooManyAttemptsError
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade
from hedui.store.rate_events import RateEvent, count_events
from hedui.web import ratelimit
from hedui.web.ratelimit import DatabaseLog, LoginRateLimiter, LookupLimiter, MemoryLog


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_two_limiters_on_one_database_count_the_same_failures(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    clock = Clock()
    # As two worker processes would: each its own limiter, one database.
    one, two = (LoginRateLimiter(clock=clock, log=DatabaseLog(sessions)) for _ in range(2))
    for n in range(5):
        (one if n % 2 else two).failed("wang", f"10.0.0.{n}")
    with pytest.raises(TooManyAttemptsError):  # the sixth attempt waits, whichever is asked
        one.check("wang", "10.0.0.99")
    lookups = LookupLimiter(2, 3600, clock=clock, log=DatabaseLog(sessions))
    other = LookupLimiter(2, 3600, clock=clock, log=DatabaseLog(sessions))
    assert lookups.allow(7) and other.allow(7) and not lookups.allow(7)
    with sessions() as session:
        assert count_events(session, "lookup", "7", clock.now - 3600) == 2
    # A day later the old events are swept out as new ones are counted.
    clock.now += 2 * 24 * 3600
    log = DatabaseLog(sessions)
    log.add([("account", "li")], clock.now)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(RateEvent)) == 1
    engine.dispose()


def test_the_memory_log_sweeps_expired_keys_when_it_grows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = MemoryLog()
    monkeypatch.setattr(ratelimit, "_SWEEP_ABOVE", 3)
    log.add([("address", f"10.0.0.{n}") for n in range(5)], at=100.0)
    log.add([("address", "10.0.0.9")], at=500.0)
    log.forget_before(200.0)
    assert log.times("address", "10.0.0.1", 0.0) == []
    assert log.times("address", "10.0.0.9", 0.0) == [500.0]
