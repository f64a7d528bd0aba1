"""The declarative base every hedui table derives from, and the one timestamp type they share.

Constraint names follow a fixed convention so that Alembic migrations can name (and later drop or
alter) every constraint identically on SQLite and PostgreSQL; unnamed constraints would get
dialect-chosen names and make a future migration differ between the two.

Timestamps are stored in UTC. SQLite has no time-zone type and hands back naive datetimes, so
:class:`UtcDateTime` re-attaches UTC on the way out: code never compares a naive with an aware
value, whichever database is behind it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Dialect, Enum, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

__all__ = ["NAMING_CONVENTION", "Base", "UtcDateTime", "str_enum", "utcnow"]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, aware, in UTC: the only clock the store writes."""
    return datetime.now(UTC)


def str_enum(enum_class: type[StrEnum], length: int) -> Enum:
    """A column type storing a :class:`StrEnum`'s *values* as plain ``VARCHAR(length)``.

    Not a native PostgreSQL enum and no CHECK constraint: adding a member later (a new event type,
    a new audit action) then needs no migration, and SQLite and PostgreSQL store the same text.
    """
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
    )


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back as an aware ``datetime``."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("hedui stores aware datetimes only; use hedui.store.base.utcnow()")
        value = value.astimezone(UTC)
        # SQLite's DATETIME text has no offset: store the UTC wall time, re-attach UTC on reading.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every table; its metadata is what the migrations must reproduce exactly."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
