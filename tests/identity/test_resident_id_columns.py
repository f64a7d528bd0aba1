"""The column-wise check character agrees with the one-number-at-a-time rule."""

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from hedui.identity.resident_id import check_character
from hedui.identity.resident_id_columns import check_character_expr


def test_check_character_expr_known_number() -> None:
    # 11010519491231002X: the published sample whose check character is X.
    frame = pl.DataFrame({"body": ["11010519491231002", "1101051949123100", None]})
    result = frame.select(check_character_expr(pl.col("body")).alias("check"))["check"].to_list()
    assert result == ["X", None, None]


@given(st.lists(st.text(alphabet="0123456789", min_size=17, max_size=17), min_size=1, max_size=50))
def test_check_character_expr_matches_scalar_rule(bodies: list[str]) -> None:
    frame = pl.DataFrame({"body": bodies})
    result = frame.select(check_character_expr(pl.col("body")).alias("check"))["check"].to_list()
    assert result == [check_character(body) for body in bodies]
