"""The family of log-linear models for k sources: main effects plus two-way interactions.

For k sources the expected count of capture history h = (h1, …, hk) is modelled as

    log μ_h = u + Σ_i u_i·h_i + Σ_{(i,j) ∈ S} u_ij·h_i·h_j,

with S any set of pairs of sources (Fienberg 1972, *Biometrika* 59:591–603; Bishop, Fienberg
and Holland 1975, §6.5). The unobserved history (0, …, 0) has log μ = u, so the number of
people no source recorded is estimated by exp(u). An interaction u_ij lets sources i and j
depend on each other: a birth in hospital is both certified and, through the hospital's
report, more likely to reach the township.

Higher interactions are left out: the k-way interaction cannot be estimated at all (it is
confounded with the missing cell), and models with three-way terms on four or five sources
are seldom identifiable from county-sized tables. Exhaustive search covers up to five
sources (2^10 = 1024 models); beyond that the number of models explodes and the caller is
asked to merge or choose sources.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hedui.errors import EstimationInputError
from hedui.stats.capture_histories import History, all_histories

__all__ = ["MAX_SOURCES", "LoglinearModel", "design_matrix", "enumerate_models"]

MAX_SOURCES = 5

Pair = tuple[int, int]


@dataclass(frozen=True)
class LoglinearModel:
    """One model of the family: which pairs of sources interact.

    Attributes:
        k: the number of sources.
        interactions: pairs of source positions (i < j) with an interaction term, sorted.
    """

    k: int
    interactions: tuple[Pair, ...]

    @property
    def n_parameters(self) -> int:
        """Intercept, k main effects and one term per interaction."""
        return 1 + self.k + len(self.interactions)

    def name(self, sources: tuple[str, ...]) -> str:
        """A readable name: ``"独立 / independence"`` or ``"甲×乙 + 乙×丙"``."""
        if not self.interactions:
            return "独立 / independence"
        return " + ".join(pair_label(p, sources) for p in self.interactions)

    def interaction_labels(self, sources: tuple[str, ...]) -> list[str]:
        """Each interaction written ``"甲×乙"`` with the source names."""
        return [pair_label(p, sources) for p in self.interactions]


def pair_label(pair: Pair, sources: tuple[str, ...]) -> str:
    """``"甲×乙"`` for the pair of source positions ``pair``."""
    return f"{sources[pair[0]]}×{sources[pair[1]]}"


def enumerate_models(k: int) -> list[LoglinearModel]:
    """Every model with all main effects and any subset of the two-way interactions.

    Ordered by number of interactions, then lexicographically, so the independence model
    comes first and ties in a selection criterion go to the simpler model.

    Raises:
        EstimationInputError: for fewer than two or more than :data:`MAX_SOURCES` sources.
    """
    if not 2 <= k <= MAX_SOURCES:
        raise EstimationInputError(
            f"对数线性模型的穷举搜索支持 2 至 {MAX_SOURCES} 个来源，得到 {k} 个 / exhaustive "
            f"log-linear model search supports 2 to {MAX_SOURCES} sources, got {k}; merge "
            "similar sources or choose the most independent ones"
        )
    pairs = list(itertools.combinations(range(k), 2))
    return [
        LoglinearModel(k=k, interactions=subset)
        for size in range(len(pairs) + 1)
        for subset in itertools.combinations(pairs, size)
    ]


def design_matrix(
    model: LoglinearModel, histories: list[History] | None = None
) -> NDArray[np.float64]:
    """The model matrix for ``histories`` (by default the 2^k − 1 observable ones).

    Columns: intercept, the k main effects in source order, then the interactions in the
    order of :attr:`LoglinearModel.interactions`. Pass ``[(0,) * k]`` to get the row of the
    unobserved cell (intercept only).
    """
    rows = all_histories(model.k) if histories is None else histories
    flags = np.array(rows, dtype=float).reshape(len(rows), model.k)
    columns = [np.ones(len(rows)), *(flags[:, i] for i in range(model.k))]
    columns += [flags[:, i] * flags[:, j] for i, j in model.interactions]
    return np.column_stack(columns)
