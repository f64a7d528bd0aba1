"""Cases as an Excel workbook for the clerks, from the web: the command line's export, in memory.

``hedui cases --export FILE`` and the case list's 导出 Excel link write the same workbook with
the same function, :func:`hedui.reconcile.case_export.export_cases_xlsx`: one sheet per village,
resident ID numbers masked, a record outside the exporting area described only by its source,
village and differing values, formula-like text neutralised, and a ``cases_exported`` entry in
the audit log. :func:`case_workbook` only adds what the web needs: the file's bytes and a name,
the audit entry committed with the export.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from hedui.reconcile.case_export import export_cases_xlsx
from hedui.reports.labels import LOCAL_ZONE
from hedui.store.case_query import CaseFilter
from hedui.store.db import transaction
from hedui.store.users import User

__all__ = ["CaseWorkbook", "case_workbook"]

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class CaseWorkbook:
    """An exported workbook: its bytes, file name, and how many cases and villages it holds."""

    body: bytes
    file_name: str
    cases: int
    villages: int
    media_type: str = MEDIA_TYPE


def case_workbook(
    session: Session, area_code: str, filters: CaseFilter, actor: User
) -> CaseWorkbook:
    """The cases inside ``area_code`` matching ``filters`` as a workbook; the export audited.

    Args:
        session: Reads the cases; the audit entry is committed in it.
        area_code: The exporting user's area: no case outside it is written.
        filters: The case list's filters.
        actor: Who exports (the audit log names them).
    """
    day = datetime.now(LOCAL_ZONE).strftime("%Y%m%d")
    name = f"hedui-cases-{area_code}-{day}.xlsx"
    with tempfile.TemporaryDirectory(prefix="hedui-cases-") as folder:
        path = Path(folder) / name
        with transaction(session):
            exported = export_cases_xlsx(session, area_code, path, filters, actor=actor)
        body = path.read_bytes()
    return CaseWorkbook(body, name, exported.cases, len(exported.villages))
