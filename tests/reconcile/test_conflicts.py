"""Tests for hedui.reconcile.conflicts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hedui.reconcile.conflicts import find_conflicts, majority_value
from hedui.reconcile.findings import read_linked_records

from .conftest import WriteLinkDir

V = "110101001001"
ID_A = "11010119900307001X"
ID_B = "110101199003070029"


def test_find_conflicts_birth_date_with_majority(write_link_dir: WriteLinkDir) -> None:
    """Ledger, township and police say 1990-03-07, the hospital says 1990-07-03.

    Birth date differs → one birth_date_conflict; 3 sources against 1 → majority 1990-03-07.
    Names: 王芳 everywhere except None at the hospital (missing never conflicts) → no name
    conflict. Sex 2 everywhere → none. ID: only two records have one, the same → none.
    """
    link_dir = write_link_dir(
        [
            ("village_ledger", "V1", "C1", "resident", ID_A, "王芳", "1990-03-07", "2", V),
            ("township_db", "T1", "C1", "resident", ID_A, "王芳", "1990-03-07", "2", V),
            ("police_hukou", "P1", "C1", "resident", None, "王芳", "1990-03-07", "2", V),
            ("health_births", "H1", "C1", "resident", None, None, "1990-07-03", "2", V),
        ],
        [],
    )
    findings = find_conflicts(read_linked_records(link_dir))
    assert [f.kind for f in findings] == ["birth_date_conflict"]
    (finding,) = findings
    assert finding.field == "birth_date"
    assert finding.values_by_source["health_births"] == "1990-07-03"
    assert finding.values_by_source["police_hukou"] == "1990-03-07"
    assert "多数来源记为“1990-03-07”" in finding.explanation_zh
    assert "Most sources hold 1990-03-07" in finding.explanation_en


def test_find_conflicts_sex_and_id_tie(write_link_dir: WriteLinkDir) -> None:
    """Two records, sex 1 vs 2 and two different IDs: two conflicts, each a 1–1 tie.

    A tie has no majority, and the explanation says so rather than guessing.
    """
    link_dir = write_link_dir(
        [
            ("village_ledger", "V1", "C7", "resident", ID_A, "李明", "1990-03-07", "1", V),
            ("police_hukou", "P1", "C7", "resident", ID_B, "李明", "1990-03-07", "2", V),
        ],
        [],
    )
    findings = find_conflicts(read_linked_records(link_dir))
    assert [f.kind for f in findings] == ["sex_conflict", "id_number_conflict"]
    assert all("无法判断" in f.explanation_zh for f in findings)
    assert findings[1].values == (("police_hukou", ID_B), ("village_ledger", ID_A))


def test_find_conflicts_singletons_never_conflict(write_link_dir: WriteLinkDir) -> None:
    """Two different people in two clusters: different values, but no conflict."""
    link_dir = write_link_dir(
        [
            ("village_ledger", "V1", "C1", "resident", ID_A, "李明", "1990-03-07", "1", V),
            ("police_hukou", "P1", "C2", "resident", ID_B, "王芳", "1991-01-01", "2", V),
        ],
        [],
    )
    assert find_conflicts(read_linked_records(link_dir)) == []


@given(st.dictionaries(st.sampled_from("abcde"), st.sets(st.sampled_from("xyz"), min_size=1)))
def test_majority_value_strictly_most_sources(held: dict[str, set[str]]) -> None:
    """The majority is held by more sources than any other value; None only on a tie."""
    counts = {v: sum(v in values for values in held.values()) for v in "xyz"}
    top = max(counts.values())
    leaders = [v for v, c in counts.items() if c == top and c > 0]
    result = majority_value(held)
    assert result == (leaders[0] if len(leaders) == 1 else None)


def test_renamed_newborn_needs_one_surname_and_no_shared_syllable() -> None:
    """朱诗萱 → 朱若汐 shares no syllable: renamed. 王明/王鸣 (a homophone), 曾宇轩/曾锦轩
    (xuan kept), 李泽宇/倪泽宇 (another surname) and one name alone are mistakes or nothing."""
    from hedui.reconcile.conflicts import renamed_newborn

    assert renamed_newborn({"朱诗萱", "朱若汐"})
    assert renamed_newborn({"韩俊辰", "韩铭霖", "韩一"})
    assert not renamed_newborn({"王明", "王鸣"})
    assert not renamed_newborn({"曾宇轩", "曾锦轩"})
    assert not renamed_newborn({"李泽宇", "倪泽宇"})
    assert not renamed_newborn({"朱诗萱"})
    assert not renamed_newborn({"朱诗萱", "男婴"})


def test_find_conflicts_skips_a_renamed_newborn_not_a_mistyped_one(
    write_link_dir: WriteLinkDir,
) -> None:
    """C1: the hospital named the child 朱诗萱, police and ledger 朱若汐 → renamed, no name
    conflict. C2: 王明 / 王鸣 at birth → a homophone typed, a name conflict. C3: 朱诗萱 /
    朱若汐 as residents (not a birth) → a name conflict."""
    link_dir = write_link_dir(
        [
            ("health_births", "H1", "C1", "birth", None, "朱诗萱", "2025-01-23", "2", V),
            ("police_hukou", "P1", "C1", "birth", None, "朱若汐", "2025-01-23", "2", V),
            ("village_ledger", "V1", "C1", "birth", None, "朱若汐", "2025-01-23", "2", V),
            ("health_births", "H2", "C2", "birth", None, "王明", "2025-02-01", "1", V),
            ("police_hukou", "P2", "C2", "birth", None, "王鸣", "2025-02-01", "1", V),
            ("township_db", "T3", "C3", "resident", None, "朱诗萱", "1990-01-23", "2", V),
            ("police_hukou", "P3", "C3", "resident", None, "朱若汐", "1990-01-23", "2", V),
        ],
        [],
    )
    findings = find_conflicts(read_linked_records(link_dir))
    assert [(f.kind, f.records[0][1]) for f in findings] == [
        ("name_conflict", "H2"),
        ("name_conflict", "P3"),
    ]
