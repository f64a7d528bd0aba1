"""Drawing a whole synthetic county: the entry point the CLI, tests and benchmarks call.

One seed fixes everything. It is split (``numpy.random.SeedSequence.spawn``) into independent
streams, one per stage and source, so that changing how one source is drawn does not change the
population or any other source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from hedui.errors import ConfigurationError
from hedui.progress import NullProgress, Progress, step, weighted
from hedui.synth.errors_model import error_strings, kind_counts
from hedui.synth.events import EVENT_NAMES
from hedui.synth.geography import Geography, build_geography
from hedui.synth.idnumbers import assign_id_numbers, assign_region_codes
from hedui.synth.params import DEFAULT_YEAR, SynthParams
from hedui.synth.people import days, person_code_series
from hedui.synth.period import Year, birth_years
from hedui.synth.population import draw_households
from hedui.synth.records import Records, text_series
from hedui.synth.source_params import SOURCE_NAMES
from hedui.synth.sources import SOURCE_STEPS, build_sources
from hedui.synth.summary import CountySummary
from hedui.synth.truth import truth_events
from hedui.synth.year import simulate_year

__all__ = ["COUNTY_STEP", "STEPS", "County", "generate_county"]

COUNTY_STEP = "生成合成县 drawing the county"
"""The whole county as one step, moved on by each of :data:`STEPS`."""
_GEOGRAPHY = "乡镇和村 townships and villages"
_POPULATION = "户和人口 households and people"
_EVENTS = "全年事件 the year's events"
_ID_NUMBERS = "身份证号 ID numbers"
_TRUTH = "真实答案 ground truth"
STEPS = (_GEOGRAPHY, _POPULATION, _EVENTS, _ID_NUMBERS, *SOURCE_STEPS.values(), _TRUTH)
"""The steps inside :data:`COUNTY_STEP`, in order (the police go first: see sources.py)."""
RECORD_PREFIX = {
    "village_ledger": "VL",
    "township_db": "TD",
    "health_births": "HB",
    "police_hukou": "PH",
    "civil_marriages": "CM",
}
_STREAMS = ("geography", "population", "year", "ids", "shuffle", *SOURCE_NAMES)


@dataclass
class County:
    """A synthetic county and everything known about it.

    Attributes:
        sources: One frame per source, canonical columns then the source's extras.
        truth: ``source,record_id,entity_id,errors`` for every record of every source.
        truth_events: Every true event of the period and every resident at the export date.
        villages: ``code,name,township_code,township_name``.
        summary: Headline counts.
        year_result: The people, households and events behind it all.
    """

    params: SynthParams
    seed: int
    year: int
    export_date: date
    geography: Geography
    year_result: Year
    sources: dict[str, pl.DataFrame]
    truth: pl.DataFrame
    truth_events: pl.DataFrame
    summary: CountySummary

    @property
    def villages(self) -> pl.DataFrame:
        """The villages table (``villages.csv``)."""
        return self.geography.to_frame()


def generate_county(
    people: int,
    seed: int,
    params: SynthParams | None = None,
    year: int = DEFAULT_YEAR,
    *,
    export_date: date | None = None,
    error_scale: float = 1.0,
    progress: Progress | None = None,
) -> County:
    """Draw a county of ``people`` residents and a year of its records.

    Args:
        people: Residents on 1 January of ``year``.
        seed: Fixes every random draw: the same arguments give identical output.
        params: Demography, sources and error rates; the documented defaults if ``None``.
        year: The reporting year; events happen from 1 January to 31 December.
        export_date: The day the sources are exported (default 31 December of ``year``).
            Events recorded later are missing; an earlier date also ends the period.
        error_scale: Multiplies every error rate (``0``: clean data; ``2``: hard data).
        progress: Receives :data:`COUNTY_STEP` and, inside it, each of :data:`STEPS`.

    Raises:
        ConfigurationError: for impossible arguments or parameters, all listed at once.
    """
    params = params or SynthParams()
    export = export_date or date(year, 12, 31)
    problems = []
    if people < 10:
        problems.append(f"people must be at least 10, got {people}")
    if not 1900 < year < 2100:
        problems.append(f"year must be between 1901 and 2099, got {year}")
    if export < date(year, 1, 1):
        problems.append(f"export date {export} is before the reporting year {year}")
    if problems:
        raise ConfigurationError(
            "合成参数有误 / invalid synthesis arguments: " + "; ".join(problems), problems=problems
        )
    params = params.with_error_scale(error_scale)
    params.validate()
    with weighted(progress or NullProgress(), COUNTY_STEP, dict.fromkeys(STEPS, 1.0)) as part:
        names = (*_STREAMS, *(f"{source}:coverage" for source in SOURCE_NAMES))
        streams = np.random.SeedSequence(seed).spawn(len(names))
        rngs = {name: np.random.default_rng(s) for name, s in zip(names, streams, strict=True)}

        with step(part, _GEOGRAPHY):
            geography = build_geography(people, params, rngs["geography"])
        with step(part, _POPULATION):
            residents, households = draw_households(
                rngs["population"], people, geography, params, year
            )
        with step(part, _EVENTS):
            end = min(days(date(year, 12, 31)), days(export))
            period = simulate_year(
                rngs["year"], residents, households, geography.village_share, params, year, end
            )
        with step(part, _ID_NUMBERS):
            persons = period.people
            rng = rngs["ids"]
            persons.region = assign_region_codes(
                rng, birth_years(persons.birth), persons.born_elsewhere, params.county_code
            )
            persons.id_number = assign_id_numbers(rng, persons.region, persons.birth, persons.sex)
        records, _ = build_sources(rngs, period, geography, params, days(export), part)
        with step(part, _TRUTH):
            frames, truth = _finalise(rngs["shuffle"], records, period, geography)
            events_table = truth_events(period, geography, days(export), records)
    summary = CountySummary(
        seed=seed,
        year=year,
        export_date=export.isoformat(),
        people=people,
        people_at_export=int((period.final_village >= 0).sum()),
        persons=len(persons),
        households=len(np.unique(residents.household)),
        villages=geography.size,
        townships=len(geography.township_codes),
        events={name: int((period.events.kind == k).sum()) for k, name in enumerate(EVENT_NAMES)},
        twin_births=int(persons.twin.sum()),
        records={name: len(records[name]) for name in SOURCE_NAMES},
        errors={name: kind_counts(records[name].errors) for name in SOURCE_NAMES},
        errors_by_kind=kind_counts(np.concatenate([records[n].errors for n in SOURCE_NAMES])),
        error_scale=error_scale,
    )
    return County(
        params=params,
        seed=seed,
        year=year,
        export_date=export,
        geography=geography,
        year_result=period,
        sources=frames,
        truth=truth,
        truth_events=events_table,
        summary=summary,
    )


def _finalise(
    rng: np.random.Generator, records: dict[str, Records], year: Year, geography: Geography
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Shuffle each source, number its records, and split off the truth."""
    frames: dict[str, pl.DataFrame] = {}
    truth_parts = []
    event_entities = text_series("entity_id", year.events.record_entities)
    village_codes = geography.village_codes.tolist()
    for name in SOURCE_NAMES:
        source = records[name]
        order = rng.permutation(len(source))
        frame = source.to_frame(name, RECORD_PREFIX[name], village_codes, order)
        frames[name] = frame
        key = source.key
        entity = pl.select(
            pl.when(pl.Series(key >= 0))
            .then(event_entities.gather(np.maximum(key, 0)))
            .otherwise(person_code_series("entity_id", np.maximum(-1 - key, 0)))
            .alias("entity_id")
        ).to_series()
        truth = pl.DataFrame([entity, error_strings(source.errors)]).select(pl.all().gather(order))
        truth_parts.append(
            pl.concat([frame.select("source", "record_id"), truth], how="horizontal")
        )
    return frames, pl.concat(truth_parts)
