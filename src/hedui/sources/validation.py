"""The rules that decide, row by row, whether a record is kept, kept with a warning, or quarantined.

A row is **quarantined** when it cannot be used at all, or using it would mislead:

* ``source`` or ``record_id`` is blank: the row could never be pointed back to;
* ``record_id`` repeats an earlier row's in the same source: the first row in the file is kept
  and every later one quarantined, naming the first, because which copy is right is for the clerk
  to decide and a record ID must stay unique within its source;
* ``event`` is blank or not one of the seven events;
* ``event_date`` is blank, unreadable, impossible (1985-02-30), before 1900 or after today;
* ``birth_date`` is given but unreadable, impossible, before 1900 or after today;
* ``birth_date`` is after ``event_date``: nobody dies, marries or moves before being born;
* ``sex`` is not a sex code;
* nothing identifies the person: no name and no ID number (for a birth, no mother either).

A row is **kept with a warning** when a value had to be guessed or is probably wrong but still
useful: an ambiguous date (``07/03/1985``, a two-digit year), an ID number that fails its check or
is malformed or is an old 15-digit one, a birth whose ``birth_date`` differs from its
``event_date``, an ``address_code`` that is not 12 digits. Warnings are only given for kept rows.

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
from hedui.sources.schema import CANONICAL_COLUMNS, QuarantinedRow, SourceWarning
from hedui.sources.table import ROW_COLUMN

__all__ = ["validate_records"]

_QUARANTINE, _WARNING = "quarantine", "warning"
_FIELD_ORDER = {name: index for index, name in enumerate(("*", *CANONICAL_COLUMNS))}
_PROBLEM_SCHEMA = {
    ROW_COLUMN: pl.Int64,
    "field": pl.Utf8,
    "value": pl.Utf8,
    "reason": pl.Utf8,
    "severity": pl.Utf8,
}


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
    fields = {
        "event": normalize_events(text["event"]),
        "event_date": normalize_dates(text["event_date"], today=today),
        "birth_date": normalize_dates(text["birth_date"], today=today),
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
    ).with_columns(frame[ROW_COLUMN])
    problems = _problems(values, fields, frame)
    quarantined = problems.filter(pl.col("severity") == _QUARANTINE)[ROW_COLUMN].unique()
    kept = ~values[ROW_COLUMN].is_in(quarantined.implode())
    records = pl.concat(
        [values.select(CANONICAL_COLUMNS), frame.select(extras)], how="horizontal"
    ).filter(kept)
    warnings_frame = problems.filter(
        (pl.col("severity") == _WARNING) & ~pl.col(ROW_COLUMN).is_in(quarantined.implode())
    )
    quarantine = [
        QuarantinedRow(path, row, field, value, reason)
        for row, field, value, reason, _ in _ordered(
            problems.filter(pl.col("severity") == _QUARANTINE)
        ).iter_rows()
    ]
    warnings = [
        SourceWarning(path, row, field, value, reason)
        for row, field, value, reason, _ in _ordered(warnings_frame).iter_rows()
    ]
    return records, quarantine, warnings


def _problems(
    values: pl.DataFrame, fields: dict[str, FieldResult], raw: pl.DataFrame
) -> pl.DataFrame:
    rules: list[tuple[str, str, pl.Series]] = [
        ("source", _QUARANTINE, _when(values["source"].is_null(), _MISSING_SOURCE)),
        ("record_id", _QUARANTINE, _when(values["record_id"].is_null(), _MISSING_ID)),
        ("record_id", _QUARANTINE, _duplicates(values)),
        ("event", _QUARANTINE, fields["event"].errors),
        ("event_date", _QUARANTINE, _required_date(fields["event_date"])),
        ("birth_date", _QUARANTINE, fields["birth_date"].errors),
        ("birth_date", _QUARANTINE, _when(_born_after_event(values), _BORN_AFTER_EVENT)),
        ("sex", _QUARANTINE, fields["sex"].errors),
        ("name", _QUARANTINE, _when(_unidentified(values), _UNIDENTIFIED)),
        ("event_date", _WARNING, fields["event_date"].notes),
        ("birth_date", _WARNING, fields["birth_date"].notes),
        ("birth_date", _WARNING, _when(_birth_date_differs(values), _BIRTH_DATE_DIFFERS)),
        ("id_number", _WARNING, fields["id_number"].notes),
        ("mother_id_number", _WARNING, fields["mother_id_number"].notes),
        ("address_code", _WARNING, fields["address_code"].notes),
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


def _required_date(parsed: FieldResult) -> pl.Series:
    blank = parsed.values.is_null() & parsed.errors.is_null()
    return parsed.errors.fill_null(_when(blank, _MISSING_EVENT_DATE))


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
    # ISO dates compare correctly as text.
    return (values["birth_date"] > values["event_date"]).fill_null(False)


def _birth_date_differs(values: pl.DataFrame) -> pl.Series:
    is_birth = values["event"] == "birth"
    return (is_birth & (values["birth_date"] < values["event_date"])).fill_null(False)


def _unidentified(values: pl.DataFrame) -> pl.Series:
    nobody = values["name"].is_null() & values["id_number"].is_null()
    mother = values["mother_name"].is_not_null() | values["mother_id_number"].is_not_null()
    newborn_with_mother = (values["event"] == "birth").fill_null(False) & mother
    return nobody & ~newborn_with_mother


_MISSING_SOURCE = "来源为空；请填写或用 --source 指定 / source is empty: fill it in or use --source"
_MISSING_ID = "记录号为空，无法回查这一行 / record_id is empty, so the row cannot be traced back"
_MISSING_EVENT_DATE = "事件日期为空 / event_date is empty"
_BORN_AFTER_EVENT = (
    "出生日期晚于事件日期 / birth_date is after event_date: nobody has an event before birth"
)
_BIRTH_DATE_DIFFERS = (
    "出生事件的出生日期与事件日期不同 / "
    "for a birth, birth_date and event_date should be the same day"
)
_UNIDENTIFIED = (
    "姓名和身份证号都为空，无法确定是谁 / both name and id_number are empty: nobody to link"
)
