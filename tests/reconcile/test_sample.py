"""Verification samples: the right size, every source in it, the same list for the same seed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from hedui.errors import InvalidInputError
from hedui.period import Period
from hedui.reconcile.sample import (
    SHEET_HEADERS,
    VerificationSample,
    allocate,
    draw_sample,
    write_sample,
)

from .conftest import Row, WriteLinkDir

V = "320924101001"
OTHER = "320924101002"
SOURCES = ("village_ledger", "township_db", "police_hukou", "health_births")

sizes_strategy = st.dictionaries(
    st.sampled_from(SOURCES), st.integers(min_value=0, max_value=40), min_size=1
)


@given(sizes=sizes_strategy, n=st.integers(min_value=0, max_value=120))
def test_allocate_sums_to_what_is_possible_within_each_source(
    sizes: dict[str, int], n: int
) -> None:
    allocation = allocate(sizes, n)
    assert sum(allocation.values()) == min(n, sum(sizes.values()))
    assert all(0 <= allocation[s] <= sizes[s] for s in sizes)


@given(sizes=sizes_strategy, n=st.integers(min_value=0, max_value=120))
def test_allocate_gives_every_source_one_when_it_can_then_shares_proportionally(
    sizes: dict[str, int], n: int
) -> None:
    allocation = allocate(sizes, n)
    nonempty = [s for s in sizes if sizes[s] > 0]
    if n >= len(nonempty):
        assert all(allocation[s] >= 1 for s in nonempty)
        total, wanted = sum(sizes.values()), min(n, sum(sizes.values()))
        # Beyond the first record, shares follow source sizes to within one record.
        rest, spare = wanted - len(nonempty), total - len(nonempty)
        for source in nonempty:
            quota = rest * (sizes[source] - 1) / spare if spare else 0
            assert abs(allocation[source] - 1 - quota) < 1
    else:
        assert sum(1 for s in nonempty if allocation[s] == 1) == n


def test_allocate_worked_example() -> None:
    # 20 records from 100 + 50 + 10 + 2: one each, then 16 shared by 99 : 49 : 9 : 1
    # (quotas 10.1, 4.9, 1.9, 0.2 → floors 10, 4, 1, 0 and the one left over to 4.9).
    sizes = {"village_ledger": 100, "township_db": 50, "police_hukou": 10, "health_births": 2}
    assert allocate(sizes, 20) == {
        "village_ledger": 11,
        "township_db": 6,
        "police_hukou": 2,
        "health_births": 1,
    }
    assert allocate(sizes, 2) == {
        "village_ledger": 1,
        "township_db": 1,
        "police_hukou": 0,
        "health_births": 0,
    }


def _rows(counts: dict[str, int], *, village: str = V) -> list[Row]:
    rows: list[Row] = []
    for source, count in counts.items():
        for i in range(count):
            day = f"2025-{1 + i % 12:02d}-15"
            record_id, cluster = f"{source[:2]}{village[-3:]}{i:03d}", f"C{source}{i}{village}"
            person = ("110101199001011237", "李娜", "1990-01-01", "2", village, day)
            rows.append((source, record_id, cluster, "death", *person))
    return rows


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    counts=st.dictionaries(
        st.sampled_from(SOURCES), st.integers(min_value=1, max_value=15), min_size=1
    ),
    n=st.integers(min_value=1, max_value=40),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_draw_sample_is_reproducible_stratified_and_of_the_village(
    write_link_dir: WriteLinkDir, counts: dict[str, int], n: int, seed: int
) -> None:
    link_dir = write_link_dir([*_rows(counts), *_rows({"township_db": 5}, village=OTHER)], [])
    first = draw_sample(link_dir, village_code=V, n=n, seed=seed)
    again = draw_sample(link_dir, village_code=V, n=n, seed=seed)
    assert first == again
    assert len(first.records) == min(n, sum(counts.values()))
    assert first.available == dict(sorted(counts.items()))
    drawn = {s: sum(1 for r in first.records if r["source"] == s) for s in counts}
    assert drawn == {s: first.allocation[s] for s in counts}
    assert all(r["record_id"][2:5] == V[-3:] for r in first.records)  # never another village
    assert len({(r["source"], r["record_id"]) for r in first.records}) == len(first.records)


def test_draw_sample_default_seed_depends_on_village_and_period(
    write_link_dir: WriteLinkDir,
) -> None:
    link_dir = write_link_dir(_rows({"village_ledger": 40, "township_db": 40}), [])
    a = draw_sample(link_dir, village_code=V, n=6)
    b = draw_sample(link_dir, village_code=V, n=6)
    year = draw_sample(link_dir, village_code=V, n=6, period=Period(2025))
    assert a.records == b.records and a.seed != year.seed
    assert (
        draw_sample(link_dir, village_code=V, n=6, seed=1).records
        != draw_sample(link_dir, village_code=V, n=6, seed=2).records
    )


def test_draw_sample_in_a_period_masks_ids(write_link_dir: WriteLinkDir) -> None:
    link_dir = write_link_dir(_rows({"village_ledger": 24}), [])
    march = draw_sample(link_dir, village_code=V, n=10, period=Period(2025, 3))
    assert [r["event_date"] for r in march.records] == ["2025-03-15", "2025-03-15"]
    assert {r["id_number"] for r in march.records} == {"110*************37"}
    with pytest.raises(InvalidInputError, match="no records"):
        draw_sample(link_dir, village_code=OTHER, n=3)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_write_sample(write_link_dir: WriteLinkDir, tmp_path: Path, suffix: str) -> None:
    link_dir = write_link_dir(_rows({"village_ledger": 3, "police_hukou": 2}), [])
    drawn = draw_sample(link_dir, village_code=V, n=4, seed=7)
    path = tmp_path / f"sample{suffix}"
    write_sample(path, drawn)
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    else:
        sheet = load_workbook(path)[V]
        rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert tuple(rows[0]) == SHEET_HEADERS
    assert [row[1] for row in rows[1:]] == [str(r["record_id"]) for r in drawn.records]
    with pytest.raises(InvalidInputError, match=r"\.csv or \.xlsx"):
        write_sample(tmp_path / "sample.txt", drawn)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_write_sample_neutralises_formulas(tmp_path: Path, suffix: str) -> None:
    # A ledger's name, record number and address are outside text: none may run in Excel.
    record = dict.fromkeys(("source", "event", "event_date", "sex", "birth_date", "id_number"), "")
    record |= {"record_id": "-1+2", "name": '=HYPERLINK("http://x")', "address": "\t@SUM(1)"}
    sample = VerificationSample(V, None, 1, 1, {}, {}, [record])
    path = tmp_path / f"sample{suffix}"
    write_sample(path, sample)
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            row = list(csv.reader(handle))[1]
    else:
        row = [c or "" for c in next(load_workbook(path)[V].iter_rows(min_row=2, values_only=True))]
    assert (row[1], row[4], row[8]) == ("'-1+2", '\'=HYPERLINK("http://x")', "'\t@SUM(1)")
