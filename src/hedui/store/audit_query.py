"""Reading the audit log: filters, pages, and a CSV export for inspectors.

Like every other reader, these functions take the caller's ``area_code`` and return only entries
about things inside it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hedui.spreadsheet import neutralise_row
from hedui.store.areas import in_area
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.pagination import DEFAULT_PER_PAGE, Page, paginate

__all__ = ["CSV_COLUMNS", "AuditFilter", "audit_csv", "query_audit"]

CSV_COLUMNS = (
    "id",
    "at",
    "actor_username",
    "action",
    "target_type",
    "target_id",
    "area_code",
    "ip_address",
    "detail",
)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What to look for; every field left ``None`` matches everything.

    ``date_from`` and ``date_to`` are whole days, both included, in UTC.
    """

    actor: str | None = None
    action: AuditAction | None = None
    target_type: str | None = None
    target_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None


def _query(filters: AuditFilter, area_code: str) -> Select[AuditEntry]:
    query = select(AuditEntry).where(in_area(AuditEntry.area_code, area_code))
    if filters.actor:
        query = query.where(AuditEntry.actor_username == filters.actor)
    if filters.action is not None:
        query = query.where(AuditEntry.action == filters.action)
    if filters.target_type:
        query = query.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id:
        query = query.where(AuditEntry.target_id == filters.target_id)
    if filters.date_from is not None:
        query = query.where(AuditEntry.at >= datetime.combine(filters.date_from, time(), UTC))
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to + timedelta(days=1), time(), UTC)
        query = query.where(AuditEntry.at < end)
    return query.order_by(AuditEntry.id.desc())


def query_audit(
    session: Session,
    filters: AuditFilter,
    *,
    area_code: str,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> Page[AuditEntry]:
    """One page of matching entries inside ``area_code``, newest first."""
    return paginate(session, _query(filters, area_code), page, per_page)


def audit_csv(session: Session, filters: AuditFilter, *, area_code: str) -> Iterator[str]:
    """Every matching entry as CSV text (header first, newest first), a few lines at a time.

    The text starts with a UTF-8 byte-order mark so that Excel, which county offices open CSV
    files with, reads the Chinese columns correctly instead of as GBK mojibake.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(CSV_COLUMNS)
    yield _drain(buffer)
    query = _query(filters, area_code).execution_options(yield_per=500)
    for entry in session.scalars(query):
        detail = "" if entry.detail is None else json.dumps(entry.detail, ensure_ascii=False)
        row = [
            str(entry.id),
            entry.at.isoformat(),
            entry.actor_username,
            entry.action.value,
            entry.target_type or "",
            entry.target_id or "",
            entry.area_code,
            entry.ip_address or "",
            detail,
        ]
        writer.writerow(neutralise_row(row))
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
