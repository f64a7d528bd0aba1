"""Tests for `hedui id`: through typer's CliRunner on hedui.cli.app, and once as a real process.

Check characters used here are worked out in tests/identity/test_resident_id.py:
11010519491231002X is valid (sum 167, check X); 32092419850307123 needs check 2;
130503670401001 converts to 130503196704010016; 440524188001010014 has a right check but a
birth year (1880) before 1900, so it is malformed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from hedui.cli import app
from hedui.errors import InvalidSexError

runner = CliRunner()

JSON_KEYS = {
    "input",
    "valid",
    "normalized",
    "error",
    "region_code",
    "region_name",
    "region_status",
    "birth_date",
    "sex",
    "candidates",
}


def _json_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines()]


def test_id_command_valid_number_shows_region_birth_and_sex() -> None:
    result = runner.invoke(app, ["id", "11010519491231002X"])
    assert result.exit_code == 0
    assert "有效 valid" in result.output
    assert "北京市朝阳区" in result.output
    assert "1949-12-31" in result.output
    assert "女" in result.output


def test_id_command_check_digit_failure_lists_candidates() -> None:
    result = runner.invoke(app, ["id", "320924198503071234"])
    assert result.exit_code == 1
    assert "校验位错误：应为 2" in result.output
    assert "320924198503071232" in result.output  # the check character itself corrected
    assert "第18位录错" in result.output


def test_id_command_json_one_object_per_number() -> None:
    numbers = ["11010519491231002X", "130503670401001", "320924198503071234", "440524188001010014"]
    result = runner.invoke(app, ["id", *numbers, "--json"])
    assert result.exit_code == 1  # two of the four are invalid
    valid, old, check, malformed = _json_lines(result.output)
    assert all(set(obj) == JSON_KEYS for obj in (valid, old, check, malformed))

    assert valid["valid"] is True
    assert (valid["region_code"], valid["region_name"]) == ("110105", "北京市朝阳区")
    assert (valid["birth_date"], valid["sex"], valid["candidates"]) == ("1949-12-31", "2", [])

    assert old["normalized"] == "130503196704010016"
    assert old["region_name"] == "河北省邢台市信都区"

    # A check-digit failure still says what its first 17 digits encode.
    assert check["valid"] is False
    assert "校验位错误" in check["error"]
    assert (check["birth_date"], check["sex"]) == ("1985-03-07", "1")
    fixed = [c for c in check["candidates"] if c["number"] == "320924198503071232"]
    assert fixed[0]["positions"] == [18]
    assert fixed[0]["region_name"] == "江苏省盐城市射阳县"

    assert malformed["valid"] is False
    assert "早于 1900 年" in malformed["error"]
    assert (malformed["region_status"], malformed["region_name"]) == (
        "historical",
        "广东省汕头市潮阳县",
    )
    assert malformed["birth_date"] is None
    assert malformed["candidates"] == []


def test_id_command_known_facts_rank_the_true_number_first() -> None:
    # Year typed 1948 for 1949 (position 10). Knowing birth date, sex and region puts the
    # original first: +3 birth date +1 sex +3 region +1 code exists = 8.
    args = ["id", "11010519481231002X", "--birth-date", "1949年12月31日", "--sex", "女"]
    result = runner.invoke(app, [*args, "--region", "110105", "--json"])
    (report,) = _json_lines(result.output)
    best = report["candidates"][0]
    assert (best["number"], best["kind"], best["positions"]) == (
        "11010519491231002X",
        "substitution",
        [10],
    )
    assert (best["score"], best["birth_date"]) == (8, "1949-12-31")


def test_id_command_shows_typed_brackets_literally() -> None:
    # Rich would read "[/red]" as a closing tag; a clerk's typo must be shown as typed.
    result = runner.invoke(app, ["id", "[/red]1101"])
    assert result.exit_code == 1
    assert "[/red]1101" in result.output


def test_id_command_rejects_an_unknown_sex_value() -> None:
    result = runner.invoke(app, ["id", "11010519491231002X", "--sex", "unknownish"])
    assert isinstance(result.exception, InvalidSexError)


def test_id_command_runs_as_a_real_process() -> None:
    hedui = Path(sys.executable).with_name("hedui")
    done = subprocess.run(
        [str(hedui), "id", "11010519491231002X", "11010519491231003X", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    first, second = _json_lines(done.stdout)
    assert first["valid"] is True
    assert second["valid"] is False
    # 11010519491231003X: sequence 003 makes the sum 167 - 2*2 + 3*2 = 169 ≡ 4, check 8.
    assert "应为 8" in second["error"]

    bad = subprocess.run(
        [str(hedui), "id", "11010519491231002X", "--sex", "unknownish"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert "性别值" in bad.stderr
    assert bad.stdout == ""
