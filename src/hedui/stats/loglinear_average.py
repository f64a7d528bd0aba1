"""Model averaging over the log-linear models: an estimate that does not jump with the choice.

Choosing the one model with the smallest AIC and then quoting its interval as if the model
had been known in advance understates the uncertainty, and on tables distorted by linkage
errors or dependent sources the smallest AIC can fall on a model with many interactions
whose extrapolation to the unobserved cell runs away (an interval four times the count).
Model averaging (Buckland, Burnham and Augustin 1997, *Biometrics* 53:603–618; Burnham and
Anderson 2002, *Model Selection and Multimodel Inference*, §4.2) keeps every plausible model
in play:

- **Candidates.** Every model of the family that determines the number missed
  (:mod:`hedui.stats.identifiability`) *and* leaves at least one residual degree of freedom.
  A model with none (three sources with all three interactions) fits every table exactly, so
  the data cannot judge it; its estimate rests entirely on the untestable absence of the
  highest-order interaction, and it is the model that "runs away". It is listed, never
  averaged. Only when no other model can be fitted is it used, and the result then says
  that the data cannot tell.
- **Weights.** Akaike weights w_m ∝ exp(−Δ_m/2), Δ_m the model's AIC (or BIC) minus the
  smallest among the candidates.
- **Estimate.** N̂ = Σ w_m·N̂_m over the models weighing at least :data:`MIN_WEIGHT` of the
  best one (weights renormalised): a model with weight 10⁻⁵ and an estimate of a million
  would otherwise add ten to a county's births.
- **Sensitivity.** The range of N̂_m over the *plausible* models, those with Δ_m ≤ 2
  (Burnham and Anderson's "substantial support").
- **The data cannot tell** when the plausible models disagree by more than a factor of
  :data:`DISAGREEMENT_FACTOR` on N, when the interval's upper bound is more than
  :data:`WIDTH_FACTOR` times the estimate (or unbounded), or when only a model without
  residual degrees of freedom could be fitted. The estimate and its interval are still
  given, with that warning in Chinese and English beside them.

The intervals that go with the average are in :mod:`hedui.stats.averaged_interval`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from hedui.stats.interval import Interval, json_number
from hedui.stats.loglinear_fit import ModelFit

__all__ = [
    "DEFAULT_PLAUSIBLE_DELTA",
    "DISAGREEMENT_FACTOR",
    "WIDTH_FACTOR",
    "ModelAverage",
    "average_models",
    "candidate_models",
    "information_weights",
]

Criterion = Literal["aic", "bic"]

DEFAULT_PLAUSIBLE_DELTA = 2.0
"""Models within this many AIC (or BIC) units of the best are "plausible" (sensitivity)."""

DISAGREEMENT_FACTOR = 1.25
"""Plausible models whose estimates of N differ by more than this factor: the data cannot tell."""

WIDTH_FACTOR = 2.0
"""An interval reaching past this multiple of the estimate: the data cannot bound it."""

MIN_WEIGHT = 1e-3
"""Models weighing less than this fraction of the best model (Δ above 2·ln 1000 = 13.8) are
left out of the average and its intervals, the other weights renormalised: together they
cannot move a 95% bound, each costs dozens of refits, and one with an absurd estimate would
still pull the mean."""


def candidate_models(models: Sequence[ModelFit]) -> list[int]:
    """Positions in ``models`` of the models that may be averaged (see the module docstring).

    Returns:
        The estimable models with at least one residual degree of freedom; when there are
        none, every estimable model; empty when no model is estimable.
    """
    estimable = [i for i, m in enumerate(models) if m.estimable and m.n_hat is not None]
    judged = [i for i in estimable if models[i].df >= 1]
    return judged or estimable


def _renormalised(weights: dict[int, float]) -> dict[int, float]:
    top = max(weights.values())
    kept = {i: w for i, w in weights.items() if w >= MIN_WEIGHT * top}
    total = sum(kept.values())
    return {i: w / total for i, w in kept.items()}


def _score(model: ModelFit, criterion: Criterion) -> float:
    value = model.aic if criterion == "aic" else model.bic
    return math.inf if value is None else value


def information_weights(
    models: Sequence[ModelFit], positions: Sequence[int], criterion: Criterion
) -> dict[int, float]:
    """Akaike (or BIC) weights of the models at ``positions``: exp(−Δ/2), summing to one."""
    scores = {i: _score(models[i], criterion) for i in positions}
    best = min(scores.values())
    raw = {i: math.exp(-(s - best) / 2.0) for i, s in scores.items()}
    total = sum(raw.values())
    return {i: w / total for i, w in raw.items()}


@dataclass(frozen=True)
class ModelAverage:
    """The model-averaged estimate and what it says about the models behind it.

    Attributes:
        criterion: ``"aic"`` or ``"bic"``, the basis of the weights.
        weights: position in the model list → weight, for every candidate.
        best: the position of the candidate with the smallest criterion.
        n_hat: Σ w·N̂_m.
        standard_error: Buckland et al.'s unconditional standard error,
            Σ w·sqrt(Var_m + (N̂_m − N̂)²): the models' own variance plus their spread.
        plausible: positions of the candidates within ``plausible_delta`` of the best.
        plausible_delta: the Δ that makes a model plausible.
        sensitivity: (smallest, largest) N̂_m over the plausible models.
        saturated_only: whether only models without residual degrees of freedom could be
            fitted.
    """

    criterion: Criterion
    weights: dict[int, float]
    best: int
    n_hat: float
    standard_error: float
    plausible: tuple[int, ...]
    plausible_delta: float
    sensitivity: tuple[float, float]
    saturated_only: bool

    def relevant(self) -> dict[int, float]:
        """The weights of at least :data:`MIN_WEIGHT` times the best, renormalised to one."""
        return _renormalised(self.weights)

    def caution(self, interval: Interval) -> str | None:
        """Why the data cannot tell the number missed, or ``None`` when they can.

        Args:
            interval: the interval given with the estimate.
        """
        low, high = self.sensitivity
        reasons_zh: list[str] = []
        reasons_en: list[str] = []
        if self.saturated_only:
            reasons_zh.append("只有无剩余自由度的模型能拟合，数据无法检验它")
            reasons_en.append(
                "only a model without residual degrees of freedom could be fitted, and the "
                "data cannot test it"
            )
        if low > 0 and high / low > DISAGREEMENT_FACTOR:
            reasons_zh.append(f"同样可信的模型给出 {low:,.0f} 至 {high:,.0f}")
            reasons_en.append(f"equally plausible models give {low:,.0f} to {high:,.0f}")
        if not math.isfinite(interval.upper) or interval.upper > WIDTH_FACTOR * self.n_hat:
            reasons_zh.append("区间上限超过估计值的两倍")
            reasons_en.append("the interval reaches beyond twice the estimate")
        if not reasons_zh:
            return None
        return (
            f"数据无法确定未登记人数：{'；'.join(reasons_zh)}。请把估计当作粗略数字，先检查连接"
            f"和来源 / the data cannot tell how many were missed: {'; '.join(reasons_en)}. "
            "Read the estimate as rough, and check linkage and the sources first"
        )

    def to_dict(self, models: Sequence[ModelFit]) -> dict[str, Any]:
        """JSON-ready: weights by model name, the plausible models and the range they give."""
        return {
            "criterion": self.criterion,
            "n_hat": json_number(self.n_hat),
            "standard_error": json_number(self.standard_error),
            "best": models[self.best].name,
            "weights": {models[i].name: w for i, w in sorted(self.weights.items())},
            "plausible_delta": self.plausible_delta,
            "plausible": [models[i].name for i in self.plausible],
            "sensitivity": {
                "lower": json_number(self.sensitivity[0]),
                "upper": json_number(self.sensitivity[1]),
            },
        }


def average_models(
    models: Sequence[ModelFit],
    criterion: Criterion = "aic",
    *,
    plausible_delta: float = DEFAULT_PLAUSIBLE_DELTA,
) -> ModelAverage | None:
    """Average the candidate models (see the module docstring).

    Args:
        models: every model fitted to one table.
        criterion: ``"aic"`` or ``"bic"``.
        plausible_delta: models within this Δ of the best are plausible.

    Returns:
        The average, or ``None`` when no model is estimable.
    """
    positions = candidate_models(models)
    if not positions:
        return None
    weights = information_weights(models, positions, criterion)
    used = _renormalised(weights)
    estimates = {i: float(models[i].n_hat or 0.0) for i in positions}
    n_hat = sum(w * estimates[i] for i, w in used.items())
    spread = 0.0
    for i, w in used.items():
        se = models[i].standard_error
        variance = se * se if se is not None and math.isfinite(se) else math.inf
        spread += w * math.sqrt(variance + (estimates[i] - n_hat) ** 2)
    best = min(positions, key=lambda i: (_score(models[i], criterion), models[i].n_parameters))
    scores = {i: _score(models[i], criterion) for i in positions}
    plausible = tuple(i for i in positions if scores[i] - scores[best] <= plausible_delta)
    values = [estimates[i] for i in plausible]
    return ModelAverage(
        criterion=criterion,
        weights=weights,
        best=best,
        n_hat=n_hat,
        standard_error=spread,
        plausible=plausible,
        plausible_delta=plausible_delta,
        sensitivity=(min(values), max(values)),
        saturated_only=all(models[i].df < 1 for i in positions),
    )
