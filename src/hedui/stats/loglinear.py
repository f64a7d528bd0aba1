"""Three or more sources: log-linear multiple-systems estimation, averaged over the models.

With three or more sources the dependence between pairs of sources can be estimated from the
data instead of assumed away (Fienberg 1972; International Working Group for Disease
Monitoring and Forecasting 1995, *Am J Epidemiol* 142:1047–1068). Every model with all main
effects and any set of two-way interactions is fitted (:mod:`hedui.stats.loglinear_fit`).

By default the estimate is the **model average** (:mod:`hedui.stats.loglinear_average`):
Akaike weights over the models that determine the number missed and leave a residual degree
of freedom, so that no single choice — least of all a near-saturated model fitted to a table
distorted by linkage errors — decides the figure, and the interval carries the uncertainty
of the choice. ``selection="best"`` gives the single model with the smallest AIC (or BIC)
among the same candidates, as Rcapture reports it, for comparison.

Every result says how sensitive it is — the range of estimates over the plausible models
(within ΔAIC ≤ 2 of the best) — and whether the data cannot tell the number missed
(:meth:`~hedui.stats.loglinear_average.ModelAverage.caution`).

Intervals (see docs/capture-recapture.md for the comparison):

- ``"profile"`` (default): the profile-likelihood interval of Cormack (1992), as in Rcapture,
  for one model; averaged over the models' profile likelihoods (Fletcher and Turek's MATA
  interval, :mod:`hedui.stats.averaged_interval`) for the average. Asymmetric where the data
  are, bounded below by n, unbounded above when the data say so.
- ``"delta"``: Chao's log-transformed interval around the delta-method variance (for the
  average: Buckland et al.'s unconditional variance); cheap, but it trusts a quadratic
  approximation that small tables do not support.
- ``"bootstrap"``: parametric bootstrap percentiles; for the average every simulated table
  is averaged again, so the choice of model is part of what is resampled. Computed only
  when asked for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from hedui.errors import EstimationInputError
from hedui.stats import assumptions
from hedui.stats.averaged_interval import WeightedModel, averaged_profile_interval
from hedui.stats.bootstrap import (
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
    bootstrap_interval,
    resampled_interval,
)
from hedui.stats.capture_histories import CaptureHistories, all_histories
from hedui.stats.completeness import SourceCompleteness, completeness_table
from hedui.stats.interval import Interval, check_level, json_number, log_transformed_interval
from hedui.stats.loglinear_average import (
    DEFAULT_PLAUSIBLE_DELTA,
    ModelAverage,
    average_models,
)
from hedui.stats.loglinear_fit import ModelFit, counts_vector, fit_all_models
from hedui.stats.loglinear_models import design_matrix
from hedui.stats.profile_likelihood import profile_interval
from hedui.stats.small_numbers import DEFAULT_MIN_OVERLAP, NotEstimable, overlap_problem

__all__ = [
    "Criterion",
    "LoglinearEstimate",
    "LoglinearInterval",
    "Selection",
    "loglinear_estimate",
]

Criterion = Literal["aic", "bic"]
LoglinearInterval = Literal["profile", "delta", "bootstrap"]
Selection = Literal["average", "best"]

NO_MODEL = (
    "没有一个模型能由这些数据确定未登记人数 / no log-linear model can determine the number "
    "missed from this table; there are too many empty combinations of sources"
)


@dataclass(frozen=True)
class LoglinearEstimate:
    """The log-linear estimate — the model average by default — with every model considered.

    Attributes:
        histories: the table the models were fitted to.
        criterion: ``"aic"`` or ``"bic"``.
        selection: ``"average"`` (the model average) or ``"best"`` (the best model alone).
        chosen: the best-supported model (smallest criterion among the candidates).
        models: every model of the family, estimable or not, in enumeration order.
        average: the weights, the plausible models and the sensitivity range.
        n_hat: the estimated true number (the average's, or the best model's).
        interval: the interval asked for.
        intervals: every interval computed, by method.
        completeness: each source's share of N̂, then all sources combined.
        caution: why the data cannot tell the number missed, or ``None`` when they can.
        assumptions: what the estimate assumes, bilingual.
    """

    histories: CaptureHistories
    criterion: Criterion
    selection: Selection
    chosen: ModelFit
    models: tuple[ModelFit, ...]
    average: ModelAverage
    n_hat: float
    interval: Interval
    intervals: dict[str, Interval]
    completeness: tuple[SourceCompleteness, ...]
    caution: str | None
    assumptions: tuple[str, ...]

    method = "loglinear"

    @property
    def estimable(self) -> Literal[True]:
        """Always ``True``; a declined estimate is a :class:`NotEstimable`."""
        return True

    @property
    def determined(self) -> bool:
        """Whether the data tell the number missed (no :attr:`caution`)."""
        return self.caution is None

    @property
    def sensitivity(self) -> tuple[float, float]:
        """The smallest and largest estimate among the plausible models."""
        return self.average.sensitivity

    @property
    def n_observed(self) -> int:
        """People seen by at least one source."""
        return self.histories.n_observed

    @property
    def unobserved(self) -> float:
        """The estimated number no source recorded, N̂ − n."""
        return self.n_hat - self.n_observed

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures: the estimate, the models and their weights, the sensitivity."""
        weights = self.average.weights
        return {
            "method": self.method,
            "estimable": True,
            "histories": self.histories.to_dict(),
            "criterion": self.criterion,
            "selection": self.selection,
            "n_observed": self.n_observed,
            "n_hat": json_number(self.n_hat),
            "unobserved": json_number(self.unobserved),
            "interval": self.interval.to_dict(),
            "intervals": {name: iv.to_dict() for name, iv in self.intervals.items()},
            "chosen": self.chosen.to_dict(),
            "average": self.average.to_dict(self.models),
            "determined": self.determined,
            "caution": self.caution,
            "models": [
                {**m.to_dict(), "weight": weights.get(i, 0.0)} for i, m in enumerate(self.models)
            ],
            "completeness": [c.to_dict() for c in self.completeness],
            "assumptions": list(self.assumptions),
        }


def loglinear_estimate(
    histories: CaptureHistories,
    *,
    criterion: Criterion = "aic",
    selection: Selection = "average",
    interval: LoglinearInterval = "profile",
    level: float = 0.95,
    min_overlap: int = DEFAULT_MIN_OVERLAP,
    plausible_delta: float = DEFAULT_PLAUSIBLE_DELTA,
    bootstrap_replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
) -> LoglinearEstimate | NotEstimable:
    """Estimate the true number from three or more sources by log-linear models.

    Args:
        histories: the capture-history table (2 to 5 sources; with two only the
            independence model is identifiable — prefer :func:`~hedui.stats.chapman.chapman`).
        criterion: ``"aic"`` or ``"bic"``, for the weights and the best model.
        selection: ``"average"`` (default) or ``"best"``.
        interval: ``"profile"``, ``"delta"`` or ``"bootstrap"``.
        level: the confidence level.
        min_overlap: the fewest people seen by two or more sources for which an estimate is
            given (see :data:`~hedui.stats.small_numbers.DEFAULT_MIN_OVERLAP`).
        plausible_delta: models within this many criterion units of the best are plausible:
            their range of estimates is the sensitivity.
        bootstrap_replicates: simulated tables for the bootstrap interval.
        seed: the bootstrap's random seed.

    Returns:
        The estimate, or :class:`NotEstimable` when too few people were seen twice or no
        model is identifiable.

    Raises:
        EstimationInputError: for an unknown criterion, selection or interval, a level
            outside (0, 1), or more sources than
            :data:`~hedui.stats.loglinear_models.MAX_SOURCES`.
    """
    check_level(level)
    _check_choice("criterion", criterion, ("aic", "bic"))
    _check_choice("selection", selection, ("average", "best"))
    _check_choice("interval", interval, ("profile", "delta", "bootstrap"))
    declined_assumptions = _assumptions([], selection)
    counts = {"n_observed": histories.n_observed, "recaptures": histories.recaptures}
    problem = overlap_problem(histories.recaptures, min_overlap)
    if problem is not None:
        return NotEstimable(
            "loglinear", problem, {**counts, "min_overlap": min_overlap}, declined_assumptions
        )
    models = fit_all_models(histories)
    average = average_models(models, criterion, plausible_delta=plausible_delta)
    if average is None:
        return NotEstimable("loglinear", NO_MODEL, counts, declined_assumptions)
    chosen = models[average.best]
    if selection == "average":
        n_hat = average.n_hat
        intervals = _averaged_intervals(histories, models, average, level)
    else:
        n_hat = float(chosen.n_hat or 0.0)
        intervals = _single_intervals(histories, chosen, level)
    if interval == "bootstrap":
        intervals["bootstrap"] = _bootstrap(
            histories, models, average, selection, n_hat, level, bootstrap_replicates, seed
        )
    picked = intervals[interval]
    return LoglinearEstimate(
        histories=histories,
        criterion=criterion,
        selection=selection,
        chosen=chosen,
        models=tuple(models),
        average=average,
        n_hat=n_hat,
        interval=picked,
        intervals=intervals,
        completeness=completeness_table(
            histories.source_totals(), histories.n_observed, n_hat, picked
        ),
        caution=average.caution(picked),
        assumptions=_assumptions(list(chosen.interactions), selection),
    )


def _single_intervals(
    histories: CaptureHistories, chosen: ModelFit, level: float
) -> dict[str, Interval]:
    """The profile and delta intervals of one model."""
    assert chosen.poisson is not None and chosen.n_hat is not None  # estimable fits have both
    se = chosen.standard_error if chosen.standard_error is not None else math.nan
    return {
        "profile": profile_interval(
            design_matrix(chosen.model),
            counts_vector(histories),
            chosen.n_hat,
            level,
            start=chosen.poisson.coefficients,
        ),
        "delta": log_transformed_interval(
            histories.n_observed, chosen.n_hat, se**2, level, method="delta"
        ),
    }


def _weighted(models: list[ModelFit], average: ModelAverage) -> list[WeightedModel]:
    out = []
    for i, weight in average.relevant().items():
        fit = models[i]
        assert fit.poisson is not None and fit.n_hat is not None  # candidates are estimable
        out.append(
            WeightedModel(design_matrix(fit.model), fit.poisson.coefficients, fit.n_hat, weight)
        )
    return out


def _averaged_intervals(
    histories: CaptureHistories, models: list[ModelFit], average: ModelAverage, level: float
) -> dict[str, Interval]:
    """The MATA profile interval and Buckland's delta interval of the average."""
    counts = counts_vector(histories)
    return {
        "profile": averaged_profile_interval(
            _weighted(models, average), counts, average.n_hat, level
        ),
        "delta": log_transformed_interval(
            histories.n_observed,
            average.n_hat,
            average.standard_error**2,
            level,
            method="delta",
        ),
    }


def _bootstrap(
    histories: CaptureHistories,
    models: list[ModelFit],
    average: ModelAverage,
    selection: Selection,
    n_hat: float,
    level: float,
    replicates: int,
    seed: int,
) -> Interval:
    chosen = models[average.best]
    assert chosen.poisson is not None  # the best model is estimable
    if selection == "best":
        return bootstrap_interval(
            design_matrix(chosen.model),
            chosen.poisson,
            n_hat,
            level,
            replicates=replicates,
            seed=seed,
        )
    # Draw from the averaged model (the weighted mean of the models' expected cells, the
    # unobserved one last) and average every simulated table again.
    means = np.zeros(2**histories.k)
    for i, weight in average.relevant().items():
        fit = models[i].poisson
        assert fit is not None
        means += weight * np.append(fit.fitted, math.exp(float(fit.coefficients[0])))
    cells = all_histories(histories.k)

    def estimate(counts: NDArray[np.float64]) -> float | None:
        table = CaptureHistories.from_counts(
            {h: int(c) for h, c in zip(cells, counts, strict=True)}, histories.sources
        )
        again = average_models(fit_all_models(table), average.criterion)
        return None if again is None else again.n_hat

    return resampled_interval(means, n_hat, level, estimate, replicates=replicates, seed=seed)


def _assumptions(interactions: list[str], selection: Selection) -> tuple[str, ...]:
    return (
        assumptions.CLOSED_POPULATION,
        assumptions.PERFECT_LINKAGE,
        assumptions.modelled_dependence(interactions),
        *((assumptions.MODEL_AVERAGE,) if selection == "average" else ()),
        assumptions.NO_HIGHEST_ORDER_INTERACTION,
        assumptions.HOMOGENEOUS_CAPTURE,
    )


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise EstimationInputError(
            f"未知的 {name} {value!r} / unknown {name} {value!r}; use one of {list(allowed)}"
        )
