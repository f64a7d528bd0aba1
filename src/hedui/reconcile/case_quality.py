"""How good the cases are: per kind, the share that are real problems and the share of real
problems that get a case, measured on a synthetic county's truth.

A finding is a claim about records. It is **real** when the truth bears the claim out:

- ``<event>_missing_in_<source>``: the source truly holds no record of the person-event most
  of the finding's records describe;
- ``<field>_conflict``: one of the disagreeing records holds a wrong value of the field
  (:mod:`~hedui.reconcile.case_truth`), not two people linked together or a legitimate variant;
- ``duplicate_in_source``: two of its records are one person-event;
- ``invalid_id_check_digit``: the record's ID is wrong; ``id_birth_date_mismatch`` /
  ``id_sex_mismatch``: its ID, or its birth date / sex, is wrong; ``partial_birth_date`` and
  ``missing_event_date``: always (they say what the record lacks); other invalid values: any
  compared field of the record is wrong;
- ``late_registration``: the record was written down more than the limit after the *true*
  event date;
- ``move_*_without_*``: the move was within the county and no source holds its other half.

A **real problem** is what a perfect reconciliation would report, judged on the true
person-events instead of the link clusters: a person-event an expected source lacks, a
person-event whose records disagree on a field with a wrong value among them, two records of
one person-event in a source, a wrong ID (birth date, sex) beside a valid ID, a late record,
a one-sided move within the county. **Precision** is real cases over cases, **recall** real
problems that got a case of their kind over real problems. Invalid values other than the three
ID checks have no recall (their truth is not generated). A person-event is the truth's entity
with the record's own event, so the two halves of a move are two.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from hedui.event_dates import registration_date
from hedui.linkage.link_dir import LinkDir
from hedui.reconcile.conflicts import CONFLICT_FIELDS, conflict_kind
from hedui.reconcile.duplicates import DUPLICATE_KIND
from hedui.reconcile.findings import Finding, read_linked_records
from hedui.reconcile.late_registration import LATE_KIND
from hedui.reconcile.migration import MIGRATION_KINDS
from hedui.reconcile.missing import EXPECTED_SOURCES, missing_kind
from hedui.reconcile.options import ReconcileOptions
from hedui.reconcile.source_records import read_source_records

__all__ = ["KindQuality", "measure_cases"]

_PREPARED = {"name": "name_norm", "id_number": "id18", "sex": "sex", "birth_date": "birth_date"}
_ID_CHECKS = {
    "invalid_id_check_digit": ("id_number",),
    "id_birth_date_mismatch": ("id_number", "birth_date"),
    "id_sex_mismatch": ("id_number", "sex"),
}
_AS_WRITTEN = ("partial_birth_date", "missing_event_date")
"""Kinds that say what a record lacks: true of the record as written, so always real."""
_OTHER_HALF = {"move_out": "move_in", "move_in": "move_out"}
_MIGRATION = {kind: event for event, kind in MIGRATION_KINDS.items()}


@dataclass(frozen=True)
class KindQuality:
    """The measurement of one finding kind.

    Attributes:
        kind: The finding kind.
        cases: Findings of the kind.
        real: Of which real problems.
        problems: Real problems of the kind in the truth (``None``: not measured).
        found: Real problems that got a finding of the kind.
    """

    kind: str
    cases: int
    real: int
    problems: int | None
    found: int

    @property
    def precision(self) -> float | None:
        """``real / cases``; ``None`` without cases."""
        return self.real / self.cases if self.cases else None

    @property
    def recall(self) -> float | None:
        """``found / problems``; ``None`` without problems or when not measured."""
        return self.found / self.problems if self.problems else None


def measure_cases(
    link_dir: LinkDir | Path | str,
    findings: Iterable[Finding],
    truth: pl.DataFrame,
    options: ReconcileOptions | None = None,
) -> list[KindQuality]:
    """Precision and recall of ``findings`` per kind, against ``truth``.

    Args:
        link_dir: The link directory the findings came from.
        findings: As :func:`hedui.reconcile.find_all` returns them.
        truth: One row per record, columns :data:`~hedui.reconcile.case_truth.TRUTH_COLUMNS`.
        options: The limits the findings were found with (late registration).

    Returns:
        One entry per kind found or with real problems, sorted by kind.
    """
    link = LinkDir.open(link_dir)
    records = read_linked_records(link)
    facts = _facts(link, records, truth, options or ReconcileOptions())
    problems = _problems(facts)
    by_record = {
        (s, r): row
        for s, r, row in zip(
            facts.get_column("source").to_list(),
            facts.get_column("record_id").to_list(),
            facts.iter_rows(named=True),
            strict=True,
        )
    }
    held = set(
        zip(facts.get_column("source").to_list(), facts.get_column("key").to_list(), strict=True)
    )
    cases: Counter[str] = Counter()
    real: Counter[str] = Counter()
    hit: dict[str, set[Hashable]] = {}
    for finding in findings:
        cases[finding.kind] += 1
        rows = [by_record[r] for r in finding.records if r in by_record]
        problem = _problem_of(finding, rows, held) if rows else None
        if problem is not None:
            real[finding.kind] += 1
            hit.setdefault(finding.kind, set()).add(problem)
    kinds = sorted(set(cases) | set(problems))
    return [
        KindQuality(
            kind=k,
            cases=cases[k],
            real=real[k],
            problems=len(problems[k]) if k in problems else None,
            found=len(hit.get(k, set()) & problems[k]) if k in problems else 0,
        )
        for k in kinds
    ]


def _facts(
    link: LinkDir, records: pl.DataFrame, truth: pl.DataFrame, options: ReconcileOptions
) -> pl.DataFrame:
    """Every linked record with its truth, its person-event ``key`` and whether it is late."""
    written = read_source_records(link, records).select(
        "source",
        "record_id",
        "id_raw",
        "id_valid",
        "raw_sex",
        registration_date().alias("registered"),
    )
    limit = pl.col("event").replace_strict(
        list(options.late_days), list(options.late_days.values()), default=None
    )
    delay = (
        pl.col("registered").str.to_date("%Y-%m-%d", strict=False)
        - pl.col("true_date").str.to_date("%Y-%m-%d", strict=False)
    ).dt.total_days()
    return (
        records.join(truth, on=["source", "record_id"], how="inner")
        .join(written, on=["source", "record_id"], how="left")
        .with_columns(
            (pl.col("entity") + "|" + pl.col("event")).alias("key"),
            (delay > limit).fill_null(False).alias("truly_late"),
        )
    )


def _problems(facts: pl.DataFrame) -> dict[str, set[Hashable]]:
    """The real problems of each kind (see the module docstring)."""
    problems: dict[str, set[Hashable]] = {}
    present = set(facts.get_column("source").unique().to_list())
    held = facts.group_by("key", "event").agg(pl.col("source").unique())
    for key, event, sources in held.iter_rows():
        for source in EXPECTED_SOURCES.get(event, ()):
            if source in present and source not in sources:
                problems.setdefault(missing_kind(event, source), set()).add((key, source))
    for field, column in _PREPARED.items():
        valued = facts.filter(pl.col(column).is_not_null() & (pl.col(column) != ""))
        disputed = (
            valued.group_by("key")
            .agg(pl.col(column).n_unique().alias("n"), pl.col(f"wrong_{field}").any())
            .filter((pl.col("n") > 1) & pl.col(f"wrong_{field}"))
        )
        problems[conflict_kind(field)] = set(disputed.get_column("key").to_list())
    twice = facts.group_by("source", "key").len().filter(pl.col("len") > 1)
    problems[DUPLICATE_KIND] = set(twice.select("source", "key").iter_rows())
    checkable = {
        "invalid_id_check_digit": pl.col("wrong_id_number") & pl.col("id_raw").is_not_null(),
        "id_birth_date_mismatch": pl.col("wrong_birth_date") & pl.col("id_valid").fill_null(False),
        "id_sex_mismatch": pl.col("wrong_sex")
        & pl.col("id_valid").fill_null(False)
        & pl.col("raw_sex").is_in(["1", "2"]),
        LATE_KIND: pl.col("truly_late"),
    }
    for kind, condition in checkable.items():
        problems[kind] = set(facts.filter(condition).select("source", "record_id").iter_rows())
    moves = facts.filter(pl.col("event").is_in(list(_OTHER_HALF)) & pl.col("within_county"))
    halves = set(
        zip(moves.get_column("entity").to_list(), moves.get_column("event").to_list(), strict=True)
    )
    for event, kind in MIGRATION_KINDS.items():
        problems[kind] = {
            f"{entity}|{event}"
            for entity, half in halves
            if half == event and (entity, _OTHER_HALF[event]) not in halves
        }
    return problems


def _majority(rows: list[dict[str, object]]) -> str:
    """The person-event most of ``rows`` describe (ties: the smallest key)."""
    counts = Counter(str(r["key"]) for r in rows)
    return min(counts, key=lambda k: (-counts[k], k))


def _problem_of(
    finding: Finding, rows: list[dict[str, object]], held: set[tuple[str, str]]
) -> Hashable | None:
    """The real problem ``finding`` reports, or ``None`` when the truth does not bear it out."""
    kind = finding.kind
    first = (str(rows[0]["source"]), str(rows[0]["record_id"]))
    if finding.field in CONFLICT_FIELDS and kind == conflict_kind(finding.field):
        wrong = any(r[f"wrong_{finding.field}"] for r in rows)
        return _majority(rows) if wrong else None
    if kind == DUPLICATE_KIND:
        counts = Counter(str(r["key"]) for r in rows)
        twice = [k for k, n in counts.items() if n > 1]
        return (first[0], min(twice)) if twice else None
    if kind in _ID_CHECKS:
        return first if any(rows[0][f"wrong_{f}"] for f in _ID_CHECKS[kind]) else None
    if kind == LATE_KIND:
        return first if rows[0]["truly_late"] else None
    if kind in _MIGRATION:
        key = _majority(rows)
        entity = key.rsplit("|", 1)[0]
        other = f"{entity}|{_OTHER_HALF[_MIGRATION[kind]]}"
        inside = any(r["within_county"] for r in rows if r["key"] == key)
        return key if inside and other not in {k for _, k in held} else None
    for event, sources in EXPECTED_SOURCES.items():
        for source in sources:
            if kind == missing_kind(event, source):
                key = _majority(rows)
                return None if (source, key) in held else (key, source)
    if kind in _AS_WRITTEN:
        return first
    wrong = any(r[f"wrong_{f}"] for r in rows for f in _PREPARED)
    return first if wrong else None
