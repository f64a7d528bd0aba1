"""Tests for hedui.reconcile.case_quality and case_truth: cases measured against the truth."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from hedui.linkage import link_files
from hedui.period import Period
from hedui.reconcile import find_all
from hedui.reconcile.case_quality import KindQuality, measure_cases
from hedui.reconcile.case_truth import TRUTH_COLUMNS, read_synth_truth
from hedui.reconcile.findings import Finding
from hedui.synth import SOURCE_NAMES, synthesize

from .conftest import WriteLinkDir

V = "110101001001"
BIRTH = "2025-02-02"


def _truth(rows: list[tuple[str, str, str, str, bool]]) -> pl.DataFrame:
    """(source, record_id, entity, true_date, wrong_sex) → a record truth table."""
    return pl.DataFrame(
        [(s, r, e, d, False, False, False, wrong, False) for s, r, e, d, wrong in rows],
        schema={
            c: pl.Boolean if c.startswith("wrong") or c == "within_county" else pl.Utf8
            for c in TRUTH_COLUMNS
        },
        orient="row",
    )


def test_measure_cases_split_cluster_and_wrong_link(write_link_dir: WriteLinkDir) -> None:
    """A birth split by linkage, a flipped sex and two people linked as one.

    Truth: E1's birth is in the ledger (V1), the hospital (H1) and the police (P1), never in
    the township; linkage put P1 apart (C2). E3's police entry P3 has a flipped sex. T4 and
    P4 are two people (E4, E5) that linkage took for one (C4).

    C1 (V1, H1): missing in township → real; missing in police → not (P1 holds E1).
    C2 (P1): missing in ledger, hospital → not; missing in township → real (same problem).
    C3: sex conflict → real (P3 is wrong). C4: sex conflict → not (nobody's sex is wrong).
    """
    link_dir = write_link_dir(
        [
            ("village_ledger", "V1", "C1", "birth", None, "冯一", BIRTH, "1", V),
            ("health_births", "H1", "C1", "birth", None, "冯一", BIRTH, "1", V),
            ("police_hukou", "P1", "C2", "birth", None, "冯一", BIRTH, "1", V),
            ("township_db", "T3", "C3", "resident", None, "冯三", "1970-01-01", "1", V),
            ("police_hukou", "P3", "C3", "resident", None, "冯三", "1970-01-01", "2", V),
            ("township_db", "T4", "C4", "resident", None, "王五", "1980-01-01", "1", V),
            ("police_hukou", "P4", "C4", "resident", None, "王五", "1980-01-01", "2", V),
        ],
        [],
    )
    truth = _truth(
        [
            ("village_ledger", "V1", "E1", BIRTH, False),
            ("health_births", "H1", "E1", BIRTH, False),
            ("police_hukou", "P1", "E1", BIRTH, False),
            ("township_db", "T3", "E3", "2025-12-31", False),
            ("police_hukou", "P3", "E3", "2025-12-31", True),
            ("township_db", "T4", "E4", "2025-12-31", False),
            ("police_hukou", "P4", "E5", "2025-12-31", False),
        ]
    )
    quality = {q.kind: q for q in measure_cases(link_dir, find_all(link_dir), truth)}
    township = quality["birth_missing_in_township_db"]
    assert (township.cases, township.real, township.problems, township.found) == (2, 2, 1, 1)
    police = quality["birth_missing_in_police_hukou"]
    assert (police.cases, police.real, police.precision, police.recall) == (1, 0, 0.0, None)
    assert quality["birth_missing_in_village_ledger"].real == 0
    assert quality["birth_missing_in_health_births"].real == 0
    sex = quality["sex_conflict"]
    assert (sex.cases, sex.real, sex.problems, sex.found) == (2, 1, 1, 1)
    assert (sex.precision, sex.recall) == (0.5, 1.0)
    assert quality["name_conflict"] == KindQuality("name_conflict", 0, 0, 0, 0)


def test_kind_quality_without_cases_or_problems() -> None:
    """No cases: no precision; problems not measured: no recall."""
    quality = KindQuality("future_date", cases=0, real=0, problems=None, found=0)
    assert quality.precision is None
    assert quality.recall is None


@pytest.fixture(scope="module")
def small_county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A linked synthetic county of 3,000 people (seed 2): (county dir, link dir)."""
    tmp = tmp_path_factory.mktemp("cases")
    county = tmp / "county"
    synthesize(people=3_000, seed=2, out_dir=county, year=2025)
    link_files([county / f"{s}.csv" for s in SOURCE_NAMES], tmp / "linked")
    return county, tmp / "linked"


def test_read_synth_truth_one_row_per_record(small_county: tuple[Path, Path]) -> None:
    """Every record of the truth once; wrong values only where an error changed a value."""
    county, _ = small_county
    truth = read_synth_truth(county)
    written = pl.read_csv(county / "truth.csv", infer_schema=False)
    assert truth.columns == list(TRUTH_COLUMNS)
    assert truth.height == written.height
    kinds = pl.col("errors").fill_null("").str.split(";")
    homophones = written.filter(kinds.list.contains("name_homophone"))  # not the mother's
    flagged = truth.filter("wrong_name")
    assert flagged.height == homophones.height > 0
    # Every event is dated; a resident entry of someone no longer resident (dead, moved away,
    # still listed) has no true resident date.
    events = truth.filter(pl.col("entity").str.contains(":"))
    assert events.filter(pl.col("true_date").is_null()).height == 0
    moves = truth.filter(pl.col("entity").str.contains(":move:"))
    assert moves.get_column("within_county").all()


@pytest.mark.slow
def test_measure_cases_on_a_synthetic_county(small_county: tuple[Path, Path]) -> None:
    """synth → link → reconcile: each case is measured once, and the cases are good.

    Seed 2, 3,000 people gave about 700 cases when this was written, nearly all real (the
    generator's own errors, linked near perfectly); we ask for 90% precision and recall over
    all kinds, and for every real missing birth to get its case.
    """
    county, linked = small_county
    findings = find_all(linked, period=Period(2025, 12))
    quality = measure_cases(linked, findings, read_synth_truth(county))
    assert sum(q.cases for q in quality) == len(findings)
    real = sum(q.real for q in quality)
    assert real >= 0.9 * len(findings)
    measured = [q for q in quality if q.problems is not None]
    assert sum(q.found for q in measured) >= 0.9 * sum(q.problems or 0 for q in measured)
    births = [q for q in quality if q.kind.startswith("birth_missing_in_") and q.problems]
    assert births
    assert all(q.recall == 1.0 for q in births)
    for q in quality:
        assert 0 <= q.real <= q.cases
        assert q.problems is None or 0 <= q.found <= q.problems


def _row(record: str, key: str, *, within: bool = False, **wrong: bool) -> dict[str, object]:
    row: dict[str, object] = {"source": "village_ledger", "record_id": record, "key": key}
    row["within_county"] = within
    row["truly_late"] = False
    for field in ("name", "id_number", "sex", "birth_date"):
        row[f"wrong_{field}"] = wrong.get(field, False)
    return row


def test_problem_of_moves_and_record_kinds() -> None:
    """A move-out within the county is real unless a source holds its move-in half; one
    across the border never is. A partial birth date is true of the record as written; any
    other invalid value is real when one of the record's compared fields is wrong."""
    from hedui.reconcile.case_quality import _problem_of
    from hedui.reconcile.findings import make_finding

    def finding(kind: str) -> Finding:
        return make_finding(kind, "move_out", V, [("village_ledger", "L1")], ("核对", "check"))

    move = finding("move_out_without_move_in")
    inside = [_row("L1", "E1|move_out", within=True)]
    assert _problem_of(move, inside, {("village_ledger", "E1|move_out")}) == "E1|move_out"
    held = {("village_ledger", "E1|move_out"), ("township_db", "E1|move_in")}
    assert _problem_of(move, inside, held) is None
    assert _problem_of(move, [_row("L1", "E1|move_out")], set()) is None
    partial = finding("partial_birth_date")
    assert _problem_of(partial, [_row("L1", "E1|death")], set()) == ("village_ledger", "L1")
    spouse = finding("spouse_under_legal_age")
    assert _problem_of(spouse, [_row("L1", "E1|marriage")], set()) is None
    wrong = [_row("L1", "E1|marriage", birth_date=True)]
    assert _problem_of(spouse, wrong, set()) == ("village_ledger", "L1")
