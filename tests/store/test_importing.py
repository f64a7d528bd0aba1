"""Importing source files into the ledger: atomic, idempotent, scoped by jurisdiction."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from hedui.errors import StoreError
from hedui.identity.resident_id import check_character
from hedui.progress import NullProgress, RecordingProgress
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.db import make_session_factory, transaction
from hedui.store.import_preview import preview_file
from hedui.store.importing import IMPORT_STEP, file_sha256, import_file, quarantine_file
from hedui.store.imports import ImportBatch, QuarantinedRow
from hedui.store.records import Record
from hedui.store.users import User

from .conftest import TOWNSHIP, VILLAGE_A, VILLAGE_B

OTHER_TOWNSHIP_VILLAGE = "320924102001"
HEADER = [
    "记录号",
    "事件",
    "事件日期",
    "姓名",
    "公民身份号码",
    "性别",
    "出生日期",
    "村代码",
    "住址",
]
COLUMNS = {
    "record_id": "记录号",
    "event": "事件",
    "event_date": "事件日期",
    "name": "姓名",
    "id_number": "公民身份号码",
    "sex": "性别",
    "birth_date": "出生日期",
    "address_code": "村代码",
    "address": "住址",
}


def resident_id(birth: str, sequence: int) -> str:
    body = f"320924{birth.replace('-', '')}{sequence:03d}"
    return body + check_character(body)


def row(n: int, village: str | None = VILLAGE_A, event: str = "death") -> list[str]:
    return [
        f"R{n:06d}",
        event,
        "2025-03-01",
        f"王{n}",
        resident_id("1950-01-01", n % 1000),
        "男",
        "1950-01-01",
        village or "",
        "胜利村1组",
    ]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def counts(session: Session) -> tuple[int, int, int, int]:
    session.rollback()
    return (
        session.scalar(select(func.count()).select_from(ImportBatch)) or 0,
        session.scalar(select(func.count()).select_from(Record)) or 0,
        session.scalar(select(func.count()).select_from(QuarantinedRow)) or 0,
        session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == AuditAction.IMPORT_COMPLETED)
        )
        or 0,
    )


def run(session: Session, path: Path, area: str = TOWNSHIP, **kwargs: object):  # type: ignore[no-untyped-def]
    with transaction(session):
        return import_file(
            session,
            path,
            source="health_births",
            actor=None,
            area_code=area,
            column_map=COLUMNS,
            **kwargs,  # type: ignore[arg-type]
        )


def test_import_file_adds_good_rows_and_quarantines_bad(tmp_path: Path, session: Session) -> None:
    """Three rows: one good, one with an impossible date (kept without it, with a warning), one
    outside the township (quarantined) → 2 + 1."""
    bad_date = row(2)
    bad_date[2] = "2025-02-30"
    path = write_csv(tmp_path / "deaths.csv", [row(1), bad_date, row(3, OTHER_TOWNSHIP_VILLAGE)])
    outcome = run(session, path)
    assert (outcome.rows_read, outcome.accepted, outcome.quarantined_rows) == (3, 2, 1)
    assert [(q.row, q.field) for q in outcome.quarantined] == [(4, "address_code")]
    assert "不在您的辖区" in outcome.quarantined[0].reason
    assert [(w.row, w.field, w.value) for w in outcome.warnings] == [
        (3, "event_date", "2025-02-30")
    ]
    first, second = session.scalars(select(Record).order_by(Record.record_id))
    assert (first.source, first.record_id, first.village_code) == (
        "health_births",
        "R000001",
        VILLAGE_A,
    )
    assert first.batch_id == outcome.batch_id and first.sex == "1"
    assert str(first.event_date) == "2025-03-01"
    assert (second.record_id, second.event_date) == ("R000002", None)
    assert counts(session) == (1, 2, 1, 1)


def test_import_file_stores_a_birth_date_known_only_to_the_month(
    tmp_path: Path, session: Session
) -> None:
    """出生日期 1950年1月 (no day): birth_date stays empty, birth_date_partial holds 1950-01."""
    partial = row(1)
    partial[6] = "1950年1月"
    outcome = run(session, write_csv(tmp_path / "a.csv", [partial, row(2)]))
    assert outcome.accepted == 2
    stored = session.execute(
        select(Record.record_id, Record.birth_date, Record.birth_date_partial).order_by(
            Record.record_id
        )
    ).all()
    assert [(r, str(b), p) for r, b, p in stored] == [
        ("R000001", "None", "1950-01"),
        ("R000002", "1950-01-01", None),
    ]


def test_import_file_control_characters_never_reach_the_database(
    tmp_path: Path, session: Session
) -> None:
    """A NUL in a name (PostgreSQL refuses NUL in text): the name is left out, the row kept; a
    row quarantined for its event shows the NUL written out."""
    nul_name = row(1)
    nul_name[3] = "王\x00一"
    bad_event = row(2, event="入学")
    bad_event[8] = "胜利村\x002组"
    outcome = run(session, write_csv(tmp_path / "a.csv", [nul_name, bad_event]))
    assert (outcome.accepted, outcome.quarantined_rows) == (1, 1)
    assert session.scalars(select(Record.name)).one() is None
    assert [(w.row, w.field, w.value) for w in outcome.warnings] == [(2, "name", "王\\x00一")]
    stored = session.scalars(select(QuarantinedRow).order_by(QuarantinedRow.id)).all()
    assert [(q.row, q.field, q.value) for q in stored] == [
        (3, "event", "入学"),
        (3, "address", "胜利村\\x002组"),
    ]


def test_import_file_same_bytes_twice_adds_nothing(tmp_path: Path, session: Session) -> None:
    """The second import of identical bytes points at the first batch and writes nothing."""
    path = write_csv(tmp_path / "a.csv", [row(1), row(2, None)])
    first = run(session, path)
    copy = tmp_path / "renamed.csv"
    copy.write_bytes(path.read_bytes())
    second = run(session, copy)
    assert second.already_imported and not first.already_imported
    assert second.batch_id == first.batch_id and second.file_name == "a.csv"
    assert [q.row for q in second.quarantined] == [3]
    assert counts(session) == (1, 1, 1, 1)


def test_import_file_same_record_ids_in_new_file_are_quarantined(
    tmp_path: Path, session: Session
) -> None:
    """A new export repeating R000001 (already imported) adds only R000002."""
    first = run(session, write_csv(tmp_path / "jan.csv", [row(1)]))
    outcome = run(session, write_csv(tmp_path / "feb.csv", [row(1), row(2)]))
    assert (outcome.accepted, outcome.quarantined_rows) == (1, 1)
    assert f"第 {first.batch_id} 批" in outcome.quarantined[0].reason


def test_import_file_quarantines_missing_and_foreign_villages(
    tmp_path: Path, session: Session
) -> None:
    """A village clerk's area: own village kept (an event and a register line); the neighbour,
    a blank and a short code not."""
    rows = [row(1), row(2, VILLAGE_B), row(3, None), row(4, "320924"), row(5, event="resident")]
    outcome = run(session, write_csv(tmp_path / "v.csv", rows), area=VILLAGE_A)
    reasons = {q.row: (q.field, q.reason) for q in outcome.quarantined}
    assert sorted(reasons) == [3, 4, 5]
    assert "没有村级地址编码" in reasons[4][1] and "不是 12 位" in reasons[5][1]
    assert outcome.accepted == 2


def test_import_file_reads_gbk_csv(tmp_path: Path, session: Session) -> None:
    """A GBK export from an old ledger system reads the same as UTF-8."""
    outcome = run(session, write_csv(tmp_path / "gbk.csv", [row(1), row(2)], encoding="gbk"))
    assert outcome.accepted == 2
    assert sorted(session.scalars(select(Record.name))) == ["王1", "王2"]


def test_import_file_reads_xlsx_sheet(tmp_path: Path, session: Session) -> None:
    """The second sheet of a workbook, chosen by name."""
    book = Workbook()
    book.active.append(["封面"])  # type: ignore[union-attr]
    sheet = book.create_sheet("死亡登记")
    sheet.append(HEADER)
    sheet.append(row(7))
    sheet.append(row(8, OTHER_TOWNSHIP_VILLAGE))
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    outcome = run(session, path, sheet="死亡登记")
    assert (outcome.accepted, outcome.quarantined_rows) == (1, 1)
    assert outcome.original_rows[3]["村代码"] == OTHER_TOWNSHIP_VILLAGE


def test_import_file_reports_the_rows_written_as_one_step(tmp_path: Path, engine: Engine) -> None:
    """6,000 rows in chunks of 5,000: the step counts 6,000 and advances by 5,000 then 1,000."""
    path = write_csv(tmp_path / "big.csv", [row(n) for n in range(6_000)])
    progress = RecordingProgress()
    with make_session_factory(engine)() as session:
        run(session, path, progress=progress)
    assert progress.events == [
        ("start", IMPORT_STEP, 6_000),
        ("advance", IMPORT_STEP, 5_000),
        ("advance", IMPORT_STEP, 1_000),
        ("finish", IMPORT_STEP, None),
    ]


def test_import_file_crash_after_first_chunk_leaves_nothing(tmp_path: Path, engine: Engine) -> None:
    """6,000 rows are written in two chunks; failing after the first rolls everything back."""
    path = write_csv(tmp_path / "big.csv", [row(n) for n in range(6_000)])
    written: list[float] = []

    class Crash(NullProgress):
        def advance(self, step: str, amount: float = 1.0) -> None:
            written.append(amount)
            raise OSError("disk full")

    with make_session_factory(engine)() as session:
        with pytest.raises(OSError):
            run(session, path, progress=Crash())
        assert written == [5_000]
        assert counts(session) == (0, 0, 0, 0)


def test_import_file_database_refusal_midway_leaves_nothing(tmp_path: Path, engine: Engine) -> None:
    """A trigger refuses row R005500, in the second chunk: nothing of the file remains."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON records WHEN NEW.record_id = "
                "'R005500' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        )
    path = write_csv(tmp_path / "big.csv", [row(n) for n in range(6_000)])
    with make_session_factory(engine)() as session:
        with pytest.raises(StoreError, match="未写入任何内容"):
            run(session, path)
        assert counts(session) == (0, 0, 0, 0)


def test_import_file_records_actor_and_audit(tmp_path: Path, session: Session, admin: User) -> None:
    """The batch, its records and the audit entry name the importer."""
    with transaction(session):
        outcome = import_file(
            session,
            write_csv(tmp_path / "a.csv", [row(1)]),
            source="police",
            actor=admin,
            area_code=admin.area_code,
            column_map=COLUMNS,
            file_name="派出所1月.csv",
        )
    batch = session.get(ImportBatch, outcome.batch_id)
    assert batch is not None and batch.imported_by_id == admin.id
    assert batch.file_name == "派出所1月.csv" and batch.sha256 == file_sha256(tmp_path / "a.csv")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "import_completed")).one()
    assert entry.actor_username == admin.username and entry.target_id == str(outcome.batch_id)


def test_quarantine_file_has_bom_one_line_per_row_and_original_cells(
    tmp_path: Path, session: Session
) -> None:
    """Row 2 has three problems (an unknown event, a bad date and a bad sex): one line, every
    reason."""
    bad = row(1, event="入学")
    bad[2] = "2025-13-01"
    bad[5] = "未知性别"
    bad[3] = "=HYPERLINK()"
    outcome = run(session, write_csv(tmp_path / "a.csv", [bad, row(2)]))
    data = quarantine_file(outcome)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert lines[0] == ["行 row", "字段 field", "值 value", "原因 reason", *HEADER]
    assert len(lines) == 2
    assert lines[1][:3] == ["2", "event；event_date；sex", "入学；2025-13-01；未知性别"]
    assert lines[1][4] == "R000001" and lines[1][7] == "'=HYPERLINK()"


VILLAGES = st.sampled_from([VILLAGE_A, VILLAGE_B, OTHER_TOWNSHIP_VILLAGE, None, "32092410100"])


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=st.lists(
        st.tuples(
            VILLAGES, st.sampled_from(["death", "birth", "resident", "事件?"]), st.booleans()
        ),
        min_size=1,
        max_size=30,
    )
)
def test_import_file_every_row_is_recorded_or_quarantined(
    tmp_path_factory: pytest.TempPathFactory,
    engine: Engine,
    plan: list[tuple[str | None, str, bool]],
) -> None:
    """records + distinct quarantined rows = rows read, in the outcome and in the database."""
    rows = []
    for n, (village, event, good_date) in enumerate(plan):
        line = row(n, village, event)
        line[2] = "2025-03-01" if good_date else "不详"
        rows.append(line)
    path = write_csv(tmp_path_factory.mktemp("p") / "p.csv", rows)
    with make_session_factory(engine)() as session:
        outcome = run(session, path)
        assert outcome.accepted + outcome.quarantined_rows == outcome.rows_read == len(plan)
        batch_records = select(func.count()).where(Record.batch_id == outcome.batch_id)
        assert session.scalar(batch_records) == outcome.accepted
        quarantined = select(func.count(func.distinct(QuarantinedRow.row))).where(
            QuarantinedRow.batch_id == outcome.batch_id
        )
        assert session.scalar(quarantined) == outcome.quarantined_rows


def test_preview_file_tells_what_import_will_do_and_writes_nothing(
    tmp_path: Path, session: Session
) -> None:
    """Preview: 2 rows read, 1 accepted (row 2), 1 outside; then the import agrees."""
    path = write_csv(tmp_path / "a.csv", [row(1), row(2, OTHER_TOWNSHIP_VILLAGE)])
    preview = preview_file(session, path, source="s", area_code=TOWNSHIP, column_map=COLUMNS)
    assert (preview.rows_read, preview.accepted, preview.quarantined_rows) == (2, 1, 1)
    assert preview.first_records[0]["row"] == 2 and preview.first_records[0]["sex"] == "1"
    assert preview.column_map["id_number"] == "公民身份号码"
    assert [p.row for p in preview.problems] == [3] and preview.earlier_batch_id is None
    assert counts(session) == (0, 0, 0, 0)
    with transaction(session):
        outcome = import_file(
            session, path, source="s", actor=None, area_code=TOWNSHIP, column_map=COLUMNS
        )
    assert (outcome.accepted, outcome.quarantined_rows) == (1, 1)
    again = preview_file(session, path, source="s", area_code=TOWNSHIP, column_map=COLUMNS)
    assert again.earlier_batch_id == outcome.batch_id and again.accepted == 0
