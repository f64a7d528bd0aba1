"""Townships and villages: counts that scale with the population, real-looking codes and names."""

from __future__ import annotations

import numpy as np
import pytest

from hedui.identity.regions import lookup_region
from hedui.synth import SynthParams
from hedui.synth.geography import build_geography, village_count


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        # 1,000,000 / 330 ≈ 3,030 villages, capped at 300 in 15 townships.
        (1_000_000, (15, 300)),
        # 100,000 / 330 ≈ 303: still the full county.
        (100_000, (15, 300)),
        # 20,000 / 330 ≈ 61 villages; ceil(61 / 20) = 4 townships.
        (20_000, (4, 61)),
        # 2,000 / 330 ≈ 6 villages in one township.
        (2_000, (1, 6)),
        (10, (1, 1)),
    ],
)
def test_village_count_scales_with_people(people: int, expected: tuple[int, int]) -> None:
    assert village_count(people, SynthParams()) == expected


def test_build_geography_codes_nest_in_the_county() -> None:
    params = SynthParams()
    geography = build_geography(1_000_000, params, np.random.default_rng(1))
    assert lookup_region(params.county_code).status == "current"
    codes = geography.village_codes.tolist()
    assert len(set(codes)) == len(codes) == 300
    for code, township in zip(codes, geography.village_township, strict=True):
        assert len(code) == 12 and code.isdigit()
        assert code.startswith(geography.township_codes[township])
        assert code.startswith(params.county_code)
        assert 201 <= int(code[9:]) <= 399  # village committees
    assert len(geography.township_codes) == 15
    assert geography.village_share.sum() == pytest.approx(1.0)


def test_build_geography_names_are_unique_within_a_township() -> None:
    geography = build_geography(1_000_000, SynthParams(), np.random.default_rng(2))
    for township in range(len(geography.township_codes)):
        names = geography.village_names[geography.village_township == township].tolist()
        assert len(set(names)) == len(names)
        assert all(name.endswith("村") for name in names)
    assert all(name[-1] in "镇乡" for name in geography.township_names.tolist())


def test_geography_to_frame_has_the_villages_csv_columns() -> None:
    frame = build_geography(2_000, SynthParams(), np.random.default_rng(3)).to_frame()
    assert frame.columns == ["code", "name", "township_code", "township_name"]
    assert frame.height == 6
