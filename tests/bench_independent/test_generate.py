"""The independent county generator: files, truth, determinism and every kind of mess."""

from __future__ import annotations

import csv
import filecmp
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ is not an installed package
    sys.path.insert(0, str(ROOT))

from bench.independent.corruption import KINDS  # noqa: E402
from bench.independent.generate import generate  # noqa: E402
from bench.independent.newborns import KINDS as NEWBORN_KINDS  # noqa: E402

from hedui.sources.schema import CANONICAL_COLUMNS  # noqa: E402

# The canonical columns hedui's reader takes (docs/schema.md), less the one a generator never
# writes: ``birth_date_partial`` is what the reader makes of a partial date, not a file's column.
COLUMNS = [c for c in CANONICAL_COLUMNS if c != "birth_date_partial"]
SOURCES = ("village_ledger", "health_births", "police_hukou")
PEOPLE, SEED, YEAR = 2000, 7, 2025
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _valid_id(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    return (
        "10X98765432"[sum(int(d) * w for d, w in zip(number, WEIGHTS, strict=False)) % 11]
        == number[17]
    )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("county")
    return out, generate(PEOPLE, SEED, YEAR, out)


@pytest.fixture(scope="module")
def records(county: tuple[Path, dict[str, Any]]) -> dict[tuple[str, str], dict[str, str]]:
    out, _ = county
    return {(r["source"], r["record_id"]): r for s in SOURCES for r in _rows(out / f"{s}.csv")}


@pytest.fixture(scope="module")
def truth(county: tuple[Path, dict[str, Any]]) -> dict[tuple[str, str], dict[str, str]]:
    out, _ = county
    return {(r["source"], r["record_id"]): r for r in _rows(out / "truth.csv")}


def test_files_exist_with_canonical_columns(county: tuple[Path, dict[str, Any]]) -> None:
    out, _ = county
    for name in (*(f"{s}.csv" for s in SOURCES), "truth.csv", "truth_events.csv", "summary.json"):
        assert (out / name).is_file(), name
    for source in SOURCES:
        with (out / f"{source}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            assert next(reader) == COLUMNS
            rows = list(reader)
        assert rows, source
        assert all(len(row) == len(COLUMNS) and row[0] == source for row in rows)
        assert all((len(row[10]) in (0, 12) and row[10].isdigit()) or not row[10] for row in rows)
    births = {r["event"] for r in _rows(out / "health_births.csv")}
    assert births == {"birth"}


def test_every_record_is_in_truth_and_every_entity_is_an_event(
    county: tuple[Path, dict[str, Any]],
    records: dict[tuple[str, str], dict[str, str]],
    truth: dict[tuple[str, str], dict[str, str]],
) -> None:
    out, summary = county
    assert set(records) == set(truth)
    assert len(truth) == summary["records_total"]
    events = {e["entity_id"]: e for e in _rows(out / "truth_events.csv")}
    for row in truth.values():
        assert events[row["entity_id"]]["event"] == row["event"]
    true_births = sum(1 for e in events.values() if e["event"] == "birth")
    assert true_births == summary["births"]["true"]
    recorded = {t["entity_id"] for t in truth.values() if t["event"] == "birth"}
    assert len(recorded) + summary["births"]["recorded_by_none"] == true_births


def test_same_seed_same_files_other_seed_other_files(
    county: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out, _ = county
    generate(PEOPLE, SEED, YEAR, tmp_path / "again")
    names = [f"{s}.csv" for s in SOURCES] + ["truth.csv", "truth_events.csv", "corruptions.csv"]
    _, mismatch, errors = filecmp.cmpfiles(out, tmp_path / "again", names, shallow=False)
    assert (mismatch, errors) == ([], [])
    generate(PEOPLE, SEED + 1, YEAR, tmp_path / "other")
    assert not filecmp.cmp(out / "police_hukou.csv", tmp_path / "other" / "police_hukou.csv", False)


def test_twins_share_mother_and_day_with_adjacent_ids_and_different_names(
    county: tuple[Path, dict[str, Any]],
    records: dict[tuple[str, str], dict[str, str]],
    truth: dict[tuple[str, str], dict[str, str]],
) -> None:
    out, summary = county
    assert summary["twin_pairs"] >= 1
    twins = {e["entity_id"] for e in _rows(out / "truth_events.csv") if e["twin"] == "1"}
    assert len(twins) == 2 * summary["twin_pairs"]
    police = [
        r for k, r in records.items() if k[0] == "police_hukou" and truth[k]["entity_id"] in twins
    ]
    by_mother: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in police:
        by_mother[(row["mother_id_number"], row["birth_date"])].append(row)
    pairs = [rows for rows in by_mother.values() if len(rows) == 2]
    assert pairs
    for first, second in pairs:
        assert first["id_number"] != second["id_number"]
        assert _valid_id(first["id_number"]) and _valid_id(second["id_number"])
        assert abs(int(first["id_number"][14:17]) - int(second["id_number"][14:17])) <= 2
        assert first["name"] != second["name"]


def test_moves_inside_the_county_are_one_entity_with_both_halves(
    records: dict[tuple[str, str], dict[str, str]], truth: dict[tuple[str, str], dict[str, str]]
) -> None:
    halves: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for key, row in truth.items():
        if row["event"] == "move":
            record = records[key]
            halves[row["entity_id"]].add((key[0], record["event"], record["address_code"]))
    assert halves
    both = [h for h in halves.values() if {e for _, e, _ in h} >= {"户口迁出", "户口迁入"}]
    assert both
    for half in both:
        codes = {(e, code) for _, e, code in half}
        outs = {code for e, code in codes if e == "户口迁出"}
        ins = {code for e, code in codes if e == "户口迁入"}
        assert outs.isdisjoint(ins)


def test_every_kind_of_mess_occurs(county: tuple[Path, dict[str, Any]]) -> None:
    out, summary = county
    found = {row["kind"] for row in _rows(out / "corruptions.csv")}
    expected = {kind.name for kind in KINDS} | set(NEWBORN_KINDS.values())
    expected |= {
        "duplicate_record",
        "certificate_reissued",
        "hospital_address_county_only",
        "hospital_address_county_seat",
    }
    assert expected - found == set()
    assert all(t["applied"] >= 1 for t in summary["corruptions"].values())
    assert summary["duplicates"] >= 1 and summary["reissued_certificates"] >= 1
    styles = set(summary["date_styles"])
    assert {"cn", "dot", "compact", "iso", "slash"} <= styles


def test_ids_without_a_noted_mistake_are_valid(
    county: tuple[Path, dict[str, Any]], records: dict[tuple[str, str], dict[str, str]]
) -> None:
    out, _ = county
    noted = {(n["source"], n["record_id"], n["field"]) for n in _rows(out / "corruptions.csv")}
    checked = 0
    for key, row in records.items():
        for field in ("id_number", "mother_id_number"):
            if row[field] and (*key, field) not in noted:
                assert _valid_id(row[field]), (key, field, row[field])
                checked += 1
    assert checked > 100


def _day(text: str) -> date:
    """A date in any of the clerks' full styles (1985年3月7日, 1985.3.7, 19850307, …)."""
    numbers = re.findall(r"\d+", text)
    if len(numbers[0]) == 8:
        return date(int(numbers[0][:4]), int(numbers[0][4:6]), int(numbers[0][6:]))
    return date(int(numbers[0]), int(numbers[1]), int(numbers[2]))


def test_police_births_are_dated_by_registration_weeks_later(
    county: tuple[Path, dict[str, Any]], records: dict[tuple[str, str], dict[str, str]]
) -> None:
    _, summary = county
    births = [r for k, r in records.items() if k[0] == "police_hukou" and r["event"] == "出生登记"]
    assert births
    for row in births:
        assert row["mother_name"]
        lag = (_day(row["event_date"]) - _day(row["birth_date"])).days
        assert 3 <= lag <= 400
    assert summary["births"]["police_registered_next_year"] >= 1


def test_command_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.independent.generate", "--people", "600", "--seed", "1",
         "--year", "2024", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "600 people" in done.stdout
    assert (tmp_path / "police_hukou.csv").read_text(encoding="utf-8").startswith("source,")
