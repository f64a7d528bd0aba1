"""Tests for hedui.reconcile.missing."""

from __future__ import annotations

from hedui.reconcile.findings import read_linked_records
from hedui.reconcile.missing import EXPECTED_SOURCES, find_missing, missing_kind

from .conftest import WriteLinkDir

V = "110101001001"


def test_find_missing_birth_absent_from_police(write_link_dir: WriteLinkDir) -> None:
    """A birth in the ledger, township and hospital but not the police register.

    Sources present in the run: village_ledger, township_db, health_births, police_hukou
    (the police file holds only an unrelated resident). Birth cluster C1 has three of the
    four expected sources → exactly one finding, birth_missing_in_police_hukou, naming the
    three records. The resident cluster C2 has no expected set → nothing.
    """
    link_dir = write_link_dir(
        [
            ("village_ledger", "V1", "C1", "birth", None, None, "2025-03-01", "2", V),
            ("township_db", "T1", "C1", "birth", None, None, "2025-03-01", "2", V),
            ("health_births", "H1", "C1", "birth", None, None, "2025-03-01", "2", V),
            ("police_hukou", "P9", "C2", "resident", None, "赵六", "1970-01-01", "1", V),
        ],
        [],
    )
    findings = find_missing(read_linked_records(link_dir))
    assert [f.kind for f in findings] == ["birth_missing_in_police_hukou"]
    (finding,) = findings
    assert finding.records == (
        ("health_births", "H1"),
        ("township_db", "T1"),
        ("village_ledger", "V1"),
    )
    assert finding.village_code == V
    assert "公安户籍" in finding.explanation_zh
    assert "police_hukou" in finding.explanation_en


def test_find_missing_death_in_ledger_only(write_link_dir: WriteLinkDir) -> None:
    """A death only in the ledger, with township_db and police_hukou in the run.

    Expected for death: ledger, township, police → two findings (township, then police).
    health_births is not expected for a death, civil_marriages is absent from the run.
    """
    link_dir = write_link_dir(
        [
            ("village_ledger", "V2", "C1", "death", None, "钱七", "1930-05-05", "1", V),
            ("township_db", "T5", "C2", "resident", None, "孙八", "1980-01-01", "1", V),
            ("police_hukou", "P5", "C2", "resident", None, "孙八", "1980-01-01", "1", V),
        ],
        [],
    )
    kinds = [f.kind for f in find_missing(read_linked_records(link_dir))]
    assert kinds == ["death_missing_in_township_db", "death_missing_in_police_hukou"]


def test_find_missing_ignores_sources_not_in_run(write_link_dir: WriteLinkDir) -> None:
    """A marriage in ledger and township, civil_marriages not linked at all → no finding."""
    link_dir = write_link_dir(
        [
            ("village_ledger", "V3", "C1", "marriage", None, "周九", "1995-01-01", "1", V),
            ("township_db", "T3", "C1", "marriage", None, "周九", "1995-01-01", "1", V),
        ],
        [],
    )
    assert find_missing(read_linked_records(link_dir)) == []


def test_find_missing_checks_each_half_of_a_move_within_the_county(
    write_link_dir: WriteLinkDir,
) -> None:
    """One cluster holds 甲's move-out of A (ledger, township, police) and move-in to B (ledger
    only). It is one move, but B's township database and police have not booked their half:
    move_in_missing_in_township_db and move_in_missing_in_police_hukou, naming the move-in's
    record only; the complete move-out half gives nothing.
    """
    b = "110101001002"
    out = ("C1", "move_out", None, "甲", "1990-03-07", "1", V, "2025-03-01")
    link_dir = write_link_dir(
        [
            ("village_ledger", "O1", *out),
            ("township_db", "O2", *out),
            ("police_hukou", "O3", *out),
            (
                "village_ledger",
                "I1",
                "C1",
                "move_in",
                None,
                "甲",
                "1990-03-07",
                "1",
                b,
                "2025-03-09",
            ),
        ],
        [],
    )
    findings = find_missing(read_linked_records(link_dir))
    assert [(f.kind, f.records, f.village_code, f.event_date) for f in findings] == [
        ("move_in_missing_in_township_db", (("village_ledger", "I1"),), b, "2025-03-09"),
        ("move_in_missing_in_police_hukou", (("village_ledger", "I1"),), b, "2025-03-09"),
    ]


def test_expected_sources_table_kinds_fit_case_column() -> None:
    """Every kind built from the table fits cases.kind (64 characters)."""
    kinds = [missing_kind(e, s) for e, sources in EXPECTED_SOURCES.items() for s in sources]
    assert max(len(k) for k in kinds) <= 64
    assert EXPECTED_SOURCES["birth"] == (
        "village_ledger",
        "township_db",
        "health_births",
        "police_hukou",
    )
