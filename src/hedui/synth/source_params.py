"""What each source holds, how completely, how late and how garbled: types and defaults.

The defaults describe how the five real systems behave, not a precise measurement of any one
county: village ledgers are kept by hand and vary most from village to village; the township
database is re-keyed from the ledgers (so it inherits their mistakes) and adds its own typing
slips; hospitals write birth certificates within days, usually before the baby has a name; the
police register births weeks or months late and often never hear of a death; civil-affairs
offices register every marriage on the day but only those registered in this county.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "EVENT_KINDS",
    "SOURCE_NAMES",
    "ErrorRates",
    "SourceParams",
    "VillageCoverage",
    "default_sources",
]

EVENT_KINDS = ("birth", "death", "marriage", "divorce", "move_in", "move_out", "resident")
SOURCE_NAMES = (
    "village_ledger",
    "township_db",
    "health_births",
    "police_hukou",
    "civil_marriages",
)


@dataclass(frozen=True)
class ErrorRates:
    """Probability that one *eligible* record of a source gets each kind of error.

    A record is eligible when the error can happen to it at all: a day/month swap needs a day
    of 12 or less that differs from the month, a 15-digit ID needs a holder born before 1970,
    a traditional character needs a name whose traditional form differs. The kinds of one field
    that exclude each other (missing, one wrong digit, two swapped digits, 15-digit form) are
    drawn from one uniform number, so each rate is exactly the probability of its kind.
    The mother's name and ID on a birth record use the same rates as the person's own.
    """

    name_homophone: float = 0.0
    name_traditional: float = 0.0
    name_missing: float = 0.0
    name_placeholder: float = 0.0
    newborn_unnamed: float = 0.0
    id_missing: float = 0.0
    id_digit: float = 0.0
    id_transpose: float = 0.0
    id_15: float = 0.0
    id_fullwidth: float = 0.0
    sex_missing: float = 0.0
    sex_flip: float = 0.0
    birth_date_missing: float = 0.0
    date_format: float = 0.0
    date_day_month_swap: float = 0.0
    birth_date_lunar: float = 0.0
    duplicate: float = 0.0

    def scaled(self, factor: float) -> ErrorRates:
        """Every rate multiplied by ``factor`` and capped at 1."""
        values = {
            f.name: min(1.0, getattr(self, f.name) * factor) for f in dataclasses.fields(self)
        }
        return ErrorRates(**values)

    def as_dict(self) -> dict[str, float]:
        """The rates by kind, in declaration order."""
        return {f.name: float(getattr(self, f.name)) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class VillageCoverage:
    """How a source's coverage varies by village.

    Most villages get a coverage drawn uniformly from ``[good_low, good_high]``; a share
    ``poor_share`` of villages (a clerk who left, a ledger kept on paper) gets one from
    ``[poor_low, poor_high]``. The draw is per source, so a village can be poor in one source
    and fine in another.
    """

    good_low: float
    good_high: float
    poor_share: float = 0.0
    poor_low: float = 0.0
    poor_high: float = 0.0


@dataclass(frozen=True)
class SourceParams:
    """What one source holds, how completely, how late and how garbled.

    Attributes:
        events: The event kinds the source records (``"resident"`` for a roster).
        village_coverage: Per-village probability of holding a record, before the event factor.
        event_coverage: Factor by event kind multiplying the village coverage.
        delay_days: By event kind, ``(minimum, mean extra)`` days between the event and its
            recording; the extra is exponential. Events recorded after the export date are
            missing from the export.
        errors: The source's own error rates.
        sex_codes: How the source writes (male, female).
        copy_from: A source whose records this one copies (the township database re-keys the
            village ledgers), inheriting their errors.
        copy_share: Probability that a record of ``copy_from`` is copied.
        copy_lag_days: ``(minimum, mean extra)`` days between the two recordings.
        home_birth_factor: Coverage factor for births outside a hospital.
        address_style: ``"village"`` (组 and 号 only), ``"township"`` or ``"full"``.
    """

    events: tuple[str, ...]
    village_coverage: VillageCoverage
    event_coverage: Mapping[str, float]
    delay_days: Mapping[str, tuple[float, float]]
    errors: ErrorRates
    sex_codes: tuple[str, str] = ("男", "女")
    copy_from: str | None = None
    copy_share: float = 0.0
    copy_lag_days: tuple[float, float] = (0.0, 0.0)
    home_birth_factor: float = 1.0
    address_style: str = "township"


_LEDGER_ERRORS = ErrorRates(
    name_homophone=0.03,
    name_traditional=0.01,
    name_missing=0.002,
    name_placeholder=0.05,
    newborn_unnamed=0.03,
    id_missing=0.03,
    id_digit=0.01,
    id_transpose=0.005,
    id_15=0.15,
    id_fullwidth=0.02,
    sex_missing=0.005,
    sex_flip=0.002,
    birth_date_missing=0.005,
    date_format=0.08,
    date_day_month_swap=0.01,
    birth_date_lunar=0.03,
    duplicate=0.01,
)
_TOWNSHIP_ERRORS = ErrorRates(
    name_homophone=0.01,
    name_missing=0.001,
    name_placeholder=0.02,
    newborn_unnamed=0.01,
    id_missing=0.01,
    id_digit=0.005,
    id_transpose=0.003,
    id_15=0.03,
    id_fullwidth=0.005,
    sex_missing=0.002,
    sex_flip=0.001,
    birth_date_missing=0.002,
    date_format=0.01,
    date_day_month_swap=0.004,
    duplicate=0.008,
)
_HEALTH_ERRORS = ErrorRates(
    name_homophone=0.01,
    name_traditional=0.002,
    name_placeholder=0.55,
    newborn_unnamed=0.25,
    id_missing=0.02,
    id_digit=0.005,
    id_transpose=0.003,
    id_15=0.02,
    id_fullwidth=0.01,
    sex_missing=0.003,
    sex_flip=0.001,
    birth_date_missing=0.001,
    date_format=0.02,
    date_day_month_swap=0.002,
    duplicate=0.005,
)
_POLICE_ERRORS = ErrorRates(
    name_homophone=0.005,
    id_missing=0.001,
    id_digit=0.001,
    id_transpose=0.0005,
    id_15=0.005,
    sex_flip=0.0005,
    date_day_month_swap=0.001,
    birth_date_lunar=0.005,
    duplicate=0.002,
)
_CIVIL_ERRORS = ErrorRates(
    name_homophone=0.005,
    name_traditional=0.002,
    id_missing=0.002,
    id_digit=0.002,
    id_transpose=0.001,
    id_15=0.01,
    id_fullwidth=0.005,
    sex_flip=0.0005,
    date_format=0.01,
    date_day_month_swap=0.002,
    duplicate=0.003,
)
_ALL_EVENTS = ("resident", "birth", "death", "marriage", "divorce", "move_in", "move_out")


def default_sources() -> dict[str, SourceParams]:
    """The five sources with their documented default behaviour (see ``docs/synth.md``)."""
    return {
        "village_ledger": SourceParams(
            events=_ALL_EVENTS,
            village_coverage=VillageCoverage(0.90, 0.98, 0.12, 0.60, 0.80),
            event_coverage={
                "resident": 1.0,
                "birth": 0.98,
                "death": 0.97,
                "marriage": 0.90,
                "divorce": 0.60,
                "move_in": 0.90,
                "move_out": 0.85,
            },
            delay_days={kind: (0.0, 20.0) for kind in _ALL_EVENTS},
            errors=_LEDGER_ERRORS,
            address_style="village",
        ),
        "township_db": SourceParams(
            events=_ALL_EVENTS,
            village_coverage=VillageCoverage(0.40, 0.60),
            event_coverage={
                "resident": 1.0,
                "birth": 0.9,
                "death": 0.8,
                "marriage": 0.7,
                "divorce": 0.5,
                "move_in": 0.8,
                "move_out": 0.8,
            },
            delay_days={kind: (5.0, 30.0) for kind in _ALL_EVENTS},
            errors=_TOWNSHIP_ERRORS,
            copy_from="village_ledger",
            copy_share=0.96,
            copy_lag_days=(3.0, 20.0),
        ),
        "health_births": SourceParams(
            events=("birth",),
            village_coverage=VillageCoverage(0.96, 0.995, 0.05, 0.85, 0.93),
            event_coverage={"birth": 1.0},
            delay_days={"birth": (0.0, 2.0)},
            errors=_HEALTH_ERRORS,
            sex_codes=("M", "F"),
            home_birth_factor=0.5,
            address_style="full",
        ),
        "police_hukou": SourceParams(
            events=("resident", "birth", "death", "move_in", "move_out"),
            village_coverage=VillageCoverage(0.985, 0.999, 0.03, 0.93, 0.97),
            event_coverage={
                "resident": 1.0,
                "birth": 0.995,
                "death": 0.85,
                "move_in": 0.98,
                "move_out": 0.98,
            },
            delay_days={
                "birth": (7.0, 60.0),
                "death": (3.0, 60.0),
                "move_in": (0.0, 10.0),
                "move_out": (0.0, 10.0),
            },
            errors=_POLICE_ERRORS,
            sex_codes=("1", "2"),
            address_style="full",
        ),
        "civil_marriages": SourceParams(
            events=("marriage", "divorce"),
            village_coverage=VillageCoverage(0.99, 1.0),
            event_coverage={"marriage": 1.0, "divorce": 1.0},
            delay_days={"marriage": (0.0, 0.0), "divorce": (0.0, 0.0)},
            errors=_CIVIL_ERRORS,
            address_style="full",
        ),
    }
