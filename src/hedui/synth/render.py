"""Turning a source's plan into text records holding the true values.

Every source writes the same facts its own way: sex as 男/女, 1/2 or M/F; the address from the
villager group up (a village ledger), from the township (the township database) or from the
province (police, hospitals, civil affairs). A newborn's ID number appears only in records
entered after the police registered the birth, because before that the number does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hedui.synth.coverage import RESIDENT, Plan
from hedui.synth.events import BIRTH, DIVORCE, MARRIAGE
from hedui.synth.geography import Geography
from hedui.synth.names_data import regions
from hedui.synth.params import SynthParams
from hedui.synth.people import BORN
from hedui.synth.period import Year, birth_years
from hedui.synth.records import Records, keep_where
from hedui.synth.source_params import SourceParams

__all__ = ["RenderContext", "iso_dates", "render"]

IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]


def iso_dates(day: IntArray) -> ObjectArray:
    """``YYYY-MM-DD`` strings of days since 1970-01-01.

    Formatted once per distinct day in the range and looked up: a million birth dates span
    only some 40,000 days.
    """
    if len(day) == 0:
        return np.empty(0, dtype=object)
    low = int(day.min())
    span = np.arange(low, int(day.max()) + 1).astype("datetime64[D]")
    table = np.datetime_as_string(span, unit="D").astype(object)
    result: ObjectArray = table[day - low]
    return result


@dataclass(frozen=True)
class RenderContext:
    """What every source's rendering shares: the year, places, and ID registration days."""

    year: Year
    geography: Geography
    params: SynthParams
    export: int
    id_registered: IntArray
    addresses: dict[str, ObjectArray]
    outside_address: ObjectArray
    full_names: ObjectArray

    @classmethod
    def build(
        cls,
        year: Year,
        geography: Geography,
        params: SynthParams,
        export: int,
        id_registered: IntArray,
    ) -> RenderContext:
        """Precompute every household's address in the three styles."""
        households = year.households
        village = geography.village_names[households.village].astype(str)
        township = geography.township_names[geography.village_township[households.village]]
        local = np.strings.add(
            np.strings.add(village, np.strings.add(households.group.astype(str), "组")),
            np.strings.add(households.house.astype(str), "号"),
        )
        with_township = np.strings.add(township.astype(str), local)
        full = np.strings.add(params.county_prefix + params.county_name, with_township)
        names = {r.code: r.name for r in regions()}
        outside = np.array([names.get(code, "") for code in year.people.region], dtype=object)
        return cls(
            year=year,
            geography=geography,
            params=params,
            export=export,
            id_registered=id_registered,
            addresses={
                "village": local.astype(object),
                "township": with_township.astype(object),
                "full": full.astype(object),
            },
            outside_address=outside,
            full_names=year.people.name,
        )


def _names(people_name: ObjectArray, index: IntArray) -> ObjectArray:
    result: ObjectArray = keep_where(index >= 0, people_name[np.maximum(index, 0)])
    return result


def render(plan: Plan, context: RenderContext, source: str, spec: SourceParams) -> Records:
    """The plan's records with true values, in the source's conventions."""
    year = context.year
    people, events = year.people, year.events
    person = plan.person
    count = len(plan)
    full_names = context.full_names
    is_birth = plan.kind == BIRTH
    is_union = (plan.kind == MARRIAGE) | (plan.kind == DIVORCE)
    event = np.maximum(plan.event, 0)
    mother = np.where(is_birth, people.mother[person], -1)
    father = np.where(is_birth, people.father[person], -1)
    spouse = np.where(is_union, events.spouse[event], -1)
    newborn = people.origin[person] == BORN
    has_id = ~newborn | (context.id_registered[person] <= plan.recorded)
    if source == "health_births":
        has_id &= ~is_birth
    sex_codes = np.array(spec.sex_codes, dtype=object)
    local = plan.household >= 0
    address = np.where(
        local,
        context.addresses[spec.address_style][np.maximum(plan.household, 0)],
        context.outside_address[person],
    )
    columns: dict[str, ObjectArray] = {
        "event_date": iso_dates(plan.date),
        "name": full_names[person],
        "id_number": keep_where(has_id, people.id_number[person]),
        "sex": sex_codes[people.sex[person] - 1],
        "birth_date": iso_dates(people.birth[person]),
        "mother_name": _names(full_names, mother),
        "mother_id_number": _names(people.id_number, mother),
        "address": address,
        "father_name": _names(full_names, father),
        "spouse_name": _names(full_names, spouse),
        "spouse_id_number": _names(people.id_number, spouse),
    }
    return Records(
        columns=columns,
        kind=plan.kind.copy(),
        village=plan.village.copy(),
        key=np.where(plan.kind == RESIDENT, -1 - person, plan.event),
        errors=np.zeros(count, dtype=np.int64),
        recorded=plan.recorded.copy(),
        birth_year=birth_years(people.birth[person]),
        mother_birth_year=np.where(
            mother >= 0, birth_years(people.birth[np.maximum(mother, 0)]), 0
        ),
        is_birth=is_birth,
    )
