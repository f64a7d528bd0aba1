"""Pairs from the same slot: a duplicate entry, two different people, or undecidable.

A *slot* is one source and one kind of event (``village_ledger`` / ``move_out``). A source
should hold each event once, so two of its records of one kind that score as a match need a
second look before clustering may put them together. (The two halves of a move inside the
county — a ``move_out`` at the old village, a ``move_in`` at the new one — fill two slots of
one source, and link like records of two sources.)

- **different people** — what tells twins apart, and nothing else:
  both carry a valid ID and the IDs differ; or, unless both carry the same valid ID, the
  sexes differ; or, unless both carry the same number as written, both names are written
  and *clearly* differ in sound (not a homophone, not a one-sound slip:
  :func:`names_clearly_differ`). Twins share their mother, birth date
  and address; only these fields tell them apart, and when one does the pair is never merged,
  whatever its score;
- **ambiguous** — a birth whose child is unnamed on one side (a placeholder such as 张丽之女,
  or blank) when nothing tells a twin from a re-issued certificate: both sides unnamed, or
  the mother is known to have had twins that day (:func:`twin_births`). Such pairs are kept
  apart and reported in ``ambiguous.csv`` for a person to check;
- **duplicate** — anything else that scores as a match: a clerk who typed a person twice
  (with a typo the second time), a certificate re-issued with the real name after a
  placeholder one. The pair is merged and reported in ``duplicates.csv``.

An earlier rule merged a same-source pair only at probability ≥ 0.999 *and* with the same
pinyin or the same valid ID. It kept twins apart by distrusting every same-source pair, and
so missed most real duplicates (on Febrl's deduplication files it found under half of them).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

import polars as pl
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

PAIR_COLUMNS = (
    "source",
    "event",
    "name_pinyin",
    "surname",
    "given_pinyin",
    "sex",
    "id18",
    "id_valid",
    "birth_date",
    "mother_key",
    "twin_birth",
)
"""Record columns the rules read (suffixed ``_l``/``_r`` on a pair frame). ``mother_key`` is
the mother's 18-digit ID, else the pinyin of her name; ``twin_birth`` marks a birth whose
mother is known to have had two children that day (:func:`twin_births`)."""

SIMILAR_GIVEN_NAME = 0.88
"""Jaro–Winkler similarity of the given names' pinyin at and above which two names may be
one name mistyped (the threshold of the name comparison's "similar given name" level)."""

SIMILAR_NAME = 0.9
"""The same for whole names, for names whose surname is not a reliable split."""


class SameSourceVerdict(StrEnum):
    """What clustering may do with a pair of records from one slot."""

    DIFFERENT_PEOPLE = "different_people"
    DUPLICATE = "duplicate"
    AMBIGUOUS = "ambiguous"


AMBIGUOUS_REASON = (
    "同一来源中无法区分的两条记录（如未取名的同性别双胞胎） indistinguishable records in one source"
)


def _is_han(text: object) -> bool:
    return isinstance(text, str) and any("\u3400" <= ch <= "\u9fff" for ch in text)


def names_clearly_differ(left: Mapping[str, object], right: Mapping[str, object]) -> bool:
    """Two written names that cannot be one name with a slip in it.

    Both names must be present (a placeholder is no name); equal pinyin is a homophone
    (张丽 / 张莉), never a difference. For a Chinese name a slip is one sound heard or typed
    another way — a dialect confusion (zh/z, h/w, n/l, -n/-ng) — which leaves the given
    name's pinyin one edit away ("jian" / "jiang"); twins' given names differ by more, even
    when they share a character (建国 / 建军: "jianguo" / "jianjun"). A clerk who mistook one
    character for a look-alike of another sound (季 / 李) is therefore taken for a different
    person *within one source*: keeping twins apart comes first. Names in Latin script
    (transliterations, Febrl's test data) are compared with Jaro–Winkler, as the name
    comparison's "similar" levels are, and the same two words in the other order agree.
    """
    name_l, name_r = left.get("name_pinyin"), right.get("name_pinyin")
    if not isinstance(name_l, str) or not isinstance(name_r, str) or name_l == name_r:
        return False
    given_l, given_r = left.get("given_pinyin"), right.get("given_pinyin")
    has_given = isinstance(given_l, str) and isinstance(given_r, str) and given_l and given_r
    if has_given and given_l == given_r:
        return False  # only the surname differs: a slip (黄/王), or the other parent's surname
    if _is_han(left.get("surname")) or _is_han(right.get("surname")):
        if has_given and left.get("surname") == right.get("surname"):
            return DamerauLevenshtein.distance(str(given_l), str(given_r)) > 1
        return DamerauLevenshtein.distance(name_l, name_r) > 1
    words_l = {left.get("surname"), given_l}
    if words_l == {right.get("surname"), given_r} and None not in words_l:
        return False
    if has_given:
        # Not the whole name: a shared surname lifts Jaro–Winkler for different people.
        return JaroWinkler.similarity(str(given_l), str(given_r)) < SIMILAR_GIVEN_NAME
    return JaroWinkler.similarity(name_l, name_r) < SIMILAR_NAME


def records_conflict(left: Mapping[str, object], right: Mapping[str, object]) -> bool:
    """The twin rule for two records of one slot (mappings of :data:`PAIR_COLUMNS`).

    Used for every same-slot pair, and inside greedy clustering, where a merge through one
    duplicate edge may bring other records of one slot together.
    """
    if bool(left.get("id_valid")) and bool(right.get("id_valid")):
        # The same valid ID: a check character makes a coincidence impossible.
        return left.get("id18") != right.get("id18")
    sex_l, sex_r = left.get("sex"), right.get("sex")
    if sex_l is not None and sex_r is not None and sex_l != sex_r:
        return True
    number_l, number_r = left.get("id18"), right.get("id18")
    if isinstance(number_l, str) and len(number_l) >= 6 and number_l == number_r:
        # One number written twice, even one that fails its check (or is no resident ID
        # at all): a copy of one record with the name mistyped, not twins, who are
        # registered under two numbers.
        return False
    if not (_is_han(left.get("surname")) or _is_han(right.get("surname"))):
        # Names in Latin script carry no Chinese naming habits to read twins from; two of
        # them differ decisively only where twins are possible: one mother, one birthday.
        mother = left.get("mother_key")
        if mother is None or mother != right.get("mother_key"):
            return False
        if left.get("birth_date") != right.get("birth_date"):
            return False
    return names_clearly_differ(left, right)


def _undecidable(left: Mapping[str, object], right: Mapping[str, object]) -> bool:
    """An unnamed newborn on one side, and nothing that tells a twin from a re-issue."""
    if left.get("event") != "birth":
        return False
    unnamed_l, unnamed_r = left.get("name_pinyin") is None, right.get("name_pinyin") is None
    if not (unnamed_l or unnamed_r):
        return False
    same_valid_id = (
        bool(left.get("id_valid"))
        and bool(right.get("id_valid"))
        and left.get("id18") == right.get("id18")
    )
    if same_valid_id:
        return False
    return (
        (unnamed_l and unnamed_r) or bool(left.get("twin_birth")) or bool(right.get("twin_birth"))
    )


def verdict(left: Mapping[str, object], right: Mapping[str, object]) -> SameSourceVerdict:
    """The verdict on one pair of records of one slot that scored as a match."""
    if records_conflict(left, right):
        return SameSourceVerdict.DIFFERENT_PEOPLE
    if _undecidable(left, right):
        return SameSourceVerdict.AMBIGUOUS
    return SameSourceVerdict.DUPLICATE


def classify_same_source(pairs: pl.DataFrame) -> pl.DataFrame:
    """Add a ``verdict`` column (:class:`SameSourceVerdict` values) to same-slot pairs.

    Args:
        pairs: one row per pair with the :data:`PAIR_COLUMNS` suffixed ``_l`` and ``_r``
            (missing columns count as unknown). Same-slot pairs that score as a match are
            few (a few per thousand records), so the rule runs row by row.
    """
    columns = [c for c in PAIR_COLUMNS if f"{c}_l" in pairs.columns]
    verdicts = [
        verdict(
            {c: row[f"{c}_l"] for c in columns},
            {c: row[f"{c}_r"] for c in columns},
        ).value
        for row in pairs.iter_rows(named=True)
    ]
    return pairs.with_columns(pl.Series("verdict", verdicts, dtype=pl.Utf8))


def twin_births(nodes: pl.DataFrame) -> pl.Series:
    """For each record, whether it is a birth whose mother had two children that day.

    The evidence is a slot listing two births of one mother (``mother_key``) on one
    ``birth_date`` whose records conflict by :func:`records_conflict` (two valid IDs, two
    sexes, two clearly different names). A hospital that wrote a placeholder certificate and
    later a named one holds two records of one child; a police register that lists two
    children of that mother and day shows that there were twins.
    """
    births = nodes.filter(
        (pl.col("event") == "birth")
        & pl.col("mother_key").is_not_null()
        & pl.col("birth_date").is_not_null()
    )
    crowded = births.filter(pl.len().over("source", "event", "mother_key", "birth_date") > 1)
    twins: set[tuple[object, object]] = set()
    for (mother, born, _, _), group in crowded.group_by(
        "mother_key", "birth_date", "source", "event"
    ):
        rows = group.to_dicts()
        if any(records_conflict(a, b) for i, a in enumerate(rows) for b in rows[i + 1 :]):
            twins.add((mother, born))
    if not twins:
        return pl.Series("twin_birth", [False] * nodes.height)
    marked = pl.DataFrame(
        {
            "mother_key": [m for m, _ in twins],
            "birth_date": [b for _, b in twins],
            "twin_birth": [True] * len(twins),
        },
        schema={"mother_key": pl.Utf8, "birth_date": pl.Utf8, "twin_birth": pl.Boolean},
    )
    joined = nodes.select("event", "mother_key", "birth_date").join(
        marked, on=["mother_key", "birth_date"], how="left", maintain_order="left"
    )
    return (joined["twin_birth"].fill_null(False) & (joined["event"] == "birth")).alias(
        "twin_birth"
    )
