"""Tests for hedui.stats.capture_histories: the table of capture histories."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.errors import EstimationInputError
from hedui.stats.capture_histories import CaptureHistories, all_histories

SOURCES = ["村台账", "乡镇库", "出生证"]


def test_all_histories_lists_two_to_the_k_minus_one_cells() -> None:
    assert all_histories(2) == [(0, 1), (1, 0), (1, 1)]
    assert len(all_histories(3)) == 7
    assert (0, 0, 0) not in all_histories(3)


def test_from_counts_fills_missing_histories_with_zero() -> None:
    table = CaptureHistories.from_counts({(1, 0, 1): 4, (1, 1, 1): 2}, SOURCES)
    assert table.counts[(1, 0, 1)] == 4
    assert table.counts[(1, 1, 1)] == 2
    assert table.counts[(0, 1, 0)] == 0
    assert len(table.counts) == 7


def test_table_summaries_by_hand() -> None:
    # 001:5 010:3 011:2 100:7 101:1 110:0 111:4
    # n = 22; recaptures (two or more sources) = 2 + 1 + 0 + 4 = 7
    # 村台账 (first flag) = 7 + 1 + 0 + 4 = 12; 乡镇库 = 3 + 2 + 0 + 4 = 9;
    # 出生证 = 5 + 2 + 1 + 4 = 12
    table = CaptureHistories.from_counts(
        {"001": 5, "010": 3, "011": 2, "100": 7, "101": 1, "110": 0, "111": 4}, SOURCES
    )
    assert table.k == 3
    assert table.n_observed == 22
    assert table.recaptures == 7
    assert table.source_totals() == {"村台账": 12, "乡镇库": 9, "出生证": 12}
    # 村台账 and 出生证 both: 101 + 111 = 1 + 4 = 5
    assert table.overlap("村台账", "出生证") == 5


def test_collapse_keeps_the_pair_and_drops_people_seen_only_elsewhere() -> None:
    # Collapsing onto (村台账, 出生证): 11 ← 101, 111 = 5; 10 ← 100, 110 = 7;
    # 01 ← 001, 011 = 7; the 3 seen only by 乡镇库 (010) drop out.
    table = CaptureHistories.from_counts(
        {"001": 5, "010": 3, "011": 2, "100": 7, "101": 1, "111": 4}, SOURCES
    )
    pair = table.collapse(["村台账", "出生证"])
    assert pair.sources == ("村台账", "出生证")
    assert dict(pair.counts) == {(0, 1): 7, (1, 0): 7, (1, 1): 5}


def test_to_dict_writes_histories_as_strings() -> None:
    table = CaptureHistories.from_counts({"01": 1, "11": 2}, ["甲", "乙"])
    assert table.to_dict() == {
        "sources": ["甲", "乙"],
        "counts": {"01": 1, "10": 0, "11": 2},
        "n_observed": 3,
    }


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"1011": 1}, "must be 3 flags"),
        ({(1, 2, 0): 1}, "must be 3 flags"),
        ({"1a0": 1}, "must be 3 flags"),
        ({"101": -1}, "negative"),
        ({"000": 3}, "cannot be observed"),
    ],
)
def test_from_counts_rejects_bad_input(counts: dict[str, int], message: str) -> None:
    with pytest.raises(EstimationInputError, match=message):
        CaptureHistories.from_counts(counts, SOURCES)


def test_from_counts_accepts_zero_for_the_unobservable_cell() -> None:
    table = CaptureHistories.from_counts({"000": 0, "100": 1}, SOURCES)
    assert table.n_observed == 1


def test_from_counts_needs_two_distinct_sources() -> None:
    with pytest.raises(EstimationInputError, match="at least two"):
        CaptureHistories.from_counts({"1": 3}, ["甲"])
    with pytest.raises(EstimationInputError, match="at least two"):
        CaptureHistories.from_counts({"11": 3}, ["甲", "甲"])


def test_unknown_source_is_named() -> None:
    table = CaptureHistories.from_counts({"11": 3}, ["甲", "乙"])
    with pytest.raises(EstimationInputError, match="丙"):
        table.overlap("甲", "丙")


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=7, max_size=7))
def test_totals_are_consistent_for_any_table(values: list[int]) -> None:
    table = CaptureHistories.from_counts(dict(zip(all_histories(3), values, strict=True)), SOURCES)
    totals = table.source_totals()
    # Each person is counted once per source holding them: Σ totals = Σ count × |history|.
    assert sum(totals.values()) == sum(c * sum(h) for h, c in table.counts.items())
    assert table.recaptures <= table.n_observed
    assert max(totals.values()) <= table.n_observed
    assert table.collapse(SOURCES).counts == table.counts
