"""The health-services section prints suppressed aggregates only, in both editions."""

from __future__ import annotations

import polars as pl

from hedui.health.coverage import ATTENDANCE_RATES, RATE_COLUMNS, attendance_rate, suppress
from hedui.reports.section_health import health_section

TOWNSHIP = "320924101"


def _figures(
    screened: int, positive: int, results: int, completed: int, due: int = 0, done: int = 0
) -> list[dict[str, object]]:
    row = {
        "township_code": TOWNSHIP,
        "month": "2025-12",
        "programme": "cervical",
        "programme_name_zh": "宫颈癌筛查",
        "programme_name_en": "Cervical screening",
        "screened": screened,
        "positive": positive,
        "positive_results": results,
        "distributed": 0,
        "withdrawn": 0,
        "positive_rate": positive / screened,
        "referral_rate": attendance_rate(completed, results),
        "referral_completion_rate": attendance_rate(completed, results),
        "follow_up_completion_rate": attendance_rate(done, due),
    }
    rates = [*RATE_COLUMNS, *ATTENDANCE_RATES]
    frame = pl.DataFrame([row]).with_columns(pl.col(r).cast(pl.Float64) for r in rates)
    return suppress(frame).to_dicts()


def test_health_section_prints_counts_and_rates_of_large_cells() -> None:
    # 40 screened, 10 positive (25.0%), 20 results of which 15 completed (75.0%: 5 did not).
    [table] = health_section(_figures(40, 10, 20, 15), {TOWNSHIP: "盘湾镇"}).tables
    [row] = table.rows
    texts = [cell.text for cell in row]
    assert texts[0].startswith("盘湾镇") and "宫颈癌筛查" in texts[2]
    assert (texts[3], texts[4], texts[5]) == ("40", "25.0%", "75.0%")
    assert row[3].value == 40


def test_health_section_never_prints_a_small_count_or_a_rate_resting_on_one() -> None:
    # 3 positive of 40: the count becomes "<5" and the positive rate "—"; 3 of 3 referrals
    # completed rests on 3 people, and 9 of 12 follow-ups on the 3 who did not come: blank.
    [table] = health_section(_figures(40, 3, 3, 3, due=12, done=9), {}).tables
    [row] = table.rows
    assert row[4].text == "—" and row[5].text == "" and row[6].text == ""
    assert all(cell.value is None or not 1 <= cell.value <= 4 for cell in row)


def test_health_section_without_figures_says_so() -> None:
    section = health_section([], {})
    assert not section.tables and "no health-service figures" in section.paragraphs[0]
