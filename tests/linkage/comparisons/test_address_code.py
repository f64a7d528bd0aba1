"""AddressCodeComparison on 12-digit statistical division codes."""

from __future__ import annotations

from hedui.linkage.comparisons import AddressCodeComparison


def place(code: str | None) -> dict[str, str | None]:
    township = code[:9] if code and len(code) == 12 else None
    return {"village": code, "township": township}


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
