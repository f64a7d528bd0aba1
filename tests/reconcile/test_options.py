"""Tests for hedui.reconcile.options.ReconcileOptions."""

from __future__ import annotations

from datetime import date

import pytest

from hedui.errors import ConfigurationError
from hedui.reconcile import DEFAULT_LATE_DAYS, ReconcileOptions


def test_options_defaults_follow_the_rules() -> None:
    """Births and deaths within a month, men 22, women 20, today."""
    options = ReconcileOptions()
    assert options.late_limit("birth") == 30
    assert options.late_limit("death") == 30
    assert options.late_limit("resident") is None
    assert (options.marriage_age_men, options.marriage_age_women) == (22, 20)
    assert options.today == date.today()


def test_options_override_keeps_other_defaults() -> None:
    """Setting move_in to 10 days leaves every other event at its default."""
    options = ReconcileOptions(late_days={"move_in": 10}, reference_date=date(2025, 1, 1))
    assert options.late_days == {**DEFAULT_LATE_DAYS, "move_in": 10}
    assert options.today == date(2025, 1, 1)


def test_options_list_every_problem_at_once() -> None:
    """An unknown event, a negative limit, a reference date that is text, an age of 5: four."""
    with pytest.raises(ConfigurationError) as caught:
        ReconcileOptions(
            late_days={"baptism": 3, "birth": -1},
            reference_date="2025-12-31",  # type: ignore[arg-type]
            marriage_age_women=5,
        )
    assert len(caught.value.problems) == 4
    assert "baptism" in caught.value.message and "reference_date" in caught.value.message
