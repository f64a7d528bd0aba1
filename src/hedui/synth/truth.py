"""``truth_events.csv``: every true event of the period and every resident at the export date.

Whether a source recorded it or not, each event is here once, with the people it involves, so
that completeness can be measured (how many of the true births did each source record?) and
capture–recapture estimates checked against the true total. ``recorded_in`` lists the sources
holding at least one record of the entity. A ``twin`` birth of same-sex twins recorded under a
placeholder name is genuinely ambiguous to any linker; the flag lets an evaluation say so.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import polars as pl

from hedui.synth.geography import Geography
from hedui.synth.people import person_codes
from hedui.synth.period import Year
from hedui.synth.records import Records, keep_where, text_series
from hedui.synth.render import iso_dates
from hedui.synth.source_params import SOURCE_NAMES

__all__ = ["TRUTH_EVENT_COLUMNS", "truth_events"]

IntArray = npt.NDArray[np.int64]
ObjectArray = npt.NDArray[np.object_]

TRUTH_EVENT_COLUMNS = (
    "entity_id",
    "person_id",
    "event",
    "event_date",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "village_code",
    "township_code",
    "mother_person_id",
    "father_person_id",
    "spouse_person_id",
    "twin",
    "hospital_birth",
    "within_county",
    "registered_here",
    "recorded_in",
)


def _codes(codes: ObjectArray, index: IntArray) -> ObjectArray:
    result: ObjectArray = keep_where(index >= 0, codes[np.maximum(index, 0)])
    return result


def _recorded_in(year: Year, records: Mapping[str, Records]) -> tuple[ObjectArray, ObjectArray]:
    """``recorded_in`` of each event and of each person's residence, from the record keys."""
    by_event = np.zeros(len(year.events), dtype=np.int64)
    by_person = np.zeros(len(year.people), dtype=np.int64)
    for position, name in enumerate(SOURCE_NAMES):
        key = records[name].key
        np.bitwise_or.at(by_event, key[key >= 0], 1 << position)
        np.bitwise_or.at(by_person, -1 - key[key < 0], 1 << position)
    texts = np.array(
        [";".join(n for p, n in enumerate(SOURCE_NAMES) if mask & (1 << p)) for mask in range(32)],
        dtype=object,
    )
    return texts[by_event], texts[by_person]


def _places(geography: Geography, village: IntArray) -> tuple[ObjectArray, ObjectArray]:
    safe = np.maximum(village, 0)
    township = geography.township_codes[geography.village_township[safe]]
    return (
        keep_where(village >= 0, geography.village_codes[safe]),
        keep_where(village >= 0, township),
    )


def truth_events(
    year: Year, geography: Geography, export: int, records: Mapping[str, Records]
) -> pl.DataFrame:
    """The truth-events table, sorted: events by date, then residents by person."""
    people, events = year.people, year.events
    residents = np.flatnonzero(year.final_village >= 0)
    person = np.concatenate([events.person, residents])
    count = len(person)
    is_event = np.arange(count) < len(events)
    kind = np.concatenate([events.names, np.full(len(residents), "resident", dtype=object)])
    codes = person_codes(np.arange(len(people)))
    entity = np.concatenate([events.entities, codes[residents]])
    event_sources, person_sources = _recorded_in(year, records)
    day = np.concatenate([events.date, np.full(len(residents), export, dtype=np.int64)])
    village = np.concatenate([events.village, year.final_village[residents]])
    spouse = np.concatenate([events.spouse, np.full(len(residents), -1, dtype=np.int64)])
    village_code, township_code = _places(geography, village)
    flags = {
        "within_county": np.concatenate([events.within_county, np.zeros(len(residents), bool)]),
        "registered_here": np.concatenate([events.registered_here, np.zeros(len(residents), bool)]),
    }
    text: dict[str, ObjectArray] = {
        "entity_id": entity,
        "person_id": codes[person],
        "event": kind,
        "event_date": iso_dates(day),
        "name": people.name[person],
        "id_number": people.id_number[person],
        "sex": people.sex[person].astype(str).astype(object),
        "birth_date": iso_dates(people.birth[person]),
        "village_code": village_code,
        "township_code": township_code,
        "mother_person_id": _codes(codes, people.mother[person]),
        "father_person_id": _codes(codes, people.father[person]),
        "spouse_person_id": _codes(codes, spouse),
        "recorded_in": np.concatenate([event_sources, person_sources[residents]]),
    }
    frame = pl.DataFrame(
        [
            *(text_series(name, values) for name, values in text.items()),
            pl.Series("twin", people.twin[person].astype(np.int64)),
            pl.Series("hospital_birth", is_event & (kind == "birth") & people.hospital[person]),
            *(pl.Series(name, value) for name, value in flags.items()),
        ]
    ).select(TRUTH_EVENT_COLUMNS)
    return frame
