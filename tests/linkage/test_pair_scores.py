"""Scoring a record against candidates with a saved model, as the record form does."""

from __future__ import annotations

import polars as pl

from hedui.linkage.model_io import load_model
from hedui.linkage.pair_scores import score_against
from hedui.linkage.pipeline import LinkResult


def _births(linked: LinkResult) -> pl.DataFrame:
    records = pl.read_parquet(linked.out_dir / "sources.parquet")
    clusters = pl.read_csv(linked.out_dir / "clusters.csv", infer_schema=False)
    return records.join(clusters, on=["source", "record_id"]).filter(pl.col("event") == "birth")


def test_records_the_linkage_put_together_score_above_the_threshold(linked: LinkResult) -> None:
    model = load_model(linked.out_dir / "model.json")
    births = _births(linked)
    sizes = births.group_by("cluster_id").len().filter(pl.col("len") >= 2).sort("cluster_id")
    checked = 0
    for cluster_id in sizes["cluster_id"].head(10):
        members = births.filter(pl.col("cluster_id") == cluster_id).sort("source").to_dicts()
        others = births.filter(pl.col("cluster_id") != cluster_id).head(5).to_dicts()
        scores = score_against(model, members[0], members[1:] + others)
        assert len(scores) == len(members) - 1 + len(others)
        # The pipeline linked the members (transitively: each at least to one other member).
        assert max(scores[: len(members) - 1]) >= model.spec.threshold
        assert all(score < model.spec.threshold for score in scores[len(members) - 1 :])
        checked += 1
    assert checked == 10


def test_a_homophone_name_without_id_still_scores_as_the_same_birth(linked: LinkResult) -> None:
    model = load_model(linked.out_dir / "model.json")
    birth = {
        "source": "village_ledger",
        "record_id": "1",
        "event": "birth",
        "event_date": "2025-03-01",
        "name": "王小明",
        "sex": "1",
        "birth_date": "2025-03-01",
        "mother_name": "李娜",
        "mother_id_number": "320924199003071222",
        "address_code": "320924101001",
    }
    # 晓 and 小 are both xiao: the pinyin keys agree; the mother's ID is the same. Her
    # other child, a daughter born two years before, is another birth.
    typed = birth | {"record_id": "", "name": "王晓明"}
    sister = birth | {
        "record_id": "2",
        "name": "王小红",
        "sex": "2",
        "birth_date": "2023-07-19",
        "event_date": "2023-07-19",
    }
    same, different = score_against(model, typed, [birth, sister])
    assert same >= model.spec.threshold > different
    assert score_against(model, typed, []) == []
