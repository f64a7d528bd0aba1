"""Formula neutralising: text a spreadsheet might run gets a ``'``; nothing else changes."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.spreadsheet import is_formula_like, neutralise, neutralise_row

TRIGGERS = "=+-@"


def _runs(text: str) -> bool:
    """What a spreadsheet does, spelled out independently of the module's regular expression:
    a trigger after any leading blanks and line breaks, or a tab or carriage return first."""
    if text[:1] in ("\t", "\r"):
        return True
    return text.lstrip(" \t\r\n")[:1] in tuple(TRIGGERS)


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "\t",
        " =1+1",
        "\n@x",
        "-3",  # text, not a number: it came from a file and stays text
    ],
)
def test_neutralise_prefixes_formula_like_text(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["王小明", "", "320924199003071222", "a=b", "'=1", "—", "<5"])
def test_neutralise_leaves_ordinary_text(text: str) -> None:
    assert neutralise(text) == text


@pytest.mark.parametrize("value", [-3, -0.5, 0, None, date(2024, 3, 1), True])
def test_neutralise_leaves_numbers_and_other_values(value: object) -> None:
    assert neutralise(value) is value


@given(st.text())
def test_neutralised_text_never_runs_and_keeps_its_content(text: str) -> None:
    result = neutralise(text)
    assert isinstance(result, str)
    assert not _runs(result)
    assert result in (text, "'" + text)
    assert (result != text) == _runs(text) == is_formula_like(text)
    assert neutralise(result) == result  # once is enough


@given(st.lists(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False)), max_size=8))
def test_a_csv_row_read_back_has_no_cell_that_runs(row: list[object]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(neutralise_row(row))
    [read] = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    for original, cell in zip(row, read, strict=True):
        if isinstance(original, str):
            assert not _runs(cell)
        else:
            assert cell == str(original)  # numbers are written as numbers, negative or not
