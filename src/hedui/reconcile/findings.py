"""A finding: one discrepancy between records that a person should verify.

Findings are recomputed from a link directory on every run; they carry a ``case_key`` from
:func:`hedui.store.cases.make_case_key` so that a later step can persist them as cases and
recognise the same discrepancy next month. A finding is about *records* that disagree or are
absent, never about a person to be acted against: the explanation always asks for the records
to be checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from hedui.event_dates import PARTIAL_COLUMN
from hedui.linkage.link_dir import LinkDir
from hedui.store.cases import make_case_key

__all__ = [
    "EVENT_LABELS_ZH",
    "SOURCE_LABELS_ZH",
    "Finding",
    "make_finding",
    "read_linked_records",
]

SOURCE_LABELS_ZH = {
    "village_ledger": "村台账",
    "township_db": "乡镇数据库",
    "health_births": "出生医学证明",
    "police_hukou": "公安户籍",
    "civil_marriages": "民政婚姻登记",
}
"""Chinese names of the five sources, for explanations."""

EVENT_LABELS_ZH = {
    "birth": "出生",
    "death": "死亡",
    "marriage": "结婚",
    "divorce": "离婚",
    "move_in": "迁入",
    "move_out": "迁出",
    "resident": "在册",
}
"""Chinese names of the event types, for explanations."""

_RECORD_COLUMNS = (
    "source",
    "record_id",
    "event",
    "id18",
    "name_norm",
    "birth_date",
    "sex",
    "event_date",
)


@dataclass(frozen=True)
class Finding:
    """One discrepancy found by reconciliation.

    Attributes:
        kind: What was found, e.g. ``"birth_missing_in_police_hukou"`` or ``"sex_conflict"``.
        case_key: Stable identity of the finding (kind plus records), see ``make_case_key``.
        event: Event type of the records (``"birth"``, ``"death"`` ...).
        village_code: 12-digit village code of the records ("" when none is known).
        records: ``(source, record_id)`` of the records involved, sorted.
        field: The field that disagrees for a conflict, otherwise ``None``.
        values: ``(source, value)`` pairs, sorted by source: what each source holds.
        explanation_zh: Plain-language explanation in Chinese.
        explanation_en: The same in English.
        event_date: ISO date of the event the records describe (the most common among them),
            ``None`` when unknown; a run "to date" keeps findings up to the period's end.
        person_key: The person the finding is about, shared by every finding of that person
            (:mod:`hedui.reconcile.case_groups`); ``None`` until :func:`hedui.reconcile.find_all`
            groups the findings.
    """

    kind: str
    case_key: str
    event: str
    village_code: str
    records: tuple[tuple[str, str], ...]
    field: str | None
    values: tuple[tuple[str, str], ...]
    explanation_zh: str
    explanation_en: str
    event_date: str | None = None
    person_key: str | None = None

    @property
    def values_by_source(self) -> dict[str, str]:
        """``values`` as a dictionary keyed by source."""
        return dict(self.values)


def make_finding(
    kind: str,
    event: str,
    village_code: str,
    records: list[tuple[str, str]],
    explanation: tuple[str, str],
    field: str | None = None,
    values: dict[str, str] | None = None,
    event_date: str | None = None,
) -> Finding:
    """Build a :class:`Finding`, sorting its records and values and computing its case key."""
    ordered = tuple(sorted(set(records)))
    return Finding(
        kind=kind,
        case_key=make_case_key(kind, ordered),
        event=event,
        village_code=village_code,
        records=ordered,
        field=field,
        values=tuple(sorted((values or {}).items())),
        explanation_zh=explanation[0],
        explanation_en=explanation[1],
        event_date=event_date,
    )


def read_linked_records(link_dir: LinkDir | Path | str) -> pl.DataFrame:
    """Each linked record with its cluster and the prepared values reconciliation compares.

    Reads ``clusters.csv`` (the cluster of every record) and ``records.parquet`` (birth date
    and sex already completed from a valid ID, names normalised so that traditional and
    simplified characters agree), so conflicts are judged on the same values linkage used.

    Returns:
        Columns ``source, record_id, cluster_id, cluster, event, id18, name_norm,
        birth_date, sex, event_date, village_code, birth_date_partial``, all text but
        ``cluster`` (an integer ordered like ``cluster_id``, for fast grouping), in the order
        of ``records.parquet``. ``birth_date_partial`` (``YYYY`` or ``YYYY-MM``, see
        :mod:`hedui.event_dates`) is null when the link directory has none.

    Raises:
        LinkDirError: a file or column of the link directory is missing.
    """
    link = LinkDir.open(link_dir)
    clusters = link.clusters()
    prepared = link.records([*_RECORD_COLUMNS, "village"]).select(
        *[pl.col(c).cast(pl.Utf8) for c in _RECORD_COLUMNS],
        pl.col("village").cast(pl.Utf8).alias("village_code"),
    )
    frame = attach(prepared, clusters.with_columns(_cluster_number(clusters)))
    partial = link.partial_dates()
    if partial is None:
        frame = frame.with_columns(pl.lit(None, pl.Utf8).alias(PARTIAL_COLUMN))
    else:
        frame = frame.join(partial, on=["source", "record_id"], how="left", maintain_order="left")
    return frame.select(
        "source",
        "record_id",
        "cluster_id",
        "cluster",
        *_RECORD_COLUMNS[2:],
        "village_code",
        PARTIAL_COLUMN,
    )


def _cluster_number(clusters: pl.DataFrame) -> pl.Series:
    """An integer per cluster, for fast grouping; ordered like ``cluster_id``.

    Linkage names a cluster ``"C"`` + its smallest ``unique_id`` (zero-padded), so the number
    is that ``unique_id``; any other naming falls back to a dense rank of the names.
    """
    ids = clusters.get_column("cluster_id")
    number = ids.str.slice(1).cast(pl.Int64, strict=False)
    if number.null_count() == 0 and ids.str.starts_with("C").all():
        return number.alias("cluster")
    return ids.rank("dense").cast(pl.Int64).alias("cluster")


def attach(frame: pl.DataFrame, other: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the columns of ``other``, matched on ``source`` and ``record_id``.

    The files of one link run list each source's records in the same order (``sources.parquet``
    in the order of the input files, ``records.parquet`` sorted by source), so when the keys
    agree row by row — directly or once ``other``'s source blocks are put in ``frame``'s order
    — the columns are placed side by side (a second for three million rows) instead of joined
    on two text columns (several seconds); otherwise an inner join does the matching.
    """
    keys = ["source", "record_id"]
    if frame.height == other.height:
        if not frame.select(keys).equals(other.select(keys)):
            order = frame.get_column("source").unique(maintain_order=True).to_list()
            blocks = other.partition_by("source", as_dict=True, maintain_order=True)
            if len(blocks) == len(order):
                other = pl.concat([blocks[(source,)] for source in order])
        if frame.select(keys).equals(other.select(keys)):
            return frame.hstack(other.drop(keys).get_columns())
    return frame.join(other, on=keys, how="inner")
