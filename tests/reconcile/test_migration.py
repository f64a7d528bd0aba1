"""Tests for hedui.reconcile.migration: moves within the county with one half missing."""

from __future__ import annotations

from datetime import date

from hedui.reconcile import MIGRATION_KINDS, ReconcileOptions, find_all
from hedui.reconcile.findings import read_linked_records
from hedui.reconcile.migration import move_halves

from .conftest import Row, WriteLinkDir

A = "110101001001"
B = "110101001002"
MAN = "110101199003071233"
KINDS = set(MIGRATION_KINDS.values())
OPTIONS = ReconcileOptions(reference_date=date(2025, 12, 31))

ROWS: list[Row] = [
    # 甲 moves A → B; linkage put both halves in one cluster: one move within the county.
    ("village_ledger", "O1", "C01", "move_out", MAN, "甲", "1990-03-07", "1", A, "2025-03-01"),
    ("village_ledger", "I1", "C01", "move_in", MAN, "甲", "1990-03-07", "1", B, "2025-03-05"),
    # 乙 leaves A, no move-in anywhere, but B's resident list holds 乙 → move-in missing.
    ("village_ledger", "O2", "C03", "move_out", None, "乙", "1980-01-01", "2", A, "2025-04-01"),
    ("township_db", "R2", "C04", "resident", None, "乙", "1980-01-01", "2", B, "2025-12-31"),
    # 丙 leaves A and appears nowhere else: left the county, normal.
    ("village_ledger", "O3", "C05", "move_out", None, "丙", "2000-01-01", "1", A, "2025-04-02"),
    # 丁 arrives in B and appears nowhere else: came from another county, normal.
    ("village_ledger", "I4", "C06", "move_in", None, "丁", "1985-05-05", "2", B, "2025-05-01"),
    # 戊 arrives in B while A's list still holds 戊 → the move-out from A is missing.
    ("village_ledger", "I5", "C07", "move_in", None, "戊", "1975-07-07", "1", B, "2025-06-01"),
    ("police_hukou", "R5", "C08", "resident", None, "戊", "1975-07-07", "1", A, "2025-12-31"),
    # 己: out of A on 1 January, into B on 15 March, in two clusters (linkage did not pair
    # them), listed in B.
    ("village_ledger", "O6", "C09", "move_out", None, "己", "1970-01-01", "1", A, "2025-01-01"),
    ("village_ledger", "I6", "C10", "move_in", None, "己", "1970-01-01", "1", B, "2025-03-15"),
    ("township_db", "R6", "C11", "resident", None, "己", "1970-01-01", "1", B, "2025-12-31"),
]


def test_migration_flags_only_moves_within_the_county(write_link_dir: WriteLinkDir) -> None:
    """O2 (seen in B), I5 (still listed in A) and O6 (its move-in in another cluster, seen in B).

    The cluster C01 holds both halves of 甲's move: one move, no finding, although O1 and I1
    are one-sided by themselves. I6 is one-sided too, but only B — its own village — lists
    己, and a move record (O6) is no evidence. O3 and I4 cross the county border: nothing.
    """
    found = [f for f in find_all(write_link_dir(ROWS, []), options=OPTIONS) if f.kind in KINDS]
    assert [(f.kind, f.records, f.values_by_source["seen_in_village"]) for f in found] == [
        ("move_out_without_move_in", (("village_ledger", "O2"),), B),
        ("move_in_without_move_out", (("village_ledger", "I5"),), A),
        ("move_out_without_move_in", (("village_ledger", "O6"),), B),
    ]
    assert found[0].values_by_source["seen_in_records"] == "township_db:R2"
    assert found[1].village_code == B and found[1].event_date == "2025-06-01"
    assert "漏登迁出" in found[1].explanation_zh and "move-out" in found[1].explanation_en
    # The explanation names both readings: a move across the border would be normal.
    assert "another county" in found[0].explanation_en and "外县" in found[0].explanation_zh


def test_migration_a_split_move_in_one_cluster_is_one_move(write_link_dir: WriteLinkDir) -> None:
    """乙's move-out (A) and move-in (B) in one cluster, B's list holding 乙: no finding.

    Before issue #11 the clusters did not hold both halves and reconciliation paired them
    itself within 30 days; the halves here are 80 days apart, which linkage's window allows:
    the cluster decides.
    """
    rows: list[Row] = [
        ("village_ledger", "O2", "C03", "move_out", None, "乙", "1980-01-01", "2", A, "2025-04-01"),
        ("village_ledger", "I2", "C03", "move_in", None, "乙", "1980-01-01", "2", B, "2025-06-20"),
        ("township_db", "R2", "C04", "resident", None, "乙", "1980-01-01", "2", B, "2025-12-31"),
    ]
    found = find_all(write_link_dir(rows, []), options=OPTIONS)
    assert not [f for f in found if f.kind in KINDS]


def test_move_halves_tell_moves_within_from_moves_across_the_border(
    write_link_dir: WriteLinkDir,
) -> None:
    records = read_linked_records(write_link_dir(ROWS, []))
    halves = move_halves(records).join(
        records.select("cluster", "cluster_id").unique(), on="cluster"
    )
    by_id = {r["cluster_id"]: (r["move_out"], r["move_in"]) for r in halves.iter_rows(named=True)}
    # C01 within the county; C03, C05, C09 out only; C06, C07, C10 in only; residents absent.
    assert by_id == {
        "C01": (True, True),
        "C03": (True, False),
        "C05": (True, False),
        "C09": (True, False),
        "C06": (False, True),
        "C07": (False, True),
        "C10": (False, True),
    }


def test_migration_namesakes_with_different_ids_are_two_people(
    write_link_dir: WriteLinkDir,
) -> None:
    """甲 (ID …1233) leaves A; another 甲 born the same day (ID …125X) lives in B.

    Name and birth date agree but both valid IDs differ: two people, so B's list is no
    evidence that the first 甲 stayed in the county → no finding. Without the second ID it
    would be one (the record without an ID could be either).
    """
    namesake = "11010119900307125X"
    rows: list[Row] = [
        ("village_ledger", "O1", "C1", "move_out", MAN, "甲", "1990-03-07", "1", A, "2025-03-01"),
        ("township_db", "R1", "C2", "resident", namesake, "甲", "1990-03-07", "1", B),
    ]
    found = find_all(write_link_dir(rows, []), options=OPTIONS)
    assert not [f for f in found if f.kind in KINDS]
    no_id = [*rows[:1], ("township_db", "R1", "C2", "resident", None, "甲", "1990-03-07", "1", B)]
    found = find_all(write_link_dir(no_id, []), options=OPTIONS)
    assert [f.kind for f in found if f.kind in KINDS] == ["move_out_without_move_in"]


def test_migration_without_any_move_gives_nothing(write_link_dir: WriteLinkDir) -> None:
    rows: list[Row] = [("township_db", "R1", "C2", "resident", None, "甲", "1990-03-07", "1", B)]
    found = find_all(write_link_dir(rows, []), options=OPTIONS)
    assert not [f for f in found if f.kind in KINDS]
