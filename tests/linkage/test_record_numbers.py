"""RecordNumbers: a record's number found by its key from memory, as records.parquet holds it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from hedui.linkage.link_dir import LinkDir
from hedui.linkage.record_numbers import RecordNumbers, record_numbers

_keys = st.tuples(st.sampled_from(["village_ledger", "police_hukou", "健康"]), st.text(max_size=8))


@given(
    present=st.lists(_keys, unique=True, max_size=40),
    absent=st.lists(_keys, max_size=5),
    start=st.integers(0, 10**9),
)
def test_each_key_of_the_run_has_its_number_and_others_none(
    present: list[tuple[str, str]], absent: list[tuple[str, str]], start: int
) -> None:
    records = pl.DataFrame(
        {
            "unique_id": [start + 3 * n for n in range(len(present))],  # not row numbers
            "source": [s for s, _ in present],
            "record_id": [r for _, r in present],
        },
        schema={"unique_id": pl.Int64, "source": pl.String, "record_id": pl.String},
    )
    numbers = RecordNumbers.of_records(records)
    asked = [*reversed(present), *absent]
    found = numbers.of(asked)
    assert found == {key: start + 3 * present.index(key) for key in asked if key in present}
    assert numbers.of([]) == {}


def test_two_records_with_one_hash_send_the_caller_to_the_file() -> None:
    # One key twice (as a hash collision looks): its number is not guessed.
    records = pl.DataFrame(
        {"unique_id": [0, 1, 2], "source": ["a", "a", "b"], "record_id": ["1", "1", "2"]}
    )
    numbers = RecordNumbers.of_records(records)
    assert numbers.of([("a", "1")]) is None
    assert numbers.of([("b", "2")]) == {("b", "2"): 2}


def test_numbers_follow_the_records_file_and_its_rewrites(tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    link = LinkDir(run, 2)
    pl.DataFrame(
        {"unique_id": [0, 1], "source": ["a", "b"], "record_id": [7, 8]}  # ids stored as numbers
    ).write_parquet(link.records_path)
    assert record_numbers(link).of([("a", "7"), ("b", "8")]) == {("a", "7"): 0, ("b", "8"): 1}
    pl.DataFrame(
        {"unique_id": [5, 6, 9], "source": ["a", "b", "c"], "record_id": ["8", "7", "1"]}
    ).write_parquet(link.records_path)
    assert record_numbers(link).of([("a", "7"), ("c", "1")]) == {("c", "1"): 9}
