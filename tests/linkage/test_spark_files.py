"""Staging sources for a DuckDB run: a local Parquet file becomes a CSV, a URI is refused."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hedui.errors import LinkageError
from hedui.linkage.spark.files import stage_sources


def test_a_uri_needs_spark(tmp_path: Path) -> None:
    with pytest.raises(LinkageError, match="read it with --engine spark"):
        stage_sources(["hdfs://nn:8020/hukou.csv"], tmp_path)


def test_a_local_parquet_source_is_staged_as_text(tmp_path: Path) -> None:
    source = tmp_path / "births.parquet"
    pl.DataFrame({"record_id": ["007"], "count": [3]}).write_parquet(source)
    plain = tmp_path / "ledger.csv"
    staged = stage_sources([source, plain], tmp_path / "staged")
    assert staged.paths[1] == plain
    assert pl.read_csv(staged.paths[0], infer_schema=False).rows() == [("007", "3")]
    assert staged.given == {str(staged.paths[0]): str(source)}
