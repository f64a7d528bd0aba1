"""The knobs of the synthetic county: demography, coverage, delays and error rates.

Every number here has a documented default (see ``docs/synth.md``) chosen to look like a rural
county in northern Jiangsu around 2026: an old population, about 9 births and 7.5 deaths per
1,000 people a year, and five sources that each miss, delay and garble records in their own way.
Tests scale the error rates with :meth:`SynthParams.with_error_scale` (``0`` gives clean data,
``2`` hard data) instead of editing the tables.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from hedui.errors import ConfigurationError
from hedui.synth.source_params import (
    EVENT_KINDS,
    SOURCE_NAMES,
    ErrorRates,
    SourceParams,
    VillageCoverage,
    default_sources,
)

# The default reporting year is a complete year in the past: the sources are exported on its
# 31 December, and a reader (rightly) quarantines dates that lie after today.
DEFAULT_YEAR = 2025

__all__ = [
    "DEFAULT_YEAR",
    "EVENT_KINDS",
    "SOURCE_NAMES",
    "ErrorRates",
    "SourceParams",
    "SynthParams",
    "VillageCoverage",
]


@dataclass(frozen=True)
class SynthParams:
    """Demography, geography and sources of the synthetic county.

    Rates are per 1,000 people at the start of the year (marriages and divorces count
    couples). Defaults follow a rural county of northern Jiangsu: see ``docs/synth.md``.
    ``coverage_dependence`` (0 by default: each source draws its village coverage on its own)
    is the share of villages whose coverage ranks the same in every source — a village that
    keeps a poor ledger also goes missing from the police and hospital records — for studying
    how capture–recapture estimates fail when sources depend on each other.
    """

    county_code: str = "320924"
    county_name: str = "射阳县"
    county_prefix: str = "江苏省盐城市"
    townships: int = 15
    villages: int = 300
    people_per_village: int = 330
    birth_rate: float = 9.0
    twin_share: float = 0.015
    twin_same_sex_share: float = 0.6
    sex_ratio_at_birth: float = 1.10
    mother_surname_share: float = 0.05
    hospital_birth_share: float = 0.99
    death_rate: float = 7.5
    marriage_rate: float = 5.5
    divorce_rate: float = 1.2
    move_within_rate: float = 6.0
    move_out_rate: float = 8.0
    move_in_rate: float = 4.0
    outside_bride_share: float = 0.30
    outside_groom_share: float = 0.10
    bride_moves_share: float = 0.70
    outside_spouse_moves_in_share: float = 0.50
    registered_elsewhere_share: float = 0.20
    wife_born_elsewhere_share: float = 0.30
    local_surname_share: float = 0.40
    coverage_dependence: float = 0.0
    sources: Mapping[str, SourceParams] = field(default_factory=default_sources)

    def with_error_scale(self, factor: float) -> SynthParams:
        """A copy with every source's error rates multiplied by ``factor`` (capped at 1)."""
        if factor < 0:
            raise ConfigurationError(
                f"误差倍数不能为负：{factor} / the error scale must be 0 or more, got {factor}"
            )
        sources = {
            name: dataclasses.replace(source, errors=source.errors.scaled(factor))
            for name, source in self.sources.items()
        }
        return dataclasses.replace(self, sources=sources)

    def validate(self) -> None:
        """Check every setting at once.

        Raises:
            ConfigurationError: listing every problem found, not just the first.
        """
        problems: list[str] = []
        if len(self.county_code) != 6 or not self.county_code.isdigit():
            problems.append(f"county_code {self.county_code!r} must be six digits (GB/T 2260)")
        if not 1 <= self.townships <= 30:
            problems.append(f"townships must be 1 to 30 (the names run out), got {self.townships}")
        if not 1 <= self.villages <= 199 * self.townships:
            problems.append(f"villages must be 1 to {199 * self.townships}, got {self.villages}")
        for name in ("birth_rate", "death_rate", "marriage_rate", "divorce_rate"):
            if not 0 <= getattr(self, name) <= 100:
                problems.append(f"{name} must be 0 to 100 per 1,000, got {getattr(self, name)}")
        for name in ("move_within_rate", "move_out_rate", "move_in_rate"):
            if not 0 <= getattr(self, name) <= 100:
                problems.append(f"{name} must be 0 to 100 per 1,000, got {getattr(self, name)}")
        shares = (
            "twin_share",
            "twin_same_sex_share",
            "mother_surname_share",
            "hospital_birth_share",
            "outside_bride_share",
            "outside_groom_share",
            "bride_moves_share",
            "outside_spouse_moves_in_share",
            "registered_elsewhere_share",
            "wife_born_elsewhere_share",
            "local_surname_share",
            "coverage_dependence",
        )
        problems.extend(
            f"{name} must be a share between 0 and 1, got {getattr(self, name)}"
            for name in shares
            if not 0 <= getattr(self, name) <= 1
        )
        if self.outside_bride_share + self.outside_groom_share > 1:
            problems.append("outside_bride_share + outside_groom_share must not exceed 1")
        missing = [name for name in SOURCE_NAMES if name not in self.sources]
        if missing:
            problems.append(f"sources missing: {', '.join(missing)}")
        for name, source in self.sources.items():
            problems.extend(f"{name}: {p}" for p in _source_problems(source, self.sources))
        if problems:
            raise ConfigurationError(
                "合成参数有误 / invalid synthesis parameters: " + "; ".join(problems),
                problems=problems,
            )


def _source_problems(source: SourceParams, sources: Mapping[str, SourceParams]) -> list[str]:
    problems = [f"unknown event kind {kind!r}" for kind in source.events if kind not in EVENT_KINDS]
    problems.extend(
        f"error rate {kind} must be between 0 and 1, got {rate}"
        for kind, rate in source.errors.as_dict().items()
        if not 0 <= rate <= 1
    )
    problems.extend(
        f"coverage of {kind} must be between 0 and 1, got {value}"
        for kind, value in source.event_coverage.items()
        if not 0 <= value <= 1
    )
    vc = source.village_coverage
    if not (0 <= vc.good_low <= vc.good_high <= 1 and 0 <= vc.poor_low <= vc.poor_high <= 1):
        problems.append("village coverage bounds must satisfy 0 <= low <= high <= 1")
    if not 0 <= vc.poor_share <= 1:
        problems.append(f"poor_share must be between 0 and 1, got {vc.poor_share}")
    if source.copy_from is not None and source.copy_from not in sources:
        problems.append(f"copy_from names an unknown source {source.copy_from!r}")
    if source.address_style not in ("village", "township", "full"):
        problems.append(f"address_style {source.address_style!r} is not village/township/full")
    return problems
