"""Scoring a record against candidates with a saved model, as the record form does."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from splink import DuckDBAPI, Linker

from hedui.linkage.model_io import load_model
from hedui.linkage.pair_scores import PairScorer, score_against
from hedui.linkage.pipeline import LinkResult
from hedui.linkage.prepare import prepare_features
from hedui.sources.schema import CANONICAL_COLUMNS


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


def test_pair_scorer_gives_splinks_own_probabilities(linked: LinkResult) -> None:
    # The scorer compiles the model's levels into one SQL sum instead of building a Linker
    # per save; on 60 records of every event it must agree with Splink's score_pairs (with
    # the term-frequency adjustment made zero, as the scorer leaves it out).
    model = load_model(linked.out_dir / "model.json")
    records = pl.read_parquet(linked.out_dir / "sources.parquet").sort("source", "record_id")
    sample = records.gather_every(max(1, records.height // 60)).head(60).to_dicts()
    record, candidates = sample[0], sample[1:]
    ours = PairScorer(model).score(record, candidates)

    frame = pl.DataFrame(
        [
            {c: (None if r.get(c) is None else str(r.get(c))) for c in CANONICAL_COLUMNS}
            for r in [{**record, "source": "__new__", "record_id": "__new__"}, *candidates]
        ],
        schema=dict.fromkeys(CANONICAL_COLUMNS, pl.Utf8),
    )
    features = prepare_features(frame)
    neutral = {
        f"tf_{level['tf_adjustment_column']}": level["u_probability"]
        for comparison in model.splink["comparisons"]
        for level in comparison["comparison_levels"]
        if level.get("tf_adjustment_column")
    }
    features = features.with_columns(pl.lit(v).alias(k) for k, v in neutral.items())
    db_api = DuckDBAPI(duckdb.connect())
    table = db_api.register(features.to_arrow(), table_name="pairs_reference")
    linker = Linker(table, model.settings(), log_level=None, validate_settings=False)
    left = features.filter(pl.col("source") == "__new__").to_dicts()
    right = features.filter(pl.col("source") != "__new__").to_dicts()
    rows = linker.inference.score_pairs(left, right).as_record_list()
    reference = {row["record_id_r"]: row["match_probability"] for row in rows}
    for candidate, probability in zip(candidates, ours, strict=True):
        assert probability == pytest.approx(reference[candidate["record_id"]], abs=1e-12)
