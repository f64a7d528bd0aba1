"""Tests for hedui.reconcile.invalid_values: one finding per record and invalid value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from hedui.reconcile import ReconcileOptions, find_all, parse_period
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


def _with_partial_dates(link_dir: Path, partial: dict[tuple[str, str], str]) -> None:
    """Add ``birth_date_partial`` to sources.parquet, as the reader writes it there."""
    path = link_dir / "sources.parquet"
    frame = pl.read_parquet(path)
    keys = pl.DataFrame(
        [(s, r, p) for (s, r), p in partial.items()],
        schema={"source": pl.Utf8, "record_id": pl.Utf8, "birth_date_partial": pl.Utf8},
        orient="row",
    )
    frame.join(keys, on=["source", "record_id"], how="left", maintain_order="left").write_parquet(
        path
    )


def test_fields_the_reader_left_out_become_findings(write_link_dir: WriteLinkDir) -> None:
    """What the reader kept with a warning, one finding per record and problem.

    T1 resident, birth date known only as 1949-06 → partial_birth_date ("1949年6月").
    T2 resident, birth date only 1990, valid ID born 1990-03-07 (linkage completed the day)
       → partial_birth_date naming the ID's day; no id_birth_date_mismatch (nothing written).
    H3 hospital birth, birth date only 2025-05, no event date → partial_birth_date only: the
       birth is dated by its birth date, which the partial finding asks to complete.
    V4 death without an event date → missing_event_date (recorded_date in its values).
    P5 police birth with neither a birth date nor an event date → missing_event_date.
    P6 police birth without an event date but born 2025-03-01 → nothing: a birth is dated by
       its birth date (the reader would even have copied it into the event date).
    R7 resident without a date → nothing: a resident list is a snapshot, not an event.
    H8 hospital birth born 2025-06-02, event 2025-06-01 → born_after_event_date, one day: a
       newborn's slip.
    T9 move-in on 2025-06-01 of someone born 2025-08-01 → born_after_event_date, not a slip.
    T10 death on 1989-05-01, born only "1990" → partial_birth_date and born_after_event_date
        (the year 1990 is after 1989).
    T11 death on 1989-01-01, born 1990-03-07 → death_before_birth only, not born_after too.
    T12 birth born and registered 2025-06-01 → nothing.
    """
    link_dir = write_link_dir(
        [
            ("township_db", "T1", "C1", "resident", None, "甲", None, "1", V),
            ("township_db", "T2", "C2", "resident", MAN, "乙", "1990-03-07", "1", V),
            ("health_births", "H3", "C3", "birth", None, "丙", None, "2", V, None),
            ("village_ledger", "V4", "C4", "death", None, "丁", "1950-01-01", "1", V, None),
            ("police_hukou", "P5", "C5", "birth", None, "戊", None, "1", V, None),
            ("police_hukou", "P6", "C6", "birth", None, "己", "2025-03-01", "1", V, None),
            ("township_db", "R7", "C7", "resident", None, "庚", "1970-01-01", "1", V, None),
            ("health_births", "H8", "C8", "birth", None, "辛", "2025-06-02", "2", V, "2025-06-01"),
            ("township_db", "T9", "C9", "move_in", None, "壬", "2025-08-01", "1", V, "2025-06-01"),
            ("township_db", "T10", "C10", "death", None, "癸", None, "1", V, "1989-05-01"),
            ("township_db", "T11", "C11", "death", None, "子", "1990-03-07", "1", V, "1989-01-01"),
            ("health_births", "T12", "C12", "birth", None, "丑", "2025-06-01", "1", V),
        ],
        [],
        raw={
            ("township_db", "T2"): {"birth_date": None},
            ("village_ledger", "V4"): {"recorded_date": "2025-07-01"},
        },
    )
    _with_partial_dates(
        link_dir,
        {
            ("township_db", "T1"): "1949-06",
            ("township_db", "T2"): "1990",
            ("health_births", "H3"): "2025-05",
            ("township_db", "T10"): "1990",
        },
    )
    new = ("partial_birth_date", "missing_event_date", "born_after_event_date")
    found = [
        f
        for f in find_all(link_dir, options=OPTIONS)
        if f.kind in (*new, "death_before_birth", "id_birth_date_mismatch")
    ]
    assert [(f.kind, f.records[0][1]) for f in found] == [
        ("death_before_birth", "T11"),
        ("partial_birth_date", "H3"),
        ("partial_birth_date", "T1"),
        ("partial_birth_date", "T10"),
        ("partial_birth_date", "T2"),
        ("missing_event_date", "P5"),
        ("missing_event_date", "V4"),
        ("born_after_event_date", "H8"),
        ("born_after_event_date", "T10"),
        ("born_after_event_date", "T9"),
    ]
    by = {(f.kind, f.records[0][1]): f for f in found}
    partial = by[("partial_birth_date", "T1")]
    assert partial.field == "birth_date" and partial.values_by_source == {"township_db": "1949-06"}
    assert "出生日期只有年份或年月（1949年6月），请补全" in partial.explanation_zh
    assert "known only to the year or month (1949-06): complete it" in partial.explanation_en
    with_id = by[("partial_birth_date", "T2")]
    assert with_id.values_by_source == {"township_db": "1990", "from_id": "1990-03-07"}
    assert "1990年" in with_id.explanation_zh and "1990-03-07" in with_id.explanation_zh
    assert by[("missing_event_date", "V4")].values_by_source == {"recorded_date": "2025-07-01"}
    assert by[("missing_event_date", "V4")].event_date is None
    undated = by[("missing_event_date", "P5")]
    assert "既没有出生日期也没有事件日期" in undated.explanation_zh
    assert "neither a birth date nor an event date" in undated.explanation_en
    slip = by[("born_after_event_date", "H8")]
    assert slip.values_by_source == {"health_births": "2025-06-02", "event_date": "2025-06-01"}
    assert "笔误" in slip.explanation_zh and "one-day slip" in slip.explanation_en
    assert "笔误" not in by[("born_after_event_date", "T9")].explanation_zh
    assert by[("born_after_event_date", "T10")].values_by_source == {
        "township_db": "1990",
        "event_date": "1989-05-01",
    }
    for finding in found:
        assert "核实" in finding.explanation_zh and "check" in finding.explanation_en


def test_partial_and_undated_records_are_kept_in_every_period(
    write_link_dir: WriteLinkDir,
) -> None:
    """An undated finding is kept whatever the period; a dated one only from its date on.

    H1 birth known only to 2025-05, no event date → partial_birth_date, no event date: kept
       in January 2025 too. H2 birth 2025-06-02 registered 2025-06-01 → born_after_event_date
       dated 2025-06-02 (the birth's date): in June 2025, not in May.
    """
    link_dir = write_link_dir(
        [
            ("health_births", "H1", "C1", "birth", None, "甲", None, "2", V, None),
            ("health_births", "H2", "C2", "birth", None, "乙", "2025-06-02", "2", V, "2025-06-01"),
        ],
        [],
    )
    _with_partial_dates(link_dir, {("health_births", "H1"): "2025-05"})
    new = ("partial_birth_date", "born_after_event_date")

    def kinds(period: str) -> list[str]:
        found = find_all(link_dir, period=parse_period(period), options=OPTIONS)
        return [f.kind for f in found if f.kind in new]

    assert kinds("2025-01") == ["partial_birth_date"]
    assert kinds("2025-05") == ["partial_birth_date"]
    assert kinds("2025-06") == ["partial_birth_date", "born_after_event_date"]
