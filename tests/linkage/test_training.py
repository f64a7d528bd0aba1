"""complete_parameters: unobserved levels filled by a stated rule."""

from __future__ import annotations

from hedui.linkage.training import M_FLOOR, UNOBSERVED, complete_parameters


def _settings(levels: list[dict[str, object]]) -> dict[str, object]:
    null = {"is_null_level": True, "label_for_charts": "missing"}
    return {
        "comparisons": [
            {"output_column_name": "address_code", "comparison_levels": [null, *levels]}
        ]
    }


def test_complete_parameters_fills_unobserved_m_and_u_with_splinks_floor():
    # "elsewhere" never seen among random pairs nor among training pairs (a one-township
    # county): both become 1e-6 (m is raised to the floor, then lowered to u as the last
    # level), a weight of 0.
    settings = _settings(
        [
            {"label_for_charts": "same village", "m_probability": 0.9, "u_probability": 0.1},
            {"label_for_charts": "elsewhere"},
        ]
    )
    completed, notes = complete_parameters(settings)
    elsewhere = completed["comparisons"][0]["comparison_levels"][2]
    assert (elsewhere["m_probability"], elsewhere["u_probability"]) == (UNOBSERVED, UNOBSERVED)
    assert len(notes) == 4
    # The input is not changed.
    assert "m_probability" not in settings["comparisons"][0]["comparison_levels"][2]


def test_complete_parameters_never_lets_a_disagreement_support_a_match():
    # m 0.02 > u 0.001 on the last level: lowered to u, weight 0.
    settings = _settings(
        [
            {"label_for_charts": "same", "m_probability": 0.98, "u_probability": 0.999},
            {"label_for_charts": "different", "m_probability": 0.02, "u_probability": 0.001},
        ]
    )
    completed, notes = complete_parameters(settings)
    different = completed["comparisons"][0]["comparison_levels"][2]
    assert different["m_probability"] == different["u_probability"] == 0.001
    assert notes == ["address_code: different: m lowered to u (a disagreement is no evidence)"]


def test_complete_parameters_raises_a_tiny_m_to_the_floor_and_keeps_m_a_distribution():
    # EM on a few hundred pairs never saw a one-day slip among matches: m 1e-9 would be a
    # veto of about −30 bits. Raised to 0.002, the others rescaled so that m sums to 1.
    settings = _settings(
        [
            {"label_for_charts": "exact", "m_probability": 0.95, "u_probability": 0.001},
            {"label_for_charts": "one day", "m_probability": 1e-9, "u_probability": 0.002},
            {"label_for_charts": "different", "m_probability": 0.05 - 1e-9, "u_probability": 0.997},
        ]
    )
    completed, notes = complete_parameters(settings)
    levels = completed["comparisons"][0]["comparison_levels"][1:]
    m = [level["m_probability"] for level in levels]
    assert abs(sum(m) - 1.0) < 1e-9
    assert abs(m[1] - M_FLOOR / (1 + M_FLOOR)) < 1e-9  # 0.002 / 1.002
    assert notes == ["address_code: one day: m raised to 0.002"]
