"""Area codes nest by prefix; the Python and the SQL form of the rule agree."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, literal, select

from hedui.errors import InvalidInputError
from hedui.store.areas import AreaLevel, area_level, in_area, is_within, validate_area_code


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("320924", AreaLevel.COUNTY),
        ("320924101", AreaLevel.TOWNSHIP),
        ("320924101001", AreaLevel.VILLAGE),
    ],
)
def test_area_level_follows_code_length(code: str, level: AreaLevel) -> None:
    assert area_level(code) is level


@pytest.mark.parametrize("code", ["", "32092", "3209241010", "32092410100１", "32O924", "32092%"])
def test_validate_area_code_rejects_other_lengths_and_characters(code: str) -> None:
    with pytest.raises(InvalidInputError, match="6 位"):
        validate_area_code(code)


def test_is_within_village_inside_its_township_not_the_neighbours() -> None:
    assert is_within("320924101001", "320924101")
    assert is_within("320924101001", "320924")
    assert not is_within("320924102001", "320924101")
    # A record known only at county level is the county's, never a township's guess.
    assert not is_within("320924", "320924101")
    assert not is_within(None, "320924")


digits = st.text(alphabet="0123456789", min_size=6, max_size=12)
area_codes = st.sampled_from([6, 9, 12]).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(code=digits, area=area_codes)
def test_in_area_sql_agrees_with_is_within(engine: Engine, code: str, area: str) -> None:
    with engine.connect() as connection:
        inside = connection.execute(select(in_area(literal(code), area))).scalar()
    assert bool(inside) == is_within(code, area)
