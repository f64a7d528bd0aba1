"""A report exported: figures collected, the edition built, rendered, and the export audited.

:func:`export_report` is the one way a report leaves hedui — ``hedui report``, the web's
download and ``hedui demo`` each call it once. It collects the figures of the run covering the
area (:func:`~hedui.runs.figures.report_data`), builds each edition asked for
(:func:`~hedui.reports.build.build_report`: the public one suppresses small cells), renders it
in its format (:data:`FORMATS`) and writes one ``report_exported`` entry per file to the audit
log, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.period import Period
from hedui.reports.build import build_report
from hedui.reports.data import ReportData
from hedui.reports.html import render_html
from hedui.reports.model import Audience, Report
from hedui.reports.pdf import render_pdf
from hedui.reports.xlsx import render_xlsx
from hedui.runs.figures import report_data
from hedui.store.audit import AuditAction, write_audit
from hedui.store.db import transaction
from hedui.store.users import User

__all__ = [
    "AUDIENCES",
    "FORMATS",
    "ExportedBy",
    "ReportFile",
    "ReportFormat",
    "ReportedEditions",
    "export_report",
]


@dataclass(frozen=True)
class ReportFormat:
    """How a built report becomes a file: its renderer and media type."""

    render: Callable[[Report], bytes]
    media_type: str


FORMATS: dict[str, ReportFormat] = {
    "html": ReportFormat(
        lambda report: render_html(report).encode("utf-8"), "text/html; charset=utf-8"
    ),
    "pdf": ReportFormat(render_pdf, "application/pdf"),
    "xlsx": ReportFormat(
        render_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}
"""The report's formats, by the name the command line and the web use."""

AUDIENCES: tuple[Audience, ...] = ("internal", "public")


@dataclass(frozen=True)
class ExportedBy:
    """Who exported a report, for the audit log: a web user (and their address), or the
    command line (``actor`` ``None``)."""

    actor: User | None = None
    ip_address: str | None = None


@dataclass(frozen=True)
class ReportFile:
    """One edition of the report in one format."""

    fmt: str
    audience: Audience
    report: Report
    body: bytes

    @property
    def media_type(self) -> str:
        """The file's media type (``application/pdf``)."""
        return FORMATS[self.fmt].media_type


@dataclass(frozen=True)
class ReportedEditions:
    """What :func:`export_report` made: the figures, and each file asked for, in order."""

    data: ReportData
    files: tuple[ReportFile, ...]


def export_report(
    session: Session,
    *,
    period: Period,
    area_code: str,
    editions: Sequence[tuple[str, str]],
    exported_by: ExportedBy | None,
    villages: Path | None = None,
) -> ReportedEditions:
    """The report on ``period`` for ``area_code`` in every ``(format, audience)`` asked for.

    Args:
        session: Reads the figures; the audit entries are committed in it.
        period: The report's period.
        area_code: A county, township or village code.
        editions: ``(format, audience)`` pairs: a format of :data:`FORMATS`, an audience of
            :data:`AUDIENCES`.
        exported_by: Who the audit log names; ``None`` writes no entry (the demo's own
            files, made before anyone logs in).
        villages: A ``villages.csv`` with the names of villages and townships.

    Raises:
        NotFoundError: a format hedui does not write, or no reconciliation run of the period
            covers the area.
        InvalidInputError: an audience other than internal or public.
    """
    chosen = [(_format(fmt), _audience(audience)) for fmt, audience in editions]
    data = report_data(session, period=period, area_code=area_code, villages=villages)
    built: dict[Audience, Report] = {}
    files = []
    for fmt, audience in chosen:
        report = built.get(audience) or built.setdefault(audience, build_report(data, audience))
        files.append(ReportFile(fmt, audience, report, FORMATS[fmt].render(report)))
    if exported_by is not None:
        with transaction(session):
            for file in files:
                write_audit(
                    session,
                    actor=exported_by.actor,
                    actor_username=None if exported_by.actor is not None else "(cli)",
                    action=AuditAction.REPORT_EXPORTED,
                    area_code=area_code,
                    target_type="report",
                    target_id=period.label,
                    detail={
                        "period": period.label,
                        "audience": file.audience,
                        "format": file.fmt,
                        "run": data.run.id,
                    },
                    ip_address=exported_by.ip_address,
                )
    return ReportedEditions(data, tuple(files))


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise NotFoundError(
            f"没有“{fmt}”格式的报告，可选 html、pdf、xlsx / no report format {fmt!r}; "
            "choose html, pdf or xlsx"
        )
    return fmt


def _audience(audience: str) -> Audience:
    if audience == "internal":
        return "internal"
    if audience == "public":
        return "public"
    raise InvalidInputError(
        f"未知的读者 {audience!r}，可选 internal、public / unknown audience {audience!r}; "
        "choose internal or public"
    )
