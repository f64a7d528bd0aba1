"""Every record as its source wrote it, beside its cluster and prepared values, with real dates.

Invalid values and late registrations are judged per record on what the source itself holds:
``records.parquet`` has already completed a missing birth date and sex from the ID number,
which would hide exactly the disagreement the ID checks look for. So those checks read
``sources.parquet`` (the canonical columns as read, plus ``recorded_date`` and the spouse of a
marriage record) and take from ``records.parquet`` only what preparation adds: the normalised
ID (``id_raw``), its 18-digit form and validity, and the completed birth date and sex.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from hedui.identity.dates import parse_dates
from hedui.linkage.id_keys import id_keys
from hedui.reconcile.findings import attach, read_columns

__all__ = ["DATE_COLUMNS", "read_source_records", "spouse_ids", "to_dates"]

DATE_COLUMNS = ("event_date", "raw_birth_date", "recorded_date")
"""Date columns of :func:`read_source_records` (``pl.Date``), as the source wrote them."""

_SOURCE_COLUMNS = [
    "source",
    "record_id",
    "event_date",
    "birth_date",
    "sex",
    "recorded_date",
    "spouse_id_number",
]


def to_dates(values: pl.Series) -> pl.Series:
    """Dates of a text column: ISO text directly, anything else through ``parse_dates``.

    Linkage writes ISO dates, so the slow general parser only sees the odd value a source
    kept in its own form (``recorded_date`` is not normalised by the reader). Unreadable
    values become null.
    """
    iso = values.str.to_date("%Y-%m-%d", strict=False)
    odd = values.is_not_null() & iso.is_null()
    if not odd.any():
        return iso.alias(values.name)
    parsed = parse_dates(values.filter(odd)).dates
    fill = pl.Series(values.name, [None] * len(values), dtype=pl.Date).scatter(
        odd.arg_true(), parsed
    )
    return iso.fill_null(fill).alias(values.name)


def spouse_ids(spouse: pl.Series) -> pl.DataFrame:
    """Birth date and sex read from each valid spouse ID number in ``spouse``.

    Returns:
        ``spouse_id_number`` (as given), ``spouse_birth_date`` (``pl.Date``), ``spouse_sex``
        (``"1"``/``"2"``); invalid numbers are absent.
    """
    keys = id_keys(spouse).filter("id_valid")
    return keys.select(
        pl.col("key").alias("spouse_id_number"),
        pl.col("id_birth_date").str.to_date("%Y-%m-%d").alias("spouse_birth_date"),
        pl.col("id_sex").alias("spouse_sex"),
    )


def read_source_records(link_dir: Path, records: pl.DataFrame) -> pl.DataFrame:
    """The records of ``sources.parquet`` with their cluster and prepared values.

    Args:
        link_dir: The link directory.
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them.

    Returns:
        Columns of ``records`` (``birth_date`` and ``event_date`` as ``pl.Date``), plus
        ``id_raw``, ``id_valid``, ``raw_birth_date`` and ``recorded_date`` (``pl.Date``),
        ``raw_sex`` and ``spouse_id_number`` as written.

    Raises:
        SourceFileError: ``sources.parquet`` or one of its columns is missing.
    """
    raw = read_columns(link_dir, "sources.parquet", _SOURCE_COLUMNS).rename(
        {"birth_date": "raw_birth_date", "sex": "raw_sex", "event_date": "raw_event_date"}
    )
    ids = read_columns(link_dir, "records.parquet", ["source", "record_id", "id_raw", "id_valid"])
    frame = attach(attach(records, ids), raw)
    frame = frame.with_columns(
        to_dates(frame.get_column("raw_event_date")).alias("event_date"),
        to_dates(frame.get_column("raw_birth_date")),
        to_dates(frame.get_column("recorded_date")),
        frame.get_column("birth_date").str.to_date("%Y-%m-%d", strict=False),
    ).drop("raw_event_date")
    return frame
