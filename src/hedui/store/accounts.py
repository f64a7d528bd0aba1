"""Managing users: create, authenticate, change or reset a password, disable and enable.

These functions add to the caller's session and never commit (see :mod:`hedui.store.db`). Each
change writes its audit entry in the same transaction. Disabling a user and changing or resetting
a password end every login of the user (:mod:`hedui.store.logins`) in that transaction too.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.store.areas import area_level, is_within
from hedui.store.audit import AuditAction, AuditEntry, write_audit
from hedui.store.base import utcnow
from hedui.store.logins import end_logins_of
from hedui.store.passwords import (
    check_password_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from hedui.store.users import ROLE_LEVEL, Role, User

__all__ = [
    "authenticate",
    "change_password",
    "create_user",
    "find_user",
    "has_logged_in_from",
    "reset_password",
    "set_disabled",
    "user_by_username",
]

_DUMMY_HASH = hash_password("hedui-timing-equaliser")
_LEVEL_ZH = {"county": "县", "township": "乡镇", "village": "村"}


def create_user(
    session: Session,
    username: str,
    password: str,
    role: Role | str,
    area_code: str,
    *,
    actor: User | None = None,
) -> User:
    """Create a user after checking the role fits the area and the password is long enough.

    Args:
        session: The session to add the user to; the caller commits.
        username: Login name, unique regardless of case (``Wang`` and ``wang`` are one user).
        password: Strong enough for
            :func:`hedui.store.passwords.check_password_strength`.
        role: A :class:`Role` or its value (``"village_clerk"``).
        area_code: 6-digit county code for an admin, 9-digit township code for an officer,
            12-digit village code for a clerk.
        actor: The admin creating the user, written to the audit log (``None`` from the CLI).

    Raises:
        InvalidInputError: the name is empty or taken, the role is unknown, the area code does not
            fit the role, or the password is too weak; the message says which.
    """
    username = username.strip()
    if not username:
        raise InvalidInputError("用户名不能为空 / the username cannot be empty")
    try:
        role = Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInputError(f"未知角色 {role!r}，可选：{choices} / unknown role") from None
    expected = ROLE_LEVEL[role]
    if area_level(area_code) != expected:
        raise InvalidInputError(
            f"角色 {role.value} 需要{_LEVEL_ZH[expected]}级区划代码，{area_code} 不是 / "
            f"role {role.value} needs a {expected.value} code, which {area_code} is not"
        )
    if actor is not None and not is_within(area_code, actor.area_code):
        raise InvalidInputError(
            f"区划 {area_code} 不在您的管辖范围内 / area {area_code} is outside your jurisdiction"
        )
    check_password_strength(password, username=username)
    if user_by_username(session, username) is not None:
        raise InvalidInputError(f"用户名 {username} 已被使用 / username {username} is taken")
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
        area_code=area_code,
        disabled=False,
    )
    session.add(user)
    session.flush()
    write_audit(
        session,
        actor=actor,
        actor_username=actor.username if actor else "(cli)",
        action=AuditAction.USER_CREATED,
        area_code=area_code,
        target_type="user",
        target_id=user.id,
        detail={"username": username, "role": role.value},
    )
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The enabled user with this name and password, or ``None``.

    A wrong name, a wrong password and a disabled account all give ``None``, and an unknown name
    still costs one hash verification, so neither the answer nor its timing tells an attacker
    which names exist. An outdated hash is upgraded on success.
    """
    user = user_by_username(session, username.strip())
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or user.disabled:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def change_password(
    session: Session, user: User, old_password: str, new_password: str, *, ip: str | None = None
) -> None:
    """Change one's own password, ending every login of the user (the caller may open a new one).

    Raises:
        InvalidInputError: the old password is wrong, or the new one is too weak.
    """
    if not verify_password(user.password_hash, old_password):
        raise InvalidInputError("原密码不正确 / the current password is wrong")
    _set_password(session, user, new_password)
    _audit_user_change(session, user, user, AuditAction.PASSWORD_CHANGED, ip)


def reset_password(
    session: Session, admin: User, user: User, new_password: str, *, ip: str | None = None
) -> None:
    """An admin sets a new password for ``user``; the user's sessions end at once.

    Raises:
        InvalidInputError: the new password is too weak.
    """
    _set_password(session, user, new_password)
    _audit_user_change(session, admin, user, AuditAction.PASSWORD_RESET, ip)


def set_disabled(
    session: Session, admin: User, user: User, disabled: bool, *, ip: str | None = None
) -> None:
    """Disable or enable ``user``; disabling ends every login of the user at once.

    Enabling does not bring those logins back: the user logs in again.

    Raises:
        InvalidInputError: an admin tried to disable their own account (which could leave the
            county with no one able to manage users).
    """
    if disabled and user.id == admin.id:
        raise InvalidInputError("不能停用自己的账号 / you cannot disable your own account")
    user.disabled = disabled
    if disabled:
        end_logins_of(session, user)
    _audit_user_change(
        session,
        admin,
        user,
        AuditAction.USER_DISABLED if disabled else AuditAction.USER_ENABLED,
        ip,
    )


def find_user(session: Session, user_id: int, *, area_code: str) -> User:
    """The user with this id whose area lies inside ``area_code``.

    Raises:
        NotFoundError: no such user, or the user is outside ``area_code``.
    """
    user = session.get(User, user_id)
    if user is None or not is_within(user.area_code, area_code):
        raise NotFoundError(f"没有编号为 {user_id} 的用户 / no user with id {user_id}")
    return user


def has_logged_in_from(
    session: Session, username: str, address: str, *, within: timedelta = timedelta(days=90)
) -> bool:
    """True when the user with this name logged in successfully from ``address`` lately.

    Read from the audit log's ``login`` entries, so it survives restarts. The login rate limit
    asks it to spare a user's usual computer from the wait that strangers' failures cause.
    """
    user = user_by_username(session, username.strip())
    if user is None:
        return False
    query = select(AuditEntry.id).where(
        AuditEntry.action == AuditAction.LOGIN,
        AuditEntry.target_type == "user",
        AuditEntry.target_id == str(user.id),
        AuditEntry.ip_address == address,
        AuditEntry.at >= utcnow() - within,
    )
    return session.scalars(query.limit(1)).first() is not None


def user_by_username(session: Session, username: str) -> User | None:
    """The user with this name, compared without regard to case, or ``None``."""
    query = select(User).where(func.lower(User.username) == username.lower())
    return session.scalars(query).first()


def _set_password(session: Session, user: User, password: str) -> None:
    check_password_strength(password, username=user.username)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    end_logins_of(session, user)


def _audit_user_change(
    session: Session, actor: User, user: User, action: AuditAction, ip: str | None
) -> None:
    """Record in the audit log that ``actor`` changed ``user``'s account."""
    write_audit(
        session,
        actor=actor,
        action=action,
        area_code=user.area_code,
        target_type="user",
        target_id=user.id,
        ip_address=ip,
    )
