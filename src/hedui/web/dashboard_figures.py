"""From a run's figures to the dashboard's charts: one question each, every mark a link.

- **Which villages are worse than the rest?** The villages the scorecard puts below band 1,
  worst first, each on the dimension it falls furthest below the rest of the county, with
  the rest's figure beside it; a village links to its cases of the kind behind that
  dimension (the kind it has most of).
- **Is completeness improving month by month?** The village ledger's and the police's share
  of the estimated births, month by month (:mod:`hedui.stats.monthly_completeness`); a point
  links to the births that source is missing.
- **Are cases being closed?** Cases opened and closed per week (per month once there is more
  than a quarter of history), labelled with the dates the work was done — not the period a
  reconciliation covered.
- **The sex ratio at birth** of the county and each township against the normal range, where
  the births are enough to tell (:func:`hedui.stats.sex_ratio.too_few_to_tell`); a row links
  to the cases where sources disagree on a child's sex. It never links to births listed by
  sex: hedui does not list families by the sex of their children.

Text shown to people is an English message id marked with ``N_`` and translated by the
template; names of places come from the division list (``胜利村（…201）``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from hedui.stats.monthly_completeness import MonthCompleteness
from hedui.stats.quality_dimensions import is_accuracy_kind
from hedui.stats.sex_ratio import too_few_to_tell
from hedui.web.dashboard_charts import (
    BarGroup,
    BarsChart,
    IntervalChart,
    IntervalRow,
    LineChart,
    LinePoint,
    LineSeries,
    nice_axis,
)
from hedui.web.i18n import N_

__all__ = [
    "DIMENSION_NAMES",
    "WEEKS_UP_TO",
    "case_kind_for",
    "cases_chart",
    "cases_link",
    "completeness_chart",
    "drawn_villages",
    "latest_change",
    "period_label",
    "sex_ratio_chart",
    "villages_chart",
]

DIMENSION_NAMES = {
    "completeness": N_("completeness"),
    "timeliness": N_("timeliness"),
    "accuracy": N_("accuracy"),
    "consistency": N_("consistency"),
}
WEEKS_UP_TO = 13
"""Cases are counted by week while their history spans at most this many weeks, else by month."""
MOST_VILLAGES = 12
"""Villages drawn in the chart; the table below it lists them all."""
NORMAL_RANGE = (102.0, 109.0)
LEDGER, POLICE, TOWNSHIP = "village_ledger", "police_hukou", "township_db"

_DIMENSION_KINDS: dict[str, Callable[[str], bool]] = {
    "completeness": lambda k: k.endswith("_missing_in_village_ledger"),
    "timeliness": lambda k: "late" in k,
    "accuracy": is_accuracy_kind,
    "consistency": lambda k: k.endswith(("_missing_in_township_db", "_missing_in_village_ledger")),
}


def cases_link(**filters: str) -> str:
    """The case list narrowed by ``filters``, every status shown (``status=``) unless given."""
    return "/cases?" + urlencode({**filters, "status": filters.get("status", "")})


def case_kind_for(dimension: str | None, kinds: Mapping[str, int]) -> str | None:
    """The case kind behind a dimension that a village has most of (``None``: none of them)."""
    if dimension not in _DIMENSION_KINDS:
        return None
    belongs = _DIMENSION_KINDS[dimension]
    mine = [(n, kind) for kind, n in kinds.items() if n > 0 and belongs(kind)]
    return max(mine, key=lambda item: (item[0], [-ord(c) for c in item[1]]))[1] if mine else None


def drawn_villages(villages: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The villages :func:`villages_chart` draws: those worse than the rest, worst first (the
    order given), at most :data:`MOST_VILLAGES`; only their case kinds are needed."""
    return [v for v in villages if int(v["band"]) > 1][:MOST_VILLAGES]


def villages_chart(
    villages: Sequence[Mapping[str, Any]],
    dimensions: Sequence[Mapping[str, Any]],
    kinds_by_village: Mapping[str, Mapping[str, int]],
    place: Callable[[str], str],
) -> IntervalChart | None:
    """The villages worse than the rest, worst first, each on its weakest dimension.

    Args:
        villages: the scorecard's villages (worst band first).
        dimensions: the scorecard's dimension rows.
        kinds_by_village: village → case kind → cases, for the links (only the villages of
            :func:`drawn_villages` are looked up).
        place: village code → its name for people.

    Returns:
        The chart, or ``None`` when no village is worse than the rest.
    """
    values = {(d["village_code"], d["dimension"]): d for d in dimensions}
    rows = []
    for village in drawn_villages(villages):
        code, dimension = str(village["village_code"]), village.get("weakest_dimension")
        figure = values.get((code, dimension))
        if not dimension or figure is None or figure["value"] is None:
            continue
        kind = case_kind_for(dimension, kinds_by_village.get(code, {}))
        href = cases_link(village=code, kind=kind) if kind else cases_link(village=code)
        rest = village.get("rest_value")
        rows.append(
            IntervalRow(
                label=place(code),
                value=float(figure["value"]),
                lower=float(figure["lower"]),
                upper=float(figure["upper"]),
                reference=float(rest) if rest is not None else None,
                href=href,
                title=DIMENSION_NAMES[dimension],
                text=f"{float(figure['value']):.0%}",
                reference_text=f"{float(rest):.0%}" if rest is not None else "",
            )
        )
    if not rows:
        return None
    ends = [v for r in rows for v in (r.lower, r.upper, r.reference) if v is not None]
    return IntervalChart(
        "villages", nice_axis(ends, lowest=0.0, highest=1.0), tuple(rows), None, True
    )


def completeness_chart(
    months: Sequence[MonthCompleteness], place: Callable[[str], str] | None = None
) -> LineChart | None:
    """Births by month: the share of the estimate that the ledger and the police hold.

    Returns:
        The chart, or ``None`` when no month has an estimate.
    """
    births = [m for m in months if m.event == "birth"]
    if not any(m.estimable for m in births):
        return None
    series = []
    for source, name, colour, dashed in (
        (LEDGER, N_("Village ledger"), "#1f5fa8", False),
        (POLICE, N_("Police household register"), "#c0392b", True),
    ):
        points = []
        for month in births:
            share = month.completeness(source)
            href = cases_link(kind=f"birth_missing_in_{source}")
            if share is None:
                points.append(LinePoint(month.month, None, href=href))
                continue
            value, lower, upper = share
            points.append(LinePoint(month.month, value, lower, upper, href, f"{value:.0%}"))
        series.append(LineSeries(name, colour, tuple(points), dashed))
    ends = [
        v
        for s in series
        for p in s.points
        for v in (p.value, p.lower if s.name == series[0].name else None, p.upper)
        if v is not None
    ]
    axis = nice_axis(ends, lowest=0.0, highest=1.0)
    return LineChart("completeness", axis, tuple(m.month for m in births), tuple(series))


@dataclass(frozen=True)
class MonthChange:
    """A register's completeness in its latest estimated month and the one before."""

    month: str
    value: float
    previous_month: str
    previous_value: float

    @property
    def points(self) -> int:
        """The change in percentage points, rounded."""
        return round(100 * self.value) - round(100 * self.previous_value)


def latest_change(months: Sequence[MonthCompleteness], source: str = LEDGER) -> MonthChange | None:
    """What changed since the month before: the latest two months of births with an estimate
    for ``source`` (``None`` with fewer than two)."""
    known = [(m.month, share[0]) for m in months if m.event == "birth"
             if (share := m.completeness(source)) is not None]  # fmt: skip
    if len(known) < 2:
        return None
    (previous_month, previous_value), (month, value) = known[-2], known[-1]
    return MonthChange(month, value, previous_month, previous_value)


def sex_ratio_chart(
    areas: Mapping[str, Sequence[Mapping[str, Any]]], place: Callable[[str], str]
) -> IntervalChart | None:
    """The county's and each township's sex ratio at birth, or "too few births to tell".

    Args:
        areas: the indicators' ``areas`` (``county`` and ``township`` rows).
        place: area code → its name for people.
    """
    rows = []
    for level in ("county", "township"):
        for area in areas.get(level, []):
            ratio = area.get("sex_ratio") or {}
            if not ratio.get("estimable"):
                continue
            boys, girls = int(ratio["boys"]), int(ratio["girls"])
            code = str(area["area"])
            href = cases_link(
                kind="sex_conflict", **({"village": code} if level != "county" else {})
            )
            count = f"{boys + girls:,}"
            if ratio.get("too_few_to_tell", too_few_to_tell(boys, girls)):
                rows.append(
                    IntervalRow(
                        place(code), None, href=href, note=N_("Too few births to tell"), text=count
                    )
                )
                continue
            interval = ratio.get("interval") or {}
            rows.append(
                IntervalRow(
                    place(code),
                    float(ratio["ratio"]),
                    float(interval["lower"]),
                    float(interval["upper"]),
                    href=href,
                    text=f"{float(ratio['ratio']):.0f}",
                )
            )
    if not rows:
        return None
    ends = [v for r in rows for v in (r.lower, r.upper) if v is not None]
    axis = nice_axis([*ends, *NORMAL_RANGE], lowest=0.0)
    return IntervalChart("sex_ratio", axis, tuple(rows), NORMAL_RANGE, False)


def cases_chart(days: Sequence[tuple[date, int, int]]) -> BarsChart | None:
    """Cases opened and closed per week, or per month beyond :data:`WEEKS_UP_TO` weeks.

    Args:
        days: ``(day, opened, closed)`` of every day with either, oldest first
            (:func:`hedui.store.case_days.cases_by_day`).

    Returns:
        The chart (the latest twelve periods, newest first), or ``None`` without cases.
    """
    if not days:
        return None
    first, last = days[0][0], days[-1][0]
    weekly = (last - first).days < 7 * WEEKS_UP_TO
    totals: dict[date, list[int]] = {}
    for day, opened, closed in days:
        start = day - timedelta(days=day.weekday()) if weekly else day.replace(day=1)
        counts = totals.setdefault(start, [0, 0])
        counts[0] += opened
        counts[1] += closed
    groups = [
        BarGroup(
            period_label(start, weekly, "zh_CN"),
            opened,
            closed,
            cases_link(sort="created"),
            cases_link(status="resolved"),
            period_label(start, weekly, "en"),
        )
        for start, (opened, closed) in sorted(totals.items(), reverse=True)[:12]
    ]
    axis = nice_axis([v for g in groups for v in (g.opened, g.closed)], lowest=0.0)
    name = N_("per week") if weekly else N_("per month")
    return BarsChart("cases", axis, tuple(groups), name)


def period_label(start: date, weekly: bool, locale: str) -> str:
    """A month (``2026年12月``, ``Dec 2026``) or a week from Monday (``2026年11月30日–12月6日``,
    ``30 Nov – 6 Dec 2026``)."""
    end = start + timedelta(days=6)
    if locale != "zh_CN":
        if not weekly:
            return start.strftime("%b %Y")
        return f"{start.day} {start:%b} – {end.day} {end:%b} {end.year}"
    if not weekly:
        return f"{start.year}年{start.month}月"
    tail = f"{end.day}日" if end.month == start.month else f"{end.month}月{end.day}日"
    return f"{start.year}年{start.month}月{start.day}日–{tail}"
