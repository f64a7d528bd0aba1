"""Scoring: every blocked pair gets a match weight, a probability, and its per-field story.

Splink scores the pairs inside the engine. From its output hedui keeps two things: the
whole table, written to ``links.parquet`` with each field's comparison level
(``gamma_<field>``) and weight (``mw_<field>``) so that any link can be explained later
without rerunning; and the pairs at or above the threshold, brought into memory for
clustering.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from splink import Linker

PREDICT_STEP = "比对记录对 scoring pairs"

_DROPPED_FROM_LINKS = ("event_r",)


def score_pairs(linker: Linker) -> Any:
    """Score every pair the blocking rules generate; returns Splink's table of predictions."""
    return linker.inference.predict(warning_mode="never")


def write_links(predictions: Any, path: Path) -> int:
    """Write every scored pair to ``path`` (Parquet); returns the number of pairs.

    ``event_l`` is kept and renamed ``event`` (both sides share it, by blocking).
    """
    names = [column.unquote().name for column in predictions.columns]
    selected = [name for name in names if name not in _DROPPED_FROM_LINKS]
    select = ", ".join(
        'event_l AS "event"' if name == "event_l" else f'"{name}"' for name in selected
    )
    links = predictions.query_sql(
        f"SELECT {select} FROM {{this}} ORDER BY unique_id_l, unique_id_r"
    )
    if path.exists():
        path.unlink()
    links.to_parquet(str(path), overwrite=True)
    count = links.query_sql("SELECT count(*) AS n FROM {this}").as_record_list()[0]["n"]
    links.drop_table_from_database_and_remove_from_cache()
    return int(count)


def strong_edges(predictions: Any, threshold: float) -> pl.DataFrame:
    """Pairs scoring at least ``threshold``: ``unique_id_l``, ``unique_id_r``, probability."""
    table = predictions.query_sql(
        "SELECT unique_id_l, unique_id_r, match_probability FROM {this} "
        f"WHERE match_probability >= {float(threshold)!r}"
    )
    frame = pl.from_arrow(table.as_pyarrow_table())
    table.drop_table_from_database_and_remove_from_cache()
    assert isinstance(frame, pl.DataFrame)
    return frame.cast(
        {"unique_id_l": pl.Int64, "unique_id_r": pl.Int64, "match_probability": pl.Float64}
    )
