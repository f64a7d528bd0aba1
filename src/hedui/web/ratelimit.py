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
:mod:`hedui.web.auth`): a header the client writes itself is never believed. Counts live in
memory; a restart forgets them, which at worst grants a few more tries.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from hedui.errors import TooManyAttemptsError

__all__ = ["LoginRateLimiter", "LookupLimiter"]

_SWEEP_ABOVE = 10_000
"""Above this many names and addresses counted, expired ones are swept out at the next failure."""


class LoginRateLimiter:
    """Counts failed logins per account and per address in a sliding window; thread-safe."""

    def __init__(
        self,
        *,
        account_failures: int = 5,
        address_failures: int = 20,
        window: float = 15 * 60,
        max_delay: float = 300,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.account_failures = account_failures
        self.address_failures = address_failures
        self.window = window
        self.max_delay = max_delay
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

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
        with self._lock:
            by_address = self._recent(("address", address), now)
            by_account = self._recent(("account", _name(username)), now)
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
        with self._lock:
            if len(self._failures) > _SWEEP_ABOVE:
                for key in list(self._failures):
                    self._recent(key, now)
            for key in (("account", _name(username)), ("address", address)):
                self._recent(key, now)
                self._failures.setdefault(key, deque()).append(now)

    def _ready_at(self, failures: deque[float], free: int) -> float:
        """When the next attempt may be made: at once for the first ``free`` failures, then
        1, 2, 4, … seconds (at most ``max_delay``) after the latest one."""
        excess = len(failures) - free
        if excess < 0:
            return -math.inf
        return failures[-1] + min(2.0 ** min(excess, 32), self.max_delay)

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        """The key's failures within the window; a key with none left is forgotten."""
        failures = self._failures.get(key)
        if failures is None:
            return deque()
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[key]
        return failures


def _name(username: str) -> str:
    return username.strip().casefold()


class LookupLimiter:
    """Counts one user's look-ups in a sliding window; beyond ``max_lookups`` it says no.

    The record form's duplicate check looks at other villages' entries; a clerk who types one
    name after another could use it to search the county. The form stops looking elsewhere for
    a user past the limit (their own village is still checked). Thread-safe, in memory.
    """

    def __init__(
        self, max_lookups: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_lookups = max_lookups
        self.window = window
        self._clock = clock
        self._lookups: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, user_id: int) -> bool:
        """True, counting one look-up, when ``user_id`` is under the limit; else False."""
        now = self._clock()
        with self._lock:
            lookups = self._lookups.setdefault(user_id, deque())
            while lookups and lookups[0] <= now - self.window:
                lookups.popleft()
            if len(lookups) >= self.max_lookups:
                return False
            lookups.append(now)
            return True
