"""Tests for hedui.stats.loglinear: model selection, intervals and declined estimates."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedui.errors import EstimationInputError
from hedui.stats.capture_histories import CaptureHistories, all_histories
from hedui.stats.completeness import COMBINED
from hedui.stats.loglinear import NO_MODEL, LoglinearEstimate, loglinear_estimate
from hedui.stats.small_numbers import NotEstimable


def _estimate(table: CaptureHistories, **kwargs: object) -> LoglinearEstimate:
    result = loglinear_estimate(table, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, LoglinearEstimate)
    return result


def test_loglinear_estimate_diabetes_aic_chooses_bruno_model(diabetes: CaptureHistories) -> None:
    # Of the 64 models for the four diabetes lists, AIC picks all pairs but 门诊×处方 — the
    # model Bruno et al. (1994) reported: N̂ = 2771, deviance 7.62 on 5 df.
    result = _estimate(diabetes, selection="best")
    assert (
        result.chosen.name
        == "门诊×家庭医生 + 门诊×出院 + 家庭医生×出院 + 家庭医生×处方 + 出院×处方"
    )
    assert round(result.n_hat) == 2771
    assert result.chosen.df == 5
    assert len(result.models) == 64
    assert result.interval.method == "profile"
    assert result.interval.contains(result.n_hat)
    # The average leans on the same model (weight 0.60) and on all six pairs (0.29, N̂ 2790);
    # the other 62 models share the rest: it lands a little below, at 2755.
    averaged = _estimate(diabetes)
    assert averaged.chosen == result.chosen
    assert averaged.n_hat == pytest.approx(2755, abs=1)
    assert averaged.determined


def test_loglinear_estimate_diabetes_bic_chooses_rivest_set(diabetes: CaptureHistories) -> None:
    # BIC's heavier penalty (log 2069 = 7.6 per term) keeps three interactions, the set
    # Rivest (2011) chose: 门诊×出院 + 家庭医生×处方 + 出院×处方, N̂ = 2472. AIC's choice
    # (2771) is within 2 BIC units of it, so the sensitivity range spans both.
    result = _estimate(diabetes, criterion="bic", selection="best")
    assert result.chosen.interactions == ("门诊×出院", "家庭医生×处方", "出院×处方")
    assert round(result.n_hat) == 2472
    low, high = result.sensitivity
    assert (round(low), round(high)) == (2472, 2771)


def test_loglinear_estimate_cormack_3b_prefers_the_dependent_pair(
    cormack_3b: CaptureHistories,
) -> None:
    # Independence fits badly (deviance 75.1 on 3 df); one interaction, 伤亡通报×工伤赔偿,
    # brings the deviance to 1.2 and has the smallest AIC: N̂ = 201 + 54·41/106 = 221.9, interval
    # 210–236 (Cormack et al. publish 221 and 210–237).
    result = _estimate(cormack_3b, selection="best")
    assert result.chosen.interactions == ("伤亡通报×工伤赔偿",)
    assert result.n_hat == pytest.approx(201 + 54 * 41 / 106)
    assert round(result.interval.lower) == 210
    assert result.interval.upper == pytest.approx(237, abs=1.5)
    assert set(result.intervals) == {"profile", "delta"}


def test_loglinear_estimate_hepatitis_a_no_longer_runs_away(hepatitis_a: CaptureHistories) -> None:
    # Chao et al. (2001): the three lists are positively dependent. The model with all three
    # pairwise interactions fits exactly (0 df) and has the smallest AIC; its unobserved cell
    # has the closed form 000 = 100·010·001·111 / (110·101·011) = 69·55·63·28 / (21·17·18)
    # = 6 694 380 / 6 426 = 1041.76, N̂ = 1312.8, interval 655–3031: the runaway of issue #11.
    # The data cannot judge a model without residual degrees of freedom, so it is listed but
    # neither chosen nor averaged.
    result = _estimate(hepatitis_a)
    saturated = result.models[-1]
    assert saturated.df == 0
    assert saturated.n_hat == pytest.approx(271 + 69 * 55 * 63 * 28 / (21 * 17 * 18))
    assert result.average.weights.get(len(result.models) - 1) is None
    # The best of the others is P×Q + Q×E: P and E independent given Q, so among people not
    # in Q, 000 / 001 = 100 / 101: 000 = 69·63/17 = 255.7, N̂ = 271 + 255.7 = 526.7.
    assert result.chosen.interactions == ("P×Q", "Q×E")
    assert result.chosen.n_hat == pytest.approx(271 + 69 * 63 / 17)
    # It carries 82% of the weight; independence (388.5) and the one-pair models pull the
    # average down to 508.8, its interval 379–722.
    assert result.n_hat == pytest.approx(508.8, abs=0.1)
    assert (result.interval.lower, result.interval.upper) == (379, 722)
    independence = result.models[0]
    assert independence.n_hat is not None and 380 < independence.n_hat < 400
    # The assumptions printed with the figure name the modelled dependences.
    assert any("P×Q" in a and "modelled dependence" in a for a in result.assumptions)
    assert any("model averaging" in a for a in result.assumptions)


def test_loglinear_estimate_says_when_the_data_cannot_tell(hepatitis_a: CaptureHistories) -> None:
    # With BIC's penalty independence (388.5) and P×Q + Q×E (526.7) are both plausible
    # (ΔBIC ≤ 2): they differ by a factor 526.7 / 388.5 = 1.36 > 1.25.
    result = _estimate(hepatitis_a, criterion="bic")
    assert not result.determined
    assert result.caution is not None
    assert "388 至 527" in result.caution and "388 to 527" in result.caution
    assert [round(v, 1) for v in result.sensitivity] == [388.5, 526.7]


def test_loglinear_estimate_says_when_the_interval_is_too_wide() -> None:
    # 57 people per list and only 10 seen twice: every model puts about 800 more unseen,
    # and the interval's upper bound (2118) is more than twice the estimate (901).
    table = CaptureHistories.from_counts(
        {"100": 50, "010": 50, "001": 50, "110": 3, "101": 3, "011": 3, "111": 1},
        ["甲", "乙", "丙"],
    )
    result = _estimate(table)
    assert result.interval.upper > 2 * result.n_hat
    assert result.caution is not None and "twice the estimate" in result.caution


def test_loglinear_estimate_completeness_of_each_list(hepatitis_a: CaptureHistories) -> None:
    result = _estimate(hepatitis_a)
    shares = {c.source: c for c in result.completeness}
    # P registered 135 of an estimated 1312.8: 10.3%.
    assert shares["P"].completeness == pytest.approx(135 / result.n_hat)
    assert shares[COMBINED].registered == 271
    assert shares["P"].interval.lower == pytest.approx(135 / result.interval.upper)


def test_loglinear_estimate_delta_and_bootstrap_intervals(cormack_3b: CaptureHistories) -> None:
    delta = _estimate(cormack_3b, interval="delta")
    assert delta.interval.method == "delta"
    assert delta.interval.lower >= cormack_3b.n_observed
    for selection in ("average", "best"):
        boot = _estimate(
            cormack_3b,
            selection=selection,
            interval="bootstrap",
            bootstrap_replicates=200,
            seed=3,
        )
        assert set(boot.intervals) == {"profile", "delta", "bootstrap"}
        assert boot.interval.contains(boot.n_hat)


def test_loglinear_estimate_skips_unidentifiable_models(cormack_3a: CaptureHistories) -> None:
    # Two of Cormack's Table 3a models have no finite estimate; they are listed, not chosen.
    result = _estimate(cormack_3a)
    assert result.chosen.estimable
    declined = [m for m in result.models if not m.estimable]
    assert declined and all(m.reason for m in declined)
    assert result.n_hat < 1000


def test_loglinear_estimate_declines_too_few_recaptures() -> None:
    # Only 2 + 1 + 1 = 4 people on two or more lists, below the default minimum of 7.
    table = CaptureHistories.from_counts(
        {"100": 30, "010": 25, "001": 20, "110": 2, "011": 1, "111": 1}, ["甲", "乙", "丙"]
    )
    result = loglinear_estimate(table)
    assert isinstance(result, NotEstimable)
    assert "too few records" in result.reason
    assert result.counts["recaptures"] == 4
    assert isinstance(loglinear_estimate(table, min_overlap=4), LoglinearEstimate)


def test_loglinear_estimate_declines_a_table_with_no_overlap() -> None:
    table = CaptureHistories.from_counts({"01": 50, "10": 40}, ["甲", "乙"])
    result = loglinear_estimate(table, min_overlap=1)
    assert isinstance(result, NotEstimable)
    assert "no record appears in more than one source" in result.reason


def test_loglinear_estimate_says_no_model_when_everyone_is_on_every_list() -> None:
    # Ten people, all on all three lists: every model's likelihood keeps rising as the
    # unobserved cell shrinks to nothing, so no model determines it. (In practice identical
    # lists mean one copies another — dependence, not completeness.)
    table = CaptureHistories.from_counts({"111": 10}, ["甲", "乙", "丙"])
    result = loglinear_estimate(table)
    assert isinstance(result, NotEstimable)
    assert result.reason == NO_MODEL


def test_loglinear_estimate_rejects_bad_parameters(cormack_3b: CaptureHistories) -> None:
    with pytest.raises(EstimationInputError, match="criterion"):
        loglinear_estimate(cormack_3b, criterion="dic")  # type: ignore[arg-type]
    with pytest.raises(EstimationInputError, match="interval"):
        loglinear_estimate(cormack_3b, interval="wald")  # type: ignore[arg-type]
    with pytest.raises(EstimationInputError, match="selection"):
        loglinear_estimate(cormack_3b, selection="first")  # type: ignore[arg-type]
    with pytest.raises(EstimationInputError, match="0 and 1"):
        loglinear_estimate(cormack_3b, level=0)


def test_loglinear_estimate_to_dict_is_json(cormack_3b: CaptureHistories) -> None:
    data = _estimate(cormack_3b).to_dict()
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    assert '"method": "loglinear"' in text
    assert data["chosen"]["name"] == "伤亡通报×工伤赔偿"
    assert data["selection"] == "average" and data["determined"] is True
    assert data["average"]["best"] == "伤亡通报×工伤赔偿"
    assert data["average"]["sensitivity"]["upper"] == pytest.approx(233.4, abs=0.05)
    assert len(data["models"]) == 8
    assert sum(m["weight"] for m in data["models"]) == pytest.approx(1.0)
    assert data["models"][-1]["weight"] == 0.0  # all pairs: no residual df, not averaged
    assert data["histories"]["counts"]["111"] == 72


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=300), min_size=7, max_size=7))
def test_loglinear_estimate_properties_hold_for_any_table(values: list[int]) -> None:
    table = CaptureHistories.from_counts(
        dict(zip(all_histories(3), values, strict=True)), ["甲", "乙", "丙"]
    )
    for selection in ("average", "best"):
        result = loglinear_estimate(table, selection=selection)
        if isinstance(result, NotEstimable):
            return
        assert result.n_hat >= table.n_observed
        for interval in result.intervals.values():
            assert interval.contains(result.n_hat)
            assert interval.lower >= table.n_observed - 1e-6
        for entry in result.completeness:
            assert 0.0 < entry.completeness <= 1.0 or entry.registered == 0
        # The average lies among the estimates it averages.
        averaged = [result.models[i].n_hat or 0.0 for i in result.average.relevant()]
        assert min(averaged) - 1e-6 <= result.average.n_hat <= max(averaged) + 1e-6


def test_loglinear_estimate_five_sources_recovers_a_dependent_pair() -> None:
    # 2000 births, five sources recording each birth with probabilities 0.5 (村台账),
    # 0.4, 0.3, 0.6, 0.2, except that 乡镇库 copies from 村台账: a birth on the ledger
    # reaches it with probability 0.7, one off the ledger with 0.2. BIC, searching all 1024
    # models, should keep exactly that interaction, and the interval should cover 2000.
    rng = np.random.default_rng(1)
    true_n = 2000
    recorded = rng.random((true_n, 5)) < [0.5, 0.4, 0.3, 0.6, 0.2]
    recorded[:, 1] = rng.random(true_n) < np.where(recorded[:, 0], 0.7, 0.2)
    counts: dict[tuple[int, ...], int] = {}
    for row in recorded[recorded.any(axis=1)]:
        history = tuple(int(v) for v in row)
        counts[history] = counts.get(history, 0) + 1
    table = CaptureHistories.from_counts(counts, ["村台账", "乡镇库", "出生证", "户籍", "民政"])
    result = _estimate(table, criterion="bic")
    assert len(result.models) == 1024
    assert result.chosen.interactions == ("村台账×乡镇库",)
    assert result.interval.contains(true_n)
