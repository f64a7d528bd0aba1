"""Repair candidates for a resident ID number that fails its check: what was probably meant.

Most keying errors in an ID number are one wrong digit or two adjacent digits swapped. The
MOD 11-2 check detects every one of them, and for each position exactly one other digit would
restore the check (unless that digit would have to be 10), so a failing number has at most
eighteen substitution candidates plus those swaps that happen to restore it. Each candidate
must itself be a valid number: a real birth date, not in the future, not before 1900.

The candidates are ranked by what else is known about the person, passed in by the caller
from other fields of the same record (birth date, sex, region), and by plausibility (a region
code that exists, and did not cease before the person was born). The score is a sum of points,
not a probability: +3/-3 for a birth date that agrees or not, +1/-1 for sex (one bit of
evidence), +3 for the known region, +1 for its prefecture, -2 for another region, +1 for a
region code in the GB/T 2260 table and -2 for one that is not, -1 for a code abolished before
the birth year. A single substitution and an adjacent swap get the same prior: Verhoeff's
counts (1969) make swaps about eight times rarer than one-digit errors, but there are about ten
times fewer ways to make one (17 adjacent pairs against 162 one-digit changes).
This module proposes; a clerk decides. Nothing here changes a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from hedui.errors import InvalidResidentIdError
from hedui.identity.regions import lookup_region
from hedui.identity.resident_id_text import CheckedNumber, check_character, check_number, normalize
from hedui.identity.sex import Sex, sex_from_id

__all__ = ["RepairCandidate", "repair_candidates"]

RepairKind = Literal["substitution", "transposition"]

_DIGITS = "0123456789"


@dataclass(frozen=True)
class RepairCandidate:
    """A valid number one keying error away from the one given.

    Attributes:
        number: The candidate, 18 characters.
        kind: ``"substitution"`` (one character differs) or ``"transposition"`` (two
            adjacent characters swapped).
        positions: The changed positions, counted from 1 as GB 11643 does (one for a
            substitution, two for a transposition).
        score: Ranking points; higher is more likely. See the module docstring.
        reasons: Why the score is what it is, one bilingual phrase per point awarded.
    """

    number: str
    kind: RepairKind
    positions: tuple[int, ...]
    score: float
    reasons: tuple[str, ...]


def _edits(number: str) -> list[tuple[str, RepairKind, tuple[int, ...]]]:
    edits: list[tuple[str, RepairKind, tuple[int, ...]]] = []
    for i, current in enumerate(number):
        for ch in _DIGITS + "X" if i == 17 else _DIGITS:
            if ch != current:
                edits.append((number[:i] + ch + number[i + 1 :], "substitution", (i + 1,)))
    for i in range(17):
        if number[i] != number[i + 1]:
            swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
            edits.append((swapped, "transposition", (i + 1, i + 2)))
    return edits


def _score(
    region_code: str,
    born: date,
    sex: Sex,
    *,
    known_birth_date: date | None,
    known_sex: Sex | None,
    known_region: str | None,
) -> tuple[float, tuple[str, ...]]:
    points = 0.0
    reasons: list[str] = []

    def award(value: float, reason: str) -> None:
        nonlocal points
        points += value
        reasons.append(f"{value:+g} {reason}")

    if known_birth_date is not None:
        if born == known_birth_date:
            award(3, "出生日期与已知一致 birth date agrees")
        else:
            award(-3, "出生日期与已知不符 birth date differs")
    if known_sex in (Sex.MALE, Sex.FEMALE):
        if sex is known_sex:
            award(1, "性别与已知一致 sex agrees")
        else:
            award(-1, "性别与已知不符 sex differs")
    if known_region is not None:
        if region_code == known_region:
            award(3, "地区与已知一致 region agrees")
        elif region_code[:4] == known_region[:4]:
            award(1, "同一地市 same prefecture")
        else:
            award(-2, "地区与已知不符 region differs")
    region = lookup_region(region_code)
    if region.status == "unknown":
        award(-2, "地区代码不存在 unknown region code")
    else:
        award(1, "地区代码存在 region code exists")
        if region.valid_to is not None and region.valid_to < born.year:
            award(-1, "地区代码在出生前已撤销 region code abolished before birth")
    return points, tuple(reasons)


def repair_candidates(
    raw: str,
    *,
    birth_date: date | None = None,
    sex: Sex | None = None,
    region_code: str | None = None,
    today: date | None = None,
) -> list[RepairCandidate]:
    """Valid numbers one wrong character or one adjacent swap away from ``raw``, best first.

    Args:
        raw: An 18-character number as written (normalised first).
        birth_date: The person's birth date if another field of the record gives it.
        sex: The person's sex if recorded elsewhere.
        region_code: The six-digit code of where the person is known to be registered.
        today: The date a candidate's birth date may not be after; defaults to today.

    Returns:
        The candidates, highest score first (ties by number, for a stable order). Empty for a
        valid number, for a 15-digit one (it has no check character, so every one-digit change
        would look valid), and for anything not 18 characters.
    """
    today = today or date.today()
    number = normalize(raw)
    if len(number) != 18 or _checked(number, today) is not None:
        return []
    candidates = []
    for candidate, kind, positions in _edits(number):
        body = candidate[:17]
        if not (body.isascii() and body.isdigit()):
            continue
        if candidate[17] != check_character(body):
            continue
        checked = _checked(candidate, today)
        if checked is None:
            continue
        score, reasons = _score(
            candidate[:6],
            checked.birth_date,
            sex_from_id(candidate),
            known_birth_date=birth_date,
            known_sex=sex,
            known_region=region_code,
        )
        candidates.append(RepairCandidate(candidate, kind, positions, score, reasons))
    candidates.sort(key=lambda c: (-c.score, c.number))
    return candidates


def _checked(number: str, today: date) -> CheckedNumber | None:
    """The number checked on its text rules, or ``None`` when it fails them."""
    try:
        return check_number(number, today=today)
    except InvalidResidentIdError:
        return None
