"""Tests for hedui.reconcile.nameless_newborns: a nameless newborn joins its birth."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from hedui.linkage.link_dir import LinkDir
from hedui.reconcile import find_all
from hedui.reconcile.findings import read_linked_records
from hedui.reconcile.nameless_newborns import attach_nameless_newborns, nameless_duplicates

from .conftest import WriteLinkDir

V = "110101001001"
DAY = "2025-11-21"


def _with_mothers(link_dir: Path, mothers: dict[str, str]) -> Path:
    """Add ``mother_key`` (by record id) to the hand-made ``records.parquet``."""
    path = link_dir / "records.parquet"
    records = pl.read_parquet(path)
    keys = records.get_column("record_id").replace_strict(mothers, default=None)
    records.with_columns(keys.cast(pl.Utf8).alias("mother_key")).write_parquet(path)
    return link_dir


def _county(write_link_dir: WriteLinkDir) -> Path:
    """Births of four mothers, each worked out in the test below.

    M1: 邓丽's daughter named in police, ledger and township (C1); two nameless hospital
        certificates of a girl that day (C2, C3) → both join C1, and are one birth entered
        twice in the hospital's list.
    M2: twin boys 王一 (C5) and 王二 (C6) named; a nameless certificate of a boy (C7) → stays.
    M3: a boy named (C8); a nameless certificate of a girl (C9) → stays (another child).
    M4: a nameless certificate only (C10) → stays: nothing to join.
    M5: nameless only: a ledger entry (C12) and a certificate with a police entry (C13, the
        larger) → C12 joins C13.
    M6: twins 黄佳怡之长子 in the ledger (C20) and 黄佳怡之次子 in the ledger and hospital (C21),
        all nameless → C20 stays: the ledger tells the two children apart.
    """
    link_dir = write_link_dir(
        [
            ("police_hukou", "P1", "C1", "birth", None, "邓小丽", DAY, "2", V),
            ("village_ledger", "V1", "C1", "birth", None, "邓小丽", DAY, "2", V),
            ("township_db", "T1", "C1", "birth", None, "邓小丽", DAY, "2", V),
            ("health_births", "H2", "C2", "birth", None, None, DAY, "2", V),
            ("health_births", "H3", "C3", "birth", None, None, DAY, None, V),
            ("police_hukou", "P5", "C5", "birth", None, "王一", DAY, "1", V),
            ("police_hukou", "P6", "C6", "birth", None, "王二", DAY, "1", V),
            ("health_births", "H7", "C7", "birth", None, None, DAY, "1", V),
            ("police_hukou", "P8", "C8", "birth", None, "李八", DAY, "1", V),
            ("health_births", "H9", "C9", "birth", None, None, DAY, "2", V),
            ("health_births", "H10", "C10", "birth", None, None, DAY, "2", V),
            ("village_ledger", "V12", "C12", "birth", None, None, DAY, "1", V),
            ("health_births", "H13", "C13", "birth", None, None, DAY, "1", V),
            ("police_hukou", "P13", "C13", "birth", None, None, DAY, "1", V),
            ("village_ledger", "V20", "C20", "birth", None, None, DAY, "1", V),
            ("village_ledger", "V21", "C21", "birth", None, None, DAY, "1", V),
            ("health_births", "H21", "C21", "birth", None, None, DAY, "1", V),
        ],
        [],
        raw={
            ("village_ledger", "V20"): {"name": "黄佳怡之长子"},
            ("village_ledger", "V21"): {"name": "黄佳怡之次子"},
        },
    )
    mothers = {"P1": "M1", "V1": "M1", "T1": "M1", "H2": "M1", "H3": "M1"}
    mothers |= {"P5": "M2", "P6": "M2", "H7": "M2", "P8": "M3", "H9": "M3", "H10": "M4"}
    mothers |= {"V12": "M5", "H13": "M5", "P13": "M5", "V20": "M6", "V21": "M6", "H21": "M6"}
    return _with_mothers(link_dir, mothers)


def test_attach_nameless_newborns_joins_only_an_unambiguous_birth(
    write_link_dir: WriteLinkDir,
) -> None:
    link = LinkDir.open(_county(write_link_dir))
    before = read_linked_records(link)
    after = attach_nameless_newborns(link, before)
    cluster = dict(zip(after.get_column("record_id"), after.get_column("cluster_id"), strict=True))
    assert cluster["H2"] == cluster["H3"] == cluster["P1"] == "C1"
    assert (cluster["H7"], cluster["H9"], cluster["H10"]) == ("C7", "C9", "C10")
    assert cluster["V12"] == cluster["H13"] == "C13"
    assert (cluster["V20"], cluster["V21"]) == ("C20", "C21")
    assert after.select("source", "record_id").equals(before.select("source", "record_id"))
    pairs = nameless_duplicates(before, after)
    assert pairs.rows() == [("health_births", "H2", "health_births", "H3")]


def test_find_all_reports_the_birth_once_and_the_certificate_twice(
    write_link_dir: WriteLinkDir,
) -> None:
    """C1 with its certificates is complete: no birth of M1 is missing anywhere; the two
    certificates are one duplicate finding. C10's lone certificate is still missing from
    the police, ledger and township."""
    findings = find_all(_county(write_link_dir))
    m1 = {"P1", "V1", "T1", "H2", "H3"}
    about_m1 = [f for f in findings if {r for _, r in f.records} & m1]
    assert [(f.kind, f.records) for f in about_m1] == [
        ("duplicate_in_source", (("health_births", "H2"), ("health_births", "H3")))
    ]
    lone = sorted(f.kind for f in findings if f.records == (("health_births", "H10"),))
    assert lone == [
        "birth_missing_in_police_hukou",
        "birth_missing_in_township_db",
        "birth_missing_in_village_ledger",
    ]
    m5 = [f.kind for f in findings if ("village_ledger", "V12") in f.records]
    assert m5 == ["birth_missing_in_township_db"]


def test_attach_nameless_newborns_without_mothers_changes_nothing(
    write_link_dir: WriteLinkDir,
) -> None:
    """A link directory from before mother keys were written: the records as they are."""
    link_dir = write_link_dir(
        [
            ("police_hukou", "P1", "C1", "birth", None, "邓小丽", DAY, "2", V),
            ("health_births", "H2", "C2", "birth", None, None, DAY, "2", V),
        ],
        [],
    )
    link = LinkDir.open(link_dir)
    records = read_linked_records(link)
    assert attach_nameless_newborns(link, records) is records
