"""Import batches: the same file from the same source is stored once; rows go with their batch."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hedui.errors import StoreError
from hedui.store.db import transaction
from hedui.store.imports import ImportBatch, QuarantinedRow

CONTENT = "姓名,身份证号\n王芳,320924199003071229\n".encode()


def _batch(source: str) -> ImportBatch:
    return ImportBatch(
        source=source,
        file_name="2024年3月台账.csv",
        sha256=hashlib.sha256(CONTENT).hexdigest(),
        area_code="320924101",
        row_count=1,
        accepted_count=1,
        quarantined_count=0,
    )


def test_the_same_file_from_the_same_source_is_refused(session: Session) -> None:
    with transaction(session):
        session.add(_batch("township_db"))
    with pytest.raises(StoreError), transaction(session):
        session.add(_batch("township_db"))
    with transaction(session):  # the same bytes from another source are another batch
        session.add(_batch("village_ledger"))
    assert session.scalar(select(func.count()).select_from(ImportBatch)) == 2


def test_quarantined_rows_are_deleted_with_their_batch(session: Session) -> None:
    with transaction(session):
        batch = _batch("police_hukou")
        session.add(batch)
        session.flush()
        session.add(
            QuarantinedRow(
                batch_id=batch.id,
                row=7,
                field="birth_date",
                value="1985-02-30",
                reason="1985年2月没有30日",
            )
        )
    with transaction(session):
        session.delete(batch)
    assert session.scalar(select(func.count()).select_from(QuarantinedRow)) == 0
