"""Which true facts a source holds: coverage by village and event, recording delays, rosters.

A source records an event with probability (its coverage of the event's village) × (its
coverage of that kind of event), and enters it some days later; what is entered after the
export date is not in the export. A roster lists the people the source *believes* live in a
village on the export date: those it knew on 1 January and those whose arrival it recorded,
minus those whose death or departure it recorded. So a death the police never heard of leaves
the dead on the police roster, and a move recorded at the new village but not at the old one
lists the person twice — exactly the discrepancies a reconciliation must find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hedui.synth.events import BIRTH, DEATH, EVENT_NAMES, MOVE_IN, MOVE_OUT
from hedui.synth.people import RESIDENT_AT_START
from hedui.synth.period import Year
from hedui.synth.source_params import SourceParams, VillageCoverage

__all__ = [
    "RESIDENT",
    "Plan",
    "event_candidates",
    "plan_events",
    "plan_roster",
    "plan_truly_resident",
    "shared_village_coverage",
    "village_coverage",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

RESIDENT = len(EVENT_NAMES)  # the kind code of a roster record
_PAST_ENTRY_DAYS = 3650  # roster entries of long-time residents date from the last ten years


@dataclass
class Plan:
    """The facts a source will write, before they become text.

    ``kind`` is an event kind or :data:`RESIDENT`; ``event`` indexes the year's events (``-1``
    for roster records); ``village`` and ``household`` give the address written.
    """

    person: IntArray
    kind: npt.NDArray[np.int8]
    event: IntArray
    village: IntArray
    household: IntArray
    date: IntArray
    recorded: IntArray

    def __len__(self) -> int:
        return len(self.person)

    @classmethod
    def concat(cls, parts: list[Plan]) -> Plan:
        """The plans one after the other."""
        return cls(*(np.concatenate([getattr(p, name) for p in parts]) for name in _FIELDS))


_FIELDS = ("person", "kind", "event", "village", "household", "date", "recorded")


def village_coverage(rng: np.random.Generator, spec: VillageCoverage, villages: int) -> FloatArray:
    """Each village's coverage in one source: mostly good, a few villages poor."""
    poor = rng.random(villages) < spec.poor_share
    good_value = rng.uniform(spec.good_low, spec.good_high, villages)
    poor_value = rng.uniform(spec.poor_low, spec.poor_high, villages)
    result: FloatArray = np.where(poor, poor_value, good_value)
    return result


def shared_village_coverage(
    rng: np.random.Generator,
    spec: VillageCoverage,
    own: FloatArray,
    common: FloatArray,
    dependence: float,
) -> FloatArray:
    """``own`` coverage, replaced in a share ``dependence`` of villages by the quantile of the
    ``common`` uniform number that every source shares.

    Each source's coverage has the same distribution as :func:`village_coverage` draws (poor
    with probability ``poor_share``, uniform within its range), read at the village's common
    quantile: a village that shares is at the same rank in every source — poor in the ledger
    means poor, or nearly so, in the police and hospital records too (positively dependent
    sources).
    """
    poor = common < spec.poor_share
    within = np.where(
        poor,
        common / max(spec.poor_share, 1e-12),
        (common - spec.poor_share) / max(1 - spec.poor_share, 1e-12),
    )
    low = np.where(poor, spec.poor_low, spec.good_low)
    high = np.where(poor, spec.poor_high, spec.good_high)
    shared = rng.random(len(own)) < dependence
    result: FloatArray = np.where(shared, low + within * (high - low), own)
    return result


def _delays(rng: np.random.Generator, bounds: tuple[float, float], count: int) -> IntArray:
    minimum, mean_extra = bounds
    extra = rng.exponential(mean_extra, count) if mean_extra > 0 else np.zeros(count)
    result: IntArray = np.floor(minimum + extra).astype(np.int64)
    return result


def plan_events(
    rng: np.random.Generator,
    year: Year,
    source: SourceParams,
    coverage: FloatArray,
    export: int,
    *,
    candidates: BoolArray,
) -> tuple[Plan, BoolArray, IntArray]:
    """The events a source records among ``candidates``.

    Returns:
        The plan, the mask of recorded events and each event's recording day (meaningful
        where recorded), both indexed like the year's events.
    """
    events, people = year.events, year.people
    village = events.village
    cover = np.where(village >= 0, coverage[np.maximum(village, 0)], coverage.mean())
    factor = np.array([source.event_coverage.get(name, 0.0) for name in EVENT_NAMES])
    cover = cover * factor[events.kind]
    home = (events.kind == BIRTH) & ~people.hospital[events.person]
    cover = np.where(home, cover * source.home_birth_factor, cover)
    delay = np.zeros(len(events), dtype=np.int64)
    for code, name in enumerate(EVENT_NAMES):
        of_kind = np.flatnonzero(events.kind == code)
        delay[of_kind] = _delays(rng, source.delay_days.get(name, (0.0, 0.0)), len(of_kind))
    recorded_day = events.date + delay
    recorded = candidates & (rng.random(len(events)) < cover) & (recorded_day <= export)
    index = np.flatnonzero(recorded)
    plan = Plan(
        person=events.person[index],
        kind=events.kind[index],
        event=index.astype(np.int64),
        village=events.village[index],
        household=events.household[index],
        date=events.date[index],
        recorded=recorded_day[index],
    )
    return plan, recorded, recorded_day


def plan_roster(
    rng: np.random.Generator,
    year: Year,
    coverage: FloatArray,
    resident_factor: float,
    recorded: BoolArray,
    recorded_day: IntArray,
    export: int,
) -> Plan:
    """A roster built from what the source knew on 1 January and the events it recorded.

    ``recorded`` and ``recorded_day`` are per event of the year (see :func:`plan_events`).
    """
    people, events = year.people, year.events
    n = len(people)
    start_village = np.maximum(people.village, 0)
    known = (people.origin == RESIDENT_AT_START) & (
        rng.random(n) < coverage[start_village] * resident_factor
    )
    gone = np.zeros(n, dtype=bool)
    left_village = np.zeros(n, dtype=bool)
    rec = np.flatnonzero(recorded)
    kind, person, within = events.kind[rec], events.person[rec], events.within_county[rec]
    gone[person[(kind == DEATH) | ((kind == MOVE_OUT) & ~within)]] = True
    left_village[person[(kind == MOVE_OUT) & within]] = True
    arrivals = rec[(kind == BIRTH) | (kind == MOVE_IN)]
    arrivals = arrivals[~gone[events.person[arrivals]]]
    stayers = np.flatnonzero(known & ~gone & ~left_village)
    past = np.maximum(
        people.birth[stayers], year.start - rng.integers(1, _PAST_ENTRY_DAYS, len(stayers))
    )
    return Plan.concat(
        [
            Plan(
                person=stayers,
                kind=np.full(len(stayers), RESIDENT, dtype=np.int8),
                event=np.full(len(stayers), -1, dtype=np.int64),
                village=people.village[stayers],
                household=people.household[stayers],
                date=np.full(len(stayers), export, dtype=np.int64),
                recorded=past,
            ),
            Plan(
                person=events.person[arrivals],
                kind=np.full(len(arrivals), RESIDENT, dtype=np.int8),
                event=np.full(len(arrivals), -1, dtype=np.int64),
                village=events.village[arrivals],
                household=events.household[arrivals],
                date=np.full(len(arrivals), export, dtype=np.int64),
                recorded=recorded_day[arrivals],
            ),
        ]
    )


def plan_truly_resident(
    rng: np.random.Generator,
    year: Year,
    coverage: FloatArray,
    factor: float,
    exclude: BoolArray,
    export: int,
) -> Plan:
    """People truly resident at the export date, not in ``exclude``, found by a source itself."""
    village = year.final_village
    eligible = (village >= 0) & ~exclude
    found = eligible & (rng.random(len(village)) < coverage[np.maximum(village, 0)] * factor)
    person = np.flatnonzero(found)
    return Plan(
        person=person,
        kind=np.full(len(person), RESIDENT, dtype=np.int8),
        event=np.full(len(person), -1, dtype=np.int64),
        village=village[person],
        household=year.final_household[person],
        date=np.full(len(person), export, dtype=np.int64),
        recorded=np.maximum(year.people.birth[person], export - rng.integers(0, 365, len(person))),
    )


def event_candidates(year: Year, source: SourceParams, *, local_only: bool) -> BoolArray:
    """Events of the kinds a source holds; county offices only see people living in the county."""
    events = year.events
    codes = [code for code, name in enumerate(EVENT_NAMES) if name in source.events]
    result: BoolArray = np.isin(events.kind, codes)
    if local_only:
        result &= events.village >= 0
    return result
