"""explain_record: the waterfall of a linked record, read back from a finished run."""

from __future__ import annotations

import json
import math
import os
import shutil

import polars as pl
import pytest

from hedui.errors import NotFoundError
from hedui.linkage.explain import explain_record
from hedui.linkage.pipeline import LinkResult

pytestmark = pytest.mark.slow


def _a_linked_birth(linked: LinkResult) -> tuple[str, str]:
    clusters = pl.read_csv(linked.clusters_path, infer_schema=False)
    births = clusters.filter(
        (pl.col("source") == "health_births") & pl.col("match_probability").is_not_null()
    )
    return births["source"][0], births["record_id"][0]


def test_explain_record_weights_add_up_to_the_match_weight(linked: LinkResult):
    source, record_id = _a_linked_birth(linked)
    explanation = explain_record(linked.out_dir, source, record_id)
    assert explanation.cluster  # linked to at least one other record
    best = explanation.pairs[0]
    assert best.linked
    total = best.prior_weight + sum(f.weight for f in best.fields) + best.term_frequency_weight
    assert total == pytest.approx(best.match_weight, abs=1e-6)
    # Probability from weight: 2^w / (1 + 2^w).
    assert best.match_probability == pytest.approx(2**total / (1 + 2**total), rel=1e-9)
    assert [f.comparison for f in best.fields] == [
        "resident_id",
        "name",
        "birth_date",
        "sex",
        "address_code",
        "event_date",
        "mother",
        "address",
    ]


def test_explain_record_names_levels_and_shows_values(linked: LinkResult):
    source, record_id = _a_linked_birth(linked)
    best = explain_record(linked.out_dir, source, record_id).pairs[0]
    birth = next(f for f in best.fields if f.comparison == "birth_date")
    # Both records of one birth carry the same date (or a level saying how they differ).
    assert birth.left is not None and birth.right is not None
    assert birth.level in {
        "相同 exact",
        "日月颠倒 day/month swapped",
        "相差一天 ±1 day",
        "一位数字不同 one digit",
        "同年同月 same year and month",
        "两月内（农历误作公历） within 62 days (lunar)",
        "不同 different",
    }
    assert not math.isnan(birth.weight)


def test_explain_record_unknown_record(linked: LinkResult):
    with pytest.raises(NotFoundError, match="no_such_source:42"):
        explain_record(linked.out_dir, "no_such_source", "42")


def test_explain_record_without_candidate_pairs(linked: LinkResult):
    # A record no blocking rule paired with anything: alone in its cluster, no pairs.
    clusters = pl.read_csv(linked.clusters_path, infer_schema=False)
    links = pl.read_parquet(
        linked.links_path, columns=["source_l", "record_id_l", "source_r", "record_id_r"]
    )
    paired = pl.concat(
        [
            links.select(
                pl.col("source_l").alias("source"), pl.col("record_id_l").alias("record_id")
            ),
            links.select(
                pl.col("source_r").alias("source"), pl.col("record_id_r").alias("record_id")
            ),
        ]
    ).unique()
    lonely = clusters.join(paired, on=["source", "record_id"], how="anti").row(0, named=True)
    explanation = explain_record(linked.out_dir, lonely["source"], lonely["record_id"])
    assert (explanation.pairs, explanation.candidates, explanation.cluster) == ([], 0, [])


def test_explain_record_lists_its_duplicates_and_ambiguous_pairs(linked: LinkResult):
    duplicates = pl.read_csv(linked.out_dir / "duplicates.csv", infer_schema=False)
    first = duplicates.row(0, named=True)
    explanation = explain_record(linked.out_dir, first["source_l"], first["record_id_l"])
    assert (first["source_r"], first["record_id_r"], "同源重复 duplicate") in explanation.flags


def test_a_run_written_again_is_explained_from_its_new_clusters(
    linked: LinkResult, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # The clusters are kept per process under the file's modification time: a run written
    # again into the same folder is explained from what it wrote, not from the kept copy.
    folder = tmp_path_factory.mktemp("rewritten") / "run"
    shutil.copytree(linked.out_dir, folder)
    source, record_id = _a_linked_birth(linked)
    assert explain_record(folder, source, record_id).cluster
    clusters = pl.read_csv(folder / "clusters.csv", infer_schema=False)
    alone = clusters.with_columns(
        pl.when((pl.col("source") == source) & (pl.col("record_id") == record_id))
        .then(pl.lit("alone"))
        .otherwise(pl.col("cluster_id"))
        .alias("cluster_id")
    )
    alone.write_csv(folder / "clusters.csv")
    stat = (folder / "clusters.csv").stat()
    os.utime(folder / "clusters.csv", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert explain_record(folder, source, record_id).cluster == []


def _touch_later(path: os.PathLike[str]) -> None:
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_run_written_again_is_explained_from_its_new_model_and_pair_lists(
    linked: LinkResult, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # The model and the pair lists are kept per process too, each under its own file's
    # version: a rewritten model.json or duplicates.csv is read again.
    folder = tmp_path_factory.mktemp("rewritten-model") / "run"
    shutil.copytree(linked.out_dir, folder)
    duplicates = pl.read_csv(folder / "duplicates.csv", infer_schema=False)
    first = duplicates.row(0, named=True)
    before = explain_record(folder, first["source_l"], first["record_id_l"])
    assert (first["source_r"], first["record_id_r"], "同源重复 duplicate") in before.flags

    model = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    model["hedui"]["spec"]["threshold"] = 0.5 if before.threshold != 0.5 else 0.6
    (folder / "model.json").write_text(json.dumps(model), encoding="utf-8")
    _touch_later(folder / "model.json")
    duplicates.slice(1).write_csv(folder / "duplicates.csv")
    _touch_later(folder / "duplicates.csv")

    after = explain_record(folder, first["source_l"], first["record_id_l"])
    assert after.threshold == model["hedui"]["spec"]["threshold"]
    assert (first["source_r"], first["record_id_r"], "同源重复 duplicate") not in after.flags
