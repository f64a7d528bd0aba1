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

from hedui.synth.events import EVENT_NAMES
from hedui.synth.geography import Geography
from hedui.synth.people import person_code_series
from hedui.synth.period import Year
from hedui.synth.records import Records, codes_series, iso_date_series, text_series
from hedui.synth.source_params import SOURCE_NAMES

__all__ = ["TRUTH_EVENT_COLUMNS", "truth_events"]

IntArray = npt.NDArray[np.int64]

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


def _recorded_in(year: Year, records: Mapping[str, Records]) -> tuple[IntArray, IntArray]:
    """Bit sets of the sources recording each event and each person's residence."""
    by_event = np.zeros(len(year.events), dtype=np.int64)
    by_person = np.zeros(len(year.people), dtype=np.int64)
    for position, name in enumerate(SOURCE_NAMES):
        key = records[name].key
        np.bitwise_or.at(by_event, key[key >= 0], 1 << position)
        np.bitwise_or.at(by_person, -1 - key[key < 0], 1 << position)
    return by_event, by_person


def truth_events(
    year: Year, geography: Geography, export: int, records: Mapping[str, Records]
) -> pl.DataFrame:
    """The truth-events table: events by date, then residents by person."""
    people, events = year.people, year.events
    residents = np.flatnonzero(year.final_village >= 0)
    resident_count = len(residents)
    person = np.concatenate([events.person, residents])
    kind = np.concatenate([events.kind.astype(np.int64), np.full(resident_count, len(EVENT_NAMES))])
    village = np.concatenate([events.village, year.final_village[residents]])
    safe = np.maximum(village, 0)
    township = np.where(village >= 0, geography.village_township[safe], -1)
    event_sources, person_sources = _recorded_in(year, records)
    sources = np.concatenate([event_sources, person_sources[residents]])
    source_lists = [
        ";".join(n for p, n in enumerate(SOURCE_NAMES) if mask & (1 << p))
        for mask in range(1 << len(SOURCE_NAMES))
    ]
    no = np.zeros(resident_count, dtype=bool)
    entity = pl.concat(
        [text_series("entity_id", events.entities), person_code_series("entity_id", residents)]
    )
    is_birth = kind == 0
    return pl.DataFrame(
        [
            entity,
            person_code_series("person_id", person),
            codes_series("event", [*EVENT_NAMES, "resident"], kind),
            iso_date_series(
                "event_date", np.concatenate([events.date, np.full(resident_count, export)])
            ),
            text_series("name", people.name[person]),
            text_series("id_number", people.id_number[person]),
            codes_series("sex", ["0", "1", "2"], people.sex[person].astype(np.int64)),
            iso_date_series("birth_date", people.birth[person]),
            codes_series("village_code", geography.village_codes.tolist(), village),
            codes_series("township_code", geography.township_codes.tolist(), township),
            person_code_series("mother_person_id", people.mother[person]),
            person_code_series("father_person_id", people.father[person]),
            person_code_series(
                "spouse_person_id",
                np.concatenate([events.spouse, -np.ones(resident_count, np.int64)]),
            ),
            pl.Series("twin", people.twin[person].astype(np.int64)),
            pl.Series("hospital_birth", is_birth & people.hospital[person]),
            pl.Series("within_county", np.concatenate([events.within_county, no])),
            pl.Series("registered_here", np.concatenate([events.registered_here, no])),
            codes_series("recorded_in", source_lists, sources),
        ]
    )
