"""Rate limiting: a few failed logins per username and address, a few look-ups per user.

Passwords of village clerks are short and guessable; Argon2 makes offline guessing expensive,
this makes online guessing slow. Failures are counted per (username, client address) pair in a
sliding window, so an attacker cannot lock a clerk out from another address, and a typo-prone
clerk does not lock out the whole office behind one NAT address. The counts live in memory: a
restart forgets them, which at worst grants one more window of attempts.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from hedui.errors import TooManyAttemptsError

__all__ = ["LoginRateLimiter", "LookupLimiter"]


class LoginRateLimiter:
    """Counts failed logins per key in a sliding window; thread-safe."""

    def __init__(
        self, max_failures: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self._clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, username: str, address: str) -> None:
        """Raise if this username and address may not try now.

        Raises:
            TooManyAttemptsError: ``max_failures`` failures within the window; its
                ``retry_after`` says in how many seconds the oldest one expires.
        """
        key = (username.strip().lower(), address)
        with self._lock:
            failures = self._recent(key)
            if len(failures) >= self.max_failures:
                retry_after = int(failures[0] + self.window - self._clock()) + 1
                minutes = -(-retry_after // 60)
                raise TooManyAttemptsError(
                    f"登录失败次数过多，请 {minutes} 分钟后再试；忘记密码请联系县级管理员 / too "
                    f"many failed logins: try again in {minutes} minutes, or ask the county "
                    f"administrator to reset your password",
                    retry_after=retry_after,
                )

    def failed(self, username: str, address: str) -> None:
        """Count one failure."""
        key = (username.strip().lower(), address)
        with self._lock:
            self._recent(key).append(self._clock())

    def succeeded(self, username: str, address: str) -> None:
        """Forget the failures of a pair that has just logged in."""
        with self._lock:
            self._failures.pop((username.strip().lower(), address), None)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        cutoff = self._clock() - self.window
        while failures and failures[0] <= cutoff:
            failures.popleft()
        return failures


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
