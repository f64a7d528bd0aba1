"""Synthetic counties shared by the synth tests, each drawn once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from hedui.synth import County, generate_county, write_county


@pytest.fixture(scope="session")
def small_county() -> County:
    """2,000 people with the default error rates: the county other suites use too."""
    return generate_county(2_000, seed=11)


@pytest.fixture(scope="session")
def county_20k() -> County:
    """20,000 people: enough records to compare injected error rates with their parameters.

    The reporting year is a past one, so that no baby's birth date (and ID number) lies after
    today, which :func:`hedui.identity.resident_id.parse` would rightly reject.
    """
    return generate_county(20_000, seed=5, year=2025)


@pytest.fixture(scope="session")
def clean_county() -> County:
    """5,000 people with ``error_scale=0``: every record holds the true values."""
    return generate_county(5_000, seed=3, year=2025, error_scale=0.0)


@pytest.fixture(scope="session")
def written_county(tmp_path_factory: pytest.TempPathFactory, small_county: County) -> Path:
    """The small county written to a directory."""
    out = tmp_path_factory.mktemp("county")
    write_county(small_county, out)
    return out
