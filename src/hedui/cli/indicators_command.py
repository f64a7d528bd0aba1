"""`hedui indicators LINK_DIR`: events, crude rates and the sex ratio at birth, by area.

Thin: :func:`hedui.stats.indicators.compute_indicators` does the counting; this prints one
table of areas at the chosen level and one of months. Aggregate figures only — no record of
any person is printed. ``--json`` prints one JSON document with the same figures.

``--by village`` prints no sex ratio at birth: the township is the floor, as on the dashboard
(a village's boys and girls are particular families), and the output says so.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hedui.cli.app import app, console
from hedui.errors import InvalidInputError
from hedui.period import parse_period
from hedui.stats.indicator_areas import VILLAGE_SEX_RATIO
from hedui.stats.indicators import EVENTS, LEVELS, AreaIndicators, Indicators, compute_indicators
from hedui.stats.rates import RateEstimate
from hedui.stats.sex_ratio import SexRatioEstimate

EVENT_LABELS = {
    "birth": "出生 births",
    "death": "死亡 deaths",
    "marriage": "结婚 marriages",
    "divorce": "离婚 divorces",
    "move_in": "迁入 moves in",
    "move_out": "迁出 moves out",
    "move_within": "区内迁移 moves within",
}


def _rate(area: AreaIndicators, event: str) -> str:
    rate = area.rates[event]
    if not isinstance(rate, RateEstimate):
        return "—"
    return f"{rate.rate:.1f} [{rate.interval.lower:.1f}, {rate.interval.upper:.1f}]"


def _sex_ratio(area: AreaIndicators) -> str:
    ratio = area.sex_ratio
    if not isinstance(ratio, SexRatioEstimate):
        return "—"
    text = f"{_number(ratio.ratio)} [{ratio.interval.lower:.0f}, {_number(ratio.interval.upper)}]"
    return f"[red]{text} ⚑[/]" if ratio.flag else text


def _number(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:.0f}"


def _areas_table(indicators: Indicators, by: str) -> Table:
    table = Table(title=f"按地区 by {by}（率：每千人年 rates per 1,000 person-years [95% CI]）")
    table.add_column("地区 area")
    table.add_column("人口 population", justify="right")
    for event in EVENTS:
        table.add_column(EVENT_LABELS[event], justify="right")
    table.add_column("出生率 birth rate", justify="right")
    table.add_column("死亡率 death rate", justify="right")
    with_ratio = by != "village"
    if with_ratio:
        table.add_column("出生性别比 SRB", justify="right")
    for area in indicators.level(by):
        table.add_row(
            area.area or "未知 unknown",
            f"{area.population:,}",
            *[f"{area.events[e]:,}" for e in EVENTS],
            _rate(area, "birth"),
            _rate(area, "death"),
            *([_sex_ratio(area)] if with_ratio else []),
        )
    if not with_ratio:
        table.caption = VILLAGE_SEX_RATIO
    return table


def _months_table(indicators: Indicators) -> Table:
    table = Table(title="按月 by month（全部地区 all areas）")
    table.add_column("月份 month")
    for event in EVENTS:
        table.add_column(EVENT_LABELS[event], justify="right")
    for month, counts in indicators.monthly.items():
        table.add_row(month, *[f"{counts[e]:,}" for e in EVENTS])
    return table


@app.command("indicators")
def indicators(
    link_dir: Annotated[Path, typer.Argument(help="hedui link 的输出目录 / the link output dir")],
    period: Annotated[
        str | None,
        typer.Option("--period", help="报告期，如 2025-12 或 2025 / month or year (default: all)"),
    ] = None,
    by: Annotated[
        str, typer.Option("--by", help="地区层级 county|township|village / area level")
    ] = "township",
    as_json: Annotated[
        bool, typer.Option("--json", help="输出一个 JSON 文档 / print one JSON document")
    ] = False,
) -> None:
    """出生、死亡、婚姻、迁移的统计与率 Events, crude rates and sex ratio at birth by area."""
    if by not in LEVELS:
        raise InvalidInputError(
            f"未知的地区层级 {by!r}（可用 county、township、village）/ unknown level {by!r}; "
            "use county, township or village"
        )
    chosen = parse_period(period) if period else None
    result = compute_indicators(link_dir, period=chosen)
    levels = ("county", by) if by != "county" else ("county",)
    if as_json:
        console.out(json.dumps(result.to_dict(levels), ensure_ascii=False), highlight=False)
        return
    console.print(
        f"报告期 period: {result.period or '全部 all'}"
        f"（{result.first_day} – {result.last_day}）；{result.population_source}",
        highlight=False,
    )
    console.print(_areas_table(result, "county"))
    if by != "county":
        console.print(_areas_table(result, by))
    console.print(_months_table(result))
    if result.undated:
        console.print(f"无日期的事件 undated events (not counted in any month): {result.undated}")
    for level in levels:
        for area in result.level(level):
            ratio = area.sex_ratio
            if isinstance(ratio, SexRatioEstimate) and ratio.flag:
                console.print(f"⚑ {area.area or '未知 unknown'}: {ratio.note}", highlight=False)
