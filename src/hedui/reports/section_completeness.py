"""Report section "completeness": how many events really happened, and how many each source holds.

For every event type, the county's and each township's capture–recapture estimate of the
period's events with its interval, the model (the model average of the log-linear models, one
model when only the best was kept, or Chapman's for two sources), and each source's
completeness (registered ÷ estimated) with its interval; then the assumptions and the linkage
error beside them, since a missed or false link moves the estimate. Where numbers are too small
the reason stands in place of a figure.

Public edition: the estimate and the completeness shares are shown, but no registered or
observed counts (they are the period's counts, which the events table prints only as the
publication pattern allows), and the reasons for a missing estimate, which quote counts,
become one plain sentence.
"""

from __future__ import annotations

import math
from typing import Any

from hedui.reports.area_names import area_label
from hedui.reports.charts import interval_chart
from hedui.reports.labels import EVENT_ORDER, event_label, source_label
from hedui.reports.model import Audience, Cell, Section, Table, count_cell

__all__ = ["MODEL_AVERAGE", "completeness_section"]

TOO_FEW = "数量太少，无法估计 / too few records to estimate"
MODEL_AVERAGE = "模型平均 model average"
_CHART_SOURCE = "village_ledger"


def completeness_section(
    estimates: list[dict[str, Any]], names: dict[str, str], audience: Audience, linkage: str
) -> Section:
    """Estimates and completeness per event type; a chart of the ledger's birth completeness."""
    public = audience == "public"
    tables = []
    for event in [e for e in EVENT_ORDER if any(row["event"] == e for row in estimates)]:
        rows = [row for row in estimates if row["event"] == event and row["area"]]
        tables.append(_table(event, rows, names, public))
    return Section(
        key="completeness",
        title="登记完整性（捕获—再捕获估计）Completeness (capture–recapture estimates)",
        paragraphs=(linkage, *assumption_paragraphs(estimates)),
        tables=tuple(tables),
        charts=(_chart(estimates, names),),
    )


def _table(event: str, rows: list[dict[str, Any]], names: dict[str, str], public: bool) -> Table:
    """One row per area; one column per source with its completeness (staff: and count)."""
    sources = sorted({s for row in rows for s in row["counts"]})
    out = []
    for row in rows:
        label = ("全县 " if row["level"] == "county" else "") + area_label(row["area"], names)
        result = row["estimate"]
        seen = () if public else (Cell(f"{row['n_observed']:,}", row["n_observed"]),)
        if not result["estimable"]:
            reason = TOO_FEW if public else result["reason"]
            counts = [Cell("—") if public else count_cell(row["counts"].get(s, 0)) for s in sources]
            out.append((Cell(label), *seen, Cell(reason), *counts, Cell("—"), Cell("—")))
            continue
        interval = result["interval"]
        estimate = Cell(
            f"{result['n_hat']:,.0f} [{interval['lower']:,.0f}, {_upper(interval['upper'])}]",
            round(result["n_hat"], 1),
            lower=interval["lower"],
            upper=interval["upper"],
        )
        shares = {item["source"]: item for item in result.get("completeness", [])}
        combined = next((v for k, v in shares.items() if k not in row["counts"]), None)
        cells = [
            _share(shares.get(s), None if public else row["counts"].get(s, 0)) for s in sources
        ]
        model = _model(result)
        out.append((Cell(label), *seen, estimate, *cells, _share(combined, None), Cell(model)))
    columns = (
        "地区 area",
        *(() if public else ("观测 seen",)),
        "估计真实数 [95% CI] estimate",
        *[source_label(s) for s in sources],
        "全部来源合计 all sources",
        "模型 model",
    )
    note = (
        "来源一栏为完整性（登记数 ÷ 估计真实数）及 95% 置信区间"
        + ("" if public else "，括号前为登记数")
        + " / a source's column is its completeness (registered ÷ estimate) with its 95% CI"
        + ("" if public else ", after the number it registered")
    )
    return Table(
        f"{event_label(event)}：估计与完整性 estimates and completeness",
        columns,
        tuple(out),
        (note,),
    )


_DEPENDENCE = "来源间的依赖已建模"
_DEPENDENCE_ONCE = (
    "来源间的依赖：各估计的模型允许部分来源两两相关（见各表“模型”一栏），其余来源假定条件独立 / "
    "dependence between sources: each estimate's model lets some pairs of sources depend on "
    "each other (see the model column); all other pairs are assumed conditionally independent"
)
READING = (
    "通俗地说 In plain words：估计真实数是根据几个来源相互重叠的程度推算出的实际发生数，"
    "方括号内为 95% 置信区间，真实数很可能落在其中。如果有人在所有来源都没有登记、"
    "各来源倾向于漏登同一批人，或记录匹配有误，真实数可能比估计更高；完整性即某来源登记数占估计真实数的比例。"
    " / The estimated true number is worked out from how much the sources overlap; the true "
    "number very likely lies in the bracket (95% interval). If the sources tend to miss the "
    "same people, or records were wrongly linked, the true number may be higher still. A "
    "source's completeness is its registered count as a share of the estimate."
)
"""The assumptions read once for a county head: what the figures mean and which way they err."""


def assumption_paragraphs(estimates: list[dict[str, Any]]) -> tuple[str, ...]:
    """The estimates' assumptions, each stated once, then the plain-language reading.

    Each estimate carries its own list; a model that lets sources depend on each other names
    its own pairs, which would print one near-identical sentence per event type and area.
    Those become one sentence pointing at the model column; the rest keep their first-seen
    order.
    """
    seen: list[str] = []
    for row in estimates:
        for text in row["estimate"].get("assumptions", []):
            text = _DEPENDENCE_ONCE if text.startswith(_DEPENDENCE) else text
            if text not in seen:
                seen.append(text)
    if not seen:
        return ()
    listed = [f"（{i}）{text}" for i, text in enumerate(seen, start=1)]
    return ("估计所依据的假设 Assumptions behind the estimates:", *listed, READING)


def _model(result: dict[str, Any]) -> str:
    """The estimate's model: the model average, the one model chosen, or Chapman's."""
    if result.get("selection") == "average":
        return MODEL_AVERAGE
    return str((result.get("chosen") or {}).get("name", "Chapman"))


def _share(item: dict[str, Any] | None, registered: int | None) -> Cell:
    if item is None:
        return Cell("—")
    low, high = item["interval"]["lower"], item["interval"]["upper"]
    text = f"{item['completeness']:.0%} [{low:.0%}, {high:.0%}]"
    if registered is not None:
        text = f"{registered:,} · {text}"
    return Cell(text, round(item["completeness"], 4), lower=low, upper=high)


def _upper(value: float | None) -> str:
    return "∞" if value is None or math.isinf(value) else f"{value:,.0f}"


def _chart(estimates: list[dict[str, Any]], names: dict[str, str]) -> Any:
    """The village ledger's completeness for births, by township, with error bars (%)."""
    points = []
    for row in estimates:
        if (
            row["event"] != "birth"
            or row["level"] != "township"
            or not row["estimate"]["estimable"]
        ):
            continue
        for item in row["estimate"].get("completeness", []):
            if item["source"] == _CHART_SOURCE:
                interval = item["interval"]
                points.append(
                    (
                        area_label(row["area"], names),
                        100 * item["completeness"],
                        100 * interval["lower"],
                        100 * interval["upper"],
                    )
                )
    return interval_chart(
        points, "各乡镇村台账出生登记完整性（%）Village-ledger birth completeness by township (%)"
    )
