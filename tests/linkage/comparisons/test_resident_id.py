"""ResidentIdComparison: exact, 15→18, repairable typos, different."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hedui.identity.resident_id import check_character, to_18
from hedui.linkage.comparisons import ResidentIdComparison

# GB 11643's own example: Beijing Chaoyang (110105), born 1949-12-31, sequence 002 → X.
VALID = "11010519491231002X"


def ids(raw: str | None, id18: str | None = None) -> dict[str, str | None]:
    return {"id_raw": raw, "id18": id18 if id18 is not None else raw}


def test_resident_id_exact_match(levels_of):
    assert levels_of(ResidentIdComparison(), [(ids(VALID), ids(VALID))]) == ["完全相同 exact"]


def test_resident_id_equal_after_15_to_18_conversion(levels_of):
    # The 1980s card read 110105491231002; to_18 inserts 19 and appends the check X.
    old = "110105491231002"
    assert to_18(old) == VALID
    level = levels_of(ResidentIdComparison(), [(ids(old, to_18(old)), ids(VALID))])
    assert level == ["15位转18位后相同 equal after 15→18"]


def test_resident_id_one_digit_off_is_repairable(levels_of):
    # Sequence 002 typed as 012: one substitution, and the check X no longer fits.
    typo = "11010519491231012X"
    assert check_character(typo[:17]) != typo[17]
    assert levels_of(ResidentIdComparison(), [(ids(VALID), ids(typo))]) == [
        "可修复（一位错或相邻两位颠倒） repairable typo"
    ]


def test_resident_id_adjacent_swap_is_repairable(levels_of):
    # Birth month and day digits 1231 typed 1321: digits 11 and 12 swapped.
    swapped = "11010519491321002X"
    assert levels_of(ResidentIdComparison(), [(ids(VALID), ids(swapped))]) == [
        "可修复（一位错或相邻两位颠倒） repairable typo"
    ]


def test_resident_id_twins_with_consecutive_sequences_are_different(levels_of):
    # Twin born the same day gets sequence 003 (odd: a boy) and check 8: two characters
    # differ, so this is not a typo of the sister's number.
    brother = "110105194912310038"
    assert check_character(brother[:17]) == "8"
    assert levels_of(ResidentIdComparison(), [(ids(VALID), ids(brother))]) == ["不同 different"]


def test_resident_id_missing_is_null(levels_of):
    assert levels_of(ResidentIdComparison(), [(ids(None), ids(VALID))]) == ["缺失 missing"]


@settings(max_examples=50, deadline=None)
@given(
    body=st.text(alphabet="0123456789", min_size=17, max_size=17),
    position=st.integers(0, 16),
    digit=st.sampled_from("0123456789"),
)
def test_resident_id_any_single_substitution_is_repairable(levels_of, body, position, digit):
    # For every valid number and every one-digit substitution in the first 17 digits,
    # the comparison says "repairable" (or "exact" when the digit did not change).
    original = body + check_character(body)
    typo = original[:position] + digit + original[position + 1 :]
    repairable = "可修复（一位错或相邻两位颠倒） repairable typo"
    expected = "完全相同 exact" if typo == original else repairable
    assert levels_of(ResidentIdComparison(), [(ids(original), ids(typo))]) == [expected]


def test_resident_id_strings_of_different_lengths_are_different_not_an_error(levels_of):
    # A 7-digit foreign number against a 6-digit one: DuckDB's hamming() would refuse
    # them; the level must simply not apply.
    assert levels_of(ResidentIdComparison(), [(ids("4031247"), ids("403124"))]) == [
        "不同 different"
    ]


def test_resident_id_with_its_last_digits_lost(levels_of):
    # Excel kept 15 significant digits of 320924199806225328 and wrote ...225000; another
    # clerk stopped after 17 characters. Both keep the region and the birth date.
    true = "320924199806225328"
    excel = "320924199806225000"
    truncated = "32092419980622532"
    other = "320924199806235383"  # another woman born the same day nearby: not a lost tail
    assert (
        levels_of(ResidentIdComparison(), [(ids(true), ids(excel)), (ids(true), ids(truncated))])
        == ["后几位丢失（Excel 或截断） last digits lost"] * 2
    )
    assert levels_of(ResidentIdComparison(), [(ids(true), ids(other))]) == ["不同 different"]
