"""SexComparison."""

from __future__ import annotations

from hedui.linkage.comparisons import SexComparison


def test_sex_levels(levels_of):
    pairs = [
        ({"sex": "1"}, {"sex": "1"}),
        ({"sex": "1"}, {"sex": "2"}),
        ({"sex": None}, {"sex": "2"}),
    ]
    assert levels_of(SexComparison(), pairs) == ["相同 same", "不同 different", "缺失 missing"]
