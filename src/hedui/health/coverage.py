"""Coverage figures: how well the services reach the people who joined them, as rates.

One row per township, month and programme:

============================  ==============================================================
``screened``                  people with a screening visit that month
``positive``                  of those, people whose screening was positive
``positive_rate``             ``positive / screened``
``positive_results``          positive results of any visit that month (each needs a referral)
``referral_rate``             share of those with a referral recorded
``referral_completion_rate``  share of those whose referral the person completed
``follow_up_completion_rate`` share of the follow-up visits due that month (up to ``today``)
                              that were made
``distributed``               items handed out that month (folic acid packs)
``withdrawn``                 people who withdrew that month (the anonymous count)
============================  ==============================================================

**Rates, never counts of people who did not come.** "12 follow-ups due, 9 done" per township
and month says that three women did not come back — a list of who did not come, in miniature,
for anyone who knows the township. So who came and who was due are not printed as counts, only
as the three attendance rates above, and an attendance rate is itself left out (null) unless at
least five people came and the people who did not are none or at least five
(:func:`attendance_rate`): 9 of 12 (75%) is not shown, because 3 did not come; 0 of 12 is not
shown either, since then all 12 stayed away. A visit the person declined is neither due nor
made: saying no is not a failure of the service.

:func:`coverage_figures` gives these figures for health staff. Public output (the monthly
report, the dashboard for roles that are not health staff) uses
:func:`suppressed_coverage_figures`: a count of 1 to 4 becomes ``"<5"`` and a positive rate
resting on such a count becomes ``"—"``, because in a township a handful of positive screenings
can be recognised as particular women. Rows are never produced for people who did not enrol —
there is no denominator of "eligible population" here, by design.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.health.catalogue import all_programmes
from hedui.health.config import VisitKind
from hedui.health.progress import load_progress
from hedui.period import Period
from hedui.store.areas import in_area
from hedui.store.health import HealthWithdrawalCount

__all__ = [
    "ATTENDANCE_RATES",
    "COUNT_COLUMNS",
    "RATE_COLUMNS",
    "SMALL_CELL_MAX",
    "attendance_rate",
    "coverage_figures",
    "suppressed_coverage_figures",
]

SMALL_CELL_MAX = 4
COUNT_COLUMNS = ("screened", "positive", "positive_results", "distributed", "withdrawn")
RATE_COLUMNS = {"positive_rate": ("positive", "screened")}
"""Rates of counts that are printed: public output hides one whose counts are 1–4."""
ATTENDANCE_RATES = {
    "referral_rate": ("referred", "positive_results"),
    "referral_completion_rate": ("referral_completed", "positive_results"),
    "follow_up_completion_rate": ("follow_up_done", "follow_up_due"),
}
"""Share of people who came of those due: (who came, who was due), counted but never printed."""
_KEYS = ("township_code", "month", "programme", "programme_name_zh", "programme_name_en")


def attendance_rate(came: int, due: int) -> float | None:
    """``came / due``, or ``None`` when nothing was due or the rate would point at few people.

    The rate is left out when 1 to 4 people came or 1 to 4 did not (``due - came``): with the
    rate and a little knowledge of the township, either group could be named. It is left out
    when nobody came, too: 0% says of every person due that they stayed away.

    >>> attendance_rate(9, 12), attendance_rate(45, 50), attendance_rate(0, 12)
    (None, 0.9, None)
    """
    missed = due - came
    if came <= SMALL_CELL_MAX or 1 <= missed <= SMALL_CELL_MAX:
        return None
    return round(came / due, 4)


def coverage_figures(
    session: Session, *, area_code: str, period: Period | None = None, today: date | None = None
) -> pl.DataFrame:
    """Exact figures for ``area_code`` (any level), optionally one month or year, sorted.

    Args:
        session: A database session.
        area_code: Only enrolments whose village lies in this area are counted.
        period: Keep only months inside it (``None``: every month).
        today: Follow-ups due after this day are not counted as due (default: today).
    """
    today = today or date.today()
    counts: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(township: str, day: date, programme: str, column: str, amount: int = 1) -> None:
        if period is None or period.contains(day):
            counts[(township, day.strftime("%Y-%m"), programme)][column] += amount

    for p in load_progress(session, area_code=area_code):
        township, code = p.enrolment.village_code[:9], p.programme.code
        for visit in p.schedule:
            done = visit.recorded
            if done is not None and done.declined:
                continue
            if visit.spec.kind is VisitKind.FOLLOW_UP and visit.due <= today:
                add(township, visit.due, code, "follow_up_due")
                add(township, visit.due, code, "follow_up_done", int(done is not None))
            if done is None:
                continue
            if visit.spec.kind is VisitKind.SCREENING:
                add(township, done.visit_date, code, "screened")
                add(township, done.visit_date, code, "positive", int(bool(done.positive)))
            if visit.spec.kind is VisitKind.DISTRIBUTION:
                add(township, done.visit_date, code, "distributed", done.quantity or 0)
            if done.positive:
                referral = p.referral_for(done)
                add(township, done.visit_date, code, "positive_results")
                add(township, done.visit_date, code, "referred", int(referral is not None))
                completed = referral is not None and referral.completed_on is not None
                add(township, done.visit_date, code, "referral_completed", int(completed))
    for row in session.scalars(
        select(HealthWithdrawalCount).where(
            in_area(HealthWithdrawalCount.township_code, area_code[:9])
        )
    ):
        month = date.fromisoformat(row.month + "-01")
        add(row.township_code, month, row.programme_code, "withdrawn", row.count)
    return _frame(session, counts)


def _frame(session: Session, counts: dict[tuple[str, str, str], dict[str, int]]) -> pl.DataFrame:
    names = {p.code: p for p in all_programmes(session)}
    rows = []
    for (township, month, code), figures in sorted(counts.items()):
        programme = names.get(code)
        row: dict[str, object] = {
            "township_code": township,
            "month": month,
            "programme": code,
            "programme_name_zh": programme.name_zh if programme else code,
            "programme_name_en": programme.name_en if programme else code,
        }
        row.update({column: figures.get(column, 0) for column in COUNT_COLUMNS})
        for rate, (numerator, denominator) in RATE_COLUMNS.items():
            low = figures.get(denominator, 0)
            row[rate] = round(figures.get(numerator, 0) / low, 4) if low else None
        for rate, (came, due) in ATTENDANCE_RATES.items():
            row[rate] = attendance_rate(figures.get(came, 0), figures.get(due, 0))
        rows.append(row)
    schema: dict[str, pl.DataType] = {key: pl.Utf8() for key in _KEYS}
    schema.update({column: pl.Int64() for column in COUNT_COLUMNS})
    schema.update({rate: pl.Float64() for rate in [*RATE_COLUMNS, *ATTENDANCE_RATES]})
    return pl.DataFrame(rows, schema=schema, orient="row")


def suppressed_coverage_figures(
    session: Session, *, area_code: str, period: Period | None = None, today: date | None = None
) -> pl.DataFrame:
    """The same rows for public output, every figure as text, small cells suppressed."""
    return suppress(coverage_figures(session, area_code=area_code, period=period, today=today))


def suppress(figures: pl.DataFrame) -> pl.DataFrame:
    """Counts 1–4 → ``"<5"``; a positive rate whose numerator or denominator is 1–4 → ``"—"``;
    attendance rates (already left out where they point at few people) as text."""

    def small(column: str) -> pl.Expr:
        return pl.col(column).is_between(1, SMALL_CELL_MAX)

    counts = [
        pl.when(small(c)).then(pl.lit("<5")).otherwise(pl.col(c).cast(pl.Utf8)).alias(c)
        for c in COUNT_COLUMNS
    ]
    rates = [
        pl.when(small(numerator) | small(denominator))
        .then(pl.lit("—"))
        .otherwise(pl.col(rate).round(3).cast(pl.Utf8))
        .alias(rate)
        for rate, (numerator, denominator) in RATE_COLUMNS.items()
    ]
    attendance = [pl.col(rate).round(3).cast(pl.Utf8).alias(rate) for rate in ATTENDANCE_RATES]
    return figures.with_columns(rates + attendance).with_columns(counts)
