"""Estimates that allow for the pairs the linkage left apart for a person to check."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hedui.linkage.link_dir import LinkDir
from hedui.stats import ChapmanEstimate
from hedui.stats.link_estimates import estimate_from_link_dir
from hedui.stats.linkage_ambiguity import ambiguous_unit_pairs, fold_ambiguous

from .test_link_estimates import births_and_residents

AMBIGUOUS_COLUMNS = ["source_l", "record_id_l", "source_r", "record_id_r", "match_probability"]


def write_ambiguous(link_dir: Path, pairs: list[tuple[str, str, str, str]]) -> None:
    rows = [(*pair, "0.99") for pair in pairs]
    pl.DataFrame(rows, schema=AMBIGUOUS_COLUMNS, orient="row").with_columns(
        pl.lit("同一来源中无法区分的两条记录").alias("reason")
    ).write_csv(link_dir / "ambiguous.csv")


def test_fold_ambiguous_merges_the_units_a_pair_joins():
    # Units u1-u2 and u2-u3 are ambiguous pairs: one chain, two units fewer. u4-u9: u9 is
    # not in this area, so that pair changes nothing here.
    part = pl.DataFrame({"source": ["A", "B", "A", "B"], "cluster_id": ["u1", "u2", "u3", "u4"]})
    pairs = pl.DataFrame({"unit_l": ["u1", "u2", "u4"], "unit_r": ["u2", "u3", "u9"]})
    merged, folded = fold_ambiguous(part, pairs)
    assert folded == 2
    assert merged["cluster_id"].to_list() == ["u1", "u1", "u1", "u4"]


def test_ambiguous_unit_pairs_skips_pairs_already_in_one_cluster(tmp_path: Path):
    link_dir = births_and_residents(tmp_path)
    # a10 (only in A) and x15 (only in B) may be one birth; a0 and x0 are already cluster b0.
    write_ambiguous(link_dir, [("A", "a10", "B", "x15"), ("A", "a0", "B", "x0")])
    pairs = ambiguous_unit_pairs(LinkDir.open(link_dir))
    assert pairs.rows() == [("b10|birth", "b15|birth")]


def test_estimate_interval_widens_to_hold_the_estimate_with_ambiguous_pairs_merged(
    tmp_path: Path,
):
    # As linked: n1 = 15, n2 = 15, m = 10 → Chapman 256/11 − 1 = 22.27, seen 20.
    # a10 and x15 may be one birth (the linkage could not tell): merged, n1 = 15, n2 = 15,
    # m = 11 → 256/12 − 1 = 20.33, seen 19. The reported interval holds both estimates'
    # intervals; the point estimate stays the linked one.
    link_dir = births_and_residents(tmp_path)
    write_ambiguous(link_dir, [("A", "a10", "B", "x15")])
    [result] = estimate_from_link_dir(link_dir)
    assert isinstance(result.result, ChapmanEstimate)
    assert result.result.n_hat == pytest.approx(256 / 11 - 1)
    assert result.linkage_ambiguity == 1
    assert isinstance(result.folded, ChapmanEstimate)
    assert result.folded.n_hat == pytest.approx(256 / 12 - 1)
    widened = result.interval_with_linkage
    assert widened is not None
    assert widened.lower == min(result.result.interval.lower, result.folded.interval.lower)
    assert widened.upper == max(result.result.interval.upper, result.folded.interval.upper)
    assert widened.lower < result.result.interval.lower
    assert result.to_dict()["linkage_ambiguity"] == 1


def test_estimate_without_ambiguous_pairs_keeps_its_interval(tmp_path: Path):
    [result] = estimate_from_link_dir(births_and_residents(tmp_path))
    assert result.linkage_ambiguity == 0
    assert result.interval_with_linkage == result.result.interval
