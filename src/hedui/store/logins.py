"""Login sessions kept on the server, so that logging out really ends them.

A signed cookie alone cannot be taken back: a copy made before logging out (from a shared
office computer, a phone left unlocked, a proxy's log) would keep working until it expired.
So each login is a row here, and the cookie carries only its random token. A request is logged
in only while the row exists; logging out deletes it, and so do disabling the user and any
change or reset of their password (every session of the user). Enabling the user again brings
nothing back: the rows are gone.

Only a SHA-256 digest of the token is stored. The token has 256 random bits, so the digest need
not be slow, and a copy of the database does not hand out working cookies.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from hedui.store.base import Base, UtcDateTime, utcnow
from hedui.store.users import User

__all__ = ["LoginSession", "end_login", "end_logins_of", "find_login", "open_login"]


class LoginSession(Base):
    """One login of one user, alive until ``expires_at`` unless ended before."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_login(session: Session, user: User, *, lifetime: timedelta) -> str:
    """Start a login of ``user`` lasting ``lifetime``; returns its token for the cookie.

    Logins that have expired (of anyone) are deleted on the way, so the table holds only the
    living ones.
    """
    now = utcnow()
    session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=_digest(token), user_id=user.id, expires_at=now + lifetime))
    session.flush()
    return token


def find_login(session: Session, token: str) -> User | None:
    """The user of the living login with this token, or ``None``.

    ``None`` for a token never issued, a login ended (logout, password change, user disabled)
    or expired, and for a disabled user.
    """
    query = (
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token_hash == _digest(token), LoginSession.expires_at > utcnow())
    )
    user = session.scalars(query).first()
    return None if user is None or user.disabled else user


def end_login(session: Session, token: str) -> None:
    """End the login with this token (logging out); an unknown token is ignored."""
    session.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(token)))


def end_logins_of(session: Session, user: User) -> None:
    """End every login of ``user`` (disabled, password changed or reset)."""
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
