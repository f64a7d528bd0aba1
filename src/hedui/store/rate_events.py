"""Counted events of the rate limits (failed logins, look-ups of other villages), shared by every
worker process.

One row per event: its scope (``account``, ``address``, ``lookup``), the key counted (a user
name, an address, a user id) and when it happened, in seconds since the epoch. With several
server processes an in-memory count would let a guesser try ``workers`` times as often; here
every process counts the same rows (:mod:`hedui.web.ratelimit`).
"""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from hedui.store.base import Base

__all__ = ["RateEvent", "add_events", "count_events", "event_times", "forget_events_before"]


class RateEvent(Base):
    """One counted event."""

    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_scope_key_at", "scope", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[float] = mapped_column(Float, index=True)


def add_events(session: Session, events: list[tuple[str, str]], at: float) -> None:
    """Count one event for each ``(scope, key)`` at time ``at`` (the caller commits)."""
    session.add_all(RateEvent(scope=scope, key=key[:200], at=at) for scope, key in events)


def event_times(session: Session, scope: str, key: str, since: float) -> list[float]:
    """The times of ``key``'s events in ``scope`` after ``since``, oldest first."""
    query = (
        select(RateEvent.at)
        .where(RateEvent.scope == scope, RateEvent.key == key[:200], RateEvent.at > since)
        .order_by(RateEvent.at)
    )
    return list(session.scalars(query))


def count_events(session: Session, scope: str, key: str, since: float) -> int:
    """How many events ``key`` has in ``scope`` after ``since``."""
    query = select(func.count()).where(
        RateEvent.scope == scope, RateEvent.key == key[:200], RateEvent.at > since
    )
    return int(session.scalar(query) or 0)


def forget_events_before(session: Session, before: float) -> None:
    """Delete events older than ``before``: they no longer count (the caller commits)."""
    session.execute(delete(RateEvent).where(RateEvent.at <= before))
