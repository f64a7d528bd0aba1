"""Score one new record against a few existing ones with a trained model, before it is saved.

A clerk typing a birth should hear "this birth may already be recorded" from the same judgement
that links the sources each month — name spellings, transposed ID digits, a mother's ID — not
from a cruder rule of its own. So the record and its candidates are prepared exactly as linkage
prepares records and compared with the very conditions of the model's comparison levels. They
are prepared row by row in Python (:func:`~hedui.linkage.feature_rows.feature_rows`, proven by
a property test to give the rows of :func:`~hedui.linkage.prepare.prepare_features`): polars'
fixed cost per expression and join made most of a save's CPU on a dozen records.

Building a Splink ``Linker`` for each save cost about 330 ms of CPU and blocked every other
clerk; asking DuckDB to plan the model's SQL for each save still cost about 10 ms. A
:class:`PairScorer` instead compiles the model once: each level's SQL condition becomes a
Python function of the pair (:mod:`hedui.linkage.level_conditions`), weighted by
``log2(m/u)``, and a pair's weight is the prior plus, for each comparison, the weight of the
first level whose condition holds. The figures are Splink's own Fellegi–Sunter sum, checked
against ``linker.inference.score_pairs`` in the tests.

Term frequencies: the model adjusts an exact name match by how common the name is, but a handful
of records says nothing about how common a name is in the county. The adjustment is therefore
left out (as if each name were exactly as common as the model's chance of an exact name match
between two random records): the score neither rewards a rare name nor punishes a common one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from hedui.linkage.feature_rows import feature_rows
from hedui.linkage.level_conditions import Condition, compile_condition
from hedui.linkage.model_io import SavedModel

__all__ = ["PairScorer", "score_against"]

_NEW = "__new__"


class PairScorer:
    """A trained model compiled once into Python: the match weight of a pair.

    Args:
        model: a trained model (``hedui link`` writes ``model.json``).
    """

    def __init__(self, model: SavedModel) -> None:
        self.model = model
        settings = model.settings().create_settings_dict("duckdb")
        prior = model.prior
        self._prior_weight = math.log2(prior / (1.0 - prior))
        self._comparisons: list[list[tuple[Condition | None, float]]] = []
        for comparison in settings["comparisons"]:
            levels: list[tuple[Condition | None, float]] = []
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    weight = 0.0
                else:
                    weight = math.log2(level["m_probability"] / level["u_probability"])
                condition = level["sql_condition"]
                if condition.strip().upper() == "ELSE":
                    levels.append((None, weight))
                else:
                    levels.append((compile_condition(condition), weight))
            self._comparisons.append(levels)

    def weight(self, pair: Mapping[str, object]) -> float:
        """The match weight of one pair of prepared records (columns ``<name>_l``, ``<name>_r``)."""
        total = self._prior_weight
        for levels in self._comparisons:
            for condition, weight in levels:
                if condition is None or condition(pair):  # a null condition does not hold
                    total += weight
                    break
        return total

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
        rows = feature_rows([new, *candidates])
        (left,) = [row for row in rows if row["source"] == _NEW]
        left_columns = {f"{c}_l": value for c, value in left.items()}
        right_names = [f"{c}_r" for c in left]
        weights: dict[str, float] = {}
        for row in rows:
            if row["source"] != _NEW:
                pair = left_columns.copy()
                pair.update(zip(right_names, row.values(), strict=True))
                weights[str(row["record_id"])] = self.weight(pair)
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
