"""Every record as its source wrote it, beside its cluster and prepared values, with real dates.

Invalid values and late registrations are judged per record on what the source itself holds:
``records.parquet`` has already completed a missing birth date and sex from the ID number,
which would hide exactly the disagreement the ID checks look for. So those checks read
``sources.parquet`` (the canonical columns as read, plus ``recorded_date`` and the spouse of a
marriage record) and take from ``records.parquet`` only what preparation adds: the normalised
ID (``id_raw``), its 18-digit form and validity, and the completed birth date and sex.
"""

from __future__ import annotations

import polars as pl

from hedui.identity.dates import parse_dates
from hedui.linkage.id_keys import id_keys
from hedui.linkage.link_dir import LinkDir
from hedui.reconcile.findings import attach

__all__ = ["read_source_records", "spouse_ids", "to_iso"]

_SOURCE_COLUMNS = [
    "source",
    "record_id",
    "birth_date",
    "sex",
    "recorded_date",
    "spouse_id_number",
]


def to_iso(values: pl.Series) -> pl.Series:
    """ISO text (``YYYY-MM-DD``) of a column of dates as a source wrote them.

    Linkage writes ISO dates, so the slow general parser (:func:`parse_dates`) only sees the
    odd value a source kept in its own form (``recorded_date`` is not normalised by the
    reader). Unreadable values become null. ISO text compares in date order, so the checks
    compare text and turn it into dates only for the few rows that need arithmetic.
    """
    iso = values.str.contains(r"^\d{4}-\d{2}-\d{2}$")
    odd = values.is_not_null() & ~iso.fill_null(False)
    if not odd.any():
        return values
    parsed = parse_dates(values.filter(odd)).dates.dt.strftime("%Y-%m-%d")
    return values.scatter(odd.arg_true(), parsed)


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


def read_source_records(link: LinkDir, records: pl.DataFrame) -> pl.DataFrame:
    """The records of ``sources.parquet`` with their cluster and prepared values.

    Args:
        link: The link directory.
        records: As :func:`hedui.reconcile.findings.read_linked_records` returns them.

    Returns:
        Columns of ``records`` (``event_date`` and the completed ``birth_date`` as prepared),
        plus ``id_raw``, ``id_valid``, ``raw_birth_date`` and ``recorded_date`` (ISO text;
        see :func:`to_iso`), ``raw_sex`` and ``spouse_id_number`` as the source wrote them.

    Raises:
        LinkDirError: ``sources.parquet`` or one of its columns is missing.
    """
    raw = link.sources(_SOURCE_COLUMNS).rename({"birth_date": "raw_birth_date", "sex": "raw_sex"})
    ids = link.records(["source", "record_id", "id_raw", "id_valid"])
    frame = attach(attach(records, ids), raw)
    return frame.with_columns(
        to_iso(frame.get_column("raw_birth_date")), to_iso(frame.get_column("recorded_date"))
    )
