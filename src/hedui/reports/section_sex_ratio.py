"""Report section "sex ratio at birth": boys per 100 girls by township, with intervals.

The ratio is a data-quality signal about birth registration, never about families: a flag
(the whole interval outside 102–109) asks registrars to check for births of girls (or boys)
missing from the records. Public edition: no counts of boys or girls; a ratio and its
interval only where both counts are at least 5 and the area's births are published (the
interval's width gives the number of births back).
"""

from __future__ import annotations

import math
from typing import Any

from hedui.reports.area_names import area_label
from hedui.reports.charts import interval_chart
from hedui.reports.model import Audience, Cell, Section, Table, count_cell
from hedui.reports.suppression import SMALL_MAX

__all__ = ["sex_ratio_section"]

_COUNTY_KEY = "total"


def sex_ratio_section(
    indicators: dict[str, Any], names: dict[str, str], audience: Audience, published: set[str]
) -> Section:
    """The sex ratio at birth of the county and its townships.

    Args:
        indicators: the report's indicators.
        names: area names.
        audience: internal or public.
        published: areas whose births the public edition prints (``"total"`` for the
            county), from :func:`hedui.reports.section_events.births_published`.
    """
    public = audience == "public"
    areas = [
        (row, _COUNTY_KEY if level == "county" else row["area"])
        for level in ("county", "township")
        for row in indicators["areas"][level]
        if row["area"]
    ]
    rows: list[tuple[Cell, ...]] = []
    points: list[tuple[str, float, float, float]] = []
    normal = (102.0, 109.0)
    for row, key in areas:
        ratio = row["sex_ratio"]
        label = ("全县 " if key == _COUNTY_KEY else "") + area_label(row["area"], names)
        boys, girls = int(ratio.get("boys", 0) or 0), int(ratio.get("girls", 0) or 0)
        hidden = public and (min(boys, girls) <= SMALL_MAX or key not in published)
        estimable = ratio.get("estimable") and ratio.get("ratio") is not None
        if estimable:
            normal = (float(ratio["normal_range"][0]), float(ratio["normal_range"][1]))
        text, value, interval, flag = _ratio_cells(ratio, hidden)
        # The bounds as printed (whole numbers), for the Excel edition's two columns.
        low, high = (None, None) if interval == "—" else _bounds(ratio["interval"])
        srb = Cell(text, value, flag, lower=low, upper=high)
        if public:
            rows.append((Cell(label), srb, Cell(interval)))
        else:
            rows.append(
                (
                    Cell(label),
                    count_cell(boys),
                    count_cell(girls),
                    count_cell(int(row["births_sex_unknown"])),
                    srb,
                    Cell(interval),
                    Cell(ratio.get("note") or ""),
                )
            )
        if estimable and not hidden:
            upper = ratio["interval"]["upper"]
            points.append(
                (
                    label,
                    ratio["ratio"],
                    ratio["interval"]["lower"],
                    math.inf if upper is None else upper,
                )
            )
    columns = (
        ("地区 area", "出生性别比 SRB", "95% 置信区间 CI")
        if public
        else ("地区 area", "男 boys", "女 girls", "性别不详 unknown", "出生性别比 SRB",
              "95% 置信区间 CI", "说明 note")
    )  # fmt: skip
    table = Table(
        "出生性别比（每百名女婴对应男婴数）Sex ratio at birth (boys per 100 girls)",
        columns,
        tuple(rows),
        notes=(
            f"仅当整个置信区间落在 {normal[0]:g}–{normal[1]:g} 之外时标记；这是出生登记的数据质量"
            "信号，请核查是否有漏登或迟登 / flagged only when the whole interval lies outside "
            f"{normal[0]:g}–{normal[1]:g}: a signal about birth registration — check for births "
            "missing from the records or registered late.",
        ),
        spreadsheet_skip=(columns.index("95% 置信区间 CI"),),
    )
    chart = interval_chart(
        points, "出生性别比及 95% 置信区间 Sex ratio at birth with 95% CI", normal
    )
    return Section("sex_ratio", "出生性别比 Sex ratio at birth", (), (table,), (chart,))


def _ratio_cells(ratio: dict[str, Any], hidden: bool) -> tuple[str, float | None, str, bool]:
    """Text, number, interval text and flag of a ratio (``∞`` with no girls)."""
    if hidden or not ratio.get("estimable"):
        return "—", None, "—", False
    flag = ratio.get("flag") is not None
    if ratio["ratio"] is None:
        return "∞", None, _interval(ratio["interval"]), flag
    return f"{ratio['ratio']:.0f}", round(ratio["ratio"], 2), _interval(ratio["interval"]), flag


def _interval(interval: dict[str, Any]) -> str:
    upper = interval["upper"]
    return f"[{interval['lower']:.0f}, {'∞' if upper is None else f'{upper:.0f}'}]"


def _bounds(interval: dict[str, Any]) -> tuple[float, float | None]:
    upper = interval["upper"]
    return float(round(interval["lower"])), None if upper is None else float(round(upper))
