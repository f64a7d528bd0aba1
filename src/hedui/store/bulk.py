"""Bulk inserts at the speed of the database driver, for runs that add 100,000 rows at once.

SQLAlchemy's per-row parameter handling (ORM or Core) costs more than SQLite's insert itself,
and so does building a dictionary per row. :func:`insert_columns` takes the values column by
column (and the values shared by every row once), compiles the ``INSERT`` once, converts each
column with its own type's bind processor — so the stored form is exactly what the ORM would
write: JSON text, UTC timestamps, enum values — and hands the rows to the driver's
``executemany``. It adds to the caller's transaction and never commits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Dialect, Table, insert
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from hedui.store.base import Base

__all__ = ["insert_columns", "insert_rows"]

_CHUNK = 5_000


def insert_columns(
    session: Session,
    model: type[Base],
    columns: Mapping[str, Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
) -> None:
    """Insert one row per position of ``columns``, with ``constants`` on every row.

    Args:
        session: The caller's session; its connection runs the inserts.
        model: The table's model class.
        columns: Column name → one value per row; all the same length.
        constants: Column name → the value every row gets (converted once).

    Raises:
        ValueError: the columns differ in length.
    """
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    count = lengths.pop() if lengths else 0
    if count == 0:
        return
    connection = session.connection()
    dialect = connection.dialect
    table = cast(Table, model.__table__)
    shared = dict(constants or {})
    keys = [*columns, *shared]
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    order = list(compiled.positiontup or []) if compiled.positional else keys
    for key in order:
        if key not in shared and key not in columns:
            # A column the caller left out that has a Python-side scalar default (the ORM's
            # ``default=``): the statement names it, so every row gets that default.
            shared[key] = _scalar_default(table, key)
    keys = [*columns, *shared]
    processors = {key: _bind_processor(table.c[key].type, dialect) for key in keys}
    adapt = _driver_adapter(dialect.dbapi)
    bound = {key: adapt(_convert(processors[key], value)) for key, value in shared.items()}
    for start in range(0, count, _CHUNK):
        size = min(_CHUNK, count - start)
        lists = [
            [bound[key]] * size
            if key in bound
            else _convert_all(processors[key], columns[key][start : start + size])
            for key in order
        ]
        params: Any = list(zip(*lists, strict=True))
        if not compiled.positional:
            params = [dict(zip(order, values, strict=True)) for values in params]
        connection.exec_driver_sql(str(compiled), params)


def _scalar_default(table: Table, key: str) -> Any:
    default = table.c[key].default
    if default is None or not getattr(default, "is_scalar", False):
        raise ValueError(f"column {key!r} of {table.name} needs a value")
    return getattr(default, "arg", None)


def insert_rows(session: Session, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dictionaries with the same keys) as :func:`insert_columns` does.

    For callers that already hold one dictionary per row; building the columns directly is
    faster when the rows are made for the insert.
    """
    if rows:
        insert_columns(session, model, {key: [row[key] for row in rows] for key in rows[0]})


def _bind_processor(type_: TypeEngine[Any], dialect: Dialect) -> Any:
    """The column type's conversion as the ORM applies it on this database.

    PostgreSQL needs the dialect's own implementation (psycopg takes JSON only wrapped in its
    ``Json``); on SQLite the generic one leaves dates to the driver (see ``_driver_adapter``).
    """
    if dialect.name == "sqlite":
        return type_.bind_processor(dialect)
    return type_.dialect_impl(dialect).bind_processor(dialect)


def _driver_adapter(dbapi: Any) -> Callable[[Any], Any]:
    """The driver's own conversion of a Python value, applied once to a shared value.

    sqlite3 turns a ``datetime`` into text on every row it is given; converting the shared
    timestamp once, exactly as the driver would (``sqlite3.adapt``), spares that per row.
    """
    adapt = getattr(dbapi, "adapt", None)
    if not callable(adapt):  # psycopg's ``adapt`` is a module: it converts per row itself
        return lambda value: value

    def convert(value: Any) -> Any:
        if isinstance(value, (datetime, date)):
            return adapt(value)
        return value

    return convert


def _convert(processor: Any, value: Any) -> Any:
    return value if processor is None or value is None else processor(value)


def _convert_all(processor: Any, values: Sequence[Any]) -> list[Any]:
    if processor is None:
        return list(values)
    return [None if value is None else processor(value) for value in values]
