"""Tests for hedui.stats.bootstrap: parametric-bootstrap intervals for log-linear estimates."""

from __future__ import annotations

import math

import pytest

from hedui.stats.bootstrap import bootstrap_interval
from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.loglinear_fit import fit_model
from hedui.stats.loglinear_models import LoglinearModel, design_matrix


def _bootstrap(table: CaptureHistories, seed: int, replicates: int = 400):  # type: ignore[no-untyped-def]
    model = LoglinearModel(table.k, ((1, 2),))
    fit = fit_model(table, model)
    assert fit.poisson is not None and fit.n_hat is not None
    interval = bootstrap_interval(
        design_matrix(model), fit.poisson, fit.n_hat, 0.95, replicates=replicates, seed=seed
    )
    return fit.n_hat, interval


def test_bootstrap_interval_is_reproducible_with_a_seed(cormack_3b: CaptureHistories) -> None:
    assert _bootstrap(cormack_3b, seed=1) == _bootstrap(cormack_3b, seed=1)


def test_bootstrap_interval_agrees_with_the_profile_interval(cormack_3b: CaptureHistories) -> None:
    # Model 2×3 on Cormack's Table 3b: N̂ = 221.9, profile interval 210.3–236.2. A
    # bootstrap of 400 tables should land within a few deaths of it.
    n_hat, interval = _bootstrap(cormack_3b, seed=11)
    assert interval.contains(n_hat)
    assert interval.lower == pytest.approx(210.3, abs=4)
    assert interval.upper == pytest.approx(236.2, abs=6)
    assert interval.method == "bootstrap"


def test_bootstrap_interval_is_open_when_most_replicates_are_unbounded() -> None:
    # All-pairs model on a table with one person in each pair cell: its estimate is
    # 000 = 100·010·001·111/(110·101·011), and a redrawn table has an empty pair cell —
    # an unbounded estimate — about 1 − (1 − e^−1)³ ≈ 75% of the time. With more than half
    # the replicates unbounded, the interval has no upper limit.
    table = CaptureHistories.from_counts(
        {"100": 40, "010": 35, "001": 30, "110": 1, "101": 1, "011": 1, "111": 1},
        ["甲", "乙", "丙"],
    )
    model = LoglinearModel(3, ((0, 1), (0, 2), (1, 2)))
    fit = fit_model(table, model)
    assert fit.poisson is not None and fit.n_hat is not None
    interval = bootstrap_interval(
        design_matrix(model), fit.poisson, fit.n_hat, 0.95, replicates=100
    )
    assert math.isinf(interval.upper)
    assert interval.lower == fit.n_hat
