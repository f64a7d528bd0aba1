"""Hand-made link directories: the files reconciliation reads, written in tmp_path."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl
import pytest

from hedui.identity import resident_id

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
SOURCE_COLUMNS = (
    "source",
    "record_id",
    "event",
    "event_date",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "address_code",
    "recorded_date",
    "spouse_name",
    "spouse_id_number",
)

# One row: (source, record_id, cluster_id, event, id18, name_norm, birth_date, sex, village)
# and optionally the event date (defaults to 2025-06-01; for a birth, to its birth date, as a
# ledger writes it).
Row = tuple[str | None, ...]
EVENT_DATE = "2025-06-01"

# What sources.parquet holds beyond the prepared values, per (source, record_id): e.g.
# {"recorded_date": "2025-09-01", "birth_date": None}; unnamed columns copy the record.
RawValues = Mapping[tuple[str, str], Mapping[str, str | None]]


def _default_date(row: Row) -> str | None:
    return row[6] if row[3] == "birth" and row[6] else EVENT_DATE


class WriteLinkDir:
    """Write clusters.csv, records.parquet, sources.parquet and duplicates.csv as hedui link."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.count = 0

    def __call__(
        self,
        rows: list[Row],
        duplicates: list[tuple[str, str, str, str]],
        raw: RawValues | None = None,
    ) -> Path:
        self.count += 1
        out = self.tmp_path / ("linked" if self.count == 1 else f"linked{self.count}")
        out.mkdir()
        full = [(*r[:9], r[9] if len(r) > 9 else _default_date(r)) for r in rows]
        pl.DataFrame(
            [(r[0], r[1], r[2], None) for r in full],
            schema={
                "source": pl.Utf8,
                "record_id": pl.Utf8,
                "cluster_id": pl.Utf8,
                "match_probability": pl.Float64,
            },
            orient="row",
        ).write_csv(out / "clusters.csv")
        records = pl.DataFrame(
            [(r[0], r[1], *r[3:]) for r in full],
            schema={c: pl.Utf8 for c in RECORD_COLUMNS},
            orient="row",
        ).with_columns(
            pl.col("id18").alias("id_raw"),
            pl.col("id18")
            .map_elements(resident_id.is_valid, return_dtype=pl.Boolean)
            .fill_null(False)
            .alias("id_valid"),
        )
        records.with_row_index("unique_id").write_parquet(out / "records.parquet")
        overrides = raw or {}
        sources = []
        for r in full:
            values: dict[str, str | None] = {
                "source": r[0],
                "record_id": r[1],
                "event": r[3],
                "event_date": r[9],
                "name": r[5],
                "id_number": r[4],
                "sex": r[7],
                "birth_date": r[6],
                "address_code": r[8],
                "recorded_date": r[9],
                "spouse_name": None,
                "spouse_id_number": None,
            }
            values.update(overrides.get((str(r[0]), str(r[1])), {}))
            sources.append(tuple(values[c] for c in SOURCE_COLUMNS))
        pl.DataFrame(
            sources, schema={c: pl.Utf8 for c in SOURCE_COLUMNS}, orient="row"
        ).reverse().write_parquet(out / "sources.parquet")
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


@pytest.fixture
def write_link_dir(tmp_path: Path) -> WriteLinkDir:
    """A writer of hand-made link directories (each call a new directory)."""
    return WriteLinkDir(tmp_path)
