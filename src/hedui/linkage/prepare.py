"""From canonical records to linkage features: one row per record, every key precomputed.

Splink compares columns, so everything a comparison or blocking rule needs is computed
here, once, in polars. ID numbers are converted and checked column-wise
(:mod:`hedui.linkage.id_keys`); names are turned into pinyin keys by
:func:`hedui.identity.names.name_keys` over *distinct* values only: a county has far fewer
distinct names than records (each person appears in three to five sources).

Records are sorted by ``(source, record_id)`` and numbered in that order, so the integer
``unique_id`` Splink joins on — and therefore every later result — does not depend on the
order in which files were given.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl

from hedui.identity import names
from hedui.linkage.id_keys import id_keys
from hedui.sources.schema import CANONICAL_COLUMNS

FEATURE_COLUMNS = (
    "unique_id",
    "source",
    "record_id",
    "event",
    "event_group",
    "id_raw",
    "id18",
    "id_valid",
    "id_head",
    "id_back",
    "name_norm",
    "name_pinyin_tone",
    "name_pinyin",
    "name_tokens",
    "latin_tokens",
    "surname",
    "given_pinyin",
    "initials",
    "birth_date",
    "birth_day",
    "birth_month",
    "birth_year",
    "newborn_month",
    "sex",
    "mother_id18",
    "mother_id_valid",
    "mother_name_norm",
    "mother_name_pinyin",
    "mother_key",
    "village",
    "township",
    "address_text",
    "event_date",
    "event_day",
)
"""Columns of the prepared table, in order. ``id_head`` and ``id_back`` (the first and the
second half of the ID as written, 9 and 9 characters of an 18-digit number) are blocking
keys: one typo leaves one of the two halves intact.

``event_group`` is what blocking compares: the event, except that ``move_in`` and
``move_out`` are both ``move`` — the two halves of a move inside the county (out of the old
village, into the new one) are one event. ``birth_month`` (``YYYY-MM``) and ``birth_year``
hold a birth date known only to that precision (``1948年3月``, the reader's
``birth_date_partial``) as well as the leading part of a full one. ``mother_key`` is the
mother's 18-digit ID, else the pinyin of her name: what groups a mother's births.
``newborn_month`` is ``birth_month`` on birth records only: a blocking key that stays cheap in
a county of a million (a village has about one birth a month, but hundreds of residents born
in any month)."""

MOVE_EVENTS = ("move_in", "move_out")
"""The two halves of a move, compared with each other (:data:`FEATURE_COLUMNS`)."""

_NAME_SCHEMA = {
    "key": pl.Utf8,
    "name_norm": pl.Utf8,
    "name_pinyin_tone": pl.Utf8,
    "name_pinyin": pl.Utf8,
    "surname": pl.Utf8,
    "given_pinyin": pl.Utf8,
    "initials": pl.Utf8,
    "placeholder_mother": pl.Utf8,
}
_MOTHER_SCHEMA = {"key": pl.Utf8, "mother_norm": pl.Utf8, "mother_pinyin": pl.Utf8}


OPTIONAL_INPUTS = ("birth_date_partial",)
"""Canonical columns read when present: a birth date known to the year or the month."""


def _name_table(values: Iterable[str]) -> pl.DataFrame:
    rows: list[tuple[str | None, ...]] = []
    for value in values:
        keys = names.name_keys(value)
        mother = names.mother_from_placeholder(value)
        if keys is None:
            rows.append((value, None, None, None, None, None, None, mother))
        else:
            rows.append(
                (
                    value,
                    keys.normalized,
                    keys.pinyin_tone or None,
                    keys.pinyin or None,
                    keys.surname or None,
                    keys.given_pinyin or None,
                    keys.initials or None,
                    mother,
                )
            )
    return pl.DataFrame(rows, schema=_NAME_SCHEMA, orient="row")


def _mother_table(values: Iterable[str]) -> pl.DataFrame:
    rows: list[tuple[str | None, ...]] = []
    for value in values:
        keys = names.name_keys(value)
        if keys is None:
            rows.append((value, None, None))
        else:
            rows.append((value, keys.normalized, keys.pinyin or None))
    return pl.DataFrame(rows, schema=_MOTHER_SCHEMA, orient="row")


def _distinct(frame: pl.DataFrame, column: str) -> list[str]:
    return frame.get_column(column).drop_nulls().unique().sort().to_list()


def prepare_features(records: pl.DataFrame, *, today: date | None = None) -> pl.DataFrame:
    """Turn canonical records (as :func:`hedui.sources.read_source` returns them) into features.

    Args:
        records: every canonical column as ``Utf8``; dates ISO, sex a GB/T 2261.1 code.
        today: the latest birth date a valid ID number may encode; defaults to today.

    Returns:
        One row per record with the columns of :data:`FEATURE_COLUMNS`, sorted by
        ``(source, record_id)``, ``unique_id`` numbering them from 0.
    """
    columns = (*CANONICAL_COLUMNS, *(c for c in OPTIONAL_INPUTS if c not in CANONICAL_COLUMNS))
    frame = (
        records.select(
            [
                pl.col(c).cast(pl.Utf8) if c in records.columns else pl.lit(None, pl.Utf8).alias(c)
                for c in columns
            ]
        )
        .with_columns(
            [
                pl.col(c).str.strip_chars().replace("", None)
                for c in columns
                if c not in ("source", "record_id")
            ]
        )
        .sort("source", "record_id")
        .with_row_index("unique_id")
        .with_columns(pl.col("unique_id").cast(pl.Int64))
    )
    ids = id_keys(frame["id_number"], today=today)
    mother_ids = id_keys(frame["mother_id_number"], today=today).select(
        pl.col("key"),
        pl.col("id18").alias("mother_id18"),
        pl.col("id_valid").alias("mother_id_valid"),
    )
    person_names = _name_table(_distinct(frame, "name"))
    mother_names = _mother_table(_distinct(frame, "mother_name"))
    placeholder_mothers = _mother_table(_distinct(person_names, "placeholder_mother")).rename(
        {"mother_norm": "placeholder_norm", "mother_pinyin": "placeholder_pinyin"}
    )
    # The rest is one lazy query, collected once (each eager step collected on its own,
    # which on the few rows of a save's duplicate check was most of the cost).
    joined = (
        frame.lazy()
        .join(ids.lazy(), left_on="id_number", right_on="key", how="left")
        .join(mother_ids.lazy(), left_on="mother_id_number", right_on="key", how="left")
        .join(person_names.lazy(), left_on="name", right_on="key", how="left")
        .join(mother_names.lazy(), left_on="mother_name", right_on="key", how="left")
        .join(placeholder_mothers.lazy(), left_on="placeholder_mother", right_on="key", how="left")
    )
    code = pl.col("address_code")
    valid_code = code.str.contains(r"^[0-9]{12}$").fill_null(False)
    # A clerk who wrote the mother's number in the child's column: no ID for the child.
    misplaced = (pl.col("event") == "birth") & (pl.col("id18") == pl.col("mother_id18"))
    joined = joined.with_columns(
        [
            pl.when(misplaced.fill_null(False)).then(None).otherwise(pl.col(c)).alias(c)
            for c in ("id_raw", "id18", "id_valid", "id_birth_date", "id_sex")
        ]
    )
    features = joined.with_columns(
        pl.col("id_valid").fill_null(False),
        pl.col("mother_id_valid").fill_null(False),
        pl.col("id18").str.slice(0, (pl.col("id18").str.len_chars() + 1) // 2).alias("id_head"),
        pl.col("id18").str.slice((pl.col("id18").str.len_chars() + 1) // 2).alias("id_back"),
        pl.coalesce("birth_date", "id_birth_date").alias("birth_date"),
        pl.when(pl.col("sex").is_in(["1", "2"]))
        .then(pl.col("sex"))
        .otherwise(pl.col("id_sex"))
        .alias("sex"),
        pl.col("name_norm").str.split(" ").list.sort().list.join(" ").alias("name_tokens"),
        pl.coalesce("mother_norm", "placeholder_norm").alias("mother_name_norm"),
        pl.coalesce("mother_pinyin", "placeholder_pinyin").alias("mother_name_pinyin"),
        code.alias("village"),
        pl.when(valid_code).then(code.str.slice(0, 9)).otherwise(None).alias("township"),
    )
    partial = pl.col("birth_date_partial")
    month = pl.coalesce(
        pl.col("birth_date").str.slice(0, 7),
        pl.when(partial.str.len_chars() == 7).then(partial),
    )
    return (
        features.with_columns(
            pl.when(pl.col("event").is_in(MOVE_EVENTS))
            .then(pl.lit("move"))
            .otherwise(pl.col("event"))
            .alias("event_group"),
            _day_number("birth_date").alias("birth_day"),
            _day_number("event_date").alias("event_day"),
            month.alias("birth_month"),
            pl.coalesce(pl.col("birth_date"), partial).str.slice(0, 4).alias("birth_year"),
            pl.coalesce("mother_id18", "mother_name_pinyin").alias("mother_key"),
            pl.when(pl.col("event") == "birth").then(month).alias("newborn_month"),
            _latin_address().alias("address_text"),
            pl.when(pl.col("name_tokens").str.contains(r"^[\x20-\x7e]+$"))
            .then(pl.col("name_tokens"))
            .alias("latin_tokens"),
        )
        .select(FEATURE_COLUMNS)
        # A lazy join need not keep the left side's order: restore the documented one.
        .sort("unique_id")
        .collect()
    )


def _latin_address() -> pl.Expr:
    """The address lower-cased with spaces folded, where it is written in Latin script.

    The address is first made null unless it is plain ASCII, and only then normalised: in a
    county almost every address is Chinese, and normalising three million of them for
    nothing cost over a second.
    """
    address = pl.col("address")
    latin = pl.when(address.str.contains(r"^[\x20-\x7e]+$")).then(address)
    return latin.str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()


def _day_number(column: str) -> pl.Expr:
    """Days since 1970-01-01 of an ISO date string (null when it is not one)."""
    return pl.col(column).str.to_date("%Y-%m-%d", strict=False).cast(pl.Int32)
