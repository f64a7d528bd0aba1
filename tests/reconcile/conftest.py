"""Hand-made link directories: the three files reconciliation reads, written in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

RECORD_COLUMNS = (
    "source",
    "record_id",
    "event",
    "id18",
    "name_norm",
    "birth_date",
    "sex",
    "village",
    "event_date",
)

# One row: (source, record_id, cluster_id, event, id18, name_norm, birth_date, sex, village)
# and optionally the event date (defaults to 2025-06-01).
Row = tuple[str | None, ...]
EVENT_DATE = "2025-06-01"

WriteLinkDir = Callable[[list[Row], list[tuple[str, str, str, str]]], Path]


@pytest.fixture
def write_link_dir(tmp_path: Path) -> WriteLinkDir:
    """Write clusters.csv, records.parquet and duplicates.csv as ``hedui link`` would."""

    def write(rows: list[Row], duplicates: list[tuple[str, str, str, str]]) -> Path:
        out = tmp_path / "linked"
        out.mkdir()
        pl.DataFrame(
            [(r[0], r[1], r[2], None) for r in rows],
            schema={
                "source": pl.Utf8,
                "record_id": pl.Utf8,
                "cluster_id": pl.Utf8,
                "match_probability": pl.Float64,
            },
            orient="row",
        ).write_csv(out / "clusters.csv")
        pl.DataFrame(
            [(r[0], r[1], *r[3:9], r[9] if len(r) > 9 else EVENT_DATE) for r in rows],
            schema={c: pl.Utf8 for c in RECORD_COLUMNS},
            orient="row",
        ).with_row_index("unique_id").write_parquet(out / "records.parquet")
        pl.DataFrame(
            [(*d, 0.9999) for d in duplicates],
            schema={
                "source_l": pl.Utf8,
                "record_id_l": pl.Utf8,
                "source_r": pl.Utf8,
                "record_id_r": pl.Utf8,
                "match_probability": pl.Float64,
            },
            orient="row",
        ).write_csv(out / "duplicates.csv")
        return out

    return write
