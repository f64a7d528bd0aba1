"""Tests for hedui.reconcile.duplicates."""

from __future__ import annotations

from hedui.linkage.link_dir import LinkDir
from hedui.reconcile.duplicates import DUPLICATE_KIND, find_duplicates
from hedui.reconcile.findings import read_linked_records

from .conftest import WriteLinkDir

V = "110101001001"


def test_find_duplicates_groups_pairs_of_one_cluster(write_link_dir: WriteLinkDir) -> None:
    """Police P1, P2, P3 are one person entered three times (pairs P1–P2, P2–P3); ledger
    L1–L2 a second person. → two findings: ledger with 2 records, police with 3.
    """
    link_dir = write_link_dir(
        [
            ("police_hukou", "P1", "C1", "resident", None, "吴一", "1980-01-01", "1", V),
            ("police_hukou", "P2", "C1", "resident", None, "吴一", "1980-01-01", "1", V),
            ("police_hukou", "P3", "C1", "resident", None, "吴一", "1980-01-01", "1", V),
            ("village_ledger", "L1", "C4", "resident", None, "郑二", "1985-01-01", "2", V),
            ("village_ledger", "L2", "C4", "resident", None, "郑二", "1985-01-01", "2", V),
        ],
        [
            ("police_hukou", "P1", "police_hukou", "P2"),
            ("police_hukou", "P2", "police_hukou", "P3"),
            ("village_ledger", "L1", "village_ledger", "L2"),
        ],
    )
    findings = find_duplicates(LinkDir.open(link_dir), read_linked_records(link_dir))
    assert [f.kind for f in findings] == [DUPLICATE_KIND, DUPLICATE_KIND]
    assert [len(f.records) for f in findings] == [3, 2]
    assert findings[0].records[0] == ("police_hukou", "P1")
    assert "公安户籍中有3条在册记录" in findings[0].explanation_zh


def test_find_duplicates_empty_file(write_link_dir: WriteLinkDir) -> None:
    """No duplicate pairs → no findings."""
    link_dir = write_link_dir(
        [("police_hukou", "P1", "C1", "resident", None, "吴一", "1980-01-01", "1", V)], []
    )
    assert find_duplicates(LinkDir.open(link_dir), read_linked_records(link_dir)) == []


def test_find_duplicates_the_two_halves_of_a_move_are_not_a_duplicate(
    write_link_dir: WriteLinkDir,
) -> None:
    """The ledger booked 甲's move-out of V (L1) and move-in to W (L2): one move, one cluster.

    Even listed as a within-source pair, they are two halves of one event, not one person
    entered twice. L3, a second entry of the same move-out, is a duplicate of L1: one finding
    with L1 and L3.
    """
    w = "110101001002"
    link_dir = write_link_dir(
        [
            (
                "village_ledger",
                "L1",
                "C1",
                "move_out",
                None,
                "甲",
                "1980-01-01",
                "1",
                V,
                "2025-03-01",
            ),
            (
                "village_ledger",
                "L2",
                "C1",
                "move_in",
                None,
                "甲",
                "1980-01-01",
                "1",
                w,
                "2025-03-04",
            ),
            (
                "village_ledger",
                "L3",
                "C1",
                "move_out",
                None,
                "甲",
                "1980-01-01",
                "1",
                V,
                "2025-03-01",
            ),
        ],
        [
            ("village_ledger", "L1", "village_ledger", "L2"),
            ("village_ledger", "L1", "village_ledger", "L3"),
        ],
    )
    findings = find_duplicates(LinkDir.open(link_dir), read_linked_records(link_dir))
    assert [(f.event, f.records, f.event_date) for f in findings] == [
        ("move_out", (("village_ledger", "L1"), ("village_ledger", "L3")), "2025-03-01")
    ]
