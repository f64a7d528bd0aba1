"""Parameters: defaults are valid, scaling is exact, and every problem is reported at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from hedui.errors import ConfigurationError
from hedui.synth import ErrorRates, SynthParams


def test_synth_params_defaults_are_valid() -> None:
    SynthParams().validate()


def test_error_rates_scaled_multiplies_and_caps_at_one() -> None:
    rates = ErrorRates(id_digit=0.01, name_placeholder=0.55)
    doubled = rates.scaled(2.0)
    assert doubled.id_digit == pytest.approx(0.02)
    assert doubled.name_placeholder == 1.0  # 1.10 capped
    assert all(rate == 0 for rate in rates.scaled(0.0).as_dict().values())


def test_with_error_scale_scales_every_source() -> None:
    params = SynthParams()
    hard = params.with_error_scale(2.0)
    for name, source in params.sources.items():
        assert hard.sources[name].errors == source.errors.scaled(2.0)
    assert params.sources["village_ledger"].errors.id_digit == 0.01  # the original is untouched


def test_with_error_scale_rejects_a_negative_factor() -> None:
    with pytest.raises(ConfigurationError):
        SynthParams().with_error_scale(-1.0)


def test_synth_params_validate_lists_every_problem() -> None:
    ledger = SynthParams().sources["village_ledger"]
    broken_ledger = dataclasses.replace(
        ledger, errors=ErrorRates(id_digit=1.5), events=(*ledger.events, "adoption")
    )
    params = dataclasses.replace(
        SynthParams(),
        county_code="32092",
        birth_rate=-1.0,
        twin_share=2.0,
        sources={**SynthParams().sources, "village_ledger": broken_ledger},
    )
    with pytest.raises(ConfigurationError) as raised:
        params.validate()
    problems = raised.value.problems
    assert len(problems) == 5
    assert any("county_code" in p for p in problems)
    assert any("birth_rate" in p for p in problems)
    assert any("twin_share" in p for p in problems)
    assert any("adoption" in p for p in problems)
    assert any("id_digit" in p for p in problems)


def test_every_setting_is_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "synth.md").read_text(encoding="utf-8")
    settings = [f.name for f in dataclasses.fields(SynthParams) if f.name != "sources"]
    settings += list(ErrorRates().as_dict())
    missing = [name for name in settings if f"`{name}`" not in docs]
    assert missing == []
