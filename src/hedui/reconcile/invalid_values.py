"""Invalid values: what one record says that cannot be right, whatever the other sources say.

Each check is a column-wise filter over every record (a county has three million), and each
record it catches becomes one finding of its kind:

| kind | the record … |
|---|---|
| ``invalid_id_check_digit`` | has 18 characters whose MOD 11-2 check character is wrong |
| ``id_birth_date_mismatch`` | has a valid ID whose birth date differs from its own birth date |
| ``id_sex_mismatch`` | has a valid ID whose sex digit differs from its own sex |
| ``death_before_birth`` | is a death dated before the person's birth |
| ``spouse_under_legal_age`` | is a marriage where a partner is below the legal age that day |
| ``future_date`` | has an event, birth or recording date after the reference date |
| ``partial_birth_date`` | gives its birth date only to the year or month (``birth_date_partial``) |
| ``missing_event_date`` | has no date of its event (a birth: no birth date either) |
| ``born_after_event_date`` | gives a birth date after its event date (a death: see above) |

A marriage below the legal age cannot be registered, so such a record almost always holds a
wrong birth date, ID or event date: the explanation asks for the record to be verified.

The last three are what the reader let through rather than drop a record for one field
(:mod:`hedui.sources.validation`): a birth date it could read only to the year or month, an
event date it left out (a birth's falls back to the birth date, so a birth lacks one only when
it has no birth date either), a birth date after the event date (kept as written). They are
judged on the link directory alone (the reader's ``sources.parquet`` with its
``birth_date_partial``; a birth date linkage completed from a valid ID counts as known), so a
run on files and the web's run on the ledger, exported in the same columns, find the same.
A resident list is a snapshot, not an event: its records are never ``missing_event_date``.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from hedui.event_dates import PARTIAL_COLUMN, record_event_date
from hedui.identity.resident_id_columns import check_character_expr
from hedui.reconcile.findings import Finding, make_finding
from hedui.reconcile.invalid_text import explain_invalid
from hedui.reconcile.options import ReconcileOptions
from hedui.reconcile.source_records import spouse_ids

__all__ = ["INVALID_KINDS", "age_on", "find_invalid_values"]

INVALID_KINDS = (
    "invalid_id_check_digit",
    "id_birth_date_mismatch",
    "id_sex_mismatch",
    "death_before_birth",
    "spouse_under_legal_age",
    "future_date",
    "partial_birth_date",
    "missing_event_date",
    "born_after_event_date",
)
"""The invalid-value kinds, in the order :func:`find_invalid_values` returns them."""

_ID18 = r"^[0-9]{17}[0-9X]$"
_FUTURE_COLUMNS = {
    "event_date": "event_date",
    "birth_date": "raw_birth_date",
    "recorded_date": "recorded_date",
}
"""Dates that cannot lie after the reference date: name in the explanation → column."""


def age_on(day: pl.Expr, birth: pl.Expr) -> pl.Expr:
    """Age in full years on ``day`` of someone born on ``birth`` (both ``pl.Date``)."""

    def month_day(value: pl.Expr) -> pl.Expr:
        # dt.month() is Int8: widen before multiplying, or 6 * 100 wraps around.
        return value.dt.month().cast(pl.Int32) * 100 + value.dt.day().cast(pl.Int32)

    before_birthday = month_day(day) < month_day(birth)
    return day.dt.year() - birth.dt.year() - before_birthday.cast(pl.Int32)


def _id_birth_date() -> pl.Expr:
    """The birth date (ISO text) in the 18-digit form of a valid ID number."""
    return pl.concat_str(
        [
            pl.col("id18").str.slice(6, 4),
            pl.col("id18").str.slice(10, 2),
            pl.col("id18").str.slice(12, 2),
        ],
        separator="-",
    )


def _id_checks(records: pl.DataFrame) -> dict[str, pl.DataFrame]:
    # A valid ID has a right check character, so only the others are recomputed.
    shaped = records.filter(
        ~pl.col("id_valid").fill_null(False) & pl.col("id_raw").str.contains(_ID18).fill_null(False)
    ).with_columns(check_character_expr(pl.col("id_raw").str.slice(0, 17)).alias("other_value"))
    valid = records.filter(pl.col("id_valid").fill_null(False))
    birth = valid.filter(
        pl.col("raw_birth_date").str.replace_all("-", "", literal=True)
        != pl.col("id18").str.slice(6, 8)
    )
    id_sex = (
        pl.when(pl.col("id18").str.slice(16, 1).cast(pl.Int32, strict=False) % 2 == 1)
        .then(pl.lit("1"))
        .otherwise(pl.lit("2"))
    )
    sex = valid.filter(pl.col("raw_sex").is_in(["1", "2"]) & (pl.col("raw_sex") != id_sex))
    id_birth = _id_birth_date()
    return {
        "invalid_id_check_digit": shaped.filter(
            pl.col("other_value") != pl.col("id_raw").str.slice(17, 1)
        ).with_columns(pl.col("id_raw").alias("record_value")),
        "id_birth_date_mismatch": birth.with_columns(
            pl.col("raw_birth_date").alias("record_value"), id_birth.alias("other_value")
        ),
        "id_sex_mismatch": sex.with_columns(
            pl.col("raw_sex").alias("record_value"), id_sex.alias("other_value")
        ),
    }


def _death_before_birth(records: pl.DataFrame) -> pl.DataFrame:
    # ISO text compares in date order.
    return records.filter(
        (pl.col("event") == "death") & (pl.col("event_date") < pl.col("birth_date"))
    ).with_columns(
        pl.col("event_date").alias("record_value"), pl.col("birth_date").alias("other_value")
    )


def _under_age(records: pl.DataFrame, options: ReconcileOptions) -> pl.DataFrame:
    marriages = records.filter(pl.col("event") == "marriage")
    spouses = spouse_ids(marriages.get_column("spouse_id_number").drop_nulls())
    marriages = marriages.join(spouses, on="spouse_id_number", how="left")

    def legal(sex: str) -> pl.Expr:
        return (
            pl.when(pl.col(sex) == "1")
            .then(options.marriage_age_men)
            .when(pl.col(sex) == "2")
            .then(options.marriage_age_women)
        )

    day = pl.col("event_date").str.to_date("%Y-%m-%d", strict=False)
    own = age_on(day, pl.col("birth_date").str.to_date("%Y-%m-%d", strict=False))
    spouse = age_on(day, pl.col("spouse_birth_date"))
    return marriages.filter(
        ((own < legal("sex")) | (spouse < legal("spouse_sex"))).fill_null(False)
    ).with_columns(
        pl.when(own < legal("sex")).then(own.cast(pl.Utf8)).alias("record_value"),
        pl.when(spouse < legal("spouse_sex")).then(spouse.cast(pl.Utf8)).alias("other_value"),
    )


def _future(records: pl.DataFrame, today: date) -> pl.DataFrame:
    after = today.isoformat()
    late = [
        pl.when(pl.col(c) > after).then(pl.lit(f"{name}=") + pl.col(c))
        for name, c in _FUTURE_COLUMNS.items()
    ]
    return records.filter(
        pl.any_horizontal([pl.col(c) > after for c in _FUTURE_COLUMNS.values()]).fill_null(False)
    ).with_columns(
        pl.concat_str(late, separator="; ", ignore_nulls=True).alias("record_value"),
        pl.lit(after).alias("other_value"),
    )


def _partial_birth_date(records: pl.DataFrame) -> pl.DataFrame:
    # The ID's birth date, where the record has a valid one, tells the clerk the whole day.
    id_birth = _id_birth_date()
    return records.filter(
        pl.col("raw_birth_date").is_null() & pl.col(PARTIAL_COLUMN).is_not_null()
    ).with_columns(
        pl.col(PARTIAL_COLUMN).alias("record_value"),
        pl.when(pl.col("id_valid").fill_null(False)).then(id_birth).alias("other_value"),
    )


def _missing_event_date(records: pl.DataFrame) -> pl.DataFrame:
    # A birth is dated by its birth date; one known to the year or month is partial_birth_date.
    birth_known = (pl.col("event") == "birth") & pl.col(PARTIAL_COLUMN).is_not_null()
    return records.filter(
        record_event_date().is_null() & (pl.col("event") != "resident") & ~birth_known
    ).with_columns(
        pl.lit(None, pl.Utf8).alias("record_value"), pl.col("recorded_date").alias("other_value")
    )


def _born_after_event_date(records: pl.DataFrame) -> pl.DataFrame:
    # ISO dates and their year and year-month prefixes compare correctly as text; a partial
    # birth date is compared with as much of the event date as it has.
    event = pl.col("event_date")
    partial = pl.col(PARTIAL_COLUMN)
    prefix = pl.when(partial.str.len_chars() == 4).then(event.str.slice(0, 4))
    whole = pl.col("birth_date") > event
    after = (
        pl.when(pl.col("birth_date").is_not_null())
        .then(whole)
        .otherwise(partial > prefix.otherwise(event.str.slice(0, 7)))
    )
    # A death with a whole birth date after it is already death_before_birth.
    already = (pl.col("event") == "death") & whole.fill_null(False)
    return records.filter((after & ~already).fill_null(False)).with_columns(
        pl.coalesce("birth_date", PARTIAL_COLUMN).alias("record_value"),
        event.alias("other_value"),
    )


def find_invalid_values(
    records: pl.DataFrame, options: ReconcileOptions | None = None
) -> list[Finding]:
    """One finding per record and invalid value (see the module docstring for the kinds).

    Args:
        records: As :func:`hedui.reconcile.source_records.read_source_records` returns them.
        options: Legal marriage ages and the reference date; ``None``: the defaults.

    Returns:
        Findings in the order of :data:`INVALID_KINDS`, then source and record.
    """
    options = options or ReconcileOptions()
    caught = {
        **_id_checks(records),
        "death_before_birth": _death_before_birth(records),
        "spouse_under_legal_age": _under_age(records, options),
        "future_date": _future(records, options.today),
        "partial_birth_date": _partial_birth_date(records),
        "missing_event_date": _missing_event_date(records),
        "born_after_event_date": _born_after_event_date(records),
    }
    findings: list[Finding] = []
    event_date = record_event_date().alias("event_date")
    wanted: list[str | pl.Expr] = ["source", "record_id", "event", "village_code", event_date]
    for kind in INVALID_KINDS:
        rows = caught[kind].select(*wanted, "record_value", "other_value")
        for row in rows.sort("source", "record_id").iter_rows(named=True):
            source = str(row["source"])
            findings.append(
                make_finding(
                    kind,
                    str(row["event"]),
                    str(row["village_code"] or ""),
                    [(source, str(row["record_id"]))],
                    explain_invalid(kind, row, options),
                    field=_FIELD[kind],
                    values={
                        k: str(v)
                        for k, v in (
                            (source, row["record_value"]),
                            (_OTHER[kind], row["other_value"]),
                        )
                        if v is not None
                    },
                    event_date=row["event_date"],
                )
            )
    return findings


_OTHER = {
    "invalid_id_check_digit": "check_character",
    "id_birth_date_mismatch": "from_id",
    "id_sex_mismatch": "from_id",
    "death_before_birth": "birth_date",
    "spouse_under_legal_age": "spouse_age",
    "future_date": "reference_date",
    "partial_birth_date": "from_id",
    "missing_event_date": "recorded_date",
    "born_after_event_date": "event_date",
}
"""Key of the second entry of ``values``: what the record's value is compared against."""

_FIELD = {
    "invalid_id_check_digit": "id_number",
    "id_birth_date_mismatch": "birth_date",
    "id_sex_mismatch": "sex",
    "death_before_birth": "event_date",
    "spouse_under_legal_age": "birth_date",
    "future_date": "event_date",
    "partial_birth_date": "birth_date",
    "missing_event_date": "event_date",
    "born_after_event_date": "birth_date",
}
