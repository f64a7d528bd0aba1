"""Login rate limiting: a doubling wait per account and per address, never a lock-out of the
rightful user by a stranger; X-Forwarded-For believed from trusted proxies only."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from hedui.errors import ConfigurationError, TooManyAttemptsError
from hedui.store.audit import AuditAction, AuditEntry
from hedui.web.app import create_app
from hedui.web.ratelimit import LoginRateLimiter
from hedui.web.settings import Settings

from .conftest import PASSWORD, SETTINGS, Site, form

STRANGER = ("203.0.113.9", 40000)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _limiter(clock: Clock) -> LoginRateLimiter:
    return LoginRateLimiter(
        account_failures=5, address_failures=20, window=900, max_delay=300, clock=clock
    )


def _waits(limiter: LoginRateLimiter, username: str, address: str) -> int:
    """Seconds until the next attempt may be made (0: now)."""
    try:
        limiter.check(username, address)
    except TooManyAttemptsError as error:
        return error.retry_after
    return 0


def test_an_account_backs_off_1_2_4_seconds_up_to_the_cap() -> None:
    clock = Clock()
    limiter = _limiter(clock)
    for n in range(5):
        limiter.failed("Wang", f"10.0.0.{n}")  # five addresses: the account is what counts
    # Five failures are free; the sixth attempt waits 1 s after the latest failure.
    assert _waits(limiter, "wang", "10.0.0.99") == 1  # the name is compared without case
    clock.now += 1
    assert _waits(limiter, "wang", "10.0.0.99") == 0  # the right password would now be tried
    limiter.failed("wang", "10.0.0.99")
    assert _waits(limiter, "wang", "10.0.0.99") == 2
    for _ in range(20):
        clock.now += 10
        limiter.failed("wang", "10.0.0.99")
    assert _waits(limiter, "wang", "10.0.0.99") == 300  # never more than max_delay
    assert _waits(limiter, "li", "10.0.0.98") == 0  # another name from another address


def test_the_users_own_address_is_spared_the_accounts_wait() -> None:
    clock = Clock()
    limiter = _limiter(clock)
    for _ in range(10):
        limiter.failed("wang", STRANGER[0])
    with pytest.raises(TooManyAttemptsError):
        limiter.check("wang", "10.0.0.1")
    limiter.check("wang", "10.0.0.1", known_address=lambda: True)


def test_one_address_trying_many_names_backs_off() -> None:
    clock = Clock()
    limiter = _limiter(clock)
    for n in range(20):
        limiter.failed(f"clerk{n}", STRANGER[0])
    assert _waits(limiter, "clerk99", STRANGER[0]) == 1  # a fresh name, the same address
    with pytest.raises(TooManyAttemptsError):  # known or not: this is the address's count
        limiter.check("clerk99", STRANGER[0], known_address=lambda: True)
    assert _waits(limiter, "clerk99", "10.0.0.1") == 0


def test_failures_leave_the_window() -> None:
    clock = Clock()
    limiter = _limiter(clock)
    for _ in range(8):
        limiter.failed("wang", "a")
    clock.now += 900
    assert _waits(limiter, "wang", "a") == 0


def test_a_stranger_cannot_lock_the_clerk_out(site: Site) -> None:
    clock = Clock()  # stands still unless moved: the waits do not depend on the machine's speed
    state = site.app.state.hedui
    site.app.state.hedui = dataclasses.replace(state, rate_limiter=_limiter(clock))
    site.client("clerk")  # the clerk has logged in from this computer before
    stranger = site.client(client=STRANGER)
    for _ in range(5):
        wrong = form(stranger, username="clerk", password="wrong-password-1")
        assert stranger.post("/login", data=wrong).status_code == 401
    refused = stranger.post("/login", data=form(stranger, username="clerk", password=PASSWORD))
    assert refused.status_code == 429 and "登录失败次数过多" in refused.text
    # The clerk at the usual computer is not slowed down at all.
    clerk = site.client()
    right = clerk.post("/login", data=form(clerk, username="clerk", password=PASSWORD))
    assert right.status_code == 303
    # Elsewhere the account waits a second (a back-off, not a 15-minute block), then the
    # right password works.
    newcomer = site.client(client=("198.51.100.7", 40000))
    waits = newcomer.post("/login", data=form(newcomer, username="clerk", password=PASSWORD))
    assert waits.status_code == 429 and waits.headers["Retry-After"] == "1"
    clock.now += 1
    later = newcomer.post("/login", data=form(newcomer, username="clerk", password=PASSWORD))
    assert later.status_code == 303


def _login_address(site: Site, **client: object) -> str | None:
    browser = site.client(**client)
    response = browser.post(
        "/login",
        data=form(browser, username="clerk", password=PASSWORD),
        headers={"X-Forwarded-For": "192.0.2.44", "X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 303
    with site.session() as session:
        query = select(AuditEntry.ip_address).where(AuditEntry.action == AuditAction.LOGIN)
        return session.scalars(query.order_by(AuditEntry.id.desc())).first()


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(site: Site) -> None:
    assert _login_address(site, client=("10.0.0.1", 40000)) == "10.0.0.1"


def test_x_forwarded_for_is_believed_from_a_trusted_proxy(site: Site) -> None:
    settings = SETTINGS.model_copy(
        update={"database_url": site.database_url, "trusted_proxies": ("10.0.0.0/8",)}
    )
    behind = Site(create_app(settings), site.database_url, site.user_ids)
    assert _login_address(behind, client=("10.0.0.1", 40000)) == "192.0.2.44"
    assert _login_address(behind, client=("172.16.0.1", 40000)) == "172.16.0.1"


@pytest.mark.parametrize("proxy", ["*", "proxy.example", "10.0.0.300"])
def test_trusted_proxies_must_be_addresses(proxy: str) -> None:
    with pytest.raises(ConfigurationError, match="trusted_proxies"):
        Settings.from_env("sqlite:///x.db", trusted_proxies=(proxy,))
