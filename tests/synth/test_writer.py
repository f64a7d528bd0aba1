"""write_county: the files, their columns, and byte-identical output for one seed."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hedui.errors import ConfigurationError
from hedui.synth import (
    OUTPUT_FILES,
    SOURCE_NAMES,
    County,
    generate_county,
    synthesize,
    write_county,
)
from hedui.synth.records import CANONICAL_COLUMNS, SOURCE_EXTRA_COLUMNS


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def test_write_county_writes_every_file(written_county: Path) -> None:
    assert sorted(p.name for p in written_county.iterdir()) == sorted(OUTPUT_FILES)


def test_write_county_source_files_have_the_canonical_columns_first(written_county: Path) -> None:
    for name in SOURCE_NAMES:
        header = _header(written_county / f"{name}.csv")
        assert header[: len(CANONICAL_COLUMNS)] == list(CANONICAL_COLUMNS)
        assert header[len(CANONICAL_COLUMNS) :] == list(SOURCE_EXTRA_COLUMNS[name])
        assert "recorded_date" in header


def test_write_county_truth_and_villages_headers(written_county: Path) -> None:
    assert _header(written_county / "truth.csv") == ["source", "record_id", "entity_id", "errors"]
    assert _header(written_county / "villages.csv") == [
        "code",
        "name",
        "township_code",
        "township_name",
    ]
    header = _header(written_county / "truth_events.csv")
    assert header[:4] == ["entity_id", "person_id", "event", "event_date"]
    assert {"twin", "mother_person_id", "recorded_in", "village_code"} <= set(header)


def test_write_county_summary_json_matches(written_county: Path, small_county: County) -> None:
    summary = json.loads((written_county / "summary.json").read_text(encoding="utf-8"))
    assert summary == small_county.summary.to_dict()
    assert set(summary["records"]) == set(SOURCE_NAMES)


def test_write_county_is_byte_identical_for_one_seed(tmp_path: Path) -> None:
    first = synthesize(1_500, 8, tmp_path / "a")
    second = synthesize(1_500, 8, tmp_path / "b")
    assert first == second
    for filename in OUTPUT_FILES:
        assert (tmp_path / "a" / filename).read_bytes() == (tmp_path / "b" / filename).read_bytes()


def test_write_county_refuses_a_file_as_directory(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigurationError):
        write_county(generate_county(100, seed=1), target)


@pytest.mark.slow
def test_write_county_is_byte_identical_across_processes(tmp_path: Path) -> None:
    # Python salts string hashes per process: nothing in the output may depend on them.
    for name, salt in (("a", "1"), ("b", "2")):
        command = [sys.executable, "-m", "hedui", "synth", "--people", "400", "--seed", "3"]
        env = {**os.environ, "PYTHONHASHSEED": salt}
        subprocess.run(
            [*command, "--out", str(tmp_path / name)], check=True, env=env, capture_output=True
        )
    for filename in OUTPUT_FILES:
        assert (tmp_path / "a" / filename).read_bytes() == (tmp_path / "b" / filename).read_bytes()
