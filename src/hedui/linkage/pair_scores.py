"""Score one new record against a few existing ones with a trained model, before it is saved.

A clerk typing a birth should hear "this birth may already be recorded" from the same judgement
that links the sources each month — name spellings, transposed ID digits, a mother's ID — not
from a cruder rule of its own. So the record and its candidates are prepared exactly as linkage
prepares records (:func:`~hedui.linkage.prepare.prepare_features`) and compared with the very
SQL of the model's comparison levels, in DuckDB.

Building a Splink ``Linker`` for each save cost about 330 ms of CPU and blocked every other
clerk. A :class:`PairScorer` instead compiles the model once — each comparison's levels become
one ``CASE`` over the pair's columns, weighted by ``log2(m/u)`` — and then scores a record
against its candidates in one small query. The figures are Splink's own Fellegi–Sunter sum
(prior plus the weights of the levels the pair falls in), checked against
``linker.inference.score_pairs`` in the tests.

Term frequencies: the model adjusts an exact name match by how common the name is, but a handful
of records says nothing about how common a name is in the county. The adjustment is therefore
left out (as if each name were exactly as common as the model's chance of an exact name match
between two random records): the score neither rewards a rare name nor punishes a common one.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence

import duckdb
import polars as pl

from hedui.linkage.model_io import SavedModel
from hedui.linkage.prepare import FEATURE_COLUMNS, prepare_features
from hedui.sources.schema import CANONICAL_COLUMNS

__all__ = ["PairScorer", "score_against"]

_NEW = "__new__"


def _frame(records: Sequence[Mapping[str, str | None]]) -> pl.DataFrame:
    rows = [
        {c: (None if r.get(c) is None else str(r.get(c))) for c in CANONICAL_COLUMNS}
        for r in records
    ]
    return pl.DataFrame(rows, schema=dict.fromkeys(CANONICAL_COLUMNS, pl.Utf8))


class PairScorer:
    """A trained model compiled once into one SQL expression: the pair's match weight.

    Args:
        model: a trained model (``hedui link`` writes ``model.json``).
    """

    def __init__(self, model: SavedModel) -> None:
        self.model = model
        settings = model.settings().create_settings_dict("duckdb")
        prior = model.prior
        terms = [repr(math.log2(prior / (1.0 - prior)))]
        for comparison in settings["comparisons"]:
            whens = []
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    weight = 0.0
                else:
                    weight = math.log2(level["m_probability"] / level["u_probability"])
                condition = level["sql_condition"]
                if condition.strip().upper() == "ELSE":
                    whens.append(f"ELSE {weight!r}")
                else:
                    whens.append(f"WHEN {condition} THEN {weight!r}")
            terms.append(f"(CASE {' '.join(whens)} END)")
        pair_columns = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in FEATURE_COLUMNS)
        # One in-memory connection for the scorer's life (opening one costs ~20 ms of CPU);
        # web requests run in threads, so the scoring itself is serialised.
        self._connection = duckdb.connect(config={"threads": 1})
        self._lock = threading.Lock()
        self._sql = (
            f"SELECT record_id, {' + '.join(terms)} AS match_weight "
            f"FROM (SELECT {pair_columns}, r.record_id FROM new_record l, candidates r) AS pairs"
        )

    def score(
        self, record: Mapping[str, str | None], candidates: Sequence[Mapping[str, str | None]]
    ) -> list[float]:
        """The match probability of ``record`` with each of ``candidates``, in their order.

        Args:
            record: canonical fields of the record about to be saved (``docs/schema.md``).
            candidates: canonical fields of existing records; each needs a ``record_id``
                unique among them (the ledger's row id will do).
        """
        if not candidates:
            return []
        new = {**record, "source": _NEW, "record_id": _NEW}
        features = prepare_features(_frame([new, *candidates]))
        new_record = features.filter(pl.col("source") == _NEW).to_arrow()
        candidates_table = features.filter(pl.col("source") != _NEW).to_arrow()
        with self._lock:
            connection = self._connection
            connection.register("new_record", new_record)
            connection.register("candidates", candidates_table)
            try:
                rows = connection.execute(self._sql).fetchall()
            finally:
                connection.unregister("new_record")
                connection.unregister("candidates")
        weights = {str(record_id): float(weight) for record_id, weight in rows}
        return [_probability(weights[str(c["record_id"])]) for c in candidates]


def _probability(weight: float) -> float:
    if weight > 700:
        return 1.0
    odds: float = 2.0**weight
    return odds / (1.0 + odds)


def score_against(
    model: SavedModel,
    record: Mapping[str, str | None],
    candidates: Sequence[Mapping[str, str | None]],
) -> list[float]:
    """The match probability of ``record`` with each of ``candidates`` (see :class:`PairScorer`).

    Compiles the model each call; a process that scores often keeps a :class:`PairScorer`.
    """
    return PairScorer(model).score(record, candidates)
