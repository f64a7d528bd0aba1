"""Rate limiting: logins back off per account and per address (never a lock-out by a
stranger); look-ups of other villages are counted per user (:class:`LookupLimiter`).

Argon2 makes guessing a stolen password table expensive; this makes guessing online slow. Two
counts of failed logins are kept over a sliding window (15 minutes):

* **per account** — after ``account_failures`` failures for one user name, from anywhere, each
  further attempt must wait 1, 2, 4, … seconds (at most ``max_delay``) after the latest failure.
  Guessing one clerk's password from many addresses stays slow.
* **per address** — after ``address_failures`` failures from one address, for any names, the same
  doubling wait. Trying a common password against every clerk from one address stays slow.

A wait is a back-off, not a block: the right password is accepted as soon as the wait is over,
and the wait never exceeds ``max_delay``. And the account count does not apply at all from an
address the user has logged in from successfully before (the caller says so, from the audit
log): a stranger who types wrong passwords for a clerk's name slows down the stranger, not the
clerk at their usual computer.

The address is the connection's (or a trusted proxy's ``X-Forwarded-For``, see
:mod:`hedui.web.auth`): a header the client writes itself is never believed.

Where the counts live is an :class:`EventLog`: the running application keeps them in the
database (:class:`DatabaseLog`, table ``rate_events``), so that every worker process of
``hedui serve --workers N`` counts the same failures — counted per process, a guesser would get
N times the tries. :class:`MemoryLog` keeps them in one process (tests, a single process).
Times are seconds since the epoch (``time.time``), the one clock all processes share.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from hedui.errors import TooManyAttemptsError
from hedui.store.db import transaction
from hedui.store.rate_events import add_events, event_times, forget_events_before

__all__ = ["DatabaseLog", "EventLog", "LoginRateLimiter", "LookupLimiter", "MemoryLog"]

_SWEEP_ABOVE = 10_000
"""Above this many names and addresses counted, expired ones are swept out at the next failure."""


class EventLog(Protocol):
    """Where counted events are kept: ``(scope, key)`` and the time of each."""

    def times(self, scope: str, key: str, since: float) -> list[float]:
        """The times of ``key``'s events in ``scope`` after ``since``, oldest first."""
        ...

    def add(self, events: list[tuple[str, str]], at: float) -> None:
        """Count one event for each ``(scope, key)`` at ``at``."""
        ...

    def forget_before(self, before: float) -> None:
        """Drop events at or before ``before``."""
        ...


class MemoryLog:
    """Events in this process's memory; thread-safe."""

    def __init__(self) -> None:
        self._events: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def times(self, scope: str, key: str, since: float) -> list[float]:
        with self._lock:
            return [t for t in self._events.get((scope, key), ()) if t > since]

    def add(self, events: list[tuple[str, str]], at: float) -> None:
        with self._lock:
            for event in events:
                self._events.setdefault(event, deque()).append(at)

    def forget_before(self, before: float) -> None:
        with self._lock:
            if len(self._events) <= _SWEEP_ABOVE:
                return
            for key in list(self._events):
                times = self._events[key]
                while times and times[0] <= before:
                    times.popleft()
                if not times:
                    del self._events[key]


class DatabaseLog:
    """Events in the database, shared by every worker process (:mod:`hedui.store.rate_events`)."""

    def __init__(self, sessions: sessionmaker[Session], *, keep: float = 24 * 3600) -> None:
        self._sessions = sessions
        self._keep = keep
        self._swept = -math.inf

    def times(self, scope: str, key: str, since: float) -> list[float]:
        with self._sessions() as session:
            return event_times(session, scope, key, since)

    def add(self, events: list[tuple[str, str]], at: float) -> None:
        """Count the events; at most once a minute, also forget those older than ``keep``
        seconds (longer than any window), so the table stays small."""
        with self._sessions() as session, transaction(session):
            add_events(session, events, at)
            if at - self._swept > 60:
                self._swept = at
                forget_events_before(session, at - self._keep)

    def forget_before(self, before: float) -> None:
        with self._sessions() as session, transaction(session):
            forget_events_before(session, before)


class LoginRateLimiter:
    """Counts failed logins per account and per address in a sliding window; thread-safe."""

    def __init__(
        self,
        *,
        account_failures: int = 5,
        address_failures: int = 20,
        window: float = 15 * 60,
        max_delay: float = 300,
        clock: Callable[[], float] = time.time,
        log: EventLog | None = None,
    ) -> None:
        self.account_failures = account_failures
        self.address_failures = address_failures
        self.window = window
        self.max_delay = max_delay
        self._clock = clock
        self._log: EventLog = log if log is not None else MemoryLog()

    def check(
        self, username: str, address: str, *, known_address: Callable[[], bool] = lambda: False
    ) -> None:
        """Raise if an attempt for ``username`` from ``address`` must wait.

        Args:
            username: The name typed (compared without case).
            address: The client's address.
            known_address: Whether the user has logged in from ``address`` before; asked only
                when the account's failures would make the attempt wait.

        Raises:
            TooManyAttemptsError: the attempt comes too soon after the latest failure; its
                ``retry_after`` says in how many seconds it may be made.
        """
        now = self._clock()
        since = now - self.window
        by_address = self._log.times("address", address, since)
        by_account = self._log.times("account", _name(username), since)
        ready = self._ready_at(by_address, self.address_failures)
        account_ready = self._ready_at(by_account, self.account_failures)
        if account_ready > now and not known_address():
            ready = max(ready, account_ready)
        if ready > now:
            seconds = math.ceil(ready - now)
            raise TooManyAttemptsError(
                f"登录失败次数过多，请 {seconds} 秒后再试；忘记密码请联系县级管理员 / too many "
                f"failed logins: try again in {seconds} seconds, or ask the county administrator "
                f"to reset your password",
                retry_after=seconds,
            )

    def failed(self, username: str, address: str) -> None:
        """Count one failure against the account and the address."""
        now = self._clock()
        self._log.forget_before(now - self.window)
        self._log.add([("account", _name(username)), ("address", address)], now)

    def _ready_at(self, failures: list[float], free: int) -> float:
        """When the next attempt may be made: at once for the first ``free`` failures, then
        1, 2, 4, … seconds (at most ``max_delay``) after the latest one."""
        excess = len(failures) - free
        if excess < 0:
            return -math.inf
        return failures[-1] + min(2.0 ** min(excess, 32), self.max_delay)


def _name(username: str) -> str:
    return username.strip().casefold()


class LookupLimiter:
    """Counts one user's look-ups in a sliding window; beyond ``max_lookups`` it says no.

    The record form's duplicate check looks at other villages' entries; a clerk who types one
    name after another could use it to search the county. The form stops looking elsewhere for
    a user past the limit (their own village is still checked). Kept in an :class:`EventLog`
    (the database when the application runs); two processes answering the same user at the
    same instant may each grant the last look-up, so the limit can be passed by at most one
    per worker.
    """

    def __init__(
        self,
        max_lookups: int,
        window: float,
        clock: Callable[[], float] = time.time,
        log: EventLog | None = None,
    ) -> None:
        self.max_lookups = max_lookups
        self.window = window
        self._clock = clock
        self._log: EventLog = log if log is not None else MemoryLog()

    def allow(self, user_id: int) -> bool:
        """True, counting one look-up, when ``user_id`` is under the limit; else False."""
        now = self._clock()
        if len(self._log.times("lookup", str(user_id), now - self.window)) >= self.max_lookups:
            return False
        self._log.add([("lookup", str(user_id))], now)
        return True
