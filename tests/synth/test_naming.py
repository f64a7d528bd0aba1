"""Names by generation, and twins named one character apart."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from hedui.synth.names_data import given_name_pools, surnames
from hedui.synth.naming import (
    cohort_keys,
    draw_given_names,
    draw_surnames,
    draw_twin_given_names,
)


def test_cohort_keys_by_birth_year() -> None:
    years = np.array([1930, 1949, 1950, 1979, 1980, 2009, 2010, 2026])
    assert cohort_keys(years).tolist() == [1920, 1920, 1950, 1965, 1980, 1995, 2010, 2010]


def test_draw_given_names_follow_the_generation() -> None:
    rng = np.random.default_rng(4)
    count = 5_000
    old = draw_given_names(rng, np.full(count, 1952), np.full(count, 2, dtype=np.int8))
    young = draw_given_names(rng, np.full(count, 2016), np.full(count, 2, dtype=np.int8))
    # 秀英 is a 1950s name and 梓涵 a 2010s one; neither crosses into the other generation.
    assert "秀英" in set(old.tolist()) and "秀英" not in set(young.tolist())
    assert "梓涵" in set(young.tolist()) and "梓涵" not in set(old.tolist())


def test_draw_surnames_include_compound_and_heteronym_surnames() -> None:
    table, shares = surnames()
    drawn = table[draw_surnames(np.random.default_rng(5), 1_000_000)]
    values, counts = np.unique(drawn.astype(str), return_counts=True)
    frequency = dict(zip(values.tolist(), counts.tolist(), strict=True))
    # 王 has a share of about 7 %, 欧阳 about 0.045 %: some 500 in a million.
    share = dict(zip(table.tolist(), shares.tolist(), strict=True))
    assert 0.07 < share["王"] < 0.09
    assert abs(frequency["王"] - 1e6 * share["王"]) < 5 * (1e6 * share["王"]) ** 0.5
    assert 300 < frequency["欧阳"] < 800
    assert all(name in frequency for name in ("单", "曾", "区", "仇", "解", "查", "盖", "朴"))
    assert abs(shares.sum() - 1.0) < 1e-12


@given(st.integers(0, 2**32 - 1), st.sampled_from([1, 2]))
def test_draw_twin_given_names_differ_by_one_character(seed: int, sex: int) -> None:
    rng = np.random.default_rng(seed)
    years = np.full(20, 2026)
    sexes = np.full(20, sex, dtype=np.int8)
    first = draw_given_names(rng, years, sexes)
    second = draw_twin_given_names(rng, first, years, sexes)
    for a, b in zip(first.tolist(), second.tolist(), strict=True):
        assert len(a) == len(b)
        assert sum(x != y for x, y in zip(a, b, strict=True)) == 1


def test_given_name_pools_cover_every_cohort_and_sex() -> None:
    pools = given_name_pools()
    assert len(pools) == 12
    for pool in pools.values():
        assert all(len(name) == 1 for name in pool.single.tolist())
        assert all(len(name) == 2 for name in pool.whole.tolist())
