"""feature_rows: a save's few records prepared row by row, exactly as prepare_features does."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import polars as pl
from hypothesis import event, given, settings
from hypothesis import strategies as st

from hedui.identity.resident_id import check_character
from hedui.linkage.feature_rows import feature_rows
from hedui.linkage.prepare import prepare_features
from hedui.sources.schema import CANONICAL_COLUMNS

TODAY = date(2026, 6, 1)

Record = dict[str, str | None]


def frame_of(records: list[Record], columns: tuple[str, ...] = CANONICAL_COLUMNS) -> pl.DataFrame:
    """The records as the duplicate check used to hand them to polars: every column Utf8."""
    return pl.DataFrame(
        [{c: record.get(c) for c in columns} for record in records],
        schema=dict.fromkeys(columns, pl.Utf8),
    )


def prepared(
    records: list[Record], columns: tuple[str, ...] = CANONICAL_COLUMNS
) -> list[dict[str, object]]:
    return prepare_features(frame_of(records, columns), today=TODAY).rows(named=True)


def one_row(**fields: str | None) -> dict[str, object]:
    (row,) = feature_rows([{"source": "v", "record_id": "1", **fields}], today=TODAY)
    assert [row] == prepared([{"source": "v", "record_id": "1", **fields}])
    return row


# A mother born 1990-03-07 (sequence 122: female, check 2).
MOTHER_ID = "320924199003071222"


def test_feature_rows_takes_a_child_s_id_equal_to_the_mother_s_as_misplaced() -> None:
    # The clerk typed the mother's number in the child's column too: the child has no ID,
    # and the mother's keys are kept.
    row = one_row(event="birth", id_number=MOTHER_ID, mother_id_number=MOTHER_ID)
    assert (row["id_raw"], row["id18"], row["id_valid"], row["id_head"]) == (
        None,
        None,
        False,
        None,
    )
    assert (row["birth_date"], row["sex"]) == (None, None)
    assert (row["mother_id18"], row["mother_id_valid"], row["mother_key"]) == (
        MOTHER_ID,
        True,
        MOTHER_ID,
    )
    # On any other event the same number is the person's own.
    assert one_row(event="resident", id_number=MOTHER_ID, mother_id_number=MOTHER_ID)["id_valid"]


def test_feature_rows_reads_the_mother_from_a_newborn_placeholder() -> None:
    # 王芳之子: no name for the child, but the mother is 王芳 (wangfang) when no mother is given.
    row = one_row(event="birth", name="王芳之子")
    assert (row["name_norm"], row["mother_name_norm"], row["mother_key"]) == (
        None,
        "王芳",
        "wangfang",
    )
    assert one_row(event="birth", name="王芳之子", mother_name="李娜")["mother_key"] == "lina"


def test_feature_rows_keeps_a_partial_birth_date_to_its_precision() -> None:
    row = one_row(event="birth", birth_date_partial="1948-03")
    assert (row["birth_date"], row["birth_day"], row["birth_month"], row["birth_year"]) == (
        None,
        None,
        "1948-03",
        "1948",
    )
    assert row["newborn_month"] == "1948-03"
    row = one_row(event="death", birth_date_partial="1948")
    assert (row["birth_month"], row["birth_year"], row["newborn_month"]) == (None, "1948", None)


def test_feature_rows_folds_a_latin_address_and_leaves_a_chinese_one() -> None:
    row = one_row(address="  12 Main   St,  Room 5\u3000", address_code="320924101001")
    assert (row["address_text"], row["village"], row["township"]) == (
        "12 main st, room 5",
        "320924101001",
        "320924101",
    )
    assert one_row(address="江苏省 泗阳县", address_code="3209241")["address_text"] is None


def test_feature_rows_reads_dates_as_polars_does() -> None:
    # chrono: one-digit months and days, a sign before the year, nothing after the day.
    assert one_row(event_date="2025-1-5")["event_day"] == 20093
    assert one_row(event_date="+2025-01-05")["event_day"] == 20093
    assert one_row(event_date="1969-12-31")["event_day"] == -1
    for text in ("2025-13-01", "2023-02-29", "2025-01-05x", "20250105", "02025-01-05"):
        assert one_row(event_date=text)["event_day"] is None


def test_feature_rows_strips_what_polars_strips() -> None:
    # Unicode White_Space (ideographic and no-break spaces) goes; the separator \x1c stays.
    assert one_row(sex="\u30001\xa0")["sex"] == "1"
    assert one_row(address_code="\x1c")["village"] == "\x1c"
    assert one_row(name="\u3000 \t")["name_norm"] is None


# Arbitrary records, drawn to reach every rule of prepare_features.

PADDING = st.sampled_from(["", "", "", " ", "\u3000", "\xa0", "\t", "\x1c", "\n"])


def padded(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda a, v, b: a + v + b, PADDING, values, PADDING)


def blank_or(values: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    """Values, sometimes padded, or a blank (None, "", whitespace only, a lone separator)."""
    return st.one_of(
        values,
        padded(values),
        st.sampled_from([None, "", " ", "\u3000", "\xa0 ", "\x1c", "\u2028"]),
    )


BIRTH_DAY = st.dates(date(1900, 1, 1), date(2025, 12, 31))
VALID_18 = st.builds(
    lambda region, born, sequence: (lambda body: body + check_character(body))(
        f"{region}{born:%Y%m%d}{sequence:03d}"
    ),
    st.sampled_from(["110105", "320924", "440301"]),
    BIRTH_DAY,
    st.integers(0, 999),
)
VALID_15 = st.builds(
    lambda region, born, sequence: f"{region}{born:%y%m%d}{sequence:03d}",
    st.sampled_from(["110105", "320924"]),
    st.dates(date(1900, 1, 1), date(1999, 12, 31)),
    st.integers(0, 999),
)
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ID_NUMBER = st.one_of(
    VALID_18,
    VALID_15,
    VALID_18.map(lambda n: n[:17] + ("0" if n[17] != "0" else "1")),  # a wrong check
    VALID_18.map(lambda n: n.replace("X", "x")),
    VALID_18.map(lambda n: n.translate(FULL_WIDTH)),
    VALID_18.map(lambda n: f"{n[:6]} {n[6:14]} {n[14:]}"),
    st.sampled_from(["11010519491331002X", "4031247", "A1234567", "1", "X"]),
    st.text(alphabet="0123456789X", max_size=19),
)
NAME = st.sampled_from(
    [
        "王小明",
        "王晓明",
        "張偉",
        "单田芳",
        "欧阳娜娜",
        "阿依古丽·买买提",
        "王 芳",
        "王芳之子",
        "张丽之女",
        "李娜的女儿",
        "张丽宝宝",
        "男婴",
        "未取名",
        "张某",
        "王秀女",
        "Wang Wei",
        "wang  wei",
        " Zhang\u3000San Feng",
        "O'Brien",
        "baby of jane smith",
        "Baby",
        "Smith, John",
        "王 Wei",
        "123",
    ]
)
DATE = st.one_of(
    BIRTH_DAY.map(date.isoformat),
    BIRTH_DAY.map(lambda d: f"{d.year}-{d.month}-{d.day}"),
    st.sampled_from(
        [
            "2025-1-5",
            "2025-13-01",
            "2023-02-29",
            "2024-02-29",
            "1948-03",
            "1948",
            "2025-01-05x",
            "+2025-01-05",
            "-0044-03-15",
            "0999-01-01",
            "10000-01-01",
            "2025-\u30001-05",
            "2025-\x1c1-05",
            "2025/01/05",
            "未知",
        ]
    ),
)
PARTIAL = st.sampled_from(["1948", "1948-03", "1948-3", "1985-02", "1985年"])
ADDRESS_CODE = st.one_of(
    st.from_regex(r"\A32092410[0-9]{4}\Z"),
    st.sampled_from(
        ["320924", "3209241010011", "３２０９２４１０１００１", "320924101001\x1c", "32092A101001"]
    ),
)
ADDRESS = st.sampled_from(
    [
        "江苏省泗阳县众兴镇",
        "12 Main  St",
        "  Room 5,\u3000Block B ",
        "No.7 Lane\t3",
        "众兴镇 Room 5",
        "~!@# $%^",
    ]
)
EVENT = st.sampled_from(
    ["birth", "birth", "death", "marriage", "divorce", "move_in", "move_out", "resident", "other"]
)
SEX = st.sampled_from(["1", "2", "9", "0", "男", " 1"])


FIELDS = {
    "event": blank_or(EVENT),
    "event_date": blank_or(DATE),
    "name": blank_or(NAME),
    "id_number": blank_or(ID_NUMBER),
    "sex": blank_or(SEX),
    "birth_date": blank_or(DATE),
    "mother_name": blank_or(NAME),
    "mother_id_number": blank_or(ID_NUMBER),
    "address_code": blank_or(ADDRESS_CODE),
    "address": blank_or(ADDRESS),
    "birth_date_partial": blank_or(PARTIAL),
}
"""Each canonical field but the record's key; built once (building strategies per draw cost
most of the test's time)."""
SOURCE = st.sampled_from(["__new__", "village_ledger", "health_births"])
FIRST_RECORD_ID = st.sampled_from(["", "__new__", "0"])
RECORD_IDS = st.permutations([str(n) for n in range(1, 13)])
MISPLACED = st.integers(0, 4).map(lambda n: n == 0)
A_MOTHERS_ID = st.one_of(VALID_18, VALID_15)
AS_TYPED = st.booleans()


@st.composite
def records(draw: st.DrawFn) -> list[Record]:
    """1–12 records, unique by (source, record_id) as the ledger's are; one birth in five carries
    the mother's ID in the child's column (as typed, or in full-width digits)."""
    count = draw(st.integers(1, 12))
    record_ids = draw(RECORD_IDS)
    drawn: list[Record] = []
    for number in range(count):
        record: Record = {
            "source": draw(SOURCE),
            "record_id": record_ids[number] if number else draw(FIRST_RECORD_ID),
        }
        record.update((column, draw(values)) for column, values in FIELDS.items())
        if draw(MISPLACED):
            mother = draw(A_MOTHERS_ID)
            record["mother_id_number"] = mother
            record["id_number"] = mother if draw(AS_TYPED) else mother.translate(FULL_WIDTH)
            record["event"] = "birth"
        drawn.append(record)
    return drawn


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def branches(record: Mapping[str, str | None], row: Mapping[str, object]) -> set[str]:
    """The rules of prepare_features that shaped this row."""
    given = {c: record.get(c) for c in CANONICAL_COLUMNS}
    reached = {
        "valid ID": row["id_valid"] is True,
        "15-digit ID converted": row["id18"] is not None and row["id_raw"] != row["id18"],
        "invalid ID": row["id18"] is not None and row["id_valid"] is False,
        "misplaced ID": row["event"] == "birth"
        and row["id18"] is None
        and row["mother_id18"] is not None
        and bool((given["id_number"] or "").strip()),
        "mother's ID": row["mother_id_valid"] is True,
        "Han name": row["name_norm"] is not None and row["latin_tokens"] is None,
        "Latin name": row["latin_tokens"] is not None,
        "placeholder name": row["name_norm"] is None and row["mother_name_norm"] is not None,
        "mother from placeholder": row["mother_name_norm"] is not None
        and not (given["mother_name"] or "").strip(),
        "mother's name as key": row["mother_key"] is not None and row["mother_id18"] is None,
        "move": row["event_group"] == "move",
        "ISO date": isinstance(row["birth_day"], int)
        and _ISO_DATE.fullmatch(str(row["birth_date"])) is not None,
        "lax date": row["event_day"] is not None
        and _ISO_DATE.fullmatch(str(row["event_date"])) is None,
        "not a date": row["event_date"] is not None and row["event_day"] is None,
        "birth date from ID": not (given["birth_date"] or "").strip() and row["birth_date"],
        "partial month": row["birth_date"] is None and row["birth_month"] is not None,
        "partial year only": row["birth_month"] is None and row["birth_year"] is not None,
        "newborn month": row["newborn_month"] is not None,
        "sex from ID": given["sex"] not in ("1", "2") and row["sex"] is not None,
        "township": row["township"] is not None,
        "village without township": row["village"] is not None and row["township"] is None,
        "Latin address": row["address_text"] is not None,
        "non-Latin address": row["address_text"] is None
        and bool((given["address"] or "").strip(" \u3000\xa0\u2028")),
        "whitespace-only value": any(
            v is not None and v != "" and not v.strip(" \u3000\xa0\u2028") for v in given.values()
        ),
        "separator kept": any("\x1c" in str(v) for v in row.values()),
    }
    return {name for name, hit in reached.items() if hit}


ALL_BRANCHES = {
    "valid ID",
    "15-digit ID converted",
    "invalid ID",
    "misplaced ID",
    "mother's ID",
    "Han name",
    "Latin name",
    "placeholder name",
    "mother from placeholder",
    "mother's name as key",
    "move",
    "ISO date",
    "lax date",
    "not a date",
    "birth date from ID",
    "partial month",
    "partial year only",
    "newborn month",
    "sex from ID",
    "township",
    "village without township",
    "Latin address",
    "non-Latin address",
    "whitespace-only value",
    "separator kept",
}


def _rows_agree(drawn: list[Record], with_partial: bool, reached: set[str]) -> None:
    """feature_rows' rows equal prepare_features', value, type and order; the branches the
    records took are added to ``reached``."""
    columns = CANONICAL_COLUMNS
    if not with_partial:
        columns = tuple(c for c in CANONICAL_COLUMNS if c != "birth_date_partial")
        drawn = [{c: r[c] for c in columns} for r in drawn]
    expected = prepared(drawn, columns)
    assert feature_rows(drawn, today=TODAY) == expected
    assert [[type(v) for v in row.values()] for row in feature_rows(drawn, today=TODAY)] == [
        [type(v) for v in row.values()] for row in expected
    ]
    by_key = {(str(r["source"]), str(r["record_id"])): r for r in drawn}
    for row in expected:
        for branch in branches(by_key[str(row["source"]), str(row["record_id"])], row):
            event(branch)
            reached.add(branch)


@settings(max_examples=250, deadline=None, database=None)
@given(drawn=records(), with_partial=st.booleans())
def test_feature_rows_equal_prepare_features_for_arbitrary_records(
    drawn: list[Record], with_partial: bool
) -> None:
    """For any records — blanks, odd whitespace, IDs of every shape, placeholders, lax and
    impossible dates — the rows equal prepare_features' rows, value, type and order; with
    the birth_date_partial column and without it (as a file that lacks it is read)."""
    _rows_agree(drawn, with_partial, set())


def test_the_equality_is_checked_on_every_branch_of_the_rules() -> None:
    """The same check on examples that reach every branch: derandomised, the same 250 examples
    each run (a random run once missed "partial year only" and failed the suite)."""
    reached: set[str] = set()

    @settings(max_examples=250, deadline=None, database=None, derandomize=True)
    @given(drawn=records(), with_partial=st.booleans())
    def rows_agree(drawn: list[Record], with_partial: bool) -> None:
        _rows_agree(drawn, with_partial, reached)

    rows_agree()
    assert reached == ALL_BRANCHES


def test_feature_rows_kept_for_a_record_are_its_own_and_numbered_anew() -> None:
    # A record's row is kept for the next save; each call still gets rows of its own, numbered
    # by their place, and a different day (the ID's validity depends on it) is worked out anew.
    record = {"source": "s", "record_id": "b", "event": "birth", "name": "王小明"}
    earlier = {"source": "s", "record_id": "a", "event": "birth", "name": "李丽"}
    first = feature_rows([record])
    first[0]["name_norm"] = "changed by a caller"
    again = feature_rows([earlier, record])
    assert [row["unique_id"] for row in again] == [0, 1]
    assert again[1] == {**feature_rows([record])[0], "unique_id": 1}
    assert again[1]["name_norm"] != "changed by a caller"
    assert list(again[1]) == list(first[0])
    born_2030 = {**record, "id_number": "32092420300101123" + check_character("32092420300101123")}
    assert not feature_rows([born_2030], today=date(2026, 1, 1))[0]["id_valid"]
    assert feature_rows([born_2030], today=date(2031, 1, 1))[0]["id_valid"]
