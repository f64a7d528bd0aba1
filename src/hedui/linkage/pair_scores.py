"""Score one new record against a few existing ones with a trained model, before it is saved.

A clerk typing a birth should hear "this birth may already be recorded" from the same judgement
that links the sources each month — name spellings, transposed ID digits, a mother's ID — not
from a cruder rule of its own. So the record and its candidates are prepared exactly as linkage
prepares records (:func:`~hedui.linkage.prepare.prepare_features`) and scored by Splink with the
county's trained model (``model.json``), through ``linker.inference.score_pairs``.

Term frequencies: the model adjusts an exact name match by how common the name is, but a handful
of records says nothing about how common a name is in the county. Each record is therefore given
a frequency equal to the model's own chance of an exact name match between two random records
(``u`` of that level), which makes the adjustment exactly zero: the score neither rewards a rare
name nor punishes a common one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
from splink import DuckDBAPI, Linker

from hedui.linkage.engine import EngineOptions, connect_duckdb
from hedui.linkage.model_io import SavedModel
from hedui.linkage.prepare import prepare_features
from hedui.sources.schema import CANONICAL_COLUMNS

__all__ = ["score_against"]

_NEW = "__new__"


def _tf_columns(model: SavedModel) -> dict[str, float]:
    """``tf_<column>`` → the u probability of the level that adjusts on that column."""
    columns: dict[str, float] = {}
    for comparison in model.splink.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            column = level.get("tf_adjustment_column")
            if column and "u_probability" in level:
                columns[f"tf_{column}"] = float(level["u_probability"])
    return columns


def _frame(records: Sequence[Mapping[str, str | None]]) -> pl.DataFrame:
    rows = [
        {c: (None if r.get(c) is None else str(r.get(c))) for c in CANONICAL_COLUMNS}
        for r in records
    ]
    return pl.DataFrame(rows, schema=dict.fromkeys(CANONICAL_COLUMNS, pl.Utf8))


def score_against(
    model: SavedModel,
    record: Mapping[str, str | None],
    candidates: Sequence[Mapping[str, str | None]],
) -> list[float]:
    """The match probability of ``record`` with each of ``candidates``, in their order.

    Args:
        model: a trained model (``hedui link`` writes ``model.json``).
        record: canonical fields of the record about to be saved (``docs/schema.md``).
        candidates: canonical fields of existing records; each needs a ``record_id`` unique
            among them (the ledger's row id will do).

    Returns:
        One probability in [0, 1] per candidate.
    """
    if not candidates:
        return []
    new = {**record, "source": _NEW, "record_id": _NEW}
    features = prepare_features(_frame([new, *candidates]))
    tf = _tf_columns(model)
    features = features.with_columns(pl.lit(value).alias(name) for name, value in tf.items())
    left = features.filter(pl.col("source") == _NEW)
    right = features.filter(pl.col("source") != _NEW)
    connection = connect_duckdb(EngineOptions(threads=1, memory_limit="256MB"))
    try:
        db_api = DuckDBAPI(connection)
        table = db_api.register(features.to_arrow(), table_name="hedui_candidates")
        linker = Linker(table, model.settings(), log_level=None, validate_settings=False)
        scored = linker.inference.score_pairs(left.to_dicts(), right.to_dicts())
        rows: list[dict[str, Any]] = scored.as_record_list()
    finally:
        connection.close()
    by_id = {row["record_id_r"]: float(row["match_probability"]) for row in rows}
    return [by_id[str(c["record_id"])] for c in candidates]
