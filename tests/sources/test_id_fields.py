"""Tests for hedui.sources.id_fields: normalised, checked with polars, never rejected.

Check characters (ISO 7064 MOD 11-2, weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2): for
32092419850307123 the weighted sum is 274, 274 mod 11 = 10, check = (1 - 10) mod 11 = 2, so
320924198503071232 is valid and 320924198503071233 fails its check. 11010519491231002X is valid
(sum 167, check X).
"""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import example, given
from hypothesis import strategies as st

from hedui.identity.resident_id import check_character, is_valid
from hedui.sources.id_fields import normalize_id_numbers

TODAY = date(2025, 1, 1)


def _normalize(*values: str | None) -> tuple[list[str | None], list[str | None]]:
    result = normalize_id_numbers(pl.Series("id", list(values), dtype=pl.Utf8), today=TODAY)
    assert result.errors.null_count() == len(values)  # an ID number never quarantines a row
    return result.values.to_list(), result.notes.to_list()


def test_normalize_id_numbers_valid_numbers_have_no_note() -> None:
    assert _normalize("320924198503071232", "11010519491231002X", None) == (
        ["320924198503071232", "11010519491231002X", None],
        [None, None, None],
    )


def test_normalize_id_numbers_normalises_full_width_spaces_and_lower_x() -> None:
    values, notes = _normalize("１１０１０５ １９４９１２３１ ００２ｘ", "'110105-19491231-002x")
    assert values == ["11010519491231002X", "11010519491231002X"]
    assert notes == [None, None]


def test_normalize_id_numbers_wrong_check_is_kept_with_expected_character() -> None:
    values, notes = _normalize("320924198503071233")
    assert values == ["320924198503071233"]
    assert notes[0] is not None
    assert "校验位应为 2，实为 3" in notes[0]
    assert "should be 2, found 3" in notes[0]


def test_normalize_id_numbers_15_digit_numbers_are_kept_as_written() -> None:
    values, notes = _normalize("320924850307123")
    assert values == ["320924850307123"]
    assert notes[0] is not None and "15-digit" in notes[0]


def test_normalize_id_numbers_malformed_numbers_are_kept_with_the_reason() -> None:
    # 17 digits (one dropped); a birth date 1985-02-30 that does not exist; letters inside.
    values, notes = _normalize("32092419850307123", "320924198502301234", "3209A4198503071232")
    assert values == ["32092419850307123", "320924198502301234", "3209A4198503071232"]
    assert all(note is not None for note in notes)
    assert notes[0] is not None and "17" in notes[0]
    assert notes[1] is not None and "19850230" in notes[1]


def test_normalize_id_numbers_excel_scientific_notation_gets_its_own_advice() -> None:
    _, notes = _normalize("3.20924198503071E+17")
    assert notes[0] is not None and "format the column as text" in notes[0]


def test_normalize_id_numbers_all_blank_column() -> None:
    assert _normalize(None, None) == ([None, None], [None, None])


_BODIES = st.builds(
    lambda region, born, sequence: f"{region}{born:%Y%m%d}{sequence:03d}",
    st.sampled_from(["110105", "320924", "440524", "000000"]),
    st.dates(min_value=date(1850, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(0, 999),
)


@example(body="11010520250102000", check=None)  # born 2025-01-02, the day after TODAY
@given(_BODIES, st.sampled_from("0123456789X") | st.none())
def test_normalize_id_numbers_note_exactly_when_resident_id_rejects(
    body: str, check: str | None
) -> None:
    # check None means "the right check character": about half the examples are valid.
    number = body + (check_character(body) if check is None else check)
    _, notes = _normalize(number)
    assert (notes[0] is None) == is_valid(number, today=TODAY)
