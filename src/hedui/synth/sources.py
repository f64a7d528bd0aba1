"""The five sources, built in the order their real-world dependencies impose.

The police go first: a newborn's ID number exists only from the day the police register the
birth, and every other source can write it only if it records the birth after that day. The
village ledgers come next, then the township database, which re-keys most ledger records
(keeping the ledger's mistakes, adding its own) and finds some people and events by itself.
Hospitals write birth certificates; civil-affairs offices register the marriages and divorces
registered in the county, one record per spouse.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from hedui.progress import Progress, step
from hedui.synth.coverage import (
    Plan,
    event_candidates,
    plan_events,
    plan_roster,
    plan_truly_resident,
    shared_village_coverage,
    village_coverage,
)
from hedui.synth.errors_model import add_duplicates, inject_errors
from hedui.synth.events import BIRTH
from hedui.synth.geography import Geography
from hedui.synth.params import SynthParams
from hedui.synth.period import Year
from hedui.synth.records import Records
from hedui.synth.render import RenderContext, render
from hedui.synth.source_params import SOURCE_NAMES, SourceParams

__all__ = ["SOURCE_STEPS", "build_sources", "id_registration_days"]

SOURCE_STEPS = {
    "police_hukou": "公安户籍 household registration",
    "village_ledger": "村台账 village ledgers",
    "township_db": "乡镇数据库 township database",
    "health_births": "出生医学证明 birth certificates",
    "civil_marriages": "婚姻登记 marriage registration",
}
"""The step each source's records are drawn in, in the order they are drawn."""

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
NEVER = np.iinfo(np.int64).max // 2
Rngs = Mapping[str, np.random.Generator]


def id_registration_days(year: Year, recorded: npt.NDArray[np.bool_], day: IntArray) -> IntArray:
    """The day each person's ID number became known: birth registration for babies."""
    result = np.zeros(len(year.people), dtype=np.int64)
    births = np.flatnonzero(recorded & (year.events.kind == BIRTH))
    babies = year.events.person[year.events.kind == BIRTH]
    result[babies] = NEVER
    result[year.events.person[births]] = day[births]
    return result


def _finish(rng: np.random.Generator, records: Records, spec: SourceParams, export: int) -> Records:
    records = add_duplicates(rng, records, spec.errors.duplicate, export)
    inject_errors(rng, records, spec.errors, spec.sex_codes)
    return records


def _plan(
    rng: np.random.Generator,
    year: Year,
    spec: SourceParams,
    coverage: FloatArray,
    export: int,
    candidates: BoolArray,
) -> tuple[Plan, BoolArray, IntArray]:
    """Roster (if the source keeps one) and events, with the per-event recording mask and day."""
    events, recorded, day = plan_events(rng, year, spec, coverage, export, candidates=candidates)
    if "resident" not in spec.events:
        return events, recorded, day
    factor = spec.event_coverage.get("resident", 1.0)
    roster = plan_roster(rng, year, coverage, factor, recorded, day, export)
    return Plan.concat([roster, events]), recorded, day


def _copied(
    rng: np.random.Generator,
    original: Records,
    spec: SourceParams,
    geography: Geography,
    export: int,
) -> Records:
    """Ledger records re-keyed into the township database, mistakes and all."""
    lag_min, lag_mean = spec.copy_lag_days
    lag = np.floor(lag_min + rng.exponential(max(lag_mean, 1e-9), len(original))).astype(np.int64)
    keep = (rng.random(len(original)) < spec.copy_share) & (original.recorded + lag <= export)
    copies = original.take(np.flatnonzero(keep))
    copies.recorded = copies.recorded + lag[keep]
    # Ledger records are all of local people: every copy gets its township before the address.
    township = geography.township_names[geography.village_township[copies.village]]
    copies.columns["address"] = township + copies.columns["address"]
    return copies


def build_sources(
    rngs: Rngs,
    year: Year,
    geography: Geography,
    params: SynthParams,
    export: int,
    progress: Progress,
) -> tuple[dict[str, Records], IntArray]:
    """Records of every source (true values, then errors), and the ID registration days.

    Each source's records are drawn in a step of :data:`SOURCE_STEPS` reported to ``progress``.

    Babies whose birth the police had not registered by the export date have no ID number:
    their ``id_number`` in the people table is set to ``None``.
    """
    specs = params.sources
    coverage = {
        name: village_coverage(
            rngs[f"{name}:coverage"], specs[name].village_coverage, geography.size
        )
        for name in SOURCE_NAMES
    }
    if params.coverage_dependence > 0:
        # Drawn after every source's own coverage, so a county without dependence is unchanged.
        common = rngs["village_ledger:coverage"].random(geography.size)
        for name in SOURCE_NAMES:
            coverage[name] = shared_village_coverage(
                rngs[f"{name}:coverage"],
                specs[name].village_coverage,
                coverage[name],
                common,
                params.coverage_dependence,
            )
    plans: dict[str, Plan] = {}
    local = {name: event_candidates(year, specs[name], local_only=True) for name in SOURCE_NAMES}
    plans["police_hukou"], police_recorded, police_day = _plan(
        rngs["police_hukou"],
        year,
        specs["police_hukou"],
        coverage["police_hukou"],
        export,
        local["police_hukou"],
    )
    registered = id_registration_days(year, police_recorded, police_day)
    year.people.id_number[registered >= NEVER] = None
    context = RenderContext.build(year, geography, params, export, registered)
    plans["village_ledger"], ledger_recorded, _ = _plan(
        rngs["village_ledger"],
        year,
        specs["village_ledger"],
        coverage["village_ledger"],
        export,
        local["village_ledger"],
    )
    result: dict[str, Records] = {}
    for name in ("police_hukou", "village_ledger"):
        rng, spec = rngs[name], specs[name]
        with step(progress, SOURCE_STEPS[name]):
            result[name] = _finish(rng, render(plans[name], context, name, spec), spec, export)

    with step(progress, SOURCE_STEPS["township_db"]):
        rng, township = rngs["township_db"], specs["township_db"]
        copies = _copied(rng, result["village_ledger"], township, geography, export)
        own_events, _, _ = plan_events(
            rng,
            year,
            township,
            coverage["township_db"],
            export,
            candidates=local["township_db"] & ~ledger_recorded,
        )
        ledger_plan = plans["village_ledger"]
        in_ledger = np.zeros(len(year.people), dtype=bool)
        in_ledger[ledger_plan.person[ledger_plan.event < 0]] = True
        factor = township.event_coverage.get("resident", 1.0)
        own_roster = plan_truly_resident(
            rng, year, coverage["township_db"], factor, in_ledger, export
        )
        own = render(Plan.concat([own_roster, own_events]), context, "township_db", township)
        result["township_db"] = _finish(rng, Records.concat([copies, own]), township, export)

    for name in ("health_births", "civil_marriages"):
        rng, spec = rngs[name], specs[name]
        with step(progress, SOURCE_STEPS[name]):
            candidates = event_candidates(year, spec, local_only=False)
            if name == "civil_marriages":
                candidates &= year.events.registered_here
            plan, _, _ = _plan(rng, year, spec, coverage[name], export, candidates)
            result[name] = _finish(rng, render(plan, context, name, spec), spec, export)
    return result, registered
