"""Injecting a source's errors into its records and keeping exact account of them.

Every record carries a bit set of the error kinds it received (:data:`ERROR_KINDS`, in that
order in ``truth.csv``). Kinds of one field that exclude each other are drawn from a single
uniform number, so each happens with exactly its rate among the records where it is possible.
A field already changed (for instance by the village ledger, before the township database
copied the record) is not corrupted again by the same family of errors, so the truth stays
exact: every change to a value is named once.

Duplicates are added before the errors are drawn: the copy and the original then get their
errors independently, which is how the same event typed twice usually differs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from hedui.synth import corruptions
from hedui.synth.records import Records
from hedui.synth.source_params import ErrorRates

__all__ = ["ERROR_KINDS", "add_duplicates", "error_strings", "inject_errors", "kind_counts"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]

ERROR_KINDS = (
    "name_homophone",
    "name_traditional",
    "name_missing",
    "name_placeholder",
    "newborn_unnamed",
    "id_missing",
    "id_digit",
    "id_transpose",
    "id_15",
    "id_fullwidth",
    "sex_missing",
    "sex_flip",
    "birth_date_missing",
    "date_format",
    "date_day_month_swap",
    "birth_date_lunar",
    "duplicate",
    "mother_name_homophone",
    "mother_name_traditional",
    "mother_name_missing",
    "mother_id_missing",
    "mother_id_digit",
    "mother_id_transpose",
    "mother_id_15",
    "mother_id_fullwidth",
)
BIT = {kind: 1 << position for position, kind in enumerate(ERROR_KINDS)}


def _bits(*kinds: str) -> int:
    return sum(BIT[kind] for kind in kinds)


def _family(prefix: str, field: str) -> int:
    if field == "name":
        return _bits(*(f"{prefix}name_{k}" for k in ("homophone", "traditional", "missing")))
    return _bits(*(f"{prefix}id_{k}" for k in ("missing", "digit", "transpose", "15", "fullwidth")))


_PERSON_NAME = _family("", "name") | _bits("name_placeholder", "newborn_unnamed")
_SEX = _bits("sex_missing", "sex_flip")
_DATE = _bits("birth_date_missing", "date_format", "date_day_month_swap", "birth_date_lunar")


def add_duplicates(rng: np.random.Generator, records: Records, rate: float, export: int) -> Records:
    """The records plus, for a share ``rate`` of them, a second entry of the same event.

    The copy is entered up to two weeks later (never after the export date).
    """
    index = np.flatnonzero(rng.random(len(records)) < rate)
    copies = records.take(index)
    copies.errors |= BIT["duplicate"]
    copies.recorded = np.minimum(export, copies.recorded + rng.integers(0, 15, len(index)))
    return Records.concat([records, copies])


def _apply(
    records: Records,
    column: str,
    index: IntArray,
    kind: str,
    new_values: list[str | None],
) -> None:
    """Write the values that actually changed and record the kind on those records."""
    old = records.columns[column][index]
    new = np.array(new_values, dtype=object)
    changed = np.array([a != b for a, b in zip(old, new, strict=True)], dtype=bool)
    target = index[changed]
    records.columns[column][target] = new[changed]
    records.errors[target] |= BIT[kind]


def _present(records: Records, column: str, forbidden: int) -> BoolArray:
    values = records.columns[column]
    result: BoolArray = (values != None) & ((records.errors & forbidden) == 0)  # noqa: E711
    return result


def _exclusive(
    rng: np.random.Generator, eligible: list[tuple[str, float, BoolArray]], base: BoolArray
) -> dict[str, IntArray]:
    """Choose at most one kind per record from one uniform draw: kind k takes its own slice."""
    u = rng.random(len(base))
    chosen: dict[str, IntArray] = {}
    low = 0.0
    for kind, rate, possible in eligible:
        chosen[kind] = np.flatnonzero(base & possible & (u >= low) & (u < low + rate))
        low += rate
    return chosen


def _name_errors(
    rng: np.random.Generator,
    records: Records,
    rates: ErrorRates,
    prefix: str,
    rows: BoolArray,
) -> None:
    """Missing, homophone and traditional-character errors of the name in ``prefix + name``."""
    column = f"{prefix}name"
    family = _family(prefix, "name") | (
        _bits("name_placeholder", "newborn_unnamed") if not prefix else 0
    )
    # A baby's own missing name is counted as newborn_unnamed, not name_missing.
    missing_rows = rows & ~records.is_birth if not prefix else rows
    base = _present(records, column, family) & missing_rows
    missing = np.flatnonzero(base & (rng.random(len(records)) < rates.name_missing))
    _apply(records, column, missing, f"{prefix}name_missing", [None] * len(missing))
    blocked = BIT[f"{prefix}name_missing"]
    if not prefix:
        blocked |= _bits("name_placeholder", "newborn_unnamed")
    base = _present(records, column, blocked) & rows
    pick = np.flatnonzero(base & (rng.random(len(records)) < rates.name_homophone))
    homophones = [corruptions.homophone(str(v), rng) for v in records.columns[column][pick]]
    _apply(records, column, pick, f"{prefix}name_homophone", list(homophones))
    pick = np.flatnonzero(base & (rng.random(len(records)) < rates.name_traditional))
    traditional = corruptions.to_traditional([str(v) for v in records.columns[column][pick]])
    _apply(records, column, pick, f"{prefix}name_traditional", list(traditional))


def _newborn_names(
    rng: np.random.Generator, records: Records, rates: ErrorRates, sex_codes: tuple[str, str]
) -> None:
    base = _present(records, "name", _PERSON_NAME) & records.is_birth
    chosen = _exclusive(
        rng,
        [
            ("newborn_unnamed", rates.newborn_unnamed, base),
            ("name_placeholder", rates.name_placeholder, base),
        ],
        base,
    )
    unnamed = chosen["newborn_unnamed"]
    _apply(records, "name", unnamed, "newborn_unnamed", [None] * len(unnamed))
    pick = chosen["name_placeholder"]
    styles = rng.random(len(pick))
    sex = records.columns["sex"][pick]
    mother = records.columns["mother_name"][pick]
    values = [
        corruptions.newborn_placeholder(
            m, None if s not in sex_codes else s == sex_codes[0], float(style)
        )
        for m, s, style in zip(mother, sex, styles, strict=True)
    ]
    _apply(records, "name", pick, "name_placeholder", list(values))


def _id_errors(
    rng: np.random.Generator,
    records: Records,
    rates: ErrorRates,
    prefix: str,
    rows: BoolArray,
    birth_year: IntArray,
) -> None:
    """Missing, one wrong digit, two swapped digits, the 15-digit form; then full-width digits."""
    column = f"{prefix}id_number"
    base = _present(records, column, _family(prefix, "id")) & rows
    old = birth_year < 1970
    chosen = _exclusive(
        rng,
        [
            (f"{prefix}id_missing", rates.id_missing, base),
            (f"{prefix}id_digit", rates.id_digit, base),
            (f"{prefix}id_transpose", rates.id_transpose, base),
            (f"{prefix}id_15", rates.id_15, base & old),
        ],
        base,
    )
    values = records.columns[column]
    pick = chosen[f"{prefix}id_missing"]
    _apply(records, column, pick, f"{prefix}id_missing", [None] * len(pick))
    pick = chosen[f"{prefix}id_digit"]
    _apply(
        records,
        column,
        pick,
        f"{prefix}id_digit",
        [corruptions.wrong_digit(str(v), rng) for v in values[pick]],
    )
    pick = chosen[f"{prefix}id_transpose"]
    swapped = [corruptions.swap_adjacent_digits(str(v), rng) for v in values[pick]]
    _apply(records, column, pick, f"{prefix}id_transpose", list(swapped))
    pick = chosen[f"{prefix}id_15"]
    _apply(
        records,
        column,
        pick,
        f"{prefix}id_15",
        [corruptions.to_15_digits(str(v)) for v in values[pick]],
    )
    base = _present(records, column, BIT[f"{prefix}id_fullwidth"]) & rows
    pick = np.flatnonzero(base & (rng.random(len(records)) < rates.id_fullwidth))
    _apply(
        records,
        column,
        pick,
        f"{prefix}id_fullwidth",
        [corruptions.fullwidth(str(v)) for v in values[pick]],
    )


def _sex_errors(
    rng: np.random.Generator, records: Records, rates: ErrorRates, sex_codes: tuple[str, str]
) -> None:
    base = _present(records, "sex", _SEX)
    chosen = _exclusive(
        rng, [("sex_missing", rates.sex_missing, base), ("sex_flip", rates.sex_flip, base)], base
    )
    pick = chosen["sex_missing"]
    _apply(records, "sex", pick, "sex_missing", [None] * len(pick))
    pick = chosen["sex_flip"]
    other = {sex_codes[0]: sex_codes[1], sex_codes[1]: sex_codes[0]}
    _apply(records, "sex", pick, "sex_flip", [other[str(v)] for v in records.columns["sex"][pick]])


def _date_errors(rng: np.random.Generator, records: Records, rates: ErrorRates) -> None:
    base = _present(records, "birth_date", _DATE)
    values = records.columns["birth_date"]
    chosen = _exclusive(
        rng,
        [
            ("birth_date_missing", rates.birth_date_missing, base),
            ("date_day_month_swap", rates.date_day_month_swap, base),
            ("birth_date_lunar", rates.birth_date_lunar, base & (records.birth_year < 1960)),
        ],
        base,
    )
    pick = chosen["birth_date_missing"]
    _apply(records, "birth_date", pick, "birth_date_missing", [None] * len(pick))
    pick = chosen["date_day_month_swap"]
    swapped = [corruptions.day_month_swap(str(v)) for v in values[pick]]
    _apply(records, "birth_date", pick, "date_day_month_swap", list(swapped))
    pick = chosen["birth_date_lunar"]
    shifted = [corruptions.lunar_shift(str(v), rng) for v in values[pick]]
    _apply(records, "birth_date", pick, "birth_date_lunar", list(shifted))
    # A clerk's date habit shows in every date of the record; swaps and shifts stay visible.
    base = _present(records, "birth_date", _bits("birth_date_missing", "date_format"))
    pick = np.flatnonzero(base & (rng.random(len(records)) < rates.date_format))
    styles = rng.integers(0, len(corruptions.DATE_FORMATS), len(pick))
    for column in ("birth_date", "event_date"):
        column_values = records.columns[column][pick]
        new = [
            corruptions.reformat_date(str(v), int(s))
            for v, s in zip(column_values, styles, strict=True)
        ]
        records.columns[column][pick] = np.array(new, dtype=object)
    records.errors[pick] |= BIT["date_format"]


def inject_errors(
    rng: np.random.Generator, records: Records, rates: ErrorRates, sex_codes: tuple[str, str]
) -> None:
    """Draw and apply a source's errors to its records, in place."""
    everyone = np.ones(len(records), dtype=bool)
    _newborn_names(rng, records, rates, sex_codes)
    _name_errors(rng, records, rates, "", everyone)
    _name_errors(rng, records, rates, "mother_", records.is_birth)
    _id_errors(rng, records, rates, "", everyone, records.birth_year)
    _id_errors(rng, records, rates, "mother_", records.is_birth, records.mother_birth_year)
    _sex_errors(rng, records, rates, sex_codes)
    _date_errors(rng, records, rates)


def error_strings(errors: IntArray) -> pl.Series:
    """The ``errors`` cell of each record: its kinds joined by ``;`` (empty when clean)."""
    values, inverse = np.unique(errors, return_inverse=True)
    texts = [";".join(k for k in ERROR_KINDS if int(v) & BIT[k]) for v in values]
    return pl.Series("errors", texts, dtype=pl.String).gather(inverse)


def kind_counts(errors: IntArray) -> dict[str, int]:
    """How many records carry each kind (kinds that never occur are left out)."""
    counts = {kind: int(np.count_nonzero(errors & bit)) for kind, bit in BIT.items()}
    return {kind: count for kind, count in counts.items() if count}
