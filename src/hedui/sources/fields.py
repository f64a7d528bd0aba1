"""Column-at-a-time normalisation of the plain fields: blanks, events, sex codes, address codes.

Every function takes a whole column and works on its *distinct* values: a million-row source
holds a handful of event words and sex codes, so each is interpreted once in Python and the
answers are spread back over the column by polars. The results say, row for row, what the value
became, why the row must be quarantined (``errors``) and what is worth a warning (``notes``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import NamedTuple

import polars as pl

from hedui.errors import InvalidSexError
from hedui.identity.sex import Sex, normalize_sex
from hedui.sources.schema import Event

__all__ = [
    "BLANK_MARKERS",
    "FieldResult",
    "check_address_codes",
    "clean_text",
    "map_distinct",
    "normalize_events",
    "normalize_sexes",
    "nulls",
    "spread",
]

BLANK_MARKERS = frozenset(
    {"", "null", "none", "nan", "n/a", "na", "-", "--", "—", "/", "无", "不详", "暂无", "未填"}
)
"""Values exports write for "nothing here"; compared after trimming, ignoring case."""

_EVENT_WORDS: dict[str, Event] = {
    **{event.value: event for event in Event},
    **{event.label_zh: event for event in Event},
    "出生登记": Event.BIRTH,
    "死亡登记": Event.DEATH,
    "结婚登记": Event.MARRIAGE,
    "离婚登记": Event.DIVORCE,
    "户口迁入": Event.MOVE_IN,
    "迁入登记": Event.MOVE_IN,
    "户口迁出": Event.MOVE_OUT,
    "迁出登记": Event.MOVE_OUT,
    "常住": Event.RESIDENT,
    "常住人口": Event.RESIDENT,
    "户籍人口": Event.RESIDENT,
}

_ADDRESS_CODE = r"^[0-9]{12}$"
"""ASCII digits only: ``\\d`` also takes full-width digits (``３２０９…``), a bad code."""


class FieldResult(NamedTuple):
    """One column after normalisation; all three series are ``Utf8`` and row for row."""

    values: pl.Series
    errors: pl.Series
    notes: pl.Series


# Blank markers in the spellings exports use, so no column has to be lower-cased to find them.
_BLANK_SPELLINGS = sorted({v for m in BLANK_MARKERS for v in (m, m.upper(), m.title())})
# Every whitespace character (the full-width space U+3000 among them): looking at each value's
# first and last character is much cheaper than a regex over the whole column.
_WHITESPACE = [c for c in map(chr, range(0x3001)) if c.isspace()]


def clean_text(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """Trim whitespace (full-width spaces too) and turn blank markers (:data:`BLANK_MARKERS`)
    into nulls in ``columns``; everything else stays exactly as written.

    Columns are cleaned in one polars query, so in parallel, and a column is only trimmed when
    some value in it starts or ends with whitespace (most export columns never do).
    """
    edges = frame.select(
        (pl.col(c).str.head(1).is_in(_WHITESPACE) | pl.col(c).str.tail(1).is_in(_WHITESPACE)).any()
        for c in columns
    ).row(0)
    cleaned = []
    for column, has_spaces in zip(columns, edges, strict=True):
        text = pl.col(column).cast(pl.Utf8)
        if has_spaces:
            text = text.str.strip_chars()
        cleaned.append(
            pl.when(text.is_in(_BLANK_SPELLINGS)).then(None).otherwise(text).alias(column)
        )
    return frame.select(cleaned)


def nulls(length: int, name: str = "") -> pl.Series:
    """A ``Utf8`` series of ``length`` nulls."""
    return pl.repeat(None, length, dtype=pl.Utf8, eager=True).alias(name)


def spread(
    column: pl.Series, table: pl.DataFrame, *, where: pl.Series | None = None
) -> FieldResult:
    """Give every row of ``column`` the answer its value has in ``table``.

    Args:
        column: ``Utf8`` values.
        table: One row per distinct value: ``key``, ``value``, ``error``, ``note`` (all ``Utf8``).
        where: If given, only these rows are looked up (the others get nulls); worth it when they
            are a small part of a large column.
    """
    table = table.select(pl.col("key", "value", "error", "note").cast(pl.Utf8))
    if where is None and _is_identity(table):
        return FieldResult(column, nulls(len(column), "errors"), nulls(len(column), "notes"))
    subset = column if where is None else column.filter(where)
    joined = subset.to_frame("key").join(table, on="key", how="left", maintain_order="left")
    if where is None:
        return FieldResult(joined["value"], joined["error"], joined["note"])
    positions = where.arg_true()
    return FieldResult(
        *(
            nulls(len(column), name).scatter(positions, joined[name])
            for name in ("value", "error", "note")
        )
    )


def map_distinct(
    column: pl.Series,
    interpret: Callable[[str], tuple[str | None, str | None, str | None]],
    *,
    where: pl.Series | None = None,
) -> FieldResult:
    """Interpret each distinct non-null value once in Python and :func:`spread` the answers.

    Args:
        column: ``Utf8`` values.
        interpret: Maps one value to ``(normalised value, error, note)``.
        where: If given, only values at these rows are interpreted and answered.
    """
    chosen = column if where is None else column.filter(where)
    keys = chosen.drop_nulls().unique().to_list()
    answers = [interpret(key) for key in keys]
    table = pl.DataFrame(
        {
            "key": pl.Series(keys, dtype=pl.Utf8),
            **{
                name: pl.Series([a[i] for a in answers], dtype=pl.Utf8)
                for i, name in enumerate(("value", "error", "note"))
            },
        }
    )
    return spread(column, table, where=where)


def _is_identity(table: pl.DataFrame) -> bool:
    """Whether every value maps to itself with no error or note (the column is already clean)."""
    return bool(
        table["error"].is_null().all()
        and table["note"].is_null().all()
        and (table["value"] == table["key"]).fill_null(False).all()
    )


def normalize_events(column: pl.Series) -> FieldResult:
    """Events as canonical words (``birth`` ... ``resident``); Chinese words such as 出生, 迁入 and
    户口迁出 are accepted. A blank or unknown event is an error: without it the row cannot be
    counted anywhere."""
    result = map_distinct(column, _event)
    if column.is_not_null().all():
        return result
    missing = pl.repeat("事件类型为空 / event is empty", len(column), dtype=pl.Utf8, eager=True)
    return result._replace(errors=result.errors.zip_with(column.is_not_null(), missing))


def normalize_sexes(column: pl.Series) -> FieldResult:
    """Sex as the GB/T 2261.1 code ``"1"`` (male) or ``"2"`` (female); unknown (``0``), unstated
    (``9``) and blank become null, since neither can be compared with another record. A value
    :func:`~hedui.identity.sex.normalize_sex` does not understand is an error."""
    return map_distinct(column, _sex)


def check_address_codes(column: pl.Series) -> FieldResult:
    """Address codes are kept as written; one that is not 12 digits (the village-level code of
    the national statistical division) gets a note, because linkage blocks on it."""
    wrong = column.is_not_null() & ~column.str.contains(_ADDRESS_CODE)
    note = "地址编码应为 12 位数字的村级区划代码 / address_code should be a 12-digit village code"
    notes = pl.select(pl.when(wrong).then(pl.lit(note)).alias("notes")).to_series()
    return FieldResult(column, nulls(len(column), "errors"), notes)


def _event(value: str) -> tuple[str | None, str | None, str | None]:
    key = unicodedata.normalize("NFKC", value).strip().lower().replace(" ", "_").replace("-", "_")
    event = _EVENT_WORDS.get(key)
    if event is not None:
        return event.value, None, None
    allowed = ", ".join(e.value for e in Event)
    words = "、".join(e.label_zh for e in Event)
    return (
        None,
        f"未知的事件类型，应为 {words} 之一 / unknown event, expected one of {allowed}",
        None,
    )


def _sex(value: str) -> tuple[str | None, str | None, str | None]:
    try:
        sex = normalize_sex(value)
    except InvalidSexError as error:
        return None, str(error), None
    return (sex.value if sex in (Sex.MALE, Sex.FEMALE) else None), None, None
