"""The rules that decide, row by row, whether a record is kept, kept with a warning, or quarantined.

A record is worth keeping whenever it can still be linked, so one bad field never costs the
row: the field is left out (or kept at the precision it has) and the problem becomes a warning
naming the file, row and field, for the clerk to put right. A row is **quarantined** only when
it cannot be used at all:

* ``source`` or ``record_id`` is blank (or unusable: a control character, too long): the row
  could never be pointed back to;
* ``record_id`` repeats an earlier row's in the same source: the first row in the file is kept
  and every later one quarantined, naming the first, because which copy is right is for the clerk
  to decide and a record ID must stay unique within its source;
* ``event`` is blank or not one of the seven events: the event decides what the record is
  compared with, and what it counts towards;
* there is nothing to link on: no name (a placeholder such as 张丽之女 is a name), no ID number,
  no mother's name or ID number, and no date at all.

A row is **kept with a warning** when a field had to be left out:

* ``event_date`` blank, unreadable, impossible (1985-02-30), before 1900 or after today: null
  (a birth falls back to its ``birth_date`` and the warning says so);
* ``birth_date`` unreadable, impossible or out of range: null, with the year or year-month in
  ``birth_date_partial`` when those are readable (:mod:`.partial_dates`);
* ``sex`` not a sex code: null;
* a value holding a control character, or longer than its database column (:mod:`.text_fields`).

and when a value had to be guessed or is probably wrong but still useful: a birth date written
only to the year or month (``1948年3月``), an ambiguous date (``07/03/1985``, a two-digit year), a
``birth_date`` after the ``event_date`` (kept as written: registering a birth a day early is a
common slip), an ID number that fails its check or is malformed or is an old 15-digit one, a
birth whose ``birth_date`` differs from its ``event_date``, an ``address_code`` that is not 12
digits, a line break in a name or address. Warnings are only given for kept rows; a quarantined
row lists, beside the reason it was kept out, every field that would have been left out.

No row is ever dropped silently: every data row ends up in the records or in the quarantine.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from hedui.sources.date_fields import normalize_dates
from hedui.sources.fields import (
    FieldResult,
    check_address_codes,
    clean_text,
    normalize_events,
    normalize_sexes,
    nulls,
)
from hedui.sources.id_fields import normalize_id_numbers
from hedui.sources.partial_dates import normalize_birth_dates
from hedui.sources.schema import CANONICAL_COLUMNS, QuarantinedRow, SourceWarning
from hedui.sources.table import ROW_COLUMN
from hedui.sources.text_fields import check_controls, check_lengths, visible

__all__ = ["validate_records"]

# QUARANTINE keeps the row out; LEFT_OUT is a field left out (a warning for a kept row, listed
# with the quarantine of a row kept out); WARNING is a note about a kept row only.
_QUARANTINE, _LEFT_OUT, _WARNING = "quarantine", "left_out", "warning"
_FIELD_ORDER = {name: index for index, name in enumerate(("*", *CANONICAL_COLUMNS))}
_PROBLEM_SCHEMA = {
    ROW_COLUMN: pl.Int64,
    "field": pl.Utf8,
    "value": pl.Utf8,
    "reason": pl.Utf8,
    "severity": pl.Utf8,
}
# Columns kept as written (more or less): a control character must be looked for. The others
# are parsed, and a control character makes them unreadable.
_CONTROL_CHECKED = (
    "source",
    "record_id",
    "name",
    "id_number",
    "mother_name",
    "mother_id_number",
    "address_code",
    "address",
)
# Columns whose values can exceed their database column after normalisation.
_LENGTH_CHECKED = (
    "source",
    "record_id",
    "name",
    "id_number",
    "mother_name",
    "mother_id_number",
    "address",
)
# Columns whose only problems are those of their text (a control character, too long).
_CHECKED_ONLY = ("name", "id_number", "mother_name", "mother_id_number", "address_code", "address")
_FREE_TEXT = ("name", "mother_name", "address")
# What a record can be linked on: who it is about, and when.
_LINKABLE = (
    "name",
    "id_number",
    "mother_name",
    "mother_id_number",
    "event_date",
    "birth_date",
    "birth_date_partial",
)


def validate_records(
    frame: pl.DataFrame, *, path: str, extras: list[str], today: date
) -> tuple[pl.DataFrame, list[QuarantinedRow], list[SourceWarning]]:
    """Normalise the canonical columns of ``frame`` and split its rows by the module's rules.

    Args:
        frame: Every canonical column as written (``Utf8``), :data:`ROW_COLUMN`, and ``extras``.
        path: The file's name for quarantine rows and warnings.
        extras: The file's other columns, carried through unchanged after the canonical ones.
        today: Dates after this are impossible.

    Returns:
        The kept records (canonical columns normalised, then ``extras``), the quarantine and the
        warnings, both ordered by row and then by canonical column.
    """
    text = clean_text(frame, CANONICAL_COLUMNS)
    controls = check_controls(text, _CONTROL_CHECKED)
    text = text.with_columns(controls[c].values for c in _CONTROL_CHECKED)
    birth = normalize_birth_dates(text["birth_date"], text["birth_date_partial"], today=today)
    fields = {
        "event": normalize_events(text["event"]),
        "event_date": normalize_dates(text["event_date"], today=today),
        "birth_date": birth.day,
        "birth_date_partial": birth.partial,
        "sex": normalize_sexes(text["sex"]),
        "id_number": normalize_id_numbers(text["id_number"], today=today),
        "mother_id_number": normalize_id_numbers(text["mother_id_number"], today=today),
        "address_code": check_address_codes(text["address_code"]),
    }
    values = pl.DataFrame(
        [
            (fields[c].values if c in fields else text[c]).alias(c).cast(pl.Utf8)
            for c in CANONICAL_COLUMNS
        ]
    )
    lengths = check_lengths(values, _LENGTH_CHECKED)
    fallback = values.select(_falls_back_to_birth_date()).to_series()
    values = values.with_columns(
        *(lengths[c].values for c in _LENGTH_CHECKED),
        pl.when(fallback)
        .then(pl.col("birth_date"))
        .otherwise(pl.col("event_date"))
        .alias("event_date"),
        frame[ROW_COLUMN],
    )
    checks: dict[str, list[pl.Series]] = {c: [] for c in CANONICAL_COLUMNS}
    for column, result in controls.items():
        checks[column].append(result.errors)
    for column, result in lengths.items():
        checks[column].append(result.errors)
    problems = _problems(values, fields, checks, controls, fallback, frame)
    out = problems.filter(pl.col("severity") == _QUARANTINE)[ROW_COLUMN].unique().implode()
    kept_out = pl.col(ROW_COLUMN).is_in(out)
    records = pl.concat(
        [values.select(CANONICAL_COLUMNS), frame.select(extras)], how="horizontal"
    ).filter(~values[ROW_COLUMN].is_in(out))
    quarantine = [
        QuarantinedRow(path, row, field, visible(value), reason)
        for row, field, value, reason, _ in _ordered(
            problems.filter(kept_out & (pl.col("severity") != _WARNING))
        ).iter_rows()
    ]
    warnings = [
        SourceWarning(path, row, field, visible(value), reason)
        for row, field, value, reason, _ in _ordered(
            problems.filter(~kept_out & (pl.col("severity") != _QUARANTINE))
        ).iter_rows()
    ]
    return records, quarantine, warnings


def _falls_back_to_birth_date() -> pl.Expr:
    """A birth without a usable event date happened on the day the child was born."""
    return (
        (pl.col("event") == "birth")
        & pl.col("event_date").is_null()
        & pl.col("birth_date").is_not_null()
    ).fill_null(False)


def _problems(
    values: pl.DataFrame,
    fields: dict[str, FieldResult],
    checks: dict[str, list[pl.Series]],
    controls: dict[str, FieldResult],
    fallback: pl.Series,
    raw: pl.DataFrame,
) -> pl.DataFrame:
    """Every problem of every row, with its severity, in the order of the rules."""

    def left_out(column: str, *more: pl.Series) -> pl.Series:
        # The first reason a value was left out: its text, then what reading it found.
        return _first(*checks[column], *more)

    rules: list[tuple[str, str, pl.Series]] = [
        ("source", _QUARANTINE, left_out("source", _when(values["source"].is_null(), _NO_SOURCE))),
        (
            "record_id",
            _QUARANTINE,
            left_out("record_id", _when(values["record_id"].is_null(), _NO_RECORD_ID)),
        ),
        ("record_id", _QUARANTINE, _duplicates(values)),
        ("event", _QUARANTINE, left_out("event", fields["event"].errors)),
        ("event_date", _LEFT_OUT, _event_date_problem(values, fields, checks, fallback)),
        ("birth_date", _LEFT_OUT, left_out("birth_date", fields["birth_date"].errors)),
        (
            "birth_date_partial",
            _LEFT_OUT,
            left_out("birth_date_partial", fields["birth_date_partial"].errors),
        ),
        ("sex", _LEFT_OUT, left_out("sex", fields["sex"].errors)),
        *((column, _LEFT_OUT, left_out(column)) for column in _CHECKED_ONLY),
        ("name", _QUARANTINE, _when(_nothing_to_link_on(values), _NOTHING_TO_LINK_ON)),
        ("event_date", _WARNING, fields["event_date"].notes),
        ("birth_date", _WARNING, fields["birth_date"].notes),
        ("birth_date", _WARNING, _when(_born_after_event(values), _BORN_AFTER_EVENT)),
        ("birth_date", _WARNING, _when(_birth_date_differs(values), _BIRTH_DATE_DIFFERS)),
        ("id_number", _WARNING, fields["id_number"].notes),
        ("mother_id_number", _WARNING, fields["mother_id_number"].notes),
        ("address_code", _WARNING, fields["address_code"].notes),
        *((column, _WARNING, controls[column].notes) for column in _FREE_TEXT),
    ]
    rows = values[ROW_COLUMN]
    pieces = [pl.DataFrame(schema=_PROBLEM_SCHEMA)]
    for field, severity, reasons in rules:
        hit = reasons.is_not_null()
        if not hit.any():
            continue
        count = int(hit.sum())
        pieces.append(
            pl.DataFrame(
                {
                    ROW_COLUMN: rows.filter(hit),
                    "field": [field] * count,
                    "value": raw[field].filter(hit),
                    "reason": reasons.filter(hit),
                    "severity": [severity] * count,
                },
                schema=_PROBLEM_SCHEMA,
            )
        )
    return pl.concat(pieces)


def _ordered(problems: pl.DataFrame) -> pl.DataFrame:
    order = pl.col("field").replace_strict(_FIELD_ORDER, return_dtype=pl.Int64)
    return problems.sort([pl.col(ROW_COLUMN), order], maintain_order=True)


def _when(condition: pl.Series, reason: str) -> pl.Series:
    return pl.select(pl.when(condition).then(pl.lit(reason)).alias("reason")).to_series()


def _first(*reasons: pl.Series) -> pl.Series:
    if len(reasons) == 1:
        return reasons[0]
    return pl.select(pl.coalesce(reasons).alias("reason")).to_series()


def _event_date_problem(
    values: pl.DataFrame,
    fields: dict[str, FieldResult],
    checks: dict[str, list[pl.Series]],
    fallback: pl.Series,
) -> pl.Series:
    """Why the event date was left out, and for a birth that its birth date was used."""
    parsed = fields["event_date"]
    blank = parsed.values.is_null() & parsed.errors.is_null()
    problem = _first(*checks["event_date"], parsed.errors, _when(blank, _NO_EVENT_DATE))
    born = values["birth_date"]
    used = pl.format("{}（按出生日期 {} 记 / birth_date {} used instead）", problem, born, born)
    return pl.select(pl.when(fallback).then(used).otherwise(problem).alias("reason")).to_series()


def _duplicates(values: pl.DataFrame) -> pl.Series:
    """Reason for every row repeating an earlier row's (source, record_id), naming that row.

    Duplicates are rare, so the keys are first hashed: when the hashes are all distinct there is
    nothing to do (a hash collision only sends the column down the exact path).
    """
    keys = values.select("source", "record_id", ROW_COLUMN).filter(
        pl.col("record_id").is_not_null()
    )
    reasons = nulls(values.height, "reason")
    if keys.select("source", "record_id").hash_rows().n_unique() == keys.height:
        return reasons
    first = pl.col(ROW_COLUMN).min().over(["source", "record_id"])
    repeats = keys.with_columns(first.alias("first")).filter(pl.col(ROW_COLUMN) != pl.col("first"))
    message = repeats.select(
        pl.format(
            "记录号与第 {} 行重复；保留了第一行，请核对后删除或改号 / record_id repeats row {}; "
            "the first row was kept: check which is right, then delete this row or give it a "
            "new id",
            "first",
            "first",
        )
    ).to_series()
    positions = values[ROW_COLUMN].is_in(repeats[ROW_COLUMN].implode()).arg_true()
    return reasons.scatter(positions, message)


def _born_after_event(values: pl.DataFrame) -> pl.Series:
    """Whether the birth date, or the year or month it is known to, lies after the event."""
    event = pl.col("event_date")
    partial = pl.col("birth_date_partial")
    event_part = pl.when(partial.str.len_chars() == 4).then(event.str.slice(0, 4))
    # ISO dates, and their year and year-month prefixes, compare correctly as text.
    after = (pl.col("birth_date") > event) | (partial > event_part.otherwise(event.str.slice(0, 7)))
    return values.select(after.fill_null(False)).to_series()


def _birth_date_differs(values: pl.DataFrame) -> pl.Series:
    is_birth = values["event"] == "birth"
    return (is_birth & (values["birth_date"] < values["event_date"])).fill_null(False)


def _nothing_to_link_on(values: pl.DataFrame) -> pl.Series:
    return values.select(pl.all_horizontal(pl.col(c).is_null() for c in _LINKABLE)).to_series()


_NO_SOURCE = "来源为空；请填写或用 --source 指定 / source is empty: fill it in or use --source"
_NO_RECORD_ID = "记录号为空，无法回查这一行 / record_id is empty, so the row cannot be traced back"
_NO_EVENT_DATE = "事件日期为空 / event_date is empty"
_BORN_AFTER_EVENT = (
    "出生日期晚于事件日期，已按原样保留；常见的是登记时差了一天，请核对 / birth_date is after "
    "event_date; kept as written (often a one-day slip): check it"
)
_BIRTH_DATE_DIFFERS = (
    "出生事件的出生日期与事件日期不同 / "
    "for a birth, birth_date and event_date should be the same day"
)
_NOTHING_TO_LINK_ON = (
    "姓名、身份证号、母亲姓名和身份证号、日期都为空，无法确定是谁 / no name, ID number, "
    "mother or date: nothing to link on"
)
