"""links.parquet: one row per scored pair, each comparison's level and weight."""

from __future__ import annotations

import polars as pl
import pytest

from hedui.linkage.pipeline import LinkResult
from hedui.linkage.settings import COMPARISONS

pytestmark = pytest.mark.slow


def test_links_parquet_has_every_scored_pair_with_levels_and_weights(linked: LinkResult):
    links = pl.read_parquet(linked.links_path)
    assert links.height == linked.pairs_scored
    for name in COMPARISONS:
        assert f"gamma_{name}" in links.columns
        assert f"mw_{name}" in links.columns
    assert {"source_l", "record_id_l", "source_r", "record_id_r", "event"} <= set(links.columns)
    # Blocking only ever pairs records of one event group (a move's halves are one group).
    records = pl.read_parquet(
        linked.out_dir / "records.parquet", columns=["unique_id", "event_group"]
    )
    sides = links.join(records, left_on="unique_id_l", right_on="unique_id").join(
        records, left_on="unique_id_r", right_on="unique_id", suffix="_r"
    )
    assert (sides["event_group"] == sides["event_group_r"]).all()
    strong = links.filter(pl.col("match_probability") >= linked.threshold)
    assert strong.height == linked.links
