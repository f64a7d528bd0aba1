"""Generate one county's year of registry records and their truth.

Usage::

    python -m bench.independent.generate --people 40000 --seed 3 --year 2025 --out DIR
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
from bench.independent.config import Rates, Window
from bench.independent.corruption import corrupt
from bench.independent.duplicates import duplicate_records
from bench.independent.geography import build_county
from bench.independent.hospital import hospital_records
from bench.independent.ledger import ledger_records
from bench.independent.names import NameMaker
from bench.independent.newborns import NewbornNamer
from bench.independent.numbering import number_records
from bench.independent.output import write_events, write_notes, write_sources, write_truth
from bench.independent.police import police_records
from bench.independent.population import build_population
from bench.independent.records import render
from bench.independent.summary import summarize
from bench.independent.year import simulate_year


def generate(
    people: int, seed: int, year: int, out: Path, rates: Rates | None = None
) -> dict[str, Any]:
    """Write the county's files to ``out`` and return the summary.

    Args:
        people: Residents on 1 January.
        seed: Everything follows from it: the same seed gives the same files.
        year: The year whose events happen (records run to the end of the next January).
        out: Folder for the files (created if missing).
        rates: Yearly event rates; the defaults follow the brief in README.md.
    """
    rng = random.Random(seed)
    gen = np.random.default_rng(seed)
    window = Window(year)
    names = NameMaker(rng)
    county = build_county(people, rng, names)
    population = build_population(county, people, year, names, rng, seed)
    events = simulate_year(population, rates or Rates(), window, gen)
    namer = NewbornNamer(names, rng)
    records = hospital_records(events, county, window, rng, namer)
    records += police_records(events, county, window, rng)
    records += ledger_records(events, window, rng, namer)
    for record in records:
        render(record, rng)
    records += duplicate_records(records, rng, gen, window)
    tallies = corrupt(records, rng, gen, seed)
    number_records(records, county, window, rng)
    out.mkdir(parents=True, exist_ok=True)
    write_sources(out, records)
    write_truth(out, records)
    write_events(out, events)
    write_notes(out, records)
    summary = summarize(
        seed=seed,
        people=people,
        county=county,
        window=window,
        events=events,
        records=records,
        tallies=tallies,
    )
    (out / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=40_000, help="residents on 1 January")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--out", type=Path, required=True, help="folder for the files")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    summary = generate(args.people, args.seed, args.year, args.out)
    seconds = time.perf_counter() - started
    births = summary["births"]
    print(
        f"{summary['county']['name']} ({summary['county']['code']}): {args.people:,} people, "
        f"{sum(summary['true_events'].values()):,} true events, {births['true']} births "
        f"({births['recorded_by_none']} recorded nowhere), {summary['records_total']:,} records "
        f"→ {args.out} in {seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
