"""The report's first page: what a county head reads in a minute.

Four small tables, taken from the sections the edition already prints, so the page shows
nothing the rest of the edition does not (the public edition's suppression is untouched):
the period's events with their estimated true numbers and intervals, each source's
completeness, the villages that need support, and — for staff, in a monthly report — what
changed since the month before (events, and cases opened and closed).
"""

from __future__ import annotations

from typing import Any

from hedui.reports.data import ReportData
from hedui.reports.labels import EVENT_ORDER, event_label
from hedui.reports.model import Audience, Cell, Section, Table, count_cell

__all__ = ["ATTENTION_ROWS", "summary_section"]

ATTENTION_ROWS = 8
"""Villages listed on the first page; the scorecard sheet has them all."""
_ESTIMATE = "估计真实数 [95% CI] estimate"
_ALL = "全部来源合计 all sources"
_NOT_ESTIMABLE = "无法估计 cannot estimate"
_READING = (
    "一分钟读懂本期：估计真实数是推算的实际发生数，方括号内为 95% 置信区间；完整性是某来源登记数占"
    "估计真实数的比例，越接近 100% 越好。详细表格、假设和说明见后文。/ The month in a minute: "
    "the estimated true number is how many events most likely happened (95% interval in "
    "brackets); a source's completeness is the share of them it registered. Details, "
    "assumptions and notes follow."
)


def summary_section(data: ReportData, sections: tuple[Section, ...], audience: Audience) -> Section:
    """The first page of ``audience``'s edition, from its ``sections``."""
    by_key = {section.key: section for section in sections}
    tables: list[Table] = []
    completeness = by_key.get("completeness")
    if completeness is not None:
        tables += _estimates(completeness)
    paragraphs = [_READING]
    scorecard = by_key.get("scorecard")
    if scorecard is not None and scorecard.tables:
        attention = _attention(scorecard.tables[0])
        if attention.rows:
            tables.append(attention)
        else:
            paragraphs += [f"需要关注的村 Villages that need attention：{attention.notes[0]}"]
    if audience == "internal" and data.period.month:
        change = _change(data)
        if change is not None:
            tables.append(change)
    return Section("summary", "本期摘要 Summary", tuple(paragraphs), tuple(tables), ())


def _county_rows(section: Section) -> list[tuple[str, Table, tuple[Cell, ...]]]:
    out = []
    for table in section.tables:
        county = next((row for row in table.rows if row[0].text.startswith("全县")), None)
        if county is not None:
            out.append((table.title.split("：")[0], table, county))
    return out


def _estimates(section: Section) -> list[Table]:
    """Events with their estimate; completeness of each source, event by event."""
    rows = _county_rows(section)
    sources: list[str] = []
    for _, table, _ in rows:
        start = table.columns.index(_ESTIMATE) + 1
        for column in table.columns[start : table.columns.index(_ALL)]:
            if column not in sources:
                sources.append(column)
    events: list[tuple[Cell, ...]] = []
    shares: list[tuple[Cell, ...]] = []
    for event, table, county in rows:
        cells = dict(zip(table.columns, county, strict=True))
        estimate = cells[_ESTIMATE]
        seen = cells.get("观测 seen")
        if estimate.value is None:  # the reason stands in the estimate; the sources hold counts
            events.append(
                (Cell(event), *((seen,) if seen else ()), Cell(_NOT_ESTIMABLE), Cell("—"))
            )
            shares.append((Cell(event), *(Cell("—") for _ in sources)))
            continue
        events.append((Cell(event), *((seen,) if seen else ()), estimate, _bare(cells[_ALL])))
        shares.append((Cell(event), *(_bare(cells.get(s)) for s in sources)))
    internal = any("观测 seen" in table.columns for _, table, _ in rows)
    return [
        Table(
            "本期事件：登记数与估计真实数 Events: registered and estimated true numbers",
            (
                "事件 event",
                *(("登记 registered",) if internal else ()),
                _ESTIMATE,
                "全部来源完整性 all sources",
            ),
            tuple(events),
        ),
        Table(
            "各来源完整性（全县）Completeness by source (county)",
            ("事件 event", *sources),
            tuple(shares),
            ("— 表示该来源不登记此类事件或无法估计 / — : the source does not record the event, "
             "or it cannot be estimated",),
        ),
    ]  # fmt: skip


def _bare(cell: Cell | None) -> Cell:
    """A completeness cell without the registered count in front (``85% [80%, 90%]``)."""
    if cell is None:
        return Cell("—")
    text = cell.text.split(" · ", 1)[-1]
    return Cell(text, cell.value, cell.flag, cell.lower, cell.upper)


def _attention(scorecard: Table) -> Table:
    """The villages the scorecard puts below band 1, worst first."""
    needing = [row for row in scorecard.rows if row[2].flag]
    rows = [
        (row[0], row[2], row[4], Cell(row[5].text.split(" / ")[0]))
        for row in needing[:ATTENTION_ROWS]
    ]
    note = (
        f"共 {len(needing):,} 个村需要支持（第 2 档及以后），完整名单见“数据质量” / "
        f"{len(needing):,} villages need support (band 2 or below); the full list is under "
        "data quality."
        if needing
        else "所有村均在第 1 档 / every village is in band 1."
    )
    return Table(
        "需要关注的村 Villages that need attention",
        ("村 village", "档 band", "最弱方面 weakest", "建议 advice"),
        tuple(rows),
        (note,),
    )


def _change(data: ReportData) -> Table | None:
    """This month against the month before: events registered, cases opened and closed."""
    year, number = data.period.year, data.period.month or 1
    month = f"{year:04d}-{number:02d}"
    previous = f"{year - 1:04d}-12" if number == 1 else f"{year:04d}-{number - 1:02d}"
    monthly: dict[str, Any] = data.indicators.get("monthly", {})
    rows: list[tuple[Cell, ...]] = []
    if month in monthly and previous in monthly:
        for event in EVENT_ORDER:
            now, before = int(monthly[month].get(event, 0)), int(monthly[previous].get(event, 0))
            rows.append(
                (
                    Cell(event_label(event)),
                    count_cell(before),
                    count_cell(now),
                    _delta(now - before),
                )
            )
    over_time = {m["month"]: m for m in data.cases.get("over_time", [])}
    for key, label in (("opened", "新增待核实事项 cases opened"), ("closed", "结案 cases closed")):
        if month in over_time:
            now = int(over_time[month][key])
            before = int(over_time.get(previous, {}).get(key, 0))
            rows.append((Cell(label), count_cell(before), count_cell(now), _delta(now - before)))
    if not rows:
        return None
    return Table(
        f"与上月相比 Change since last month ({previous} → {month})",
        ("项目 item", f"上月 {previous}", f"本月 {month}", "变化 change"),
        tuple(rows),
    )


def _delta(change: int) -> Cell:
    return Cell(f"{change:+,}", change)
