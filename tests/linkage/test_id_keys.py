"""id_keys: the column-wise ID checks agree with hedui.identity.resident_id.parse."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from hedui.errors import InvalidResidentIdError
from hedui.identity.resident_id import check_character, parse
from hedui.linkage import id_keys as id_keys_module
from hedui.linkage.id_keys import id_keys

TODAY = date(2026, 6, 1)


def keys_of(*values: str) -> dict[str, dict[str, object]]:
    frame = id_keys(pl.Series(values, dtype=pl.Utf8), today=TODAY)
    return {row["key"]: row for row in frame.iter_rows(named=True)}


def test_id_keys_valid_18_digit_number() -> None:
    # GB 11643's example: born 1949-12-31, sequence 002 (even: female), check X.
    row = keys_of("11010519491231002X")["11010519491231002X"]
    assert (row["id18"], row["id_valid"]) == ("11010519491231002X", True)
    assert (row["id_birth_date"], row["id_sex"]) == ("1949-12-31", "2")


def test_id_keys_converts_15_digit_numbers() -> None:
    row = keys_of("110105491231002")["110105491231002"]
    assert (row["id_raw"], row["id18"], row["id_valid"]) == (
        "110105491231002",
        "11010519491231002X",
        True,
    )


def test_id_keys_keeps_wrong_and_foreign_numbers_as_text() -> None:
    rows = keys_of("11010519491231012X", "4031247", "11010519491331002X")
    # One digit off: wrong check. A 7-digit social-security number. Month 13.
    assert [rows[k]["id_valid"] for k in rows] == [False, False, False]
    assert rows["4031247"]["id18"] == "4031247"
    assert rows["11010519491231012X"]["id_birth_date"] is None


def test_id_keys_normalises_what_the_reader_did_not() -> None:
    # Full-width digits and a lower-case x, as typed with a Chinese input method.
    raw = "１１０１０５１９４９１２３１００２x"
    assert keys_of(raw)[raw]["id18"] == "11010519491231002X"


OLD_15 = st.one_of(
    # An old number: region, a 19xx birth date without its century, sequence; no check.
    st.from_regex(r"\A(11|32|44)[0-9]{4}[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}\Z"),
    st.text(alphabet="0123456789", min_size=15, max_size=15),
)
"""15-digit numbers, most with a birth date that exists: each is converted to 18 digits."""

ID_LIKE = st.one_of(
    st.text(alphabet="0123456789X", min_size=14, max_size=19),
    OLD_15,
    st.builds(
        lambda body: body + check_character(body),
        st.from_regex(
            r"\A(11|32|44)[0-9]{4}(19[0-9]{2}|20[01][0-9])(0[1-9]|1[0-2])"
            r"(0[1-9]|[12][0-9]|3[01])[0-9]{3}\Z"
        ),
    ),
    st.from_regex(r"\A[0-9]{8}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}\Z"),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(ID_LIKE, min_size=1, max_size=20))
def test_id_keys_agrees_with_resident_id_parse(values: list[str]) -> None:
    rows = keys_of(*values)
    for value in values:
        try:
            parsed = parse(value, today=TODAY)
        except InvalidResidentIdError:
            assert rows[value]["id_valid"] is False
        else:
            row = rows[value]
            assert row["id_valid"] is True
            assert row["id18"] == parsed.number
            assert row["id_birth_date"] == parsed.birth_date.isoformat()
            assert row["id_sex"] == parsed.sex.value


ANY_TEXT = st.one_of(
    ID_LIKE,
    st.text(alphabet="0123456789Xx１２３４５６７８９０ -－‐xX×\u200b", max_size=20),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(ANY_TEXT, min_size=1, max_size=30))
def test_few_numbers_get_the_keys_the_expressions_give(values: list[str]) -> None:
    """A save's few numbers are keyed in Python; the county's with polars expressions: for any
    text, every column of both agrees."""
    series = pl.Series(values, dtype=pl.Utf8)
    assert len(set(values)) <= id_keys_module.FEW
    few = id_keys(series, today=TODAY)
    many = id_keys_module._expression_keys(series.drop_nulls().unique().sort(), TODAY)
    assert few.schema == many.schema
    assert few.rows() == many.rows()


FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@settings(max_examples=200, deadline=None)
@given(
    numbers=st.lists(OLD_15, min_size=1, max_size=10),
    typed=st.sampled_from(["as is", "full width", "spaced"]),
)
def test_few_15_digit_numbers_are_converted_as_the_expressions_convert_them(
    numbers: list[str], typed: str
) -> None:
    """Old numbers, as exported or typed (full-width digits, spaces the reader left): keyed in
    Python (``resident_id_text.to_18``) they get what the expressions give, and are 18 long."""
    if typed == "full width":
        numbers = [n.translate(FULL_WIDTH) for n in numbers]
    elif typed == "spaced":
        numbers = [f"{n[:6]} {n[6:12]} {n[12:]}" for n in numbers]
    series = pl.Series(numbers, dtype=pl.Utf8)
    few = id_keys(series, today=TODAY)
    many = id_keys_module._expression_keys(series.unique().sort(), TODAY)
    assert few.rows() == many.rows()
    assert all(len(id18) == 18 for id18 in few["id18"])
