"""Accuracy on data hedui did not write, beside its own synthetic county, in one run.

Two generators make a county with a known truth:

- ``hedui synth`` (:mod:`hedui.synth`), written beside the linker by the same hands;
- :mod:`bench.independent`, written from a brief of how real Chinese registries differ by
  someone who had not read :mod:`hedui.linkage`, :mod:`hedui.reconcile` or
  :mod:`hedui.synth` (see ``bench/independent/README.md``).

Part 1 links counties of each generator with ``hedui link``'s defaults (the independent
county's three canonical files ``village_ledger``, ``health_births``, ``police_hukou``; the
synthetic county's five sources) and prints pairwise precision, recall and F1 over all
records — a move inside the county counted as one event, as a county counts it (both truths
give its two halves one entity) — and for births and moves, plus how many records that had a
name, an ID or a mother were not linked at all.

Part 2 estimates the county's births of the year (capture–recapture over the linked
clusters, :func:`hedui.stats.link_estimates.estimate_from_link_dir`) in ``--counties``
independent counties of different seeds and prints each estimate beside the true number of
births (``truth_events.csv``, recorded or not): how many intervals cover the truth, and the
median absolute error of the point estimates. No threshold is tuned on any seed printed here.

Run: ``.venv/bin/python bench/bench_independent.py`` (defaults: part 1 at 40,000 and
100,000 people, part 2 over 20 counties of 40,000; about 15 minutes on the 2-core machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.independent.generate import generate

from hedui.linkage.evaluate import Evaluation, evaluate_frames
from hedui.linkage.pipeline import link_files
from hedui.period import parse_period
from hedui.stats.link_estimates import estimate_from_link_dir
from hedui.stats.small_numbers import NotEstimable
from hedui.synth import SOURCE_NAMES, synthesize

INDEPENDENT_SOURCES = ("village_ledger", "health_births", "police_hukou")
YEAR = 2025
IDENTITY_COLUMNS = ("name", "id_number", "mother_name", "mother_id_number")


@dataclass(frozen=True)
class County:
    """A generated county: its source files and its truth."""

    generator: str
    directory: Path
    sources: tuple[Path, ...]

    @property
    def truth(self) -> pl.DataFrame:
        """``source,record_id,entity_id`` (and ``event`` where the generator writes it)."""
        return pl.read_csv(self.directory / "truth.csv", infer_schema=False)

    def true_births(self) -> int:
        """Births that happened in the year, recorded or not."""
        events = pl.read_csv(self.directory / "truth_events.csv", infer_schema=False)
        births = events.filter(
            (pl.col("event") == "birth") & pl.col("event_date").str.starts_with(str(YEAR))
        )
        return births.height


def make_county(generator: str, people: int, seed: int, out: Path) -> County:
    """Generate one county with ``generator`` (``"hedui synth"`` or ``"independent"``)."""
    if generator == "independent":
        generate(people, seed, YEAR, out)
        names: tuple[str, ...] = INDEPENDENT_SOURCES
    else:
        synthesize(people, seed, out, year=YEAR)
        names = tuple(SOURCE_NAMES)
    return County(generator, out, tuple(out / f"{name}.csv" for name in names))


def unlinked_with_identity(county: County, clusters: pl.DataFrame) -> int:
    """Rows with a name, an ID or a mother that are missing from ``clusters.csv``."""
    linked = clusters.select("source", "record_id")
    missing = 0
    for path in county.sources:
        rows = pl.read_csv(path, infer_schema=False)
        identity = [
            c for c in ("name", "id_number", "mother_name", "mother_id_number") if c in rows
        ]
        has_identity = pl.any_horizontal(
            pl.col(c).str.strip_chars().str.len_chars() > 0 for c in identity
        )
        dropped = rows.filter(has_identity.fill_null(False)).join(
            linked, on=["source", "record_id"], how="anti"
        )
        missing += dropped.height
    return missing


def link_and_evaluate(county: County, work: Path) -> tuple[Evaluation, int, float, Path]:
    """Link with the defaults; returns the evaluation, unlinked rows, seconds, link dir."""
    start = time.perf_counter()
    result = link_files(list(county.sources), work)
    seconds = time.perf_counter() - start
    clusters = pl.read_csv(result.clusters_path, infer_schema=False)
    evaluation = evaluate_frames(clusters, county.truth)
    return evaluation, unlinked_with_identity(county, clusters), seconds, work


def _figure(evaluation: Evaluation, event: str) -> str:
    counts = evaluation.by_event.get(event)
    if counts is None:
        return "      —"
    return f"{counts.f1:7.4f}"


def part_accuracy(sizes: list[int], seed: int, work: Path) -> None:
    """Part 1: pairwise figures on both generators, side by side."""
    print("Part 1 — pairwise accuracy, `hedui link` defaults (a move inside the county: one event)")
    print(
        f"{'generator':12s} {'people':>8s} {'records':>8s} {'precision':>9s} {'recall':>7s} "
        f"{'F1':>7s} {'births':>7s} {'moves':>7s} {'unlinked*':>9s} {'seconds':>7s}"
    )
    for people in sizes:
        for generator in ("hedui synth", "independent"):
            folder = work / f"{generator.replace(' ', '-')}-{people}"
            county = make_county(generator, people, seed, folder / "county")
            evaluation, unlinked, seconds, _ = link_and_evaluate(county, folder / "linked")
            pairs = evaluation.pairwise
            print(
                f"{generator:12s} {people:8,d} {evaluation.records:8,d} {pairs.precision:9.4f} "
                f"{pairs.recall:7.4f} {pairs.f1:7.4f} {_figure(evaluation, 'birth')} "
                f"{_figure(evaluation, 'move')} {unlinked:9,d} {seconds:7.1f}"
            )
    print("* records with a name, an ID or a mother that were not linked (quarantined)")


def part_births(people: int, counties: int, first_seed: int, work: Path) -> None:
    """Part 2: the county birth estimate against the truth in many independent counties."""
    period = parse_period(str(YEAR))
    print()
    print(
        f"Part 2 — births of {YEAR} estimated in {counties} independent counties of "
        f"{people:,} people (seeds {first_seed}–{first_seed + counties - 1})"
    )
    print(f"{'seed':>5s} {'true':>6s} {'seen':>6s} {'estimate':>9s} {'95% interval':>16s} covers")
    covered, errors = 0, []
    for seed in range(first_seed, first_seed + counties):
        folder = work / f"births-{seed}"
        county = make_county("independent", people, seed, folder / "county")
        link_files(list(county.sources), folder / "linked")
        estimates = estimate_from_link_dir(
            folder / "linked", by="county", event="birth", period=period
        )
        truth = county.true_births()
        # The county's own code; births whose records carry no village at all are an area
        # of their own ("") and are too few to matter here.
        main = max(estimates, key=lambda e: e.histories.n_observed) if estimates else None
        result = main.result if main else None
        seen = main.histories.n_observed if main else 0
        interval = main.interval_with_linkage if main else None
        if result is None or isinstance(result, NotEstimable) or interval is None:
            print(f"{seed:5d} {truth:6d} {seen:6d} {'not estimable':>26s}")
            continue
        # The interval as hedui reports it: widened to hold the estimate with the pairs the
        # linkage left for a person to check merged (hedui.stats.linkage_ambiguity).
        lower, upper = interval.lower, interval.upper
        inside = lower <= truth <= upper
        covered += inside
        errors.append(abs(result.n_hat - truth) / truth)
        print(
            f"{seed:5d} {truth:6d} {seen:6d} {result.n_hat:9.1f} "
            f"[{lower:6.0f}, {upper:6.0f}] {'yes' if inside else 'NO'}"
        )
    median = statistics.median(errors) if errors else float("nan")
    print(
        f"intervals covering the truth: {covered} of {counties}; "
        f"median absolute error of the estimate: {median:.1%}"
    )


def main() -> None:
    """Parse the options and run both parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="40000,100000", help="people per county, part 1")
    parser.add_argument("--seed", type=int, default=7, help="seed of part 1's counties")
    parser.add_argument("--people", type=int, default=40000, help="people per county, part 2")
    parser.add_argument("--counties", type=int, default=20, help="counties in part 2")
    parser.add_argument("--first-seed", type=int, default=1001, help="first seed of part 2")
    parser.add_argument("--skip-births", action="store_true", help="run part 1 only")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        part_accuracy([int(size) for size in options.sizes.split(",")], options.seed, work)
        if not options.skip_births:
            part_births(options.people, options.counties, options.first_seed, work)


if __name__ == "__main__":
    main()
