"""Fitting one log-linear model to a capture-history table, and the whole family.

Each fit reports what model selection and a reader need: deviance and residual degrees of
freedom (the goodness of fit), AIC and BIC, and the model's own estimate of the true number
N̂ = n + exp(u) — or, when the model cannot give one, why not. Keeping the unidentifiable
models in the list (marked, with the reason) shows the reader that they were considered.

AIC is −2·log L + 2p and BIC is −2·log L + p·log n, with L the Poisson likelihood of the
observed cells, p the number of parameters and n the number of people observed — the
definitions of Rcapture's ``closedpMS.t`` (Baillargeon and Rivest 2007, *J. Stat. Softw.*
19(5)), so that figures can be compared with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hedui.stats.capture_histories import CaptureHistories, all_histories
from hedui.stats.identifiability import intercept_determined
from hedui.stats.interval import json_number
from hedui.stats.loglinear_models import LoglinearModel, design_matrix, enumerate_models
from hedui.stats.poisson_glm import PoissonFit, fit_poisson

__all__ = ["ModelFit", "counts_vector", "fit_all_models", "fit_model"]

TOO_MANY_TERMS = (
    "模型的项多于可观测格子所能确定的数目 / the model has more terms than the observed cells "
    "can determine"
)
UNBOUNDED = (
    "空格使该模型对未登记人数的估计无界 / empty cells leave this model's estimate of the "
    "number missed unbounded"
)


@dataclass(frozen=True)
class ModelFit:
    """One log-linear model fitted to one table.

    Attributes:
        model: the model (which sources interact).
        name: readable name, for example ``"独立 / independence"`` or ``"甲×乙"``.
        interactions: the interactions, each ``"甲×乙"``.
        n_parameters: intercept, main effects and interactions.
        df: residual degrees of freedom, (2^k − 1) − n_parameters.
        estimable: whether the model determines the number missed.
        reason: why not, when it does not.
        deviance: goodness of fit (``None`` when not estimable).
        aic: Akaike's information criterion.
        bic: the Bayesian information criterion.
        n_hat: the model's estimate of the true number.
        standard_error: delta-method standard error of ``n_hat``.
        poisson: the underlying fit (not part of :meth:`to_dict`).
    """

    model: LoglinearModel
    name: str
    interactions: tuple[str, ...]
    n_parameters: int
    df: int
    estimable: bool
    reason: str | None = None
    deviance: float | None = None
    aic: float | None = None
    bic: float | None = None
    n_hat: float | None = None
    standard_error: float | None = None
    poisson: PoissonFit | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "name": self.name,
            "interactions": list(self.interactions),
            "n_parameters": self.n_parameters,
            "df": self.df,
            "estimable": self.estimable,
            "reason": self.reason,
            "deviance": json_number(self.deviance),
            "aic": json_number(self.aic),
            "bic": json_number(self.bic),
            "n_hat": json_number(self.n_hat),
            "standard_error": json_number(self.standard_error),
        }


def counts_vector(histories: CaptureHistories) -> NDArray[np.float64]:
    """The observed counts in the row order of :func:`design_matrix`."""
    return np.array([histories.counts[h] for h in all_histories(histories.k)], dtype=float)


def fit_model(histories: CaptureHistories, model: LoglinearModel) -> ModelFit:
    """Fit ``model`` to ``histories`` and compute its estimate, or say why there is none."""
    design = design_matrix(model)
    counts = counts_vector(histories)
    if model.n_parameters > design.shape[0] or np.linalg.matrix_rank(design) < design.shape[1]:
        return _declined(histories, model, TOO_MANY_TERMS)
    if not intercept_determined(design, counts):
        return _declined(histories, model, UNBOUNDED)
    fit = fit_poisson(design, counts)
    n = histories.n_observed
    unobserved = math.exp(float(fit.coefficients[0]))
    variance = unobserved + unobserved**2 * float(fit.covariance[0, 0])
    return ModelFit(
        model=model,
        name=model.name(histories.sources),
        interactions=tuple(model.interaction_labels(histories.sources)),
        n_parameters=model.n_parameters,
        df=(2**model.k - 1) - model.n_parameters,
        estimable=True,
        deviance=fit.deviance,
        aic=-2.0 * fit.log_likelihood + 2.0 * model.n_parameters,
        bic=-2.0 * fit.log_likelihood + model.n_parameters * math.log(n),
        n_hat=n + unobserved,
        standard_error=math.sqrt(variance) if variance >= 0.0 else math.nan,
        poisson=fit,
    )


def _declined(histories: CaptureHistories, model: LoglinearModel, reason: str) -> ModelFit:
    return ModelFit(
        model=model,
        name=model.name(histories.sources),
        interactions=tuple(model.interaction_labels(histories.sources)),
        n_parameters=model.n_parameters,
        df=(2**model.k - 1) - model.n_parameters,
        estimable=False,
        reason=reason,
    )


def fit_all_models(histories: CaptureHistories) -> list[ModelFit]:
    """Fit every model of :func:`enumerate_models` for the table's number of sources."""
    return [fit_model(histories, model) for model in enumerate_models(histories.k)]
