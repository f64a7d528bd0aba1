"""How many cases a county opens, and how good they are: precision and recall per kind.

Two synthetic counties of 20,000 people, each linked and reconciled as the demo does it (the
files of every source → ``link_files`` → ``find_all`` for December 2025, to date):

- hedui's own generator with the demo's seed (``hedui synth --people 20000 --seed 1``);
- the independent generator (``bench/independent``, seed 5), written without reading hedui's
  code, whose ``truth.csv`` and ``corruptions.csv`` are read here into the same record truth
  (:mod:`hedui.reconcile.case_truth`).

For each it prints the cases per kind, the share that are real problems (precision) and the
share of real problems that get a case (recall) (:mod:`hedui.reconcile.case_quality`), then
the cards a person sees once the cases of one person are grouped (:mod:`hedui.reconcile.
case_groups`). ``--link-dir DIR --county DIR`` measures an existing run instead (the demo's
``demo-data/hedui-work/runs/demo/link`` against ``demo-data``).

Usage: ``.venv/bin/python bench/bench_cases.py [--people 20000] [--markdown]``
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import polars as pl

import hedui.reconcile as reconcile
from hedui.linkage.pipeline import link_files
from hedui.period import Period
from hedui.reconcile import conflicts, find_all
from hedui.reconcile.case_groups import group_findings
from hedui.reconcile.case_quality import KindQuality, measure_cases
from hedui.reconcile.case_truth import TRUTH_COLUMNS, WRONG_FIELDS, read_synth_truth, wrong_flags
from hedui.store.cases import case_priority
from hedui.synth import SOURCE_NAMES, synthesize

PERIOD = Period(2025, 12)

INDEPENDENT_WRONG_KINDS: dict[str, str] = {
    **{
        kind: "name"
        for kind in (
            "name_homophone",
            "name_dialect",
            "name_lookalike",
            "name_rare_to_common",
            "surname_rare_reading",
            "newborn_milk_name",
            "newborn_other_parent_surname",
            "newborn_surname_dialect",
        )
    },
    **{
        kind: "id_number"
        for kind in (
            "id_digit_wrong",
            "id_digits_swapped",
            "id_truncated",
            "id_excel_scientific",
            "id_excel_zeros",
            "id_mother_in_child_field",
        )
    },
    **{f"duplicate_typo_{field}": field for field in WRONG_FIELDS},
    "sex_wrong": "sex",
    **{
        kind: "birth_date"
        for kind in (
            "birth_heaped",
            "birth_lunar",
            "newborn_birth_day_off",
            "birth_month_day_swapped",
            "birth_year_typo",
        )
    },
}
"""The independent generator's corruptions that leave a wrong value. Not wrong: cosmetic forms
hedui normalises (traditional characters, padding, 15 digits, full-width, lower-case x,
spaces, apostrophes), blanks and placeholders, partial dates (kept as partial), and
``newborn_tentative_name`` — a name the family later changed is a legitimate variant. A
duplicate typed again with a typo (``duplicate_record`` on a field) is wrong in that field."""


def read_independent_truth(county: Path) -> pl.DataFrame:
    """The independent generator's truth as a record truth table (``TRUTH_COLUMNS``)."""
    truth = pl.read_csv(county / "truth.csv", infer_schema=False)
    events = pl.read_csv(county / "truth_events.csv", infer_schema=False).select(
        "entity_id", pl.col("event_date").alias("true_date")
    )
    # A duplicate typed again "with one typo" lists the typo as duplicate_record on its field.
    kinds = (
        pl.read_csv(county / "corruptions.csv", infer_schema=False)
        .filter(pl.col("field").is_in(WRONG_FIELDS))
        .with_columns(
            pl.when(pl.col("kind") == "duplicate_record")
            .then(pl.lit("duplicate_typo_") + pl.col("field"))
            .otherwise(pl.col("kind"))
            .alias("kind")
        )
        .group_by("source", "record_id")
        .agg(pl.col("kind").alias("kinds"))
    )
    return (
        truth.join(events, on="entity_id", how="left")
        .join(kinds, on=["source", "record_id"], how="left")
        .select(
            "source",
            "record_id",
            pl.col("entity_id").alias("entity"),
            "true_date",
            (pl.col("event") == "move").alias("within_county"),
            *wrong_flags(pl.col("kinds"), INDEPENDENT_WRONG_KINDS),
        )
        .select(TRUTH_COLUMNS)
    )


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}" if value < 1 else "100%"


@contextlib.contextmanager
def _rules_off() -> Iterator[None]:
    """Reconciliation as before issue #14 part 4: no renamed-newborn rule for name conflicts,
    nameless newborns left in their own clusters."""
    with (
        mock.patch.object(conflicts, "renamed_newborn", lambda names: False),
        mock.patch.object(reconcile, "attach_nameless_newborns", lambda link, records: records),
    ):
        yield


def print_table(
    title: str, before: list[KindQuality], after: list[KindQuality], markdown: bool
) -> None:
    old = {q.kind: q for q in before}
    new = {q.kind: q for q in after}
    kinds = sorted(old.keys() | new.keys(), key=lambda k: (case_priority(k), k))
    empty = KindQuality("", 0, 0, None, 0)
    print(f"\n{title}")
    header = (
        "kind",
        "priority",
        "cases before",
        "cases after",
        "precision before",
        "precision after",
        "real problems",
        "recall before",
        "recall after",
    )
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|---|" + "---:|" * (len(header) - 1))
    rows = []
    for kind in kinds:
        b, a = old.get(kind, empty), new.get(kind, empty)
        problems = a.problems if a.problems is not None else b.problems
        rows.append(
            (
                kind,
                str(case_priority(kind)),
                f"{b.cases:,}",
                f"{a.cases:,}",
                _share(b.precision),
                _share(a.precision),
                "—" if problems is None else f"{problems:,}",
                _share(b.recall),
                _share(a.recall),
            )
        )
    for label, group in (("before", before), ("after", after)):
        cases = sum(q.cases for q in group)
        real = sum(q.real for q in group)
        total = sum(q.problems or 0 for q in group)
        found = sum(q.found for q in group if q.problems is not None)
        print(
            f"  {label}: {cases:,} cases, {real:,} real "
            f"({_share(real / cases if cases else None)});"
            f" {total:,} real problems, {found:,} with a case "
            f"({_share(found / total if total else None)})"
        )
    for row in rows:
        if markdown:
            print("| " + " | ".join(row) + " |")
        else:
            print(f"  {row[0]:38} {row[1]:>2} " + " ".join(f"{c:>6}" for c in row[2:]))


def measure(title: str, link_dir: Path, truth: pl.DataFrame, markdown: bool) -> None:
    with _rules_off():
        before = measure_cases(link_dir, find_all(link_dir, period=PERIOD), truth)
    started = time.perf_counter()
    findings = find_all(link_dir, period=PERIOD)
    found_s = time.perf_counter() - started
    started = time.perf_counter()
    after = measure_cases(link_dir, findings, truth)
    measured_s = time.perf_counter() - started
    groups = group_findings(link_dir, findings)
    print_table(f"{title}: {len(findings):,} cases", before, after, markdown)
    print(
        f"  grouped by person: {len(set(groups.values())):,} cards for {len(findings):,} cases"
        f"  (find_all {found_s:.1f} s, measurement {measured_s:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--link-dir", type=Path, help="measure this hedui link output")
    parser.add_argument("--county", type=Path, help="the hedui synth folder of --link-dir")
    parser.add_argument("--markdown", action="store_true", help="tables for docs/cases.md")
    args = parser.parse_args()
    if args.link_dir is not None:
        measure(str(args.link_dir), args.link_dir, read_synth_truth(args.county), args.markdown)
        return
    with tempfile.TemporaryDirectory() as tmp:
        own = Path(tmp) / "synth"
        synthesize(args.people, 1, own, year=2025)
        link_files([own / f"{n}.csv" for n in SOURCE_NAMES], Path(tmp) / "synth-link")
        measure(
            f"hedui synth, {args.people:,} people, seed 1 (the demo's)",
            Path(tmp) / "synth-link",
            read_synth_truth(own),
            args.markdown,
        )
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from bench.independent.generate import generate

        independent = Path(tmp) / "independent"
        generate(args.people, 5, 2025, independent)
        names = ("village_ledger", "health_births", "police_hukou")
        link_files([independent / f"{n}.csv" for n in names], Path(tmp) / "independent-link")
        measure(
            f"independent generator, {args.people:,} people, seed 5",
            Path(tmp) / "independent-link",
            read_independent_truth(independent),
            args.markdown,
        )


if __name__ == "__main__":
    main()
