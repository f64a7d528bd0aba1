"""The dashboard's charts, drawn on the server from a report's figures.

Each chart is :mod:`hedui.reports.charts` output (SVG with its glyphs drawn as paths), put in
the page as an ``<img>`` with a ``data:`` address: the page's Content-Security-Policy forbids
inline styles, which matplotlib's SVG uses, while an image is drawn in a context of its own.
The SVG scales to the width of a phone.

Drawing five charts takes longer than a page should; the figures of a run do not change, so
the charts of a run and area are kept (a few dozen, newest kept) and drawn once.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hedui.cache import KeptAnswers, kept_answers
from hedui.reports.charts import Chart, interval_chart, trend_chart
from hedui.reports.data import ReportData

__all__ = ["DashboardChart", "cases_chart", "report_charts"]

_SOURCE_ZH = {
    "village_ledger": "村台账",
    "township_db": "乡镇库",
    "health_births": "出生证",
    "police_hukou": "公安",
    "civil_marriages": "民政",
}
_KEEP = 32


@dataclass(frozen=True)
class DashboardChart:
    """A chart ready for an ``<img>``: its title (the alt text) and ``data:`` address."""

    key: str
    title: str
    src: str


def _ready(key: str, chart: Chart) -> DashboardChart:
    encoded = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return DashboardChart(key=key, title=chart.title, src=f"data:image/svg+xml;base64,{encoded}")


_CHARTS: KeptAnswers[list[DashboardChart]] = kept_answers("dashboard charts", _KEEP)


def _cached(key: tuple[Any, ...], draw: Callable[[], list[DashboardChart]]) -> list[DashboardChart]:
    return _CHARTS.get(key, draw)


def report_charts(report: ReportData) -> list[DashboardChart]:
    """Completeness by township, births by month, sex ratio at birth — for one run and area."""
    key = (report.run.id, report.run.finished_at, report.area_code, report.period.label)
    return _cached(key, lambda: _draw(report))


def _draw(report: ReportData) -> list[DashboardChart]:
    return [
        _ready("completeness", _completeness(report)),
        _ready("births", _births(report)),
        _ready("sex_ratio", _sex_ratio(report)),
    ]


def _completeness(report: ReportData) -> Chart:
    """Each source's completeness for births, per township, with its interval."""
    rows = []
    for estimate in report.estimates:
        if estimate["level"] != "township" or estimate["event"] != "birth":
            continue
        result = estimate["estimate"]
        if not result.get("estimable"):
            continue
        for source in result.get("completeness", []):
            interval = source.get("interval") or {}
            rows.append(
                (
                    f"{estimate['area']} {_SOURCE_ZH.get(source['source'], source['source'])}",
                    100 * float(source["completeness"]),
                    100 * float(interval.get("lower", source["completeness"])),
                    100 * float(interval.get("upper", source["completeness"])),
                )
            )
    return interval_chart(rows, "出生登记完整率（%，95% 区间）/ birth registration completeness")


def _births(report: ReportData) -> Chart:
    monthly = report.indicators.get("monthly", {})
    points = [(month, float(counts.get("birth", 0))) for month, counts in sorted(monthly.items())]
    return trend_chart({"出生 births": points}, "每月出生 / births by month")


def _sex_ratio(report: ReportData) -> Chart:
    """The sex ratio at birth of the county and each township, against the normal range.

    Villages are left out: a village has a handful of births a year, and its ratio says
    nothing but noise.
    """
    rows = []
    for level in ("county", "township"):
        for area in report.indicators.get("areas", {}).get(level, []):
            ratio = area.get("sex_ratio") or {}
            if not ratio.get("estimable") or ratio.get("ratio") is None:
                continue
            interval = ratio.get("interval") or {}
            upper = interval.get("upper")
            rows.append(
                (
                    str(area["area"]),
                    float(ratio["ratio"]),
                    float(interval.get("lower") or 0.0),
                    math.inf if upper is None else float(upper),
                )
            )
    return interval_chart(
        rows, "出生性别比（女=100，95% 区间）/ sex ratio at birth", reference=(102.0, 109.0)
    )


def cases_chart(over_time: list[tuple[str, int, int]]) -> DashboardChart:
    """Cases opened and closed per month (kept while the counts stay the same)."""
    return _cached(("cases", *over_time), lambda: [_draw_cases(over_time)])[0]


def _draw_cases(over_time: list[tuple[str, int, int]]) -> DashboardChart:
    opened = [(month, float(n)) for month, n, _ in over_time]
    closed = [(month, float(n)) for month, _, n in over_time]
    chart = trend_chart(
        {"新发现 opened": opened, "已结案 closed": closed},
        "待核实事项：每月新发现与结案 / cases opened and closed by month",
    )
    return _ready("cases", chart)
