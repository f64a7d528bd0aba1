"""Blocking: which pairs of records are compared at all.

A county of a million people holds about three million records; comparing every pair
would be 4.5 × 10¹² comparisons. Each rule below keeps only pairs that agree exactly on a
few prepared keys, and every rule includes ``event_group`` so that a birth is only ever
compared with a birth and a residence record with a residence record — and a move-out with
a move-in, the two halves of one move inside the county. The rules overlap on
purpose: a true match needs to satisfy only one of them, so each covers the errors that
break the others —

- ``id18``: the common case; also catches 15-digit numbers (converted in preparation);
- ``name_pinyin`` + ``birth_date``: a missing or mistyped ID; traditional characters and
  homophones (pinyin is the same);
- ``id_back`` (the second half of the ID): a typo in the first half (region code, year)
  together with a name written differently;
- ``mother_id18``, and ``mother_name_pinyin`` + ``birth_month``: newborns, who have
  neither name nor ID on the birth certificate, with a birth date a few days off;
- ``name_pinyin`` + ``village``: a wrong birth date together with a wrong or missing ID;
- ``birth_date`` + ``village``: a changed name together with a wrong or missing ID;
- ``newborn_month`` + ``village``: a newborn whose mother's name is misheard and whose birth
  date is a day off, with no ID on either side (a village has about one birth a month).


Broad rules (:data:`BROAD_RULES`) — among them ``name_pinyin`` + ``birth_year``, for a birth
date known only to the year or month (``1948年``), heaped on 1 January or kept by the lunar
calendar, with no usable ID — catch what the others miss in data with many errors
per record — Febrl's corrupted copies change a name, the date of birth and the ID at once
— but in a county of a million people they would each add millions of pairs for almost
no true match. :func:`select_rules` therefore uses a broad rule only when it generates at
most ``max(pair_budget, per_record_budget × records)`` pairs: always for a few thousand
records, never for a whole county.

Blocking recall (the share of true matches that at least one rule finds) is measured
against the synthetic county's truth by :func:`blocking_recall` and reported in
``docs/benchmarks.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from splink import block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

BlockingKey = tuple[str, ...]

PREDICTION_RULES: tuple[BlockingKey, ...] = (
    ("event_group", "id18"),
    ("event_group", "name_pinyin", "birth_date"),
    ("event_group", "id_back"),
    ("event_group", "mother_id18"),
    ("event_group", "mother_name_pinyin", "birth_month"),
    ("event_group", "name_pinyin", "village"),
    ("event_group", "birth_date", "village"),
    ("event_group", "newborn_month", "village"),
)
"""The rules that generate the pairs to score, in the order Splink applies them."""

BROAD_RULES: tuple[BlockingKey, ...] = (
    ("event_group", "id_head"),
    ("event_group", "name_pinyin", "birth_year"),
    ("event_group", "name_tokens", "birth_date"),
    ("event_group", "surname", "birth_date"),
    ("event_group", "given_pinyin", "birth_date"),
    ("event_group", "village", "surname"),
    ("event_group", "village", "given_pinyin"),
    ("event_group", "address_text"),
    ("event_group", "name_pinyin"),
)
"""Rules used only when the data is small enough to afford them (see :func:`select_rules`):
a typo in the second half of the ID, names written in another order, a changed given name
or surname, a surname in one place or one street address — each on top of other errors."""

TRAINING_RULES: tuple[BlockingKey, ...] = (
    ("event_group", "id18"),
    ("event_group", "name_pinyin", "birth_date"),
)
"""Rules for EM training. Each session cannot estimate the comparisons its rule fixes, so
the two rules complement each other: the ID rule trains names, dates and places; the
name-and-birth-date rule trains the ID, sex, place and mother."""

DETERMINISTIC_RULES: tuple[BlockingKey, ...] = (("event_group", "id18", "name_pinyin"),)
"""Pairs that are matches beyond reasonable doubt, used only to estimate the prior
probability that two random records match."""

EVENT_KEYS = ("event", "event_group")
"""Every rule names one of these: only records of one event (or of one move's two halves)
are compared."""


def rule_creator(key: BlockingKey) -> BlockingRuleCreator:
    """The Splink blocking rule "these columns are equal (and not null) on both sides"."""
    return block_on(*key)


def rule_pairs(features: pl.DataFrame, key: BlockingKey) -> int:
    """How many pairs ``key`` generates on ``features`` (before removing duplicates)."""
    sizes = features.select(key).drop_nulls().group_by(key).len()["len"]
    return int((sizes * (sizes - 1) // 2).sum())


def select_rules(
    features: pl.DataFrame,
    rules: Sequence[BlockingKey],
    broad_rules: Sequence[BlockingKey],
    *,
    pair_budget: float,
    per_record_budget: float,
) -> list[BlockingKey]:
    """``rules`` followed by every broad rule whose pairs fit the budget, in order."""
    limit = max(pair_budget, per_record_budget * features.height)
    return [*rules, *(rule for rule in broad_rules if rule_pairs(features, rule) <= limit)]


def rule_label(key: BlockingKey) -> str:
    """A readable name for a rule, e.g. ``event + id18``."""
    return " + ".join(key)


@dataclass(frozen=True)
class BlockingRecall:
    """How many true matches the blocking rules let through.

    Attributes:
        true_pairs: number of true matching pairs considered.
        found: how many of them at least one rule finds.
        by_rule: per rule, how many true pairs that rule alone finds.
        cumulative: after each rule in order, how many are found by it or an earlier one.
    """

    true_pairs: int
    found: int
    by_rule: dict[str, int]
    cumulative: dict[str, int]

    @property
    def recall(self) -> float:
        """Share of true pairs found (1.0 when there are none)."""
        return self.found / self.true_pairs if self.true_pairs else 1.0


def blocking_recall(
    features: pl.DataFrame,
    true_pairs: pl.DataFrame,
    rules: Sequence[BlockingKey] = PREDICTION_RULES,
) -> BlockingRecall:
    """Measure which true pairs the rules find, without generating the blocked pairs.

    A pair is found by a rule when every key column is non-null and equal on both sides
    — exactly Splink's equi-join semantics (``NULL = NULL`` is not true).

    Args:
        features: prepared records (:func:`hedui.linkage.prepare.prepare_features`), with
            ``unique_id`` and every column the rules name.
        true_pairs: columns ``unique_id_l`` and ``unique_id_r``.
        rules: the blocking rules to assess.
    """
    columns = sorted({column for rule in rules for column in rule})
    left = features.select(["unique_id", *columns]).rename(
        {c: f"{c}_l" for c in ["unique_id", *columns]}
    )
    right = features.select(["unique_id", *columns]).rename(
        {c: f"{c}_r" for c in ["unique_id", *columns]}
    )
    pairs = true_pairs.join(left, on="unique_id_l", how="left").join(
        right, on="unique_id_r", how="left"
    )
    found_any = pl.lit(False)
    by_rule: dict[str, int] = {}
    cumulative: dict[str, int] = {}
    for rule in rules:
        agrees = pl.all_horizontal(
            [
                pl.col(f"{c}_l").is_not_null()
                & pl.col(f"{c}_r").is_not_null()
                & (pl.col(f"{c}_l") == pl.col(f"{c}_r"))
                for c in rule
            ]
        )
        found_any = found_any | agrees
        counts = pairs.select(agrees.sum().alias("rule"), found_any.sum().alias("any"))
        by_rule[rule_label(rule)] = int(counts["rule"][0])
        cumulative[rule_label(rule)] = int(counts["any"][0])
    found = int(pairs.select(found_any.sum())[0, 0]) if rules else 0
    return BlockingRecall(
        true_pairs=pairs.height, found=found, by_rule=by_rule, cumulative=cumulative
    )
