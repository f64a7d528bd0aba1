"""model.json: saved, reloaded, refused when it does not fit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hedui.errors import ConfigurationError
from hedui.linkage.model_io import load_model, save_model
from hedui.linkage.settings import LinkageSpec


def _trained_levels(non_null: int) -> list[dict[str, object]]:
    levels: list[dict[str, object]] = [{"sql_condition": "x", "is_null_level": True}]
    for i in range(non_null):
        levels.append({"sql_condition": "x", "m_probability": 0.5 + i / 100, "u_probability": 0.1})
    return levels


def _splink(spec: LinkageSpec, **overrides: int) -> dict[str, object]:
    sizes = {"resident_id": 5, "name": 10, "birth_date": 8, "sex": 2, "address_code": 4}
    sizes |= {"event_date": 5, "mother": 7, "address": 3}
    sizes |= overrides
    return {
        "probability_two_random_records_match": 0.0002,
        "comparisons": [
            {"output_column_name": name, "comparison_levels": _trained_levels(sizes[name])}
            for name in spec.comparisons
        ],
    }


def test_model_round_trip_carries_m_u_and_prior(tmp_path: Path):
    spec = LinkageSpec(threshold=0.95)
    path = tmp_path / "model.json"
    save_model(path, spec, _splink(spec), {"records": 12})
    model = load_model(path)
    assert model.spec == spec
    assert model.prior == 0.0002
    assert model.trained_on == {"records": 12}
    settings = model.settings().create_settings_dict("duckdb")
    assert settings["probability_two_random_records_match"] == 0.0002
    name_levels = next(c for c in settings["comparisons"] if c["output_column_name"] == "name")
    # Null levels (missing; a newborn's unsettled name) have no parameters; the others
    # carry m = 0.50, 0.51, ... as stored, in order.
    m = [level.get("m_probability") for level in name_levels["comparison_levels"]]
    assert [value for value in m if value is not None] == [0.5 + i / 100 for i in range(10)]
    assert m[0] is None and m.count(None) == 2


def test_model_with_other_levels_is_refused_with_every_mismatch(tmp_path: Path):
    spec = LinkageSpec()
    path = tmp_path / "model.json"
    save_model(path, spec, _splink(spec, name=3, sex=5), {})
    with pytest.raises(ConfigurationError) as raised:
        load_model(path).settings()
    assert len(raised.value.problems) == 2


def test_load_model_missing_file_says_how_to_get_one(tmp_path: Path):
    with pytest.raises(ConfigurationError, match="without --model"):
        load_model(tmp_path / "model.json")


def test_load_model_refuses_a_plain_splink_settings_file(tmp_path: Path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"link_type": "dedupe_only", "comparisons": []}), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not a hedui model"):
        load_model(path)


def test_load_model_refuses_broken_json(tmp_path: Path):
    path = tmp_path / "model.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not valid JSON"):
        load_model(path)
