"""LinkageSpec: every problem listed at once; compiled into Splink settings."""

from __future__ import annotations

import pytest

from hedui.errors import ConfigurationError
from hedui.linkage.settings import COMPARISONS, LinkageSpec, build_settings, validate_spec


def test_validate_spec_lists_every_problem_at_once():
    spec = LinkageSpec(
        comparisons=("name", "shoe_size"),
        blocking_rules=(("event", "id18"), ("name_pinyin",), ("event", "postcode")),
        threshold=1.5,
    )
    with pytest.raises(ConfigurationError) as raised:
        validate_spec(spec)
    problems = raised.value.problems
    # Unknown comparison, a rule without event, a rule on an unknown column, bad threshold.
    assert len(problems) == 4
    assert any("shoe_size" in p for p in problems)
    assert any("must include event" in p for p in problems)
    assert any("postcode" in p for p in problems)
    assert any("threshold 1.5" in p for p in problems)


def test_validate_spec_warns_about_a_rule_on_event_alone():
    with pytest.warns(UserWarning, match="compares every pair"):
        validate_spec(LinkageSpec(blocking_rules=(("event",), ("event", "id18"))))


def test_validate_spec_warns_about_a_low_threshold():
    with pytest.warns(UserWarning, match="below 0.5"):
        validate_spec(LinkageSpec(threshold=0.3))


def test_build_settings_compiles_every_comparison_and_rule():
    spec = LinkageSpec()
    settings = build_settings(spec).create_settings_dict("duckdb")
    names = [c["output_column_name"] for c in settings["comparisons"]]
    assert names == list(COMPARISONS)
    assert len(settings["blocking_rules_to_generate_predictions"]) == len(spec.blocking_rules)
    assert all(
        '"event_group"' in rule["blocking_rule"]
        for rule in settings["blocking_rules_to_generate_predictions"]
    )
    assert settings["link_type"] == "dedupe_only"
    assert settings["unique_id_column_name"] == "unique_id"


def test_linkage_spec_round_trips_through_json():
    spec = LinkageSpec(threshold=0.95, comparisons=("resident_id", "name"))
    assert LinkageSpec.model_validate_json(spec.model_dump_json()) == spec
