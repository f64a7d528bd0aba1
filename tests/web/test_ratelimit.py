"""Login rate limiting: five failures per username and address in fifteen minutes."""

from __future__ import annotations

import pytest

from hedui.errors import TooManyAttemptsError
from hedui.web.ratelimit import LoginRateLimiter

from .conftest import PASSWORD, Site, form


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_blocks_after_max_failures_until_the_window_passes() -> None:
    clock = Clock()
    limiter = LoginRateLimiter(max_failures=5, window=900, clock=clock)
    for _ in range(5):
        limiter.check("Wang", "10.0.0.1")
        limiter.failed("Wang", "10.0.0.1")
        clock.now += 10
    # Failures at t = 1000, 1010, ..., 1040; now t = 1050: blocked until 1000 + 900 = 1900.
    with pytest.raises(TooManyAttemptsError) as raised:
        limiter.check("wang", "10.0.0.1")  # the name is compared without case
    assert raised.value.retry_after == 851
    assert "15 分钟" in str(raised.value)
    limiter.check("wang", "10.0.0.2")  # another address is not blocked
    limiter.check("li", "10.0.0.1")  # nor another name
    clock.now = 1900.5  # the first failure has left the window: four remain
    limiter.check("wang", "10.0.0.1")


def test_success_clears_the_failures() -> None:
    limiter = LoginRateLimiter(max_failures=2, window=900, clock=Clock())
    limiter.failed("wang", "a")
    limiter.succeeded("wang", "a")
    limiter.failed("wang", "a")
    limiter.check("wang", "a")


def test_sixth_login_attempt_gets_429_even_with_the_right_password(site: Site) -> None:
    client = site.client()
    for _ in range(5):
        response = client.post("/login", data=form(client, username="clerk", password="wrong-1"))
        assert response.status_code == 401
    response = client.post("/login", data=form(client, username="clerk", password=PASSWORD))
    assert response.status_code == 429
    assert "登录失败次数过多" in response.text
    assert int(response.headers["Retry-After"]) > 0
