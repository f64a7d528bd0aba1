"""hedui.linkage.link_dir: the files of a link directory, checked once, read by type."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from hedui.errors import LinkDirError
from hedui.linkage.link_dir import FORMAT, FORMAT_VERSION, WRITTEN, LinkDir, kept_model
from hedui.linkage.pipeline import LinkResult


def _old(directory: Path, *, villages: tuple[str, ...] = ("320924101201",)) -> Path:
    """A link directory as an older hedui (or a test) wrote it: no link.json, two files."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = [(f"R{i}", f"C{i}", village) for i, village in enumerate(villages)]
    pl.DataFrame(
        [("village_ledger", r, c, "") for r, c, _ in rows],
        schema=["source", "record_id", "cluster_id", "match_probability"],
        orient="row",
    ).write_csv(directory / "clusters.csv")
    pl.DataFrame(
        [("village_ledger", r, "birth", v) for r, _, v in rows],
        schema=["source", "record_id", "event", "village"],
        orient="row",
    ).write_parquet(directory / "records.parquet")
    return directory


def test_a_directory_without_a_format_version_opens_as_version_1(tmp_path: Path) -> None:
    """Runs kept by the store and the web were written before link.json existed."""
    link = LinkDir.open(_old(tmp_path / "old"))
    assert (link.version, link.checked) == (1, True)
    assert link.clusters().columns == ["source", "record_id", "cluster_id"]
    assert link.records(["event"], optional=["village", "sex"]).columns == ["event", "village"]


def test_open_lists_every_problem_in_one_error(tmp_path: Path) -> None:
    """clusters.csv missing and records.parquet without record_id: one error names both."""
    directory = _old(tmp_path / "broken")
    (directory / "clusters.csv").unlink()
    pl.read_parquet(directory / "records.parquet").drop("record_id").write_parquet(
        directory / "records.parquet"
    )
    with pytest.raises(LinkDirError) as raised:
        LinkDir.open(directory)
    message = raised.value.message
    assert "clusters.csv is missing" in message
    assert "records.parquet lacks the columns record_id" in message
    assert f"hedui link ... --out {directory}" in message


def test_a_missing_directory_says_to_link(tmp_path: Path) -> None:
    with pytest.raises(LinkDirError, match=r"does not exist.*hedui link"):
        LinkDir.open(tmp_path / "nowhere")


def test_version_2_needs_every_file_it_writes(tmp_path: Path) -> None:
    """With link.json, a missing sources.parquet is found when the directory is opened."""
    directory = _old(tmp_path / "new")
    (directory / FORMAT).write_text(json.dumps({"version": 2}), encoding="utf-8")
    with pytest.raises(LinkDirError) as raised:
        LinkDir.open(directory)
    for name in set(WRITTEN) - {"clusters.csv", "records.parquet"}:
        assert f"{name} is missing" in raised.value.message


@pytest.mark.parametrize(
    ("record", "expected"),
    [({"version": FORMAT_VERSION + 1}, "upgrade hedui"), ({"version": "two"}, "not understood")],
)
def test_a_newer_or_unreadable_format_is_refused(
    tmp_path: Path, record: dict[str, object], expected: str
) -> None:
    directory = _old(tmp_path / "future")
    (directory / FORMAT).write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(LinkDirError, match=expected):
        LinkDir.open(directory)


def test_a_reader_names_the_columns_it_lacks(tmp_path: Path) -> None:
    """Files other than the two every reader needs are checked when read (version 1)."""
    link = LinkDir.open(_old(tmp_path / "old"))
    with pytest.raises(LinkDirError, match=r"records\.parquet lacks the columns id_raw, id_valid"):
        link.records(["source", "id_raw", "id_valid"])
    with pytest.raises(LinkDirError, match=r"sources\.parquet is missing"):
        link.sources()
    with pytest.raises(LinkDirError, match=r"duplicates\.csv is missing"):
        link.duplicates()


def test_an_old_directory_without_ambiguous_pairs_has_none(tmp_path: Path) -> None:
    link = LinkDir.open(_old(tmp_path / "old"))
    assert link.ambiguous().is_empty() and "reason" in link.ambiguous().columns


def test_open_checks_a_directory_given_unchecked(tmp_path: Path) -> None:
    """LinkDir.at does not check; open does, once: a checked directory is returned as is."""
    unchecked = LinkDir.at(tmp_path / "nowhere")
    with pytest.raises(LinkDirError):
        LinkDir.open(unchecked)
    opened = LinkDir.open(_old(tmp_path / "old"))
    assert LinkDir.open(opened) is opened


def test_create_forgets_an_earlier_runs_format_until_written(tmp_path: Path) -> None:
    """A run that fails half way must not leave the directory looking complete."""
    directory = _old(tmp_path / "again")
    (directory / FORMAT).write_text(json.dumps({"version": 2}), encoding="utf-8")
    link = LinkDir.create(directory)
    assert not (directory / FORMAT).exists()
    link.write_format()
    assert json.loads((directory / FORMAT).read_text(encoding="utf-8"))["version"] == 2


def test_county_is_the_most_common_prefix_of_the_villages(tmp_path: Path) -> None:
    """Two villages of 320924 against one of 110101: the county is 320924."""
    villages = ("320924101201", "320924101202", "110101001001")
    assert LinkDir.open(_old(tmp_path / "old", villages=villages)).county() == "320924"


def test_kept_model_is_the_first_directory_that_still_has_one(tmp_path: Path) -> None:
    """The newest run's folder was deleted; the one before kept its model after a purge."""
    gone, purged = tmp_path / "gone", tmp_path / "purged"
    purged.mkdir()
    (purged / "model.json").write_text("{}", encoding="utf-8")
    assert kept_model([gone, purged]) == purged / "model.json"
    assert kept_model([gone]) is None


def test_a_run_of_link_files_opens_as_the_current_version(linked: LinkResult) -> None:
    """The writer and the reader agree: every file written, link.json last."""
    link = LinkDir.open(linked.out_dir)
    assert link.version == FORMAT_VERSION
    assert link.clusters().height == linked.records
    assert link.model().spec.threshold == linked.threshold
    assert link.duplicates().height == linked.duplicates
    assert link.ambiguous().height == linked.ambiguous
    assert link.links().select("match_probability").collect().height == linked.pairs_scored
