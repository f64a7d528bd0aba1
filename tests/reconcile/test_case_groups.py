"""Tests for hedui.reconcile.case_groups: the findings of one person share a person key."""

from __future__ import annotations

from random import Random

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from hedui.identity import resident_id
from hedui.reconcile import find_all
from hedui.reconcile.case_groups import group_findings, person_keys
from hedui.reconcile.findings import Finding, make_finding

from .conftest import WriteLinkDir

V = "110101001001"
ID = "11010119700101001" + resident_id.check_character("11010119700101001")


def test_find_all_groups_one_persons_findings(write_link_dir: WriteLinkDir) -> None:
    """冯三's resident entries (C1) and his marriage (C2) share his valid ID: one person.

    C1: township T1 sex 1, police P1 sex 2 (the ID says male) → sex_conflict and, for P1,
    id_sex_mismatch. C2: ledger marriage M1 with the
    same ID, no township or civil record → marriage_missing_in_township_db and
    marriage_missing_in_civil_marriages. C3: 李四's birth, ledger only → its own group.
    The key is the smallest record of the group: ``P:police_hukou:P1``.
    """
    link_dir = write_link_dir(
        [
            ("township_db", "T1", "C1", "resident", ID, "冯三", "1970-01-01", "1", V),
            ("police_hukou", "P1", "C1", "resident", ID, "冯三", "1970-01-01", "2", V),
            ("village_ledger", "M1", "C2", "marriage", ID, "冯三", "1970-01-01", "1", V),
            ("civil_marriages", "X9", "C9", "marriage", None, "赵九", "1990-01-01", "2", V),
            ("village_ledger", "B3", "C3", "birth", None, "李四", "2025-03-03", "1", V),
        ],
        [],
    )
    findings = find_all(link_dir)
    by_person: dict[str | None, set[str]] = {}
    for finding in findings:
        by_person.setdefault(finding.person_key, set()).add(finding.kind)
    assert by_person["P:police_hukou:P1"] == {
        "sex_conflict",
        "id_sex_mismatch",
        "marriage_missing_in_township_db",
        "marriage_missing_in_civil_marriages",
    }
    assert "birth_missing_in_township_db" in by_person["P:village_ledger:B3"]
    assert group_findings(link_dir, findings) == {f.case_key: f.person_key for f in findings}


def _finding(records: list[tuple[str, str]], kind: str = "name_conflict") -> Finding:
    return make_finding(kind, "resident", V, records, ("核对", "check"))


_RECORDS = pl.DataFrame(
    {
        "source": ["a", "a", "b", "b", "c"],
        "record_id": ["1", "2", "3", "4", "5"],
        "cluster_id": ["C1", "C1", "C2", "C3", "C4"],
        "id18": [None, None, None, None, None],
    },
    schema={"source": pl.Utf8, "record_id": pl.Utf8, "cluster_id": pl.Utf8, "id18": pl.Utf8},
)


def test_person_keys_without_validity_column_group_by_cluster_only() -> None:
    """Without ``id_valid`` only clusters join findings; a record outside them is its own."""
    findings = [
        _finding([("a", "2")]),
        _finding([("a", "1")], "invalid_id_check_digit"),
        _finding([("b", "3")]),
        _finding([("z", "9")]),
    ]
    keys = person_keys(_RECORDS, findings)
    assert keys[findings[0].case_key] == keys[findings[1].case_key] == "P:a:1"
    assert keys[findings[2].case_key] == "P:b:3"
    assert keys[findings[3].case_key] == "P:z:9"


_ALL = [("a", "1"), ("a", "2"), ("b", "3"), ("b", "4"), ("c", "5")]
_CLUSTER = {("a", "1"): "C1", ("a", "2"): "C1", ("b", "3"): "C2", ("b", "4"): "C3"}


@given(
    st.lists(
        st.lists(st.sampled_from(_ALL), min_size=1, max_size=3, unique=True),
        min_size=1,
        max_size=8,
    ),
    st.randoms(),
)
def test_person_keys_partition_by_shared_clusters(
    groups: list[list[tuple[str, str]]], rnd: Random
) -> None:
    """For any findings: two share a key exactly when a chain of shared clusters joins them,
    the key names a record of the group, and the order of the findings does not matter."""
    findings = list({f.case_key: f for f in (_finding(g) for g in groups)}.values())
    keys = person_keys(_RECORDS, findings)
    shuffled = list(findings)
    rnd.shuffle(shuffled)
    assert person_keys(_RECORDS, shuffled) == keys
    for finding in findings:
        assert keys[finding.case_key].removeprefix("P:") <= min(
            f"{s}:{r}" for s, r in finding.records
        )
    # Reference partition: join findings sharing a cluster, repeatedly.
    sets = [{_CLUSTER.get(r, f"{r}") for r in f.records} for f in findings]
    merged = True
    labels = list(range(len(findings)))
    while merged:
        merged = False
        for i in range(len(findings)):
            for j in range(len(findings)):
                if labels[i] != labels[j] and sets[i] & sets[j]:
                    old, new = max(labels[i], labels[j]), min(labels[i], labels[j])
                    labels = [new if label == old else label for label in labels]
                    merged = True
    for i, a in enumerate(findings):
        for j, b in enumerate(findings):
            assert (keys[a.case_key] == keys[b.case_key]) == (labels[i] == labels[j])
