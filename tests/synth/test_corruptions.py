"""The single-value mistakes: hand-worked examples and properties that hold for all inputs."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from hedui.identity.dates import parse_date
from hedui.identity.resident_id import check_character, is_valid, normalize, to_18
from hedui.synth import corruptions
from hedui.synth.names_data import homophones

# A valid number worked out by hand. Weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 times the
# digits 3 2 0 9 2 4 1 9 8 5 0 3 0 7 0 0 3 sum to 258; 258 mod 11 = 5; (1 - 5) mod 11 = 7.
VALID = "320924198503070037"

digits17 = st.text(alphabet="0123456789", min_size=17, max_size=17)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))


def test_check_character_matches_the_worked_example() -> None:
    assert check_character(VALID[:17]) == VALID[17]


def test_homophone_replaces_one_character_by_one_of_its_group() -> None:
    # 王丽 has two confusable characters: 王 (王/汪) and 丽 (丽/莉/俐/力/立).
    rng = np.random.default_rng(0)
    result = corruptions.homophone("王丽", rng)
    assert result != "王丽"
    assert len(result) == 2
    changed = [i for i in range(2) if result[i] != "王丽"[i]]
    assert len(changed) == 1
    assert result[changed[0]] in homophones()["王丽"[changed[0]]]


def test_homophone_leaves_a_name_without_confusable_characters() -> None:
    # Neither 鲍 nor 蕤 is in the table.
    assert corruptions.homophone("鲍蕤", np.random.default_rng(0)) == "鲍蕤"


def test_to_traditional_converts_with_opencc() -> None:
    assert corruptions.to_traditional(["王丽华", "张建国", "李明"]) == ["王麗華", "張建國", "李明"]


def test_fullwidth_digits_normalise_back() -> None:
    assert corruptions.fullwidth("32092419850307003X") == "３２０９２４１９８５０３０７００３Ｘ"
    assert normalize(corruptions.fullwidth(VALID)) == VALID


def test_to_15_digits_drops_century_and_check() -> None:
    # 320924 19 850307 003 5 → 320924 850307 003
    assert corruptions.to_15_digits(VALID) == "320924850307003"
    assert to_18(corruptions.to_15_digits(VALID)) == VALID


@given(digits17, st.integers(0, 2**32 - 1))
def test_wrong_digit_always_fails_the_check(body: str, seed: int) -> None:
    number = body + check_character(body)
    corrupted = corruptions.wrong_digit(number, np.random.default_rng(seed))
    assert sum(a != b for a, b in zip(number, corrupted, strict=True)) == 1
    assert not is_valid(corrupted)


@given(digits17, st.integers(0, 2**32 - 1))
def test_swap_adjacent_digits_fails_the_check_or_changes_nothing(body: str, seed: int) -> None:
    number = body + check_character(body)
    swapped = corruptions.swap_adjacent_digits(number, np.random.default_rng(seed))
    if len(set(body)) == 1:
        assert swapped == number
    else:
        assert sorted(swapped) == sorted(number)
        assert not is_valid(swapped)


def test_day_month_swap_worked_examples() -> None:
    assert corruptions.day_month_swap("1985-03-07") == "1985-07-03"
    assert corruptions.day_month_swap("1985-03-17") == "1985-03-17"  # no 17th month
    assert corruptions.day_month_swap("1985-05-05") == "1985-05-05"  # swap changes nothing


@given(days)
def test_day_month_swap_gives_a_real_date(day: date) -> None:
    swapped = date.fromisoformat(corruptions.day_month_swap(day.isoformat()))
    assert (swapped.year, swapped.month, swapped.day) in {
        (day.year, day.month, day.day),
        (day.year, day.day, day.month),
    }


@given(days, st.integers(0, len(corruptions.DATE_FORMATS) - 1))
def test_reformat_date_reads_back_as_the_same_day(day: date, style: int) -> None:
    text = corruptions.reformat_date(day.isoformat(), style)
    assert text != day.isoformat()
    assert parse_date(text).value == day


def test_reformat_date_styles() -> None:
    styles = [corruptions.reformat_date("1985-03-07", s) for s in range(4)]
    assert styles == ["1985/3/7", "19850307", "1985年3月7日", "1985.03.07"]


@given(days, st.integers(0, 2**32 - 1))
def test_lunar_shift_moves_15_to_50_days_earlier(day: date, seed: int) -> None:
    shifted = date.fromisoformat(
        corruptions.lunar_shift(day.isoformat(), np.random.default_rng(seed))
    )
    assert timedelta(days=15) <= day - shifted <= timedelta(days=50)


def test_newborn_placeholder_forms() -> None:
    assert corruptions.newborn_placeholder("张丽", False, 0.1) == "张丽之女"
    assert corruptions.newborn_placeholder("张丽", True, 0.1) == "张丽之子"
    assert corruptions.newborn_placeholder("张丽", True, 0.7) == "男婴"
    assert corruptions.newborn_placeholder(None, False, 0.1) == "女婴"
    assert corruptions.newborn_placeholder("张丽", None, 0.1) == "无名"
    assert corruptions.newborn_placeholder("张丽", True, 0.95) == "无名"
