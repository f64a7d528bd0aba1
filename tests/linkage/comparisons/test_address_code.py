"""AddressCodeComparison on 12-digit statistical division codes."""

from __future__ import annotations

from hedui.linkage.comparisons import AddressCodeComparison


def place(code: str | None, event: str = "resident") -> dict[str, str | None]:
    township = code[:9] if code and len(code) == 12 else None
    return {"village": code, "township": township, "event": event}


def test_address_code_levels(levels_of):
    home = place("320924101201")  # village 201 of township 320924101
    pairs = [
        (home, place("320924101201")),
        (home, place("320924101205")),  # next village, same township
        (home, place("320924103201")),  # another township
        (home, place("320924110201")),  # township 110, another one (not a typo level)
        (place("3130"), place("3133")),  # a postcode with its last digit mistyped
        (home, place(None)),
    ]
    assert levels_of(AddressCodeComparison(), pairs) == [
        "同村 same village",
        "同乡镇 same township",
        "不同 elsewhere",
        "不同 elsewhere",
        "代码一位之差 one character apart",
        "缺失 missing",
    ]


def test_address_code_is_no_evidence_between_the_halves_of_a_move(levels_of):
    # 徐树森 moved from village 211 of township 107 to a community of township 001: the
    # move-out carries the old code, the move-in the new one. They must differ.
    out = place("411524107211", "move_out")
    into = place("411524001001", "move_in")
    assert levels_of(AddressCodeComparison(), [(out, into)]) == [
        "迁出地与迁入地 the two ends of a move"
    ]


def test_address_code_a_hospital_birth_elsewhere_is_no_evidence(levels_of):
    # The hospital writes where the mother lives (the county seat, or only the county's
    # code); the police write the child's hukou village. Two births in one village still
    # agree; elsewhere is neutral — but two deaths elsewhere are not.
    hospital = place("320924107002", "birth")
    county_only = place("320924000000", "birth")
    police = place("320924001011", "birth")
    pairs = [(hospital, police), (county_only, police), (police, police)]
    assert levels_of(AddressCodeComparison(), pairs) == [
        "出生：医院记母亲现住址 hospital: the mother's address",
        "出生：医院记母亲现住址 hospital: the mother's address",
        "同村 same village",
    ]
    deaths = (place("320924107002", "death"), place("320924001011", "death"))
    assert levels_of(AddressCodeComparison(), [deaths]) == ["不同 elsewhere"]
