"""Indicators from a hand-made link directory: events counted once per cluster, rates, sex ratio.

The link directory (worked out by hand; A = village 320924101001, B = 320924102001)::

    cluster  event     records (source: village, date, sex)              counts as
    C1       birth     health A 12-03 男, police A 12-03 男, ledger A 12-03 ?   1 boy in A
    C2       birth     health A 12-10 女                                   1 girl in A
    C3       birth     health B 11-05 男                                   November
    C4       death     ledger A 12-20                                      1 death in A
    C5       resident  ledger A, township A, police A                      1 person in A
    C6       resident  ledger A                                            1 person in A
    C7       resident  ledger B                                            1 person in B
    C8       resident  ledger B, police (no village)                       1 person in B
    C9       marriage  civil (no village) 12-01                            area unknown
    C10      birth     health A (no date)                                  undated
    C11      move_in   ledger A 12-15, township A 12-15, police B 12-15   A (two votes to one)

Tests of the date rule and of moves inside the county add their own clusters.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hedui.errors import HeduiError
from hedui.period import parse_period
from hedui.stats.indicators import EVENTS, compute_indicators

A, B = "320924101001", "320924102001"
ROWS = [
    ("health_births", "H1", "C1", "birth", A, "2025-12-03", "1"),
    ("police_hukou", "P1", "C1", "birth", A, "2025-12-03", "1"),
    ("village_ledger", "V1", "C1", "birth", A, "2025-12-03", ""),
    ("health_births", "H2", "C2", "birth", A, "2025-12-10", "2"),
    ("health_births", "H3", "C3", "birth", B, "2025-11-05", "1"),
    ("village_ledger", "V4", "C4", "death", A, "2025-12-20", "1"),
    ("village_ledger", "V5", "C5", "resident", A, "2025-12-31", "1"),
    ("township_db", "T5", "C5", "resident", A, "2025-12-31", "1"),
    ("police_hukou", "P5", "C5", "resident", A, "2025-12-31", "1"),
    ("village_ledger", "V6", "C6", "resident", A, "2025-12-31", "2"),
    ("village_ledger", "V7", "C7", "resident", B, "2025-12-31", "2"),
    ("village_ledger", "V8", "C8", "resident", B, "2025-12-31", "1"),
    ("police_hukou", "P8", "C8", "resident", None, "2025-12-31", "1"),
    ("civil_marriages", "M9", "C9", "marriage", None, "2025-12-01", "1"),
    ("health_births", "H10", "C10", "birth", A, None, "2"),
    ("village_ledger", "V11", "C11", "move_in", A, "2025-12-15", "1"),
    ("township_db", "T11", "C11", "move_in", A, "2025-12-15", "1"),
    ("police_hukou", "P11", "C11", "move_in", B, "2025-12-15", "1"),
]


def write_link_dir(out: Path, rows: list[tuple[str | None, ...]]) -> Path:
    """clusters.csv and records.parquet as hedui link writes them (same record order)."""
    out.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(
        [(r[0], r[1], r[2], None) for r in rows],
        schema={
            "source": pl.Utf8,
            "record_id": pl.Utf8,
            "cluster_id": pl.Utf8,
            "match_probability": pl.Float64,
        },
        orient="row",
    ).write_csv(out / "clusters.csv")
    # Optional eighth and ninth values: birth_date and birth_date_partial (else null).
    pl.DataFrame(
        [
            (r[0], r[1], r[3], r[4], r[4][:9] if r[4] else None, r[5], r[6], *_extra(r))
            for r in rows
        ],
        schema=dict.fromkeys(
            [
                "source",
                "record_id",
                "event",
                "village",
                "township",
                "event_date",
                "sex",
                "birth_date",
                "birth_date_partial",
            ],
            pl.Utf8,
        ),
        orient="row",
    ).with_row_index("unique_id").write_parquet(out / "records.parquet")
    return out


def _extra(row: tuple[str | None, ...]) -> tuple[str | None, str | None]:
    return (row[7] if len(row) > 7 else None, row[8] if len(row) > 8 else None)


@pytest.fixture
def link_dir(tmp_path: Path) -> Path:
    return write_link_dir(tmp_path / "linked", ROWS)


def _area(indicators, level: str, code: str):
    return next(a for a in indicators.level(level) if a.area == code)


def test_indicators_count_each_linked_event_once(link_dir: Path) -> None:
    indicators = compute_indicators(link_dir, period=parse_period("2025-12"))
    county = _area(indicators, "county", "320924")
    # C1 (three records) and C2; C3 is November, C10 undated.
    assert county.events["birth"] == 2
    assert county.events["death"] == 1
    assert county.events["move_in"] == 1
    assert county.population == 4  # C5..C8: four people, seven resident records
    assert indicators.undated == {"birth": 1}


def test_indicators_place_events_by_village_and_township(link_dir: Path) -> None:
    indicators = compute_indicators(link_dir, period=parse_period("2025-12"))
    village_a = _area(indicators, "village", A)
    assert village_a.events == {
        "birth": 2,
        "death": 1,
        "marriage": 0,
        "divorce": 0,
        "move_in": 1,
        "move_out": 0,
        "move_within": 0,
    }
    assert village_a.population == 2
    assert _area(indicators, "township", "320924102").events["birth"] == 0
    # The marriage names no village: counted under the unknown area at every level.
    assert _area(indicators, "village", "").events["marriage"] == 1
    assert _area(indicators, "county", "").events["marriage"] == 1


def test_indicators_place_a_birth_by_its_birth_date_not_its_registration(
    tmp_path: Path,
) -> None:
    """Issue #11: C20, born 28 December 2025, registered by the police on 5 January 2026 (their
    event_date) and by nobody else, is a 2025 birth; the police's date decides nothing.

    C21 is known only to be born in December 2025 (birth_date_partial "2025-12"): it counts in
    December and in 2025. C22, known only to 2025, counts in 2025 but in no month; C23 has no
    usable date at all: undated.
    """
    rows = [
        ("police_hukou", "P20", "C20", "birth", A, "2026-01-05", "1", "2025-12-28"),
        ("village_ledger", "V21", "C21", "birth", A, None, "2", None, "2025-12"),
        ("village_ledger", "V22", "C22", "birth", A, None, "2", None, "2025"),
        ("village_ledger", "V23", "C23", "birth", A, None, "2", None, None),
    ]
    out = write_link_dir(tmp_path / "linked", rows)
    december = compute_indicators(out, period=parse_period("2025-12"))
    assert _area(december, "county", "320924").events["birth"] == 2  # C20, C21
    assert december.monthly["2025-12"]["birth"] == 2
    assert december.undated == {"birth": 1}  # C23
    year = compute_indicators(out, period=parse_period("2025"))
    assert _area(year, "county", "320924").events["birth"] == 3  # C20, C21, C22
    january = compute_indicators(out, period=parse_period("2026-01"))
    assert sum(a.events["birth"] for a in january.level("county")) == 0


def test_indicators_count_a_move_inside_the_county_once(tmp_path: Path) -> None:
    """C30: out of A (township 320924101) on 3 December, into B (320924102) on 9 December, one
    cluster. C31: out of A into A2 = 320924101002, the same township. C32: out of A only (left
    the county). C33: into B only (came from elsewhere).

    County: two moves within (C30, C31), one out (C32), one in (C33).
    Townships: 320924101 — C30 out, C31 within, C32 out; 320924102 — C30 in, C33 in.
    Villages: A — three out (C30, C31, C32); B — two in; A2 — one in. Nothing is "within" a
    village.
    """
    a2 = "320924101002"
    rows = [
        ("village_ledger", "O30", "C30", "move_out", A, "2025-12-03", "1"),
        ("police_hukou", "Q30", "C30", "move_out", A, "2025-12-04", "1"),
        ("village_ledger", "I30", "C30", "move_in", B, "2025-12-09", "1"),
        ("village_ledger", "O31", "C31", "move_out", A, "2025-12-05", "2"),
        ("village_ledger", "I31", "C31", "move_in", a2, "2025-12-06", "2"),
        ("village_ledger", "O32", "C32", "move_out", A, "2025-12-07", "1"),
        ("village_ledger", "I33", "C33", "move_in", B, "2025-12-08", "2"),
    ]
    out = write_link_dir(tmp_path / "linked", rows)
    result = compute_indicators(out, period=parse_period("2025-12"))
    moves = ("move_out", "move_in", "move_within")

    def counts(level: str, code: str) -> tuple[int, ...]:
        return tuple(_area(result, level, code).events[m] for m in moves)

    assert counts("county", "320924") == (1, 1, 2)
    assert counts("township", "320924101") == (2, 0, 1)
    assert counts("township", "320924102") == (0, 2, 0)
    assert counts("village", A) == (3, 0, 0)
    assert counts("village", B) == (0, 2, 0)
    assert counts("village", a2) == (0, 1, 0)
    assert tuple(result.monthly["2025-12"][m] for m in moves) == (1, 1, 2)


def test_crude_rate_is_per_thousand_person_years(link_dir: Path) -> None:
    indicators = compute_indicators(link_dir, period=parse_period("2025-12"))
    rate = _area(indicators, "county", "320924").rates["birth"]
    # 2 births / (4 people × 31/365.25 years) × 1000 = 5891.13…
    assert rate.rate == pytest.approx(2 / (4 * 31 / 365.25) * 1000)
    assert rate.interval.lower < rate.rate < rate.interval.upper
    assert rate.note is not None  # fewer than 20 events: flagged unstable
    unknown = _area(indicators, "county", "").rates["marriage"]
    assert unknown.estimable is False  # no population: a reason, not a number


def test_sex_ratio_uses_the_clusters_sex_and_leaves_out_unknown(link_dir: Path) -> None:
    indicators = compute_indicators(link_dir, period=parse_period("2025-12"))
    ratio = _area(indicators, "township", A[:9]).sex_ratio
    assert (ratio.boys, ratio.girls) == (1, 1)  # C1's blank ledger sex does not vote
    assert ratio.ratio == pytest.approx(100.0)
    assert ratio.flag is None  # 1 boy, 1 girl: a huge interval, never a flag


def test_no_sex_ratio_at_birth_per_village(link_dir: Path) -> None:
    """The township is the floor: a village's boys and girls are particular families."""
    indicators = compute_indicators(link_dir, period=parse_period("2025-12"))
    village = _area(indicators, "village", A)
    assert village.events["birth"] == 2
    assert village.sex_ratio.estimable is False
    assert village.sex_ratio.to_dict()["counts"] == {}


def test_monthly_series_runs_from_january_to_the_period(link_dir: Path) -> None:
    indicators = compute_indicators(link_dir, period=parse_period("2025-12"))
    months = list(indicators.monthly)
    assert (months[0], months[-1], len(months)) == ("2025-01", "2025-12", 12)
    assert indicators.monthly["2025-11"]["birth"] == 1
    assert indicators.monthly["2025-12"]["birth"] == 2
    assert indicators.monthly["2025-06"] == dict.fromkeys(EVENTS, 0)


def test_no_period_counts_everything_including_undated(link_dir: Path) -> None:
    indicators = compute_indicators(link_dir, period=None)
    assert indicators.first_day is not None and indicators.first_day.isoformat() == "2025-11-01"
    assert _area(indicators, "county", "320924").events["birth"] == 4
    assert indicators.years == pytest.approx(61 / 365.25)


def test_given_population_replaces_the_register(link_dir: Path) -> None:
    indicators = compute_indicators(
        link_dir, period=parse_period("2025-12"), population={A: 1000, B: 500}
    )
    assert _area(indicators, "county", "320924").population == 1500


def test_to_dict_holds_no_record_or_cluster_ids(link_dir: Path) -> None:
    document = json.dumps(compute_indicators(link_dir, period=parse_period("2025")).to_dict())
    for _source, record_id, cluster_id, *_ in ROWS:
        assert f'"{record_id}"' not in document
        assert f'"{cluster_id}"' not in document


def test_an_incomplete_link_dir_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HeduiError, match=r"clusters\.csv"):
        compute_indicators(tmp_path, period=None)


def test_a_link_dir_from_another_version_is_a_clear_error(tmp_path: Path) -> None:
    out = write_link_dir(tmp_path / "old", ROWS)
    pl.read_parquet(out / "records.parquet").drop("event_date").write_parquet(
        out / "records.parquet"
    )
    with pytest.raises(HeduiError, match="event_date"):
        compute_indicators(out, period=None)


_event = st.tuples(
    st.sampled_from(["birth", "death", "marriage", "resident"]),
    st.sampled_from([A, B, "320924101002", None]),
    st.sampled_from(["2025-11-30", "2025-12-01", "2025-12-31", None]),
    st.sampled_from(["1", "2", None]),
)


@settings(max_examples=30)
@given(st.lists(_event, min_size=1, max_size=25))
def test_areas_of_every_level_add_up_to_the_county(tmp_path_factory, events) -> None:
    rows = [
        ("village_ledger", f"R{i}", f"C{i}", kind, village, day, sex)
        for i, (kind, village, day, sex) in enumerate(events)
    ]
    out = write_link_dir(tmp_path_factory.mktemp("linked"), rows)
    indicators = compute_indicators(out, period=parse_period("2025-12"))
    for kind in EVENTS:
        totals = {
            level: sum(a.events[kind] for a in indicators.level(level))
            for level in ("county", "township", "village")
        }
        expected = sum(
            1 for k, _, day, _ in events if k == kind and day is not None and day >= "2025-12"
        )
        assert totals == dict.fromkeys(totals, expected)
