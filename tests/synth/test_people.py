"""Person identifiers and the growing people table."""

from __future__ import annotations

from datetime import date

import numpy as np

from hedui.synth.people import People, days, person_code_series, person_codes


def test_days_counts_from_1970() -> None:
    assert days(date(1970, 1, 1)) == 0
    assert days(date(2026, 1, 1)) == 20_454  # 56 years, 14 of them leap years: 56*365 + 14


def test_person_codes_are_one_based_and_zero_padded() -> None:
    assert person_codes(np.array([0, 41, 1_234_566])).tolist() == [
        "P0000001",
        "P0000042",
        "P1234567",
    ]


def test_person_code_series_leaves_unknown_links_empty() -> None:
    assert person_code_series("mother", np.array([4, -1])).to_list() == ["P0000005", None]


def test_people_extend_keeps_both_parts_in_order() -> None:
    first, second = People.new(2), People.new(1)
    first.surname[:] = "王"
    first.given[:] = ["伟", "芳"]
    second.surname[:] = "欧阳"
    second.given[:] = "子轩"
    combined = first.extend(second)
    assert len(combined) == 3
    assert combined.name.tolist() == ["王伟", "王芳", "欧阳子轩"]
    assert combined.mother.tolist() == [-1, -1, -1]
