"""The truth behind a synthetic county's records, in the one shape the case measurement reads.

:mod:`hedui.reconcile.case_quality` asks of every record four questions the sources cannot
answer but a synthetic county's truth can: which person-event is it (``entity``), on which day
did that event really happen (``true_date``), was it a move within the county
(``within_county``), and which of its compared fields hold a *wrong* value (``wrong_name``,
``wrong_id_number``, ``wrong_sex``, ``wrong_birth_date``)?

"Wrong" means the value differs from the person's own: a homophone typed for a character, a
mistyped ID digit, a flipped sex, a lunar birthday. A difference that normalisation removes (a
traditional character, full-width digits, the 15-digit ID, another date format) is not wrong,
and neither is a value left blank: nothing there to correct. :data:`SYNTH_WRONG_KINDS` lists
the error kinds of ``hedui synth`` (``truth.csv``'s ``errors``) that make a field wrong; the
independent generator's reader (``bench/bench_cases.py``) keeps its own list.

:func:`read_synth_truth` reads ``hedui synth``'s files (``truth.csv``, ``truth_events.csv`` and
the five source files, see ``docs/architecture.md``); it reads files only and never imports
:mod:`hedui.synth`, which lies beside reconciliation in the layers.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

__all__ = [
    "SYNTH_WRONG_KINDS",
    "TRUTH_COLUMNS",
    "WRONG_FIELDS",
    "read_synth_truth",
    "wrong_flags",
]

WRONG_FIELDS = ("name", "id_number", "sex", "birth_date")
"""The compared fields whose values can be wrong (``wrong_<field>`` columns)."""

TRUTH_COLUMNS = (
    "source",
    "record_id",
    "entity",
    "true_date",
    "within_county",
    *(f"wrong_{field}" for field in WRONG_FIELDS),
)
"""The columns of a record truth table, in order."""

SYNTH_WRONG_KINDS: dict[str, str] = {
    "name_homophone": "name",
    "id_digit": "id_number",
    "id_transpose": "id_number",
    "sex_flip": "sex",
    "date_day_month_swap": "birth_date",
    "birth_date_lunar": "birth_date",
}
"""``hedui synth``'s error kinds that leave a wrong value, by field. The others are cosmetic
(``name_traditional``, ``id_15``, ``id_fullwidth``, ``date_format``), blanks (``*_missing``,
placeholders) or about the mother or the record as a whole (``duplicate``)."""

_SOURCES = ("village_ledger", "township_db", "health_births", "police_hukou", "civil_marriages")


def wrong_flags(kinds: pl.Expr, wrong_kinds: dict[str, str]) -> list[pl.Expr]:
    """``wrong_<field>`` per field: whether the list of error kinds ``kinds`` holds one of
    ``wrong_kinds`` for that field."""
    return [
        kinds.list.eval(pl.element().is_in([k for k, f in wrong_kinds.items() if f == field]))
        .list.any()
        .fill_null(False)
        .alias(f"wrong_{field}")
        for field in WRONG_FIELDS
    ]


def read_synth_truth(county_dir: Path | str) -> pl.DataFrame:
    """The record truth of a county written by ``hedui synth`` (columns :data:`TRUTH_COLUMNS`).

    ``truth.csv`` names both halves of a move within the county by one entity
    (``P0000123:move:1``) while ``truth_events.csv`` dates each half (``P0000123:move_out:1``);
    a record takes the date and flag of the half its own event names. A resident record's
    entity is the person, dated on the export day.
    """
    county = Path(county_dir)
    events = pl.read_csv(county / "truth_events.csv", infer_schema=False).select(
        "entity_id",
        pl.col("event_date").alias("true_date"),
        (pl.col("within_county") == "true").alias("within_county"),
    )
    own_event = pl.concat(
        [
            pl.read_csv(
                county / f"{s}.csv", infer_schema=False, columns=["source", "record_id", "event"]
            )
            for s in _SOURCES
            if (county / f"{s}.csv").exists()
        ]
    )
    half = (
        pl.when(pl.col("entity").str.ends_with(":move:1"))
        .then(pl.col("entity").str.replace(":move:1", ":" + pl.col("event") + ":1", literal=True))
        .otherwise(pl.col("entity"))
        .alias("entity_id")
    )
    truth = pl.read_csv(county / "truth.csv", infer_schema=False).select(
        "source",
        "record_id",
        pl.col("entity_id").alias("entity"),
        pl.col("errors").fill_null("").str.split(";").alias("kinds"),
    )
    return (
        truth.join(own_event, on=["source", "record_id"], how="left")
        .with_columns(half)
        .join(events, on="entity_id", how="left")
        .select(
            "source",
            "record_id",
            "entity",
            "true_date",
            pl.col("within_county").fill_null(False),
            *wrong_flags(pl.col("kinds"), SYNTH_WRONG_KINDS),
        )
    )
