"""Three or more sources: log-linear multiple-systems estimation with model selection.

With three or more sources the dependence between pairs of sources can be estimated from the
data instead of assumed away (Fienberg 1972; International Working Group for Disease
Monitoring and Forecasting 1995, *Am J Epidemiol* 142:1047–1068). Every model with all main
effects and any set of two-way interactions is fitted (:mod:`hedui.stats.loglinear_fit`);
models that cannot determine the number missed are kept in the list but not chosen; the
chosen model minimises AIC (default) or BIC, ties going to the model with fewer terms. Its
estimate is N̂ = n + exp(u), u the intercept.

Intervals (see docs/capture-recapture.md for the comparison):

- ``"profile"`` (default): the profile-likelihood interval of Cormack (1992), as in Rcapture;
  asymmetric where the data are, bounded below by n, unbounded above when the data say so.
- ``"delta"``: Chao's log-transformed interval around the delta-method variance
  exp(u) + exp(2u)·Var(u); cheap, but it trusts a quadratic approximation that small tables
  do not support.
- ``"bootstrap"``: parametric bootstrap percentiles; computed only when asked for.

The interval is conditional on the chosen model: it does not include the uncertainty of the
choice itself, which is why every alternative is returned with its estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from hedui.errors import EstimationInputError
from hedui.stats import assumptions
from hedui.stats.bootstrap import DEFAULT_REPLICATES, DEFAULT_SEED, bootstrap_interval
from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.completeness import SourceCompleteness, completeness_table
from hedui.stats.interval import Interval, check_level, json_number, log_transformed_interval
from hedui.stats.loglinear_fit import ModelFit, counts_vector, fit_all_models
from hedui.stats.loglinear_models import design_matrix
from hedui.stats.profile_likelihood import profile_interval
from hedui.stats.small_numbers import DEFAULT_MIN_OVERLAP, NotEstimable, overlap_problem

__all__ = ["Criterion", "LoglinearEstimate", "LoglinearInterval", "loglinear_estimate"]

Criterion = Literal["aic", "bic"]
LoglinearInterval = Literal["profile", "delta", "bootstrap"]

NO_MODEL = (
    "没有一个模型能由这些数据确定未登记人数 / no log-linear model can determine the number "
    "missed from this table; there are too many empty combinations of sources"
)


@dataclass(frozen=True)
class LoglinearEstimate:
    """The chosen log-linear model's estimate, with every alternative considered.

    Attributes:
        histories: the table the models were fitted to.
        criterion: ``"aic"`` or ``"bic"``.
        chosen: the chosen model.
        models: every model of the family, estimable or not, in enumeration order.
        n_hat: the estimated true number (the chosen model's).
        interval: the interval asked for.
        intervals: every interval computed, by method.
        completeness: each source's share of N̂, then all sources combined.
        assumptions: what the estimate assumes, bilingual.
    """

    histories: CaptureHistories
    criterion: Criterion
    chosen: ModelFit
    models: tuple[ModelFit, ...]
    n_hat: float
    interval: Interval
    intervals: dict[str, Interval]
    completeness: tuple[SourceCompleteness, ...]
    assumptions: tuple[str, ...]

    method = "loglinear"

    @property
    def estimable(self) -> Literal[True]:
        """Always ``True``; a declined estimate is a :class:`NotEstimable`."""
        return True

    @property
    def n_observed(self) -> int:
        """People seen by at least one source."""
        return self.histories.n_observed

    @property
    def unobserved(self) -> float:
        """The estimated number no source recorded, N̂ − n."""
        return self.n_hat - self.n_observed

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures: the estimate, the chosen model, the alternatives, assumptions."""
        return {
            "method": self.method,
            "estimable": True,
            "histories": self.histories.to_dict(),
            "criterion": self.criterion,
            "n_observed": self.n_observed,
            "n_hat": json_number(self.n_hat),
            "unobserved": json_number(self.unobserved),
            "interval": self.interval.to_dict(),
            "intervals": {name: iv.to_dict() for name, iv in self.intervals.items()},
            "chosen": self.chosen.to_dict(),
            "models": [m.to_dict() for m in self.models],
            "completeness": [c.to_dict() for c in self.completeness],
            "assumptions": list(self.assumptions),
        }


def loglinear_estimate(
    histories: CaptureHistories,
    *,
    criterion: Criterion = "aic",
    interval: LoglinearInterval = "profile",
    level: float = 0.95,
    min_overlap: int = DEFAULT_MIN_OVERLAP,
    bootstrap_replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
) -> LoglinearEstimate | NotEstimable:
    """Estimate the true number from three or more sources by log-linear models.

    Args:
        histories: the capture-history table (2 to 5 sources; with two only the
            independence model is identifiable — prefer :func:`~hedui.stats.chapman.chapman`).
        criterion: ``"aic"`` or ``"bic"`` for choosing the model.
        interval: ``"profile"``, ``"delta"`` or ``"bootstrap"``.
        level: the confidence level.
        min_overlap: the fewest people seen by two or more sources for which an estimate is
            given (see :data:`~hedui.stats.small_numbers.DEFAULT_MIN_OVERLAP`).
        bootstrap_replicates: simulated tables for the bootstrap interval.
        seed: the bootstrap's random seed.

    Returns:
        The estimate, or :class:`NotEstimable` when too few people were seen twice or no
        model is identifiable.

    Raises:
        EstimationInputError: for an unknown criterion or interval, a level outside (0, 1),
            or more sources than :data:`~hedui.stats.loglinear_models.MAX_SOURCES`.
    """
    check_level(level)
    _check_choice("criterion", criterion, ("aic", "bic"))
    _check_choice("interval", interval, ("profile", "delta", "bootstrap"))
    declined_assumptions = _assumptions([])
    counts = {"n_observed": histories.n_observed, "recaptures": histories.recaptures}
    problem = overlap_problem(histories.recaptures, min_overlap)
    if problem is not None:
        return NotEstimable(
            "loglinear", problem, {**counts, "min_overlap": min_overlap}, declined_assumptions
        )
    models = fit_all_models(histories)
    candidates = [m for m in models if m.estimable]
    if not candidates:
        return NotEstimable("loglinear", NO_MODEL, counts, declined_assumptions)
    chosen = min(candidates, key=lambda m: (_score(m, criterion), m.n_parameters))
    assert chosen.poisson is not None and chosen.n_hat is not None  # estimable fits have both
    design = design_matrix(chosen.model)
    se = chosen.standard_error if chosen.standard_error is not None else math.nan
    intervals = {
        "profile": profile_interval(
            design, counts_vector(histories), chosen.n_hat, level, start=chosen.poisson.coefficients
        ),
        "delta": log_transformed_interval(
            histories.n_observed, chosen.n_hat, se**2, level, method="delta"
        ),
    }
    if interval == "bootstrap":
        intervals["bootstrap"] = bootstrap_interval(
            design, chosen.poisson, chosen.n_hat, level, replicates=bootstrap_replicates, seed=seed
        )
    picked = intervals[interval]
    return LoglinearEstimate(
        histories=histories,
        criterion=criterion,
        chosen=chosen,
        models=tuple(models),
        n_hat=chosen.n_hat,
        interval=picked,
        intervals=intervals,
        completeness=completeness_table(
            histories.source_totals(), histories.n_observed, chosen.n_hat, picked
        ),
        assumptions=_assumptions(list(chosen.interactions)),
    )


def _score(model: ModelFit, criterion: Criterion) -> float:
    value = model.aic if criterion == "aic" else model.bic
    return math.inf if value is None else value


def _assumptions(interactions: list[str]) -> tuple[str, ...]:
    return (
        assumptions.CLOSED_POPULATION,
        assumptions.PERFECT_LINKAGE,
        assumptions.modelled_dependence(interactions),
        assumptions.NO_HIGHEST_ORDER_INTERACTION,
        assumptions.HOMOGENEOUS_CAPTURE,
    )


def _check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise EstimationInputError(
            f"未知的 {name} {value!r} / unknown {name} {value!r}; use one of {list(allowed)}"
        )
