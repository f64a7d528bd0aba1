"""Creating users, logging in, changing and resetting passwords, disabling; logins ending."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.store.accounts import (
    authenticate,
    change_password,
    create_user,
    find_user,
    reset_password,
    set_disabled,
)
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.logins import LoginSession, end_login, find_login, open_login
from hedui.store.users import Role, User

from .conftest import COUNTY, TOWNSHIP, VILLAGE_A

HOUR = timedelta(hours=1)


def _actions(session: Session) -> list[AuditAction]:
    return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_create_user_hashes_the_password_and_audits(session: Session) -> None:
    user = create_user(session, "王芳", "password-1", "township_officer", TOWNSHIP)
    session.commit()
    assert user.role is Role.TOWNSHIP_OFFICER
    assert user.password_hash.startswith("$argon2id$")
    assert "password-1" not in user.password_hash
    assert _actions(session) == [AuditAction.USER_CREATED]


@pytest.mark.parametrize(
    ("role", "area"),
    [
        (Role.VILLAGE_CLERK, TOWNSHIP),  # a clerk needs a 12-digit village code
        (Role.TOWNSHIP_OFFICER, VILLAGE_A),
        (Role.COUNTY_ADMIN, TOWNSHIP),
    ],
)
def test_create_user_rejects_an_area_that_does_not_fit_the_role(
    session: Session, role: Role, area: str
) -> None:
    with pytest.raises(InvalidInputError, match="级区划代码"):
        create_user(session, "赵六", "password-1", role, area)


def test_create_user_rejects_unknown_role_short_password_and_taken_name(
    session: Session, clerk: User
) -> None:
    with pytest.raises(InvalidInputError, match="未知角色"):
        create_user(session, "a", "password-1", "mayor", COUNTY)
    with pytest.raises(InvalidInputError, match="至少需要 10"):
        create_user(session, "b", "short", Role.VILLAGE_CLERK, VILLAGE_A)
    with pytest.raises(InvalidInputError, match="全是数字"):
        create_user(session, "b", "1234567890", Role.VILLAGE_CLERK, VILLAGE_A)
    with pytest.raises(InvalidInputError, match="已被使用"):
        create_user(session, clerk.username, "password-1", Role.VILLAGE_CLERK, VILLAGE_A)
    with pytest.raises(InvalidInputError, match="不能为空"):
        create_user(session, "  ", "password-1", Role.VILLAGE_CLERK, VILLAGE_A)


def test_create_user_by_an_admin_stays_inside_their_county(session: Session, admin: User) -> None:
    with pytest.raises(InvalidInputError, match="管辖范围"):
        create_user(session, "外县", "password-1", Role.VILLAGE_CLERK, "320925101001", actor=admin)


def test_authenticate_accepts_right_password_only_for_enabled_users(
    session: Session, clerk: User, admin: User
) -> None:
    assert authenticate(session, clerk.username, "clerk-password") is clerk
    assert authenticate(session, clerk.username, "wrong-password") is None
    assert authenticate(session, "无此人", "clerk-password") is None
    set_disabled(session, admin, clerk, True)
    assert authenticate(session, clerk.username, "clerk-password") is None


def test_usernames_compare_without_case(session: Session) -> None:
    user = create_user(session, "Wang", "password-1", Role.VILLAGE_CLERK, VILLAGE_A)
    assert authenticate(session, "wang", "password-1") is user
    with pytest.raises(InvalidInputError):
        create_user(session, "WANG", "password-1", Role.VILLAGE_CLERK, VILLAGE_A)


def test_change_password_checks_the_old_one_and_ends_every_login(
    session: Session, clerk: User
) -> None:
    logins = [open_login(session, clerk, lifetime=HOUR) for _ in range(2)]
    with pytest.raises(InvalidInputError, match="原密码不正确"):
        change_password(session, clerk, "not-it", "new-password")
    assert all(find_login(session, token) is clerk for token in logins)
    change_password(session, clerk, "clerk-password", "new-password")
    assert [find_login(session, token) for token in logins] == [None, None]
    assert authenticate(session, clerk.username, "new-password") is clerk


def test_reset_password_by_admin_ends_sessions(session: Session, clerk: User, admin: User) -> None:
    token, admins = (
        open_login(session, clerk, lifetime=HOUR),
        open_login(session, admin, lifetime=HOUR),
    )
    reset_password(session, admin, clerk, "reset-password")
    assert find_login(session, token) is None
    assert find_login(session, admins) is admin  # only the clerk's logins end
    assert authenticate(session, clerk.username, "reset-password") is clerk
    assert _actions(session)[-1] is AuditAction.PASSWORD_RESET


def test_admin_cannot_disable_themselves(session: Session, admin: User) -> None:
    with pytest.raises(InvalidInputError, match="不能停用自己"):
        set_disabled(session, admin, admin, True)


def test_find_user_is_scoped_by_area(session: Session, clerk: User) -> None:
    assert find_user(session, clerk.id, area_code=TOWNSHIP) is clerk
    with pytest.raises(NotFoundError):
        find_user(session, clerk.id, area_code="320924102")
    with pytest.raises(NotFoundError):
        find_user(session, 9999, area_code=COUNTY)


def test_disabling_ends_logins_and_enabling_brings_none_back(
    session: Session, clerk: User, admin: User
) -> None:
    token = open_login(session, clerk, lifetime=HOUR)
    set_disabled(session, admin, clerk, True)
    set_disabled(session, admin, clerk, False)
    assert find_login(session, token) is None
    assert find_login(session, open_login(session, clerk, lifetime=HOUR)) is clerk


def test_a_login_ends_when_it_expires_or_is_ended(session: Session, clerk: User) -> None:
    expired = open_login(session, clerk, lifetime=timedelta(seconds=-1))
    assert find_login(session, expired) is None
    token = open_login(session, clerk, lifetime=HOUR)  # and the expired row is deleted
    assert session.scalar(select(func.count()).select_from(LoginSession)) == 1
    end_login(session, token)
    assert find_login(session, token) is None
    assert find_login(session, "never-issued") is None
