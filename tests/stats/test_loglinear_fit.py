"""Tests for hedui.stats.loglinear_fit against published log-linear analyses."""

from __future__ import annotations

import json
import math

import pytest

from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.loglinear_fit import TOO_MANY_TERMS, UNBOUNDED, fit_all_models, fit_model
from hedui.stats.loglinear_models import LoglinearModel


def _fit(table: CaptureHistories, *interactions: tuple[int, int]):  # type: ignore[no-untyped-def]
    result = fit_model(table, LoglinearModel(table.k, tuple(interactions)))
    assert result.estimable
    return result


def test_fit_model_cormack_table_3b(cormack_3b: CaptureHistories) -> None:
    # Cormack, Chang and Smith (2000) Table 3b, as checked in Rcapture's test suite:
    # independence N̂ = 209, deviance 75.1 on 3 df.
    independence = _fit(cormack_3b)
    assert round(independence.n_hat) == 209
    assert independence.deviance == pytest.approx(75.1, abs=0.05)
    assert independence.df == 3
    # 2×3 only: deviance 1.2 on 2 df. Closed form (source 1 independent of the pattern on
    # sources 2 and 3): not-in-1 / in-1 = (14 + 3 + 24)/(29 + 5 + 72) = 41/106 for every
    # pattern, so the cell 000 = 54·41/106 = 20.887 and N̂ = 201 + 20.887 = 221.887.
    two_three = _fit(cormack_3b, (1, 2))
    assert two_three.deviance == pytest.approx(1.2, abs=0.05)
    assert two_three.df == 2
    assert two_three.n_hat == pytest.approx(201 + 54 * 41 / 106, rel=1e-9)
    # 1×3 + 2×3: sources 1 and 2 independent given 3, so among those not on list 3
    # 000 = 100·010/110 = 54·3/5 = 32.4 and N̂ = 233.4 (published 233, 1 df).
    pair = _fit(cormack_3b, (0, 2), (1, 2))
    assert pair.n_hat == pytest.approx(233.4, rel=1e-9)
    assert pair.df == 1
    # 1×2 + 2×3: 1 and 3 independent given 2: 000 = 100·001/101 = 54·14/29 = 26.069; dev 0.6.
    other = _fit(cormack_3b, (0, 1), (1, 2))
    assert other.n_hat == pytest.approx(201 + 54 * 14 / 29, rel=1e-9)
    assert other.deviance == pytest.approx(0.6, abs=0.05)


def test_fit_model_darroch_r3(darroch_r3: CaptureHistories) -> None:
    # Rivest (2011) via Rcapture's tests. All pairs (df 0): 000 = 100·010·001·111 /
    # (110·101·011) = 71·53·43·72 / (155·7·13) = 11 650 248 / 14 105 = 825.97, so
    # N̂ = 414 + 825.97 = 1239.97 (published 1240, s.e. 451).
    saturated = _fit(darroch_r3, (0, 1), (0, 2), (1, 2))
    assert saturated.n_hat == pytest.approx(414 + 71 * 53 * 43 * 72 / (155 * 7 * 13), rel=1e-9)
    assert saturated.df == 0
    assert round(saturated.standard_error) == 451
    # Without 1×3: N̂ = 850, s.e. 186, deviance 3.8 on 1 df.
    inter2 = _fit(darroch_r3, (0, 1), (1, 2))
    assert round(inter2.n_hat) == 850
    assert round(inter2.standard_error) == 186
    assert inter2.deviance == pytest.approx(3.8, abs=0.05)


def test_fit_model_diabetes_four_lists(diabetes: CaptureHistories) -> None:
    # Bruno et al. (1994) model, all pairs but 1×4: N̂ = 2771, s.e. 145, deviance 7.62, 5 df.
    bruno = _fit(diabetes, (0, 1), (0, 2), (1, 2), (1, 3), (2, 3))
    assert round(bruno.n_hat) == 2771
    assert round(bruno.standard_error) == 145
    assert bruno.deviance == pytest.approx(7.62, abs=0.005)
    assert bruno.df == 5
    # Rivest's interaction set 1×3 + 2×4 + 3×4: 2472, s.e. 53, deviance 21.97 on 7 df.
    rivest = _fit(diabetes, (0, 2), (1, 3), (2, 3))
    assert round(rivest.n_hat) == 2472
    assert round(rivest.standard_error) == 53
    assert rivest.deviance == pytest.approx(21.97, abs=0.005)
    assert rivest.df == 7


def test_fit_model_information_criteria_by_hand(cormack_3b: CaptureHistories) -> None:
    # AIC − BIC = 2p − p·log n for the same likelihood: independence has p = 4, n = 201.
    fit = _fit(cormack_3b)
    assert fit.aic - fit.bic == pytest.approx(2 * 4 - 4 * math.log(201))


def test_fit_model_declines_unidentifiable_models(cormack_3a: CaptureHistories) -> None:
    all_pairs = LoglinearModel(4, ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)))
    declined = fit_model(cormack_3a, all_pairs)
    assert not declined.estimable
    assert declined.reason == UNBOUNDED
    assert declined.n_hat is None and declined.aic is None
    two = CaptureHistories.from_counts({"01": 5, "10": 6, "11": 7}, ["甲", "乙"])
    assert fit_model(two, LoglinearModel(2, ((0, 1),))).reason == TOO_MANY_TERMS


def test_fit_all_models_keeps_every_model(cormack_3a: CaptureHistories) -> None:
    models = fit_all_models(cormack_3a)
    assert len(models) == 64
    assert any(not m.estimable for m in models)
    # 1×2 + 1×3 + 3×4: N̂ = 218, deviance 2.6 on 7 df (Cormack et al. Table 3a).
    chosen = next(m for m in models if m.model.interactions == ((0, 1), (0, 2), (2, 3)))
    assert round(chosen.n_hat or 0) == 218
    assert chosen.deviance == pytest.approx(2.6, abs=0.05)
    assert chosen.df == 7
    json.dumps([m.to_dict() for m in models])
