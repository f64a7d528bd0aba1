"""Entity identifiers of events, worked out by hand."""

from __future__ import annotations

import numpy as np

from hedui.synth.events import BIRTH, DEATH, MARRIAGE, MOVE_IN, MOVE_OUT, Events, entity_codes


def test_entity_codes_number_repeatable_kinds_only() -> None:
    person = np.array([122, 122, 0, 9_999_998])
    kind = np.array([BIRTH, MOVE_OUT, DEATH, MARRIAGE], dtype=np.int8)
    # Person index 122 is P0000123; index 9,999,998 is P9999999.
    assert entity_codes(person, kind).tolist() == [
        "P0000123:birth",
        "P0000123:move_out:1",
        "P0000001:death",
        "P9999999:marriage:1",
    ]


def test_events_concat_sorts_by_date_person_and_kind() -> None:
    later = Events.of(MOVE_IN, np.array([5]), np.array([20_000]), np.array([1]), np.array([7]))
    earlier = Events.of(MOVE_OUT, np.array([5]), np.array([19_990]), np.array([0]), np.array([3]))
    merged = Events.concat([later, earlier])
    assert merged.names.tolist() == ["move_out", "move_in"]
    assert merged.village.tolist() == [0, 1]
    assert merged.spouse.tolist() == [-1, -1]
