"""Report section "events and rates": counts by township, crude rates, and the monthly trend.

Public edition: the township × event table prints its part of the run's one suppression
pattern (:mod:`hedui.reports.publication`), so the county's edition, each township's and each
month's and the year's agree on what is hidden; a rate is printed only where its count is (the
rate times the person-years gives the count back). The monthly trend shows an event only when
every month's county count of it is printed in that month's pattern. Figures kept from an older
hedui, which have no pattern, are suppressed table by table as before
(:mod:`hedui.reports.suppression`).
"""

from __future__ import annotations

from typing import Any

from hedui.reports.area_names import area_label
from hedui.reports.charts import trend_chart
from hedui.reports.labels import EVENT_ORDER, event_label
from hedui.reports.model import Audience, Cell, Section, Table, count_cell
from hedui.reports.publication import Publication
from hedui.reports.suppression import SMALL_MAX, Status, SuppressedTable, suppress

__all__ = ["births_published", "events_section"]

_TREND_EVENTS = ("birth", "death", "marriage", "move_in", "move_out")


def events_section(
    indicators: dict[str, Any],
    names: dict[str, str],
    audience: Audience,
    publication: Publication | None = None,
) -> Section:
    """Counts, rates and the trend of the period's events."""
    townships = indicators["areas"]["township"]
    table = _suppressed(townships, publication)
    public = audience == "public"
    labels = [area_label(row["area"], names) for row in townships] or ["—"]
    count_rows = []
    rate_rows = []
    for i, label in enumerate([*labels, "合计 total"]):
        count_rows.append(
            (Cell(label), *[_count(table, i, j, public) for j in range(len(EVENT_ORDER))])
        )
        if i < len(townships):
            rates = townships[i]["rates"]
            rate_rows.append(
                (
                    Cell(label),
                    count_cell(int(townships[i]["population"])),
                    *[
                        _rate(rates[e]) if not public or table.shown(i, j) else Cell("—")
                        for j, e in enumerate(EVENT_ORDER)
                    ],
                )
            )
    headings = tuple(event_label(e) for e in EVENT_ORDER)
    counts = Table(
        "各乡镇事件数 Events by township", ("乡镇 township", *headings), tuple(count_rows)
    )
    rates = Table(
        "粗率（每千人年，95% 置信区间）Crude rates per 1,000 person-years (95% CI)",
        ("乡镇 township", "人口 population", *headings),
        tuple(rate_rows),
        (indicators["population_source"],),
    )
    hidden_totals = (
        {e for j, e in enumerate(EVENT_ORDER) if not table.shown(len(townships), j)}
        if public
        else set()
    )
    return Section(
        key="events",
        title="出生、死亡、婚姻与迁移 Births, deaths, marriages and moves",
        paragraphs=_paragraphs(indicators, public),
        tables=(counts, rates),
        charts=(_trend(indicators["monthly"], public, hidden_totals, publication),),
    )


def births_published(
    indicators: dict[str, Any], publication: Publication | None = None
) -> set[str]:
    """Areas (townships, and ``"total"`` for all of them) whose births the public edition
    prints: a figure that gives births back (a sex ratio's interval) may be shown only there."""
    townships = indicators["areas"]["township"]
    table = _suppressed(townships, publication)
    column = EVENT_ORDER.index("birth")
    shown = {row["area"] for i, row in enumerate(townships) if table.shown(i, column)}
    return shown | ({"total"} if table.shown(len(townships), column) else set())


def _suppressed(
    townships: list[dict[str, Any]], publication: Publication | None
) -> SuppressedTable:
    """The table with its total row, statuses from the run's pattern when there is one."""
    cells = [[int(row["events"][e]) for e in EVENT_ORDER] for row in townships]
    if publication is None:
        return suppress(cells or [[0] * len(EVENT_ORDER)], row_totals=False, column_totals=True)
    areas = [str(row["area"]) for row in townships]
    totals = [sum(row[j] for row in cells) for j in range(len(EVENT_ORDER))]
    status = [[publication.cell(e, a) for e in EVENT_ORDER] for a in areas]
    if not cells:  # an edition with no township (a village's): one empty line, as before
        cells, status = [[0] * len(EVENT_ORDER)], [[Status.SHOWN] * len(EVENT_ORDER)]
    status.append([publication.total(e, areas) for e in EVENT_ORDER])
    return SuppressedTable(
        tuple(tuple(row) for row in [*cells, totals]),
        tuple(tuple(row) for row in status),
        row_totals=False,
        column_totals=True,
    )


def _count(table: SuppressedTable, i: int, j: int, public: bool) -> Cell:
    value = table.values[i][j]
    return count_cell(value) if not public or table.shown(i, j) else Cell(table.text(i, j))


def _rate(rate: dict[str, Any]) -> Cell:
    if not rate.get("estimable", True) or rate.get("rate") is None:
        return Cell("—")
    low, high = rate["interval"]["lower"], rate["interval"]["upper"]
    text = f"{rate['rate']:.1f} [{low:.1f}, {high:.1f}]"
    return Cell(text, round(rate["rate"], 3), lower=round(low, 3), upper=round(high, 3))


def _trend(
    monthly: dict[str, dict[str, int]],
    public: bool,
    hidden_totals: set[str],
    publication: Publication | None,
) -> Any:
    series = {}
    for event in _TREND_EVENTS:
        points = [(month, float(counts[event])) for month, counts in monthly.items()]
        if publication is not None:
            hidden = not all(publication.month_shown(month, event) for month in monthly)
        else:
            too_small = any(1 <= value <= SMALL_MAX for _, value in points)
            hidden = too_small or event in hidden_totals
        if public and hidden:
            continue
        series[event_label(event)] = points
    return trend_chart(series, "按月事件数 Events by month")


def _paragraphs(indicators: dict[str, Any], public: bool) -> tuple[str, ...]:
    counted = sum(sum(row["events"].values()) for row in indicators["areas"]["county"])
    if counted == 0:
        return (
            f"本期（{indicators['period']}）没有事件记录：请确认数据是否已导入并链接 / no event "
            f"is recorded in this period ({indicators['period']}): check that the sources for "
            "it were imported and linked.",
        )
    lines = [
        f"统计期 {indicators['first_day']} 至 {indicators['last_day']}；每个事件只计一次"
        "（多个来源登记的同一事件经链接合并）/ period "
        f"{indicators['first_day']} to {indicators['last_day']}; each event counted once, "
        "however many sources recorded it (records joined by linkage)."
    ]
    if indicators.get("undated"):
        n = sum(indicators["undated"].values())
        undated = "<5" if public and 1 <= n <= SMALL_MAX else f"{n:,}"
        lines.append(
            f"另有 {undated} 个事件没有日期，未计入任何月份 / {undated} events have no date "
            "and are counted in no month."
        )
    return tuple(lines)
