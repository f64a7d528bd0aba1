"""blocking_recall: which true pairs the rules find, worked out by hand."""

from __future__ import annotations

import polars as pl

from hedui.linkage.blocking import PREDICTION_RULES, blocking_recall, rule_creator
from hedui.linkage.prepare import prepare_features


def test_blocking_recall_counts_pairs_per_rule_and_overall():
    # Records 0-1: same ID. Records 2-3: ID missing on one, same name pinyin and birth date.
    # Records 4-5: different IDs, names and dates: no rule finds them. Null never equals null.
    features = pl.DataFrame(
        {
            "unique_id": [0, 1, 2, 3, 4, 5],
            "event": ["resident"] * 6,
            "id18": ["A", "A", "B", None, "C", "D"],
            "name_pinyin": ["zhangsan", "zhangshan", "lisi", "lisi", None, None],
            "birth_date": ["1980-01-01", "1980-01-01", "1990-05-05", "1990-05-05", None, None],
        }
    )
    pairs = pl.DataFrame({"unique_id_l": [0, 2, 4], "unique_id_r": [1, 3, 5]})
    rules = [("event", "id18"), ("event", "name_pinyin", "birth_date")]
    result = blocking_recall(features, pairs, rules)
    assert (result.true_pairs, result.found) == (3, 2)
    assert result.by_rule == {"event + id18": 1, "event + name_pinyin + birth_date": 1}
    assert result.cumulative == {"event + id18": 1, "event + name_pinyin + birth_date": 2}
    assert result.recall == 2 / 3


def test_every_prediction_rule_compares_only_records_of_one_event_group():
    for rule in PREDICTION_RULES:
        sql = rule_creator(rule).get_blocking_rule("duckdb").blocking_rule_sql
        assert 'l."event_group" = r."event_group"' in sql


def test_event_group_puts_the_two_halves_of_a_move_together():
    # 徐树森 left village 107211 (move_out) and arrived at 001001 (move_in) on one day's
    # registration: the two halves share an event group; a death does not join them.
    records = pl.DataFrame(
        {
            "source": ["police_hukou"] * 3,
            "record_id": ["1", "2", "3"],
            "event": ["move_out", "move_in", "death"],
            "event_date": ["2025-10-07"] * 3,
            "name": ["徐树森"] * 3,
            "id_number": ["411524195910140490"] * 3,
        }
    )
    features = prepare_features(records)
    assert features["event_group"].to_list() == ["move", "move", "death"]
    pairs = pl.DataFrame({"unique_id_l": [0, 0], "unique_id_r": [1, 2]})
    result = blocking_recall(features, pairs, [PREDICTION_RULES[0]])
    assert result.found == 1  # the move's halves; never the death
