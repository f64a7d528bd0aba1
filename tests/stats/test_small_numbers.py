"""Tests for hedui.stats.small_numbers: declining to estimate from too few records."""

from __future__ import annotations

import pytest

from hedui.errors import EstimationInputError
from hedui.stats.small_numbers import (
    DEFAULT_MIN_EVENTS,
    DEFAULT_MIN_OVERLAP,
    NotEstimable,
    overlap_problem,
    unstable_rate_note,
)


def test_overlap_problem_thresholds() -> None:
    assert DEFAULT_MIN_OVERLAP == 7
    assert overlap_problem(7, DEFAULT_MIN_OVERLAP) is None
    six = overlap_problem(6, DEFAULT_MIN_OVERLAP)
    assert six is not None and "6" in six and "7" in six
    assert six.startswith("重叠记录太少")
    none = overlap_problem(0, 1)
    assert none is not None and "no record appears" in none


def test_overlap_problem_refuses_a_minimum_below_one() -> None:
    with pytest.raises(EstimationInputError, match="at least 1"):
        overlap_problem(5, 0)


def test_unstable_rate_note_below_twenty_events() -> None:
    assert DEFAULT_MIN_EVENTS == 20
    assert unstable_rate_note(20) is None
    note = unstable_rate_note(19)
    assert note is not None and "率不稳定" in note and "unstable" in note


def test_not_estimable_to_dict() -> None:
    result = NotEstimable("chapman", "原因 / reason", {"m": 2}, ("假设 / assumption",))
    assert result.estimable is False
    assert result.to_dict() == {
        "method": "chapman",
        "estimable": False,
        "reason": "原因 / reason",
        "counts": {"m": 2},
        "assumptions": ["假设 / assumption"],
    }
