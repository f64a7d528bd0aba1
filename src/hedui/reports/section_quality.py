"""Report sections "data quality" (the village scorecard) and "cases" (what is left to check).

The scorecard is about records and the offices that keep them. A village falls below band 1
only on a dimension where its whole interval lies below the rest of the county's, so the
report never ranks on noise; the villages that most need support come first, with what to fix
first.

Cases: staff see open cases by kind and by village (counts — the cases themselves are in
``hedui cases`` and the web application). The public edition shows only the county's open
cases by kind, with small counts suppressed, and no village breakdown.
"""

from __future__ import annotations

from typing import Any

from hedui.reports.area_names import area_label
from hedui.reports.charts import bar_chart, trend_chart
from hedui.reports.labels import DIMENSIONS, case_kind_label, status_label
from hedui.reports.model import Audience, Cell, Section, Table, count_cell
from hedui.reports.suppression import suppress

__all__ = ["cases_section", "scorecard_section"]

_RECORDS_NOT_PEOPLE = (
    "事项是需要核实的记录，不针对任何人 / cases are records to verify, never people to act against."
)


def scorecard_section(
    scorecard: dict[str, Any], names: dict[str, str], audience: Audience
) -> Section:
    """Every village's band, score with interval, weakest dimension and advice."""
    rows = []
    for village in sorted(scorecard["villages"], key=lambda v: (-v["band"], v["score"] or 0)):
        score = village["score"]
        interval = (
            f"{score:.0%} [{village['lower']:.0%}, {village['upper']:.0%}]"
            if score is not None
            else "—"
        )
        rows.append(
            (
                Cell(area_label(village["village_code"], names)),
                Cell(area_label(village["township_code"], names)),
                Cell(str(village["band"]), village["band"], village["band"] > 1),
                Cell(
                    interval,
                    None if score is None else round(score, 4),
                    lower=None if score is None else village["lower"],
                    upper=None if score is None else village["upper"],
                ),
                Cell(DIMENSIONS.get(village["weakest_dimension"] or "", "—")),
                Cell(f"{village['advice_zh']} / {village['advice_en']}"),
            )
        )
    table = Table(
        "村级数据质量评分（第 1 档最好）Village data-quality scorecard (band 1 is best)",
        ("村 village", "乡镇 township", "档 band", "得分 [95% CI] score", "最弱方面 weakest",
         "建议 advice"),
        tuple(rows),
        ("某方面的置信区间整体低于全县其他村的村降一档，不按偶然差异排名 / a village drops a band "
         "for each dimension on which its whole interval lies below the rest of the county's: "
         "the ranking does not rest on chance.",),
    )  # fmt: skip
    bands = scorecard.get("bands", 0)
    summary = (
        f"{len(rows):,} 个村分为 {bands} 档 / {len(rows):,} villages in {bands} bands; "
        f"及时登记的期限 {scorecard['timeliness_days']} 天 / timeliness limit "
        f"{scorecard['timeliness_days']} days.",
    )
    tables = [table]
    if audience == "internal":
        tables.append(_dimensions(scorecard["dimensions"], names))
    return Section("scorecard", "数据质量 Data quality", summary, tuple(tables))


def _dimensions(dimensions: list[dict[str, Any]], names: dict[str, str]) -> Table:
    rows = []
    worst_first = sorted(dimensions, key=lambda r: (r["value"] is None, r["value"] or 0.0))
    for row in worst_first:
        value = row["value"]
        rows.append(
            (
                Cell(area_label(row["village_code"], names)),
                Cell(DIMENSIONS.get(row["dimension"], row["dimension"])),
                Cell("—")
                if value is None
                else Cell(
                    f"{value:.1%} [{row['lower']:.1%}, {row['upper']:.1%}]",
                    value,
                    lower=row["lower"],
                    upper=row["upper"],
                ),
                Cell(_fraction(row)),
            )
        )
    return Table(
        "各方面得分 Scores by dimension",
        ("村 village", "方面 dimension", "值 [95% CI] value", "分子/分母 numerator/denominator"),
        tuple(rows),
    )


def _fraction(row: dict[str, Any]) -> str:
    if row["numerator"] is None or row["denominator"] is None:
        return "—"
    return f"{row['numerator']:,.0f} / {row['denominator']:,.0f}"


_COUNTY_ONLY = (
    "待核实事项的件数只在全县公开版中公布 / open cases are counted in the county's public edition "
    "only."
)


def cases_section(
    cases: dict[str, Any], names: dict[str, str], audience: Audience, *, county: bool = True
) -> Section:
    """Open cases by kind (and, for staff, by village), with charts.

    The public edition gives the counts for the county only: a township's own counts beside the
    county's (kinds × townships) would give back what either suppressed.
    """
    by_kind: dict[str, int] = {}
    for row in cases["open_by_kind_village"]:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + int(row["cases"])
    kinds = sorted(by_kind, key=lambda k: (-by_kind[k], k))
    if audience == "public" and not county:
        return Section("cases", "待核实事项 Open cases", (_COUNTY_ONLY,), (), ())
    if audience == "public":
        table = suppress(
            [[by_kind[k]] for k in kinds] or [[0]], row_totals=False, column_totals=True
        )
        rows = [
            (
                Cell(case_kind_label(kind)),
                Cell(table.text(i, 0), by_kind[kind] if table.shown(i, 0) else None),
            )
            for i, kind in enumerate(kinds)
        ]
        total = len(kinds)
        rows.append(
            (
                Cell("合计 total"),
                Cell(table.text(total, 0), cases["open"] if table.shown(total, 0) else None),
            )
        )
        chart_rows = [
            (case_kind_label(k), float(by_kind[k]))
            for i, k in enumerate(kinds)
            if table.shown(i, 0)
        ]
        tables = (
            Table(
                "待核实事项（按类型）Open cases by kind", ("类型 kind", "件数 cases"), tuple(rows)
            ),
        )
        return Section(
            "cases",
            "待核实事项 Open cases",
            (),
            tables,
            (bar_chart(chart_rows, "待核实事项 Open cases by kind"),),
        )
    kind_rows = [(Cell(case_kind_label(k)), count_cell(by_kind[k])) for k in kinds]
    kind_rows.append((Cell("合计 total"), count_cell(int(cases["open"]))))
    village_rows = [
        (
            Cell(area_label(row["village"], names)),
            Cell(case_kind_label(row["kind"])),
            count_cell(int(row["cases"])),
        )
        for row in sorted(cases["open_by_kind_village"], key=lambda r: -int(r["cases"]))
    ]
    status_rows = [
        (Cell(status_label(status)), count_cell(int(n))) for status, n in cases["by_status"].items()
    ]
    over_time = cases["over_time"]
    trend = trend_chart(
        {
            "新增 opened": [(m["month"], float(m["opened"])) for m in over_time],
            "结案 closed": [(m["month"], float(m["closed"])) for m in over_time],
        },
        "每月新增与结案 Cases opened and closed by month",
    )
    return Section(
        "cases",
        "待核实事项 Open cases",
        (_RECORDS_NOT_PEOPLE,),
        (
            Table(
                "待核实事项（按类型）Open cases by kind",
                ("类型 kind", "件数 cases"),
                tuple(kind_rows),
            ),
            Table(
                "全部事项（按状态）All cases by status",
                ("状态 status", "件数 cases"),
                tuple(status_rows),
            ),
            Table(
                "待核实事项（按村和类型）Open cases by village and kind",
                ("村 village", "类型 kind", "件数 cases"),
                tuple(village_rows),
            ),
        ),
        (
            bar_chart(
                [(case_kind_label(k), float(by_kind[k])) for k in kinds],
                "待核实事项 Open cases by kind",
            ),
            trend,
        ),
    )
