"""Scoring: every blocked pair gets a match weight, a probability, and its per-field story.

Splink scores the pairs inside the engine. From its output hedui keeps two things: the
whole table, written to ``links.parquet`` with each field's comparison level
(``gamma_<field>``) and weight (``mw_<field>``) so that any link can be explained later
without rerunning; and the pairs at or above the threshold, brought into memory for
clustering.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from splink import Linker

from hedui.linkage.link_dir import LinkDir
from hedui.linkage.pair_index import write_sorted

PREDICT_STEP = "比对记录对 scoring pairs"

LINK_COLUMNS = (
    "unique_id_l",
    "unique_id_r",
    "source_l",
    "record_id_l",
    "source_r",
    "record_id_r",
    "match_weight",
    "match_probability",
)
"""Columns of ``links.parquet`` besides ``event`` and each comparison's ``gamma_``/``mw_``."""


def score_pairs(linker: Linker) -> Any:
    """Score every pair the blocking rules generate; returns Splink's table of predictions."""
    return linker.inference.predict(warning_mode="never")


def write_links(db_api: Any, predictions: Any, link: LinkDir) -> int:
    """Write every scored pair to ``links.parquet`` of ``link``; returns the number of pairs.

    Kept per pair: the two records (``unique_id``, ``source``, ``record_id`` on each side),
    ``event``, the match weight and probability, and for each comparison its level
    (``gamma_<name>``) and weight (``mw_<name>``; ``mw_tf_adj_name`` for how common the
    name is). The compared values themselves are in ``records.parquet``; repeating them
    for millions of pairs would triple the file and the time to write it.

    The pairs are sorted by ``unique_id_l`` then ``unique_id_r``, and ``links_by_right.parquet``
    lists them by ``unique_id_r``: explaining one record then reads a few row groups, not every
    pair (:mod:`hedui.linkage.pair_index`).
    """
    names = [column.unquote().name for column in predictions.columns]
    kept = [n for n in names if n in LINK_COLUMNS or n.startswith(("gamma_", "mw_"))]
    select = ", ".join([*(f'"{n}"' for n in kept), 'event_l AS "event"'])
    table = predictions.physical_name
    for path in (link.links_path, link.links_by_right_path):
        path.unlink(missing_ok=True)
    pairs = ("unique_id_l", "unique_id_r")
    write_sorted(db_api, f"SELECT {select} FROM {table}", pairs, link.links_path)
    by_right = ("unique_id_r", "unique_id_l")
    write_sorted(
        db_api, f"SELECT unique_id_r, unique_id_l FROM {table}", by_right, link.links_by_right_path
    )
    count = predictions.query_sql("SELECT count(*) AS n FROM {this}").as_record_list()[0]["n"]
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
