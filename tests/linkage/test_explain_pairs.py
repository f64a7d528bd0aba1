"""explain_pairs: the scored pairs among a case's records, read together, equal what explaining
each record alone finds among them."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hedui.errors import NotFoundError
from hedui.linkage.explain import PairExplanation, explain_pairs, explain_record
from hedui.linkage.link_dir import LinkDir
from hedui.linkage.pipeline import LinkResult

pytestmark = pytest.mark.slow

Key = tuple[str, str]


def _one_by_one(link: LinkDir | Path, records: list[Key]) -> list[tuple[Key, PairExplanation]]:
    """What the case page found before: each record explained with all its pairs, the pairs
    with another of the records kept once, under the record named first."""
    wanted = list(dict.fromkeys(records))
    found: list[tuple[Key, PairExplanation]] = []
    seen: set[frozenset[Key]] = set()
    for record in wanted:
        for pair in explain_record(link, *record, limit=1_000_000).pairs:
            other = (pair.other_source, pair.other_record_id)
            if other in wanted and frozenset({record, other}) not in seen:
                seen.add(frozenset({record, other}))
                found.append((record, pair))
    return found


@pytest.fixture(scope="module")
def keys(linked: LinkResult) -> list[Key]:
    """Every record of the run, in clusters.csv order (cluster-mates are often near)."""
    clusters = pl.read_csv(linked.clusters_path, infer_schema=False)
    return list(clusters.select("source", "record_id").iter_rows())


@pytest.fixture(scope="module")
def clusters(linked: LinkResult) -> list[list[Key]]:
    """The run's clusters of more than one record, as their records."""
    frame = pl.read_csv(linked.clusters_path, infer_schema=False)
    grouped = frame.group_by("cluster_id", maintain_order=True).agg("source", "record_id")
    return [
        list(zip(sources, ids, strict=True))
        for sources, ids in grouped.select("source", "record_id").iter_rows()
        if len(sources) > 1
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_pairs_among_records_equal_explaining_each_record(
    linked: LinkResult, keys: list[Key], clusters: list[list[Key]], data: st.DataObject
) -> None:
    # A cluster (the records of one case often are one), some records near it, in any order.
    cluster = data.draw(st.sampled_from(clusters))
    start = keys.index(cluster[0])
    near = data.draw(st.lists(st.integers(-6, 6), max_size=3))
    records = cluster + [keys[(start + n) % len(keys)] for n in near]
    records = data.draw(st.permutations(records))
    together = explain_pairs(linked.out_dir, records)
    assert together == _one_by_one(linked.out_dir, records)
    # Without the values: the same pairs, levels and weights, no values read.
    bare = explain_pairs(linked.out_dir, records, values=False)
    assert [(mine, replace(pair, fields=[])) for mine, pair in bare] == [
        (mine, replace(pair, fields=[])) for mine, pair in together
    ]
    for (_, plain), (_, full) in zip(bare, together, strict=True):
        assert [(f.comparison, f.level, f.weight) for f in plain.fields] == [
            (f.comparison, f.level, f.weight) for f in full.fields
        ]
        assert all(f.left is None and f.right is None for f in plain.fields)
    for mine, pair in together:  # seen from the record named first
        other = (pair.other_source, pair.other_record_id)
        assert records.index(mine) < records.index(other)


def test_a_single_record_has_no_pairs_and_an_unknown_one_is_not_found(
    linked: LinkResult, keys: list[Key]
) -> None:
    assert explain_pairs(linked.out_dir, [keys[0]]) == []
    assert explain_pairs(linked.out_dir, [keys[0], keys[0]]) == []
    with pytest.raises(NotFoundError, match="no_such_source:1"):
        explain_pairs(linked.out_dir, [keys[0], ("no_such_source", "1")])


def test_pairs_read_from_a_file_in_no_order_are_the_same(
    linked: LinkResult, clusters: list[list[Key]], tmp_path: Path
) -> None:
    # An older hedui wrote links.parquet unsorted, in large row groups.
    older = tmp_path / "run"
    shutil.copytree(linked.out_dir, older)
    links = pl.read_parquet(older / "links.parquet")
    links.sample(fraction=1.0, shuffle=True, seed=2).write_parquet(
        older / "links.parquet", row_group_size=100_000
    )
    (older / "links_by_right.parquet").unlink()
    stale = tmp_path / "stale"  # links_by_right.parquet left behind by a rewritten run
    shutil.copytree(linked.out_dir, stale)
    pl.read_parquet(stale / "links_by_right.parquet").head(10).write_parquet(
        stale / "links_by_right.parquet"
    )
    for cluster in clusters[:40]:
        expected = explain_pairs(linked.out_dir, cluster)
        assert explain_pairs(older, cluster) == expected
        assert explain_pairs(stale, cluster) == expected


def test_records_whose_hashes_collide_are_read_from_the_file(
    linked: LinkResult, clusters: list[list[Key]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without values the records' numbers come from memory; when two records of the run share
    # a key's hash, they are read from records.parquet instead, with the same answers.
    expected = [explain_pairs(linked.out_dir, c, values=False) for c in clusters[:20]]
    assert any(expected)

    class Colliding:
        def of(self, keys: list[Key]) -> None:
            return None

    monkeypatch.setattr("hedui.linkage.explain.record_numbers", lambda link: Colliding())
    assert [explain_pairs(linked.out_dir, c, values=False) for c in clusters[:20]] == expected
    with pytest.raises(NotFoundError, match="no_such_source:1"):
        explain_pairs(linked.out_dir, [clusters[0][0], ("no_such_source", "1")], values=False)
