"""Pairs from the same source: a duplicate entry, two different people, or undecidable.

A source should hold each person (each event) once, so two of its records that score as a
match need a second look before clustering may put them together:

- **different people** (the twin rule): both carry a valid ID and the IDs differ; or,
  unless both carry the same valid ID, the names sound different (their pinyin differs)
  or the sexes differ. A valid ID shared by both outweighs a flipped sex code: the check
  character makes an accidental match impossible. Twins share their mother, birth date and address;
  only these fields tell them apart, and when one does the pair is never merged, whatever
  its score. Names are compared by sound because a homophone (张丽 / 张莉) is a clerk's
  slip, while twins' names differ in sound (张一 / 张二);
- **duplicate**: the score is very high *and* something positively identifies the same
  person — the same name (by sound), or the same valid ID. The pair is merged and
  reported in ``duplicates.csv``. A person listed twice — entered twice, or an old entry
  left behind after a move within the county — is such a duplicate;
- **ambiguous**: neither — typically two unnamed newborns of the same sex, same mother,
  same day, in the hospital's register. Nothing distinguishes them, so they are kept
  apart and reported in ``ambiguous.csv`` for a person to check.
"""

from __future__ import annotations

from enum import StrEnum

import polars as pl

DUPLICATE_THRESHOLD = 0.999
"""A within-source pair must score at least this high to be taken for a duplicate."""

PAIR_COLUMNS = ("source", "name_pinyin", "sex", "id18", "id_valid")
"""Record columns the rules read (suffixed ``_l``/``_r`` on a pair frame)."""


class SameSourceVerdict(StrEnum):
    """What clustering may do with a pair of records from one source."""

    DIFFERENT_PEOPLE = "different_people"
    DUPLICATE = "duplicate"
    AMBIGUOUS = "ambiguous"


AMBIGUOUS_REASON = (
    "同一来源中无法区分的两条记录（如未取名的同性别双胞胎） indistinguishable records in one source"
)


def _both(column: str) -> pl.Expr:
    return pl.col(f"{column}_l").is_not_null() & pl.col(f"{column}_r").is_not_null()


def _differ(column: str) -> pl.Expr:
    return _both(column) & (pl.col(f"{column}_l") != pl.col(f"{column}_r"))


def _agree(column: str) -> pl.Expr:
    return _both(column) & (pl.col(f"{column}_l") == pl.col(f"{column}_r"))


def classify_same_source(
    pairs: pl.DataFrame, duplicate_threshold: float = DUPLICATE_THRESHOLD
) -> pl.DataFrame:
    """Add a ``verdict`` column (:class:`SameSourceVerdict` values) to same-source pairs.

    Args:
        pairs: one row per pair with ``match_probability`` and the
            :data:`PAIR_COLUMNS` suffixed ``_l`` and ``_r``.
        duplicate_threshold: minimum probability for a duplicate.
    """
    both_valid = pl.col("id_valid_l").fill_null(False) & pl.col("id_valid_r").fill_null(False)
    same_valid_id = both_valid & _agree("id18")
    different = (both_valid & _differ("id18")) | (
        ~same_valid_id & (_differ("name_pinyin") | _differ("sex"))
    )
    identified = _agree("name_pinyin") | same_valid_id
    verdict = (
        pl.when(different)
        .then(pl.lit(SameSourceVerdict.DIFFERENT_PEOPLE.value))
        .when(identified & (pl.col("match_probability") >= duplicate_threshold))
        .then(pl.lit(SameSourceVerdict.DUPLICATE.value))
        .otherwise(pl.lit(SameSourceVerdict.AMBIGUOUS.value))
    )
    return pairs.with_columns(verdict.alias("verdict"))


def records_conflict(left: dict[str, object], right: dict[str, object]) -> bool:
    """The twin rule for two single records (dicts of :data:`PAIR_COLUMNS`).

    Used inside greedy clustering, where a merge through one duplicate edge may bring
    other same-source records together.
    """
    both_valid = bool(left["id_valid"]) and bool(right["id_valid"])
    if both_valid:
        return left["id18"] != right["id18"]
    for column in ("name_pinyin", "sex"):
        a, b = left[column], right[column]
        if a is not None and b is not None and a != b:
            return True
    return False
