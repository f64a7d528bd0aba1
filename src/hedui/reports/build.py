"""From a report's figures to the report itself: sections in order, for staff or the public.

The public edition is built here and nowhere else: every writer (HTML, PDF, Excel, JSON)
prints the :class:`~hedui.reports.model.Report` this returns and nothing more, so a figure
suppressed here cannot reappear in another format. It holds no personal data — no names, ID
numbers, record ids or case lists exist in :class:`~hedui.reports.data.ReportData` to begin
with — and no link directory or run details.
"""

from __future__ import annotations

from hedui.reports.area_names import area_label
from hedui.reports.data import ReportData
from hedui.reports.labels import local_time
from hedui.reports.model import Audience, Report, Section
from hedui.reports.publication import Publication
from hedui.reports.section_completeness import completeness_section
from hedui.reports.section_events import births_published, events_section
from hedui.reports.section_health import health_section
from hedui.reports.section_quality import cases_section, scorecard_section
from hedui.reports.section_sex_ratio import sex_ratio_section
from hedui.reports.summary import summary_section

__all__ = ["build_report", "report_title"]

_AUDIENCE = {"internal": "内部版 internal edition", "public": "公开版 public edition"}


def report_title(data: ReportData) -> str:
    """``人口登记核对月报 2025-12 Monthly population-records report``."""
    kind = "月报 monthly" if data.period.month else "年报 annual"
    return f"人口登记核对{kind[:2]} {data.period.label} Population-records {kind[3:]} report"


def build_report(data: ReportData, audience: Audience) -> Report:
    """The report of ``data`` for ``audience`` (``"internal"`` or ``"public"``)."""
    names = data.names
    indicators = data.indicators
    pattern = Publication.from_dict(data.publication) if data.publication else None
    meta = [
        ("报告期 period", data.period.label),
        ("地区 area", area_label(data.area_code, names)),
        ("版本 edition", _AUDIENCE[audience]),
        ("生成时间 generated", local_time(data.generated_at)),
    ]
    if audience == "internal":
        # The run's number traces the figures; the server's directories are no reader's
        # business (hedui reconcile --list shows them to the operator).
        meta.append(("核对批次 reconciliation run", f"#{data.run.id} ({data.run.area_code})"))
    sections: tuple[Section, ...] = (
        events_section(indicators, names, audience, pattern),
        sex_ratio_section(indicators, names, audience, births_published(indicators, pattern)),
        completeness_section(data.estimates, names, audience, data.linkage_error),
        scorecard_section(data.scorecard, names, audience),
        cases_section(data.cases, names, audience, county=len(data.area_code) == 6),
        health_section(data.health, names),
    )
    sections = (summary_section(data, sections, audience), *sections)
    return Report(
        title=report_title(data),
        audience=audience,
        period=data.period.label,
        area=area_label(data.area_code, names),
        meta=tuple(meta),
        sections=sections,
    )
