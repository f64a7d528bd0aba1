"""``coverage_dependence``: villages whose coverage ranks the same in every source."""

from __future__ import annotations

import dataclasses

import numpy as np
import polars as pl
import pytest

from hedui.errors import ConfigurationError
from hedui.synth import SynthParams, generate_county
from hedui.synth.coverage import shared_village_coverage
from hedui.synth.source_params import VillageCoverage

SPEC = VillageCoverage(0.90, 0.98, 0.12, 0.60, 0.80)


def test_shared_village_coverage_takes_the_common_quantiles():
    own = np.array([0.95, 0.95])
    common = np.array([0.06, 0.56])
    # Village 0: 0.06 < poor_share 0.12, so poor, halfway up [0.6, 0.8]: 0.7.
    # Village 1: good, (0.56 − 0.12)/0.88 = halfway up [0.90, 0.98]: 0.94.
    shared = shared_village_coverage(np.random.default_rng(1), SPEC, own, common, 1.0)
    assert shared.tolist() == pytest.approx([0.7, 0.94])
    kept = shared_village_coverage(np.random.default_rng(1), SPEC, own, common, 0.0)
    assert kept.tolist() == own.tolist()


def test_coverage_dependence_zero_leaves_the_county_unchanged():
    plain = generate_county(2_000, 3)
    same = generate_county(2_000, 3, SynthParams(coverage_dependence=0.0))
    for name, frame in plain.sources.items():
        assert frame.equals(same.sources[name]), name


def _ledger_and_police_shares(dependence: float) -> pl.DataFrame:
    # The police's default coverage (98.5–99.9%) varies too little between villages to see
    # against sampling noise; a range of 50–100% shows whether the ranks are shared.
    sources = dict(SynthParams().sources)
    police = dataclasses.replace(sources["police_hukou"], village_coverage=VillageCoverage(0.5, 1))
    sources["police_hukou"] = police
    params = SynthParams(coverage_dependence=dependence, sources=sources)
    residents = generate_county(20_000, 11, params).truth_events.filter(
        pl.col("event") == "resident"
    )
    return residents.group_by("village_code").agg(
        pl.col("recorded_in").str.contains("village_ledger").mean().alias("ledger"),
        pl.col("recorded_in").str.contains("police_hukou").mean().alias("police"),
    )


def test_coverage_dependence_makes_villages_poor_in_several_sources():
    # Per village, the share of residents on the ledger and on the police roster: unrelated
    # when each source draws its own coverage, strongly related when every village shares.
    independent = _ledger_and_police_shares(0.0)
    dependent = _ledger_and_police_shares(1.0)
    assert abs(independent.select(pl.corr("ledger", "police")).item()) < 0.3
    assert dependent.select(pl.corr("ledger", "police")).item() > 0.5


def test_coverage_dependence_must_be_a_share():
    with pytest.raises(ConfigurationError, match="coverage_dependence"):
        generate_county(100, 1, SynthParams(coverage_dependence=1.5))
