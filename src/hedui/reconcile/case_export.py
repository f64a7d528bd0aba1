"""Cases and findings as files: ``findings.csv`` and ``summary.json`` of a run, and an Excel
workbook of cases to hand to the clerks who check them.

The workbook has one sheet per village, named by its code, so a township can print or send each
village its own sheet. Headers are Chinese then English. Resident ID numbers are masked
(:func:`hedui.identity.resident_id.mask`): the clerk finds the record by its source and record
number, and a workbook that travels by e-mail or USB stick must not carry full ID numbers.
A case can span areas (a birth in this village's ledger and, with another address, in the
police register of another township): a record outside the exporting area is described only
by its source, its village and the values on which the case's records differ — no record
number, and no name or date the records agree on — as on the case page.
Exporting is written to the audit log. Text that a spreadsheet might run as a formula (a name
such as ``=HYPERLINK(...)`` from an imported ledger) gets a ``'`` in front in both the CSV and
the workbook (:mod:`hedui.spreadsheet`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.identity.resident_id import mask
from hedui.reconcile.findings import SOURCE_LABELS_ZH, Finding
from hedui.spreadsheet import FORMULA_PATTERN, neutralise_row
from hedui.store.audit import AuditAction, write_audit
from hedui.store.case_query import CaseFilter, filtered_query
from hedui.store.cases import Case, CaseRecord
from hedui.store.divisions import DivisionNames, division_names
from hedui.store.users import User

__all__ = [
    "FINDINGS_COLUMNS",
    "SHEET_HEADERS",
    "CaseExport",
    "export_cases_xlsx",
    "masked_text",
    "record_village",
    "write_findings_csv",
    "write_summary_json",
]

FINDINGS_COLUMNS = (
    "case_id",
    "kind",
    "event",
    "village_code",
    "records",
    "field",
    "values",
    "explanation_zh",
    "explanation_en",
)

SHEET_HEADERS = (
    "编号 case",
    "类型 kind",
    "事件 event",
    "状态 status",
    "字段 field",
    "各来源的值 values",
    "涉及记录 records",
    "说明",
    "explanation",
    "再次出现 recurring",
    "处理说明 note",
    "核实结果 check result",
)

_ID_LIKE = re.compile(r"\d{17}[\dXx]|\d{15}")
_SNAPSHOT_FIELDS = ("name", "birth_date", "event_date", "id_number")


@dataclass(frozen=True)
class CaseExport:
    """What an export wrote: the file, how many cases, and the villages (one sheet each)."""

    path: Path
    cases: int
    villages: list[str]


def write_findings_csv(
    path: Path, findings: Sequence[Finding], case_ids: Mapping[str, int]
) -> None:
    """One row per finding (:data:`FINDINGS_COLUMNS`), UTF-8 with a BOM so Excel reads it.

    ``records`` is ``source:record_id`` joined by ``;``; ``values`` is a JSON object by source.
    Written by polars: a county's 250,000 findings take a second, not several.
    """
    columns: dict[str, list[Any]] = {
        "case_id": [case_ids.get(f.case_key) for f in findings],
        "kind": [f.kind for f in findings],
        "event": [f.event for f in findings],
        "village_code": [f.village_code for f in findings],
        "records": [";".join(f"{s}:{r}" for s, r in f.records) for f in findings],
        "field": [f.field or "" for f in findings],
        "values": [
            json.dumps(dict(f.values), ensure_ascii=False) if f.values else "" for f in findings
        ],
        "explanation_zh": [f.explanation_zh for f in findings],
        "explanation_en": [f.explanation_en for f in findings],
    }
    schema = {name: pl.Int64 if name == "case_id" else pl.Utf8 for name in FINDINGS_COLUMNS}
    text = [name for name in FINDINGS_COLUMNS if schema[name] == pl.Utf8]
    frame = pl.DataFrame(columns, schema=schema).with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_PATTERN))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )
    frame.write_csv(path, include_bom=True)


def write_summary_json(path: Path, summary: Mapping[str, Any]) -> None:
    """The run's summary as pretty-printed UTF-8 JSON."""
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def export_cases_xlsx(
    session: Session,
    area_code: str,
    path: Path,
    filters: CaseFilter | None = None,
    *,
    actor: User | None = None,
) -> CaseExport:
    """Write the matching cases inside ``area_code`` to ``path``, one sheet per village.

    Adds a ``CASES_EXPORTED`` audit entry to the caller's session (the caller commits).
    """
    query = filtered_query(area_code, filters or CaseFilter()).order_by(Case.village_code, Case.id)
    cases = list(session.scalars(query))
    records: dict[int, list[CaseRecord]] = defaultdict(list)
    ids = query.with_only_columns(Case.id).order_by(None).scalar_subquery()
    record_query = select(CaseRecord).where(CaseRecord.case_id.in_(ids))
    for record in session.scalars(record_query.order_by(CaseRecord.source, CaseRecord.record_id)):
        records[record.case_id].append(record)
    workbook = Workbook(write_only=True)
    names = division_names(session)
    villages: list[str] = []
    sheet: WriteOnlyWorksheet | None = None
    for case in cases:
        if not villages or villages[-1] != case.village_code:
            villages.append(case.village_code)
            sheet = workbook.create_sheet(_sheet_title(case.village_code, names))
            sheet.append(list(SHEET_HEADERS))
        assert sheet is not None
        sheet.append(neutralise_row(_row(case, records[case.id], area_code)))
    if not villages:
        workbook.create_sheet("无 none").append(list(SHEET_HEADERS))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    write_audit(
        session,
        actor=actor,
        actor_username=None if actor is not None else "(cli)",
        action=AuditAction.CASES_EXPORTED,
        area_code=area_code,
        target_type="cases",
        detail={"cases": len(cases), "villages": len(villages), "file": path.name},
    )
    return CaseExport(path=path, cases=len(cases), villages=villages)


def _sheet_title(code: str | None, names: DivisionNames) -> str:
    """``胜利村 320924101201``: the village's name (when known) and its whole code, unique even
    when two townships each have a 胜利村 numbered 201."""
    if not code:
        return "unknown"
    name = names.name(code)
    return f"{name} {code}"[:31] if name else code


def _row(case: Case, records: list[CaseRecord], area_code: str) -> list[Any]:
    values = "；".join(
        f"{s}: {masked_text(str(v))}" for s, v in sorted((case.values or {}).items())
    )
    snapshots = [record.snapshot or {} for record in records]
    differing = {k for k in _SNAPSHOT_FIELDS if len({str(s[k]) for s in snapshots if s.get(k)}) > 1}
    return [
        case.id,
        case.kind,
        case.event or "",
        case.status.value,
        case.field or "",
        values,
        "\n".join(_describe(r, case, area_code, differing) for r in records),
        masked_text(case.explanation_zh),
        masked_text(case.explanation_en),
        "是 yes" if case.recurring else "",
        masked_text(case.resolution_note or ""),
        "",
    ]


def _describe(record: CaseRecord, case: Case, area_code: str, differing: set[str]) -> str:
    """``村台账 village_ledger VL0001 张三 1990-01-01 320*************34``, IDs masked.

    A record outside ``area_code``: ``公安户籍 police_hukou 其他辖区 other area 320924102001``
    and only the values in ``differing``.
    """
    snapshot = record.snapshot or {}
    village = record_village(record, case.village_code)
    inside = village.startswith(area_code)
    keys = [k for k in _SNAPSHOT_FIELDS if inside or k in differing]
    facts = [masked_text(str(snapshot[k])) for k in keys if snapshot.get(k)]
    label = SOURCE_LABELS_ZH.get(record.source, "")
    where = (record.record_id,) if inside else ("其他辖区 other area", village)
    return " ".join(part for part in (label, record.source, *where, *facts) if part)


def record_village(record: CaseRecord, case_village: str) -> str:
    """The village a case record is filed under: its 12-digit ``address_code``, else the case's."""
    code = str((record.snapshot or {}).get("address_code") or "")
    return code if len(code) == 12 and code.isdigit() else case_village


def masked_text(text: str) -> str:
    """``text`` with every resident-ID-like number (15 or 18 characters) masked."""
    return _ID_LIKE.sub(lambda match: mask(match.group(0)), text)
