"""From a run's figures to the dashboard's charts: the marks, their links and their words."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hedui.stats.monthly_completeness import MonthCompleteness
from hedui.stats.sex_ratio import SexRatioEstimate, sex_ratio_at_birth
from hedui.web.dashboard_figures import (
    case_kind_for,
    cases_chart,
    completeness_chart,
    latest_change,
    period_label,
    sex_ratio_chart,
    villages_chart,
)

NAMES = {"320924101201": "胜利村", "320924101202": "东风村", "320924101": "白沙镇"}


def place(code: str) -> str:
    return f"{NAMES[code]}（…{code[-3:]}）" if code in NAMES else code


def _village(code: str, band: int, weakest: str | None, rest: float | None) -> dict[str, Any]:
    return {"village_code": code, "band": band, "weakest_dimension": weakest, "rest_value": rest}


def test_case_kind_for_takes_the_commonest_kind_of_the_dimension() -> None:
    kinds = {"name_conflict": 4, "invalid_id_check_digit": 9, "birth_missing_in_village_ledger": 2}
    assert case_kind_for("accuracy", kinds) == "invalid_id_check_digit"
    assert case_kind_for("completeness", kinds) == "birth_missing_in_village_ledger"
    assert case_kind_for("consistency", kinds) == "birth_missing_in_village_ledger"
    assert case_kind_for("timeliness", kinds) is None
    assert case_kind_for(None, kinds) is None


def test_villages_chart_draws_only_villages_worse_than_the_rest() -> None:
    villages = [
        _village("320924101201", 3, "consistency", 0.85),
        _village("320924101202", 2, "accuracy", 0.93),
        _village("320924101203", 1, "accuracy", None),
    ]
    dimensions = [
        {"village_code": "320924101201", "dimension": "consistency", "value": 0.29,
         "lower": 0.08, "upper": 0.64},
        {"village_code": "320924101202", "dimension": "accuracy", "value": 0.88,
         "lower": 0.85, "upper": 0.91},
    ]  # fmt: skip
    kinds = {"320924101202": {"name_conflict": 3, "sex_conflict": 1}}
    chart = villages_chart(villages, dimensions, kinds, place)
    assert chart is not None and chart.percent
    first, second = chart.rows
    assert (first.label, first.title, first.text, first.reference_text) == (
        "胜利村（…201）", "consistency", "29%", "85%",
    )  # fmt: skip
    # No case of a consistency kind in 胜利村: the link opens all its cases.
    assert first.href == "/cases?village=320924101201&status="
    assert second.href == "/cases?village=320924101202&kind=name_conflict&status="
    assert chart.axis.low <= 0.08 and chart.axis.high == 1.0
    assert villages_chart(villages[2:], dimensions, kinds, place) is None


def _ratio(code: str, level: str, boys: int, girls: int) -> dict[str, Any]:
    result = sex_ratio_at_birth(boys, girls)
    return {"area": code, "level": level, "sex_ratio": result.to_dict()}


def test_sex_ratio_chart_says_too_few_births_instead_of_an_open_interval() -> None:
    areas = {
        "county": [_ratio("320924", "county", 540, 500)],
        "township": [_ratio("320924101", "township", 1, 0), _ratio("320924102", "township", 6, 4)],
    }
    chart = sex_ratio_chart(areas, place)
    assert chart is not None and chart.band == (102.0, 109.0)
    county, first, second = chart.rows
    assert county.value is not None and county.note is None and county.text == "108"
    assert first.value is None and first.note == "Too few births to tell" and first.text == "1"
    assert second.value is None and second.text == "10"
    assert first.href == "/cases?kind=sex_conflict&village=320924101&status="
    assert county.href == "/cases?kind=sex_conflict&status="
    # The axis covers the county's interval (about 96–122) and the normal range, no more.
    assert 80.0 <= chart.axis.low <= 96.0 and 122.0 <= chart.axis.high <= 140.0


def test_sex_ratio_chart_of_figures_kept_before_the_rule_decides_from_the_counts() -> None:
    """Figures cached by an older hedui have no too_few_to_tell: the counts decide."""
    row = _ratio("320924", "county", 3, 0)
    del row["sex_ratio"]["too_few_to_tell"]
    chart = sex_ratio_chart({"county": [row]}, place)
    assert chart is not None and not chart.drawn


@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 3000)), min_size=1, max_size=8))
def test_sex_ratio_axis_is_finite_and_covers_every_interval_drawn(
    counts: list[tuple[int, int]],
) -> None:
    areas = {
        "township": [_ratio(f"320924{i:03d}", "township", b, g) for i, (b, g) in enumerate(counts)]
    }
    chart = sex_ratio_chart(areas, place)
    if chart is None:
        assert all(b + g == 0 for b, g in counts)
        return
    assert math.isfinite(chart.axis.low) and math.isfinite(chart.axis.high)
    drawn = [r for r in chart.rows if r.value is not None]
    for row in drawn:
        assert row.lower is not None and row.upper is not None
        assert chart.axis.low <= row.lower and row.upper <= chart.axis.high
    ends = [v for r in drawn for v in (r.lower, r.upper) if v is not None] + [102.0, 109.0]
    assert chart.axis.high - chart.axis.low <= 2 * (max(ends) - min(ends)) + 1e-9
    for row, (boys, girls) in zip(chart.rows, [c for c in counts if sum(c)], strict=True):
        estimate = sex_ratio_at_birth(boys, girls)
        assert isinstance(estimate, SexRatioEstimate)
        assert (row.value is None) == estimate.too_few_to_tell


def _month(month: str, ledger: int, police: int, n_hat: float | None) -> MonthCompleteness:
    registered = {"village_ledger": ledger, "police_hukou": police, "health_births": ledger}
    if n_hat is None:
        return MonthCompleteness(month, "birth", registered, None, None, None, "重叠记录太少")
    return MonthCompleteness(month, "birth", registered, n_hat, n_hat - 1, n_hat + 2)


def test_completeness_chart_has_a_line_per_register_and_a_gap_where_no_estimate() -> None:
    months = [_month("2025-01", 18, 20, 20.0), _month("2025-02", 3, 3, None),
              _month("2025-03", 15, 10, 20.0)]  # fmt: skip
    chart = completeness_chart(months)
    assert chart is not None and chart.labels == ("2025-01", "2025-02", "2025-03")
    ledger, police = chart.series
    assert [p.value for p in ledger.points] == [0.9, None, 0.75]
    assert police.points[2].value == 0.5 and police.dashed
    assert ledger.points[0].href == "/cases?kind=birth_missing_in_village_ledger&status="
    assert chart.axis.low <= 0.5 and chart.axis.high == 1.0
    assert completeness_chart([_month("2025-01", 3, 3, None)]) is None


def test_cases_chart_counts_by_week_labelled_with_the_dates_of_the_work() -> None:
    # Monday 30 November 2026 to Sunday 6 December: one week; 7 December starts the next.
    days = [(date(2026, 12, 1), 40, 0), (date(2026, 12, 6), 2, 5), (date(2026, 12, 7), 0, 9)]
    chart = cases_chart(days)
    assert chart is not None and chart.period_name == "per week"
    newest, older = chart.groups
    assert (older.label, older.opened, older.closed) == ("2026年11月30日–12月6日", 42, 5)
    assert newest.label == "2026年12月7日–13日" and newest.label_in("en") == "7 Dec – 13 Dec 2026"
    assert older.closed_href == "/cases?status=resolved"
    assert (chart.axis.low, chart.axis.high) == (0.0, 50.0)
    assert cases_chart([]) is None


def test_cases_chart_counts_by_month_beyond_a_quarter() -> None:
    start = date(2026, 1, 5)
    days = [(start + timedelta(days=30 * i), 10 + i, i) for i in range(8)]
    chart = cases_chart(days)
    assert chart is not None and chart.period_name == "per month"
    assert chart.groups[0].label == "2026年8月" and chart.groups[-1].label == "2026年1月"
    assert period_label(date(2026, 3, 1), False, "en") == "Mar 2026"


def test_latest_change_compares_the_last_two_estimated_months() -> None:
    # January 18/20 = 90%, February not estimable, March 15/20 = 75%: −15 points since January.
    months = [_month("2025-01", 18, 20, 20.0), _month("2025-02", 3, 3, None),
              _month("2025-03", 15, 10, 20.0)]  # fmt: skip
    change = latest_change(months)
    assert change is not None
    assert (change.month, change.previous_month, change.points) == ("2025-03", "2025-01", -15)
    assert latest_change(months[:2]) is None
