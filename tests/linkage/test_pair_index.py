"""The pairs of one record, found without reading every pair: the layout ``hedui link`` writes
(``links.parquet`` sorted in small row groups, ``links_by_right.parquet``) and its readers."""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from splink import DuckDBAPI

from hedui.errors import LinkDirError
from hedui.linkage import pair_index
from hedui.linkage.explain import explain_record
from hedui.linkage.link_dir import WRITTEN, LinkDir
from hedui.linkage.pair_index import LOOKUP_GROUP_ROWS, pairs_of, rows_where, write_sorted
from hedui.linkage.pipeline import LinkResult


def _group_sizes(path: Path) -> list[int]:
    metadata = pq.read_metadata(path)
    return [metadata.row_group(g).num_rows for g in range(metadata.num_row_groups)]


def _whole_file_pairs(link: LinkDir, unique_id: int) -> pl.DataFrame:
    ids = pl.col("unique_id_l"), pl.col("unique_id_r")
    return link.links().filter((ids[0] == unique_id) | (ids[1] == unique_id)).collect()


def _in_order(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort("unique_id_l", "unique_id_r")


# The layout a run writes.


@pytest.mark.slow
def test_links_are_sorted_by_left_record_in_bounded_row_groups(linked: LinkResult) -> None:
    link = LinkDir.open(linked.out_dir)
    sizes = _group_sizes(link.links_path)
    assert len(sizes) > 1 and max(sizes) <= LOOKUP_GROUP_ROWS
    pairs = pl.read_parquet(link.links_path, columns=["unique_id_l", "unique_id_r"])
    assert pairs.equals(pairs.sort("unique_id_l", "unique_id_r"))
    # Each row group says which left records it holds, so readers can skip the others.
    metadata = pq.read_metadata(link.links_path)
    column = metadata.schema.names.index("unique_id_l")
    for g in range(metadata.num_row_groups):
        assert metadata.row_group(g).column(column).statistics.has_min_max
    # The companion lists the same pairs by their right record.
    by_right = pl.read_parquet(link.links_by_right_path)
    assert by_right.columns == ["unique_id_r", "unique_id_l"]
    assert by_right.equals(by_right.sort("unique_id_r", "unique_id_l"))
    assert max(_group_sizes(link.links_by_right_path)) <= LOOKUP_GROUP_ROWS
    assert _in_order(by_right.select(pairs.columns)).equals(pairs)
    # records.parquet is read one record at a time too.
    assert max(_group_sizes(link.records_path)) <= LOOKUP_GROUP_ROWS


@pytest.mark.slow
def test_pairs_of_a_record_are_those_of_the_whole_file(linked: LinkResult) -> None:
    link = LinkDir.open(linked.out_dir)
    pairs = pl.read_parquet(link.links_path, columns=["unique_id_l", "unique_id_r"])
    busiest = (
        pl.concat([pairs["unique_id_l"], pairs["unique_id_r"]])
        .value_counts(sort=True)
        .head(5)
        .to_series()
        .to_list()
    )
    records = pl.read_parquet(link.records_path, columns=["unique_id"])["unique_id"].to_list()
    sample = random.Random(5).sample(records, 300) + busiest + [records[0], records[-1]]
    for unique_id in sample:
        found = pairs_of(link, unique_id)
        assert found is not None
        assert _in_order(found).equals(_in_order(_whole_file_pairs(link, unique_id)))
    nobody = pairs_of(link, max(records) + 1_000)
    assert nobody is not None and nobody.is_empty()


# Explanations: the same with the index, without it (an older hedui's directory), and with
# one left behind by an older hedui that rewrote links.parquet.


def _sample(link: LinkDir, count: int) -> list[tuple[str, str]]:
    clusters = link.clusters()
    rows = random.Random(3).sample(range(clusters.height), count)
    keys = [(clusters["source"][r], clusters["record_id"][r]) for r in rows]
    by_right = pl.read_parquet(link.links_by_right_path)
    busiest = by_right.group_by("unique_id_r").len().sort("len", "unique_id_r", descending=True)
    records = link.records(["unique_id", "source", "record_id"])
    for unique_id in busiest.head(3)["unique_id_r"].to_list():
        hit = records.filter(pl.col("unique_id") == unique_id).row(0, named=True)
        keys.append((hit["source"], hit["record_id"]))
    return keys


def _copy_of(linked: LinkResult, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A copy of the linked run, to change without touching the shared one."""
    folder = tmp_path_factory.mktemp(name) / "run"
    shutil.copytree(linked.out_dir, folder)
    return folder


@pytest.mark.slow
def test_explanations_are_the_same_without_the_index(
    linked: LinkResult, tmp_path_factory: pytest.TempPathFactory
) -> None:
    link = LinkDir.open(linked.out_dir)
    without = _copy_of(linked, tmp_path_factory, "without-index")
    (without / "links_by_right.parquet").unlink()
    stale = _copy_of(linked, tmp_path_factory, "stale-index")
    pl.read_parquet(stale / "links_by_right.parquet").head(10).write_parquet(
        stale / "links_by_right.parquet"
    )
    assert pairs_of(LinkDir.open(without), 0) is None
    assert pairs_of(LinkDir.open(stale), 0) is None
    for source, record_id in _sample(link, 150):
        for limit in (5, 1_000):
            indexed = explain_record(link, source, record_id, limit=limit)
            assert explain_record(without, source, record_id, limit=limit) == indexed
            assert explain_record(stale, source, record_id, limit=limit) == indexed


@pytest.mark.slow
def test_explanations_of_clusters_written_in_another_order(
    linked: LinkResult, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # explain finds a record's row of clusters.csv by its unique_id (hedui writes the file in
    # that order) and checks it; a file in another order is searched instead.
    link = LinkDir.open(linked.out_dir)
    shuffled = _copy_of(linked, tmp_path_factory, "shuffled-clusters")
    clusters = pl.read_csv(link.clusters_path, infer_schema=False)
    clusters.sample(fraction=1.0, shuffle=True, seed=1).write_csv(shuffled / "clusters.csv")
    moved = pl.read_csv(shuffled / "clusters.csv", infer_schema=False)
    for source, record_id in _sample(link, 60):
        here = explain_record(link, source, record_id)
        there = explain_record(shuffled, source, record_id)
        assert there.pairs == here.pairs and there.cluster_id == here.cluster_id
        members = moved.filter(pl.col("cluster_id") == here.cluster_id)
        assert there.cluster == [
            (s, r)
            for s, r in members.select("source", "record_id").iter_rows()
            if (s, r) != (source, record_id)
        ]
        assert sorted(there.cluster) == sorted(here.cluster)


# The link directory.


def test_the_index_is_optional_for_a_link_directory(
    linked: LinkResult, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert "links_by_right.parquet" not in WRITTEN
    folder = _copy_of(linked, tmp_path_factory, "optional-index")
    (folder / "links_by_right.parquet").unlink()
    assert LinkDir.open(folder).links_by_right_path == folder / "links_by_right.parquet"


def test_a_directory_repaired_after_a_failed_open_opens(
    linked: LinkResult, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # LinkDir.open keeps what it found under the versions of the files: a missing file put
    # back is seen.
    folder = _copy_of(linked, tmp_path_factory, "repaired")
    LinkDir.open(folder)
    (folder / "records.parquet").rename(folder / "records.kept")
    with pytest.raises(LinkDirError, match=r"records\.parquet"):
        LinkDir.open(folder)
    (folder / "records.kept").rename(folder / "records.parquet")
    assert LinkDir.open(folder).checked


# Properties of the writer and the readers, for any pairs and any files.

_pair_lists = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 40)).filter(lambda p: p[0] != p[1]),
    unique=True,
    max_size=120,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs=_pair_lists)
def test_every_record_finds_exactly_its_pairs(pairs: list[tuple[int, int]]) -> None:
    frame = pl.DataFrame(
        {
            "unique_id_l": [left for left, _ in pairs],
            "unique_id_r": [right for _, right in pairs],
            "match_probability": [((7 * a + b) % 10) / 10 for a, b in pairs],
        },
        schema={"unique_id_l": pl.Int64, "unique_id_r": pl.Int64, "match_probability": pl.Float64},
    )
    with tempfile.TemporaryDirectory() as folder:
        link = LinkDir.at(Path(folder))
        connection = duckdb.connect()
        connection.register("scored", frame.to_arrow())
        db_api = DuckDBAPI(connection)
        _write_both(db_api, link)
        for unique_id in range(-1, 42):
            found = pairs_of(link, unique_id)
            assert found is not None
            expected = frame.filter(
                (pl.col("unique_id_l") == unique_id) | (pl.col("unique_id_r") == unique_id)
            )
            assert _in_order(found).equals(_in_order(expected))
        connection.close()


def _write_both(db_api: Any, link: LinkDir) -> None:
    write_sorted(db_api, "SELECT * FROM scored", ("unique_id_l", "unique_id_r"), link.links_path)
    write_sorted(
        db_api,
        "SELECT unique_id_r, unique_id_l FROM scored",
        ("unique_id_r", "unique_id_l"),
        link.links_by_right_path,
    )


_keys = st.tuples(st.sampled_from(["a", "b", "births", "deaths"]), st.text("0123xy", max_size=3))


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(_keys, max_size=80),
    group_rows=st.integers(1, 9),
    ordered=st.booleans(),
    wanted=st.lists(_keys, max_size=4),
    large=st.booleans(),
)
def test_rows_where_reads_the_rows_a_filter_finds(
    rows: list[tuple[str, str]],
    group_rows: int,
    ordered: bool,
    wanted: list[tuple[str, str]],
    large: bool,
) -> None:
    # Row groups are skipped by their statistics, in a sorted file or not; a file of large row
    # groups (an older hedui's) is filtered by polars instead (here: any group counts as large).
    with mock.patch.object(pair_index, "_LARGE_GROUP_ROWS", 0 if large else 8_192):
        _rows_where_is_the_filter(rows, group_rows, ordered, wanted)


def _rows_where_is_the_filter(
    rows: list[tuple[str, str]], group_rows: int, ordered: bool, wanted: list[tuple[str, str]]
) -> None:
    frame = pl.DataFrame(
        {"source": [s for s, _ in rows], "record_id": [r for _, r in rows]},
        schema={"source": pl.Utf8, "record_id": pl.Utf8},
    ).with_row_index("unique_id")
    if ordered:
        frame = frame.sort("source", "record_id")
    wanted += rows[:2]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.parquet"
        frame.write_parquet(path, row_group_size=group_rows)
        found = rows_where(path, ("source", "record_id"), wanted, ["record_id", "unique_id"])
        expected = frame.filter(
            pl.any_horizontal(
                [(pl.col("source") == s) & (pl.col("record_id") == r) for s, r in wanted]
            )
            if wanted
            else pl.lit(False)
        ).select("record_id", "unique_id")
        assert found.sort("unique_id").equals(expected.sort("unique_id"))
        ids = [(int(u),) for u in frame["unique_id"].to_list()[::3]]
        by_id = rows_where(path, ("unique_id",), ids)
        assert sorted(by_id["unique_id"].to_list()) == sorted(u for (u,) in ids)
