"""A worker reads the newest run's explanation index and model before its first page."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import polars as pl
import pytest

from hedui.cache import KeptAnswers, clear_all, kept_answers
from hedui.linkage.explain import explain_pairs
from hedui.web.state import AppState
from hedui.web.warm_up import warm_up

from ..conftest import Site
from .casework import add_run, link_small_county

# The caches a worker's first case page and first save fill (named as their modules name them).
KEPT = {
    "explain: a run's clusters, indexed": 2,
    "explain: a run's model": 2,
    "record numbers: a run's keys, hashed": 2,
    "pair index: a Parquet file's row groups": 8,
    "save: the newest run's model, compiled": 2,
}


@pytest.fixture(scope="module")
def link_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return link_small_county(tmp_path_factory.mktemp("county"))


def kept() -> dict[str, int]:
    caches: dict[str, KeptAnswers[object]] = {n: kept_answers(n, s) for n, s in KEPT.items()}
    return {name: len(cache) for name, cache in caches.items()}


def state_of(site: Site) -> AppState:
    state = site.app.state.hedui
    assert isinstance(state, AppState)
    return state


def test_the_first_case_page_finds_everything_read_already(site: Site, link_dir: Path) -> None:
    add_run(site, link_dir)
    clear_all()
    assert warm_up(state_of(site))
    before = kept()
    assert before == {**dict.fromkeys(KEPT, 1), "pair index: a Parquet file's row groups": 2}
    clusters = pl.read_csv(link_dir / "clusters.csv", infer_schema=False)
    pair = clusters.filter(pl.col("cluster_id").is_duplicated()).head(2)
    records = list(pair.select("source", "record_id").iter_rows())
    assert explain_pairs(link_dir, records, values=False)
    assert kept() == before  # nothing more was read and kept


def test_a_worker_without_a_run_or_with_its_files_gone_still_starts(
    site: Site, link_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clear_all()
    assert not warm_up(state_of(site))
    gone = tmp_path / "gone"
    shutil.copytree(link_dir, gone)
    add_run(site, gone)
    (gone / "clusters.csv").unlink()
    with caplog.at_level(logging.WARNING, logger="hedui.web.warm_up"):
        assert not warm_up(state_of(site))
    assert "warm-up skipped" in caplog.text
    assert site.client("clerk").get("/").status_code == 200
