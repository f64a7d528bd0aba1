"""Tests for hedui.reconcile.invalid_values: one finding per record and invalid value."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from hedui.reconcile import ReconcileOptions, find_all
from hedui.reconcile.invalid_values import INVALID_KINDS, age_on

from .conftest import WriteLinkDir

V = "110101001001"
MAN = "110101199003071233"  # born 1990-03-07, male (17th digit 3 is odd)
GIRL = "110101200501010025"  # born 2005-01-01, female
BAD_CHECK = "110101199003071234"  # MAN with a wrong check character (should be 3)
OPTIONS = ReconcileOptions(reference_date=date(2025, 12, 31))


def test_invalid_values_each_kind_on_its_record(write_link_dir: WriteLinkDir) -> None:
    """Six records, each with one problem, one clean record; every cluster has one record.

    T1 ID check character 4 where the first 17 digits give 3 → invalid_id_check_digit.
    T2 valid ID born 1990-03-07, record says 1990-07-03 → id_birth_date_mismatch.
    T3 valid male ID, record says 2 (female) → id_sex_mismatch.
    T4 death 1989-01-01 of someone born 1990-03-07 → death_before_birth.
    C5 marriage on 2024-06-01 of the man (34) to the woman born 2005-01-01 (19 < 20)
       → spouse_under_legal_age, naming the spouse's age only.
    T6 recorded 2026-02-01, after the reference date 2025-12-31 → future_date.
    T7 clean.
    """
    link_dir = write_link_dir(
        [
            ("township_db", "T1", "C1", "resident", BAD_CHECK, "甲", "1990-03-07", "1", V),
            ("township_db", "T2", "C2", "resident", MAN, "乙", "1990-03-07", "1", V),
            ("township_db", "T3", "C3", "resident", MAN, "丙", "1990-03-07", "1", V),
            ("township_db", "T4", "C4", "death", None, "丁", "1990-03-07", "1", V, "1989-01-01"),
            (
                "civil_marriages",
                "C5",
                "C5",
                "marriage",
                MAN,
                "戊",
                "1990-03-07",
                "1",
                V,
                "2024-06-01",
            ),
            ("township_db", "T6", "C6", "resident", None, "己", "1950-01-01", "2", V),
            ("township_db", "T7", "C7", "resident", MAN, "庚", "1990-03-07", "1", V),
        ],
        [],
        raw={
            ("township_db", "T2"): {"birth_date": "1990-07-03"},
            ("township_db", "T3"): {"sex": "2"},
            ("civil_marriages", "C5"): {"spouse_id_number": GIRL, "recorded_date": "2024-06-01"},
            ("township_db", "T4"): {"recorded_date": "1989-01-02"},
            ("township_db", "T6"): {"recorded_date": "2026-02-01"},
        },
    )
    found = [f for f in find_all(link_dir, options=OPTIONS) if f.kind in INVALID_KINDS]
    assert [(f.kind, f.records) for f in found] == [
        ("invalid_id_check_digit", (("township_db", "T1"),)),
        ("id_birth_date_mismatch", (("township_db", "T2"),)),
        ("id_sex_mismatch", (("township_db", "T3"),)),
        ("death_before_birth", (("township_db", "T4"),)),
        ("spouse_under_legal_age", (("civil_marriages", "C5"),)),
        ("future_date", (("township_db", "T6"),)),
    ]
    by_kind = {f.kind: f for f in found}
    assert by_kind["invalid_id_check_digit"].values_by_source["check_character"] == "3"
    assert by_kind["id_birth_date_mismatch"].values_by_source == {
        "township_db": "1990-07-03",
        "from_id": "1990-03-07",
    }
    assert by_kind["spouse_under_legal_age"].values_by_source == {"spouse_age": "19"}
    assert "数据问题" in by_kind["spouse_under_legal_age"].explanation_zh
    assert "data error to verify" in by_kind["spouse_under_legal_age"].explanation_en
    assert "recorded_date=2026-02-01" in by_kind["future_date"].values_by_source["township_db"]
    for finding in found:
        assert "核实" in finding.explanation_zh
        assert "check" in finding.explanation_en


def test_invalid_values_legal_age_is_an_option(write_link_dir: WriteLinkDir) -> None:
    """A man of 21 marrying: a finding at the default age 22, none when the option says 21."""
    link_dir = write_link_dir(
        [("village_ledger", "V1", "C1", "marriage", MAN, "甲", "1990-03-07", "1", V, "2011-06-01")],
        [],
    )
    kinds = [f.kind for f in find_all(link_dir, options=OPTIONS)]
    assert kinds.count("spouse_under_legal_age") == 1
    younger = ReconcileOptions(marriage_age_men=21, reference_date=date(2025, 12, 31))
    assert "spouse_under_legal_age" not in [f.kind for f in find_all(link_dir, options=younger)]


@given(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)), st.dates(date(1900, 1, 1), date(2100, 12, 31))
)
def test_age_on_counts_full_years(born: date, day: date) -> None:
    """age_on agrees with counting birthdays: years passed, minus one before the birthday."""
    expected = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    frame = pl.DataFrame({"day": [day], "born": [born]})
    assert frame.select(age_on(pl.col("day"), pl.col("born"))).item() == expected
