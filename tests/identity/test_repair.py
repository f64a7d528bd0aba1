"""Tests for hedui.identity.repair: ranked corrections of a number that fails its check."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from hedui.identity.repair import repair_candidates
from hedui.identity.resident_id import check_character, is_valid
from hedui.identity.sex import Sex

TODAY = date(2025, 6, 1)
SAMPLE = "11010519491231002X"  # Beijing Chaoyang, 1949-12-31, female


def test_repair_candidates_year_typo_ranked_first_by_known_facts() -> None:
    # Position 10 keyed 8 instead of 9: 1949 became 1948. Only one edit turns 1948-12-31 back
    # into 1949-12-31 (position 10 → 9; the swaps 48→84 and 81→18 give 1984 and 1941), so
    # with the birth date known the original is alone at the top:
    # +3 birth date, +1 sex (sequence 002 even, female), +3 region 110105, +1 code exists = 8.
    typed = "11010519481231002X"
    candidates = repair_candidates(
        typed, birth_date=date(1949, 12, 31), sex=Sex.FEMALE, region_code="110105", today=TODAY
    )
    best = candidates[0]
    assert best.number == SAMPLE
    assert (best.kind, best.positions, best.score) == ("substitution", (10,), 8.0)
    assert all(c.score < best.score for c in candidates[1:])
    assert len(best.reasons) == 4


def test_repair_candidates_swapped_day_digits() -> None:
    # 31 typed as 13 (positions 13-14): 1949-12-13 is a real date, so only the check shows it.
    typed = "11010519491213002X"
    candidates = repair_candidates(typed, birth_date=date(1949, 12, 31), today=TODAY)
    assert candidates[0].number == SAMPLE
    assert candidates[0].kind == "transposition"
    assert candidates[0].positions == (13, 14)


def test_repair_candidates_every_candidate_is_valid_and_one_edit_away() -> None:
    typed = "320924198503071234"  # check should be 2
    candidates = repair_candidates(typed, today=TODAY)
    assert "320924198503071232" in [c.number for c in candidates]
    for candidate in candidates:
        assert is_valid(candidate.number, today=TODAY)
        differing = [
            i + 1 for i, (a, b) in enumerate(zip(typed, candidate.number, strict=True)) if a != b
        ]
        assert tuple(differing) == candidate.positions


def test_repair_candidates_unknown_region_ranks_lower() -> None:
    # 320924 (射阳县) exists; changing digit 2 from 2 to 3 gives 330924, which does not.
    candidates = {c.number: c for c in repair_candidates("320924198503071234", today=TODAY)}
    assert candidates["320924198503071232"].score == 1.0  # +1 code exists
    assert candidates["330924198503071234"].score == -2.0  # -2 unknown region code


def test_repair_candidates_code_abolished_before_birth_is_penalised() -> None:
    # 44052420000101001: 28+36+0+25+16+16+4+0+0+0+0+9+0+5+0+0+2 = 141 ≡ 9, check (1-9) mod 11 = 3.
    # 440524 (潮阳县) ceased in 1993, seven years before this birth: +1 exists, -1 abolished.
    candidates = {c.number: c for c in repair_candidates("440524200001010014", today=TODAY)}
    fixed = candidates["440524200001010013"]
    assert fixed.score == 0.0
    assert any("出生前已撤销" in reason for reason in fixed.reasons)


def test_repair_candidates_known_sex_breaks_ties() -> None:
    # Check should be 2; the candidates ...1224 (position 17: 3→2, female) and ...1232
    # (position 18) tie without more knowledge; a known male sex demotes the female one.
    candidates = repair_candidates("320924198503071234", sex=Sex.MALE, today=TODAY)
    scores = {c.number: c.score for c in candidates}
    assert scores["320924198503071232"] == 2.0
    assert scores["320924198503071224"] == 0.0


def test_repair_candidates_nothing_to_repair() -> None:
    assert repair_candidates(SAMPLE, today=TODAY) == []
    assert repair_candidates("130503670401001", today=TODAY) == []  # 15 digits: no check
    assert repair_candidates("12345", today=TODAY) == []


@given(st.text(max_size=20))
def test_repair_candidates_never_raises_and_only_proposes_valid_numbers(raw: str) -> None:
    for candidate in repair_candidates(raw, today=TODAY):
        assert is_valid(candidate.number, today=TODAY)


@given(st.dates(date(1900, 1, 1), date(2024, 12, 31)), st.integers(0, 999))
def test_repair_candidates_wrong_check_character_is_always_a_candidate(
    born: date, sequence: int
) -> None:
    body = f"110105{born:%Y%m%d}{sequence:03d}"
    right = check_character(body)
    wrong = "0" if right != "0" else "1"
    numbers = [c.number for c in repair_candidates(body + wrong, birth_date=born, today=TODAY)]
    assert body + right in numbers
