"""A verification sample: a random, reproducible list of one village's records for a field check.

An auditor checks a few records in person (the household booklet, the certificate on the
wall) to learn how far the books can be trusted. For that the list must be

* **random**, so no one chooses the easy records;
* **reproducible**: the same village, period and seed give the same list, so anyone can redo
  the draw and see it was not arranged (the default seed is derived from village and period);
* **stratified by source**, so every source's records are checked: each source gets one record
  where the sample is big enough, and the rest is shared in proportion to each source's size
  (largest remainders, ties by source name). When ``n`` is smaller than the number of sources,
  the largest sources get one record each.

Records are a village's records as read (``sources.parquet``), placed in villages by linkage's
prepared village code (``records.parquet``). With a period, only records whose event date lies
in the period are drawn. Resident ID numbers are masked in the list.
"""

from __future__ import annotations

import csv
import hashlib
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook

from hedui.errors import InvalidInputError
from hedui.event_dates import record_event_date
from hedui.linkage.link_dir import LinkDir
from hedui.period import Period
from hedui.reconcile.case_export import masked_text
from hedui.spreadsheet import neutralise_row

__all__ = [
    "SAMPLE_COLUMNS",
    "SHEET_HEADERS",
    "VerificationSample",
    "allocate",
    "default_seed",
    "draw_sample",
    "write_sample",
]

SAMPLE_COLUMNS = (
    "source",
    "record_id",
    "event",
    "event_date",
    "name",
    "sex",
    "birth_date",
    "id_number",
    "address",
)
"""The fields an auditor needs to find a record's person and check it, in list order."""


@dataclass(frozen=True)
class VerificationSample:
    """A drawn sample: how it was drawn, and the records (dicts of :data:`SAMPLE_COLUMNS`)."""

    village_code: str
    period: str | None
    seed: int
    requested: int
    available: dict[str, int]
    allocation: dict[str, int]
    records: list[dict[str, str | None]]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary of every field."""
        return {
            "village_code": self.village_code,
            "period": self.period,
            "seed": self.seed,
            "requested": self.requested,
            "available": dict(self.available),
            "allocation": dict(self.allocation),
            "records": [dict(r) for r in self.records],
        }


def default_seed(village_code: str, period: Period | None) -> int:
    """A seed from village and period, so the default draw is the same for everyone."""
    text = f"{village_code}|{period.label if period else ''}"
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:4], "big")


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """How many records to draw per source: one each where possible, the rest proportionally.

    Args:
        sizes: Records available per source.
        n: Records wanted in all; more than are available draws them all.

    Returns:
        Records to draw per source (every source of ``sizes``); they sum to
        ``min(n, sum(sizes))`` and none exceeds its source's size.
    """
    strata = sorted(s for s, size in sizes.items() if size > 0)
    wanted = min(max(n, 0), sum(sizes[s] for s in strata))
    result = dict.fromkeys(sizes, 0)
    if wanted < len(strata):
        for source in sorted(strata, key=lambda s: (-sizes[s], s))[:wanted]:
            result[source] = 1
        return result
    spare = {s: sizes[s] - 1 for s in strata}
    rest = wanted - len(strata)
    quotas = {s: rest * spare[s] / sum(spare.values()) if rest else 0.0 for s in strata}
    for source in strata:
        result[source] = 1 + math.floor(quotas[source])
    leftover = wanted - sum(result.values())
    by_remainder = sorted(strata, key=lambda s: (-(quotas[s] - math.floor(quotas[s])), s))
    for source in by_remainder[:leftover]:
        result[source] += 1
    return result


def _read_sources(link: LinkDir) -> pl.DataFrame:
    """The sample's columns of ``sources.parquet``.

    A descriptive column absent from an older link directory (``address``) is left empty
    rather than refused: the record can still be found by its source and number.
    """
    required = ["source", "record_id", "event", "event_date"]
    optional = [c for c in SAMPLE_COLUMNS if c not in required]
    frame = link.sources(required, optional=optional)
    absent = [
        pl.lit(None, dtype=pl.Utf8).alias(c) for c in SAMPLE_COLUMNS if c not in frame.columns
    ]
    return frame.with_columns(absent).select(SAMPLE_COLUMNS)


def draw_sample(
    link_dir: LinkDir | Path | str,
    *,
    village_code: str,
    n: int,
    period: Period | None = None,
    seed: int | None = None,
) -> VerificationSample:
    """Draw ``n`` records of ``village_code`` from a link directory (see the module docstring).

    Raises:
        InvalidInputError: ``n`` is below 1, or the village has no records (in the period).
        LinkDirError: the link directory lacks ``records.parquet`` or ``sources.parquet``.
    """
    if n < 1:
        raise InvalidInputError(f"样本量至少为 1，而不是 {n} / the sample size must be ≥ 1")
    link = LinkDir.open(link_dir)
    chosen_seed = default_seed(village_code, period) if seed is None else seed
    villages = link.records(["source", "record_id", "village"])
    keys = villages.filter(pl.col("village").cast(pl.Utf8) == village_code).select(
        "source", "record_id"
    )
    records = _read_sources(link).join(keys, on=["source", "record_id"], how="semi")
    if period is not None:
        # A record belongs to the period of its event (a birth: the child's birth date), not
        # of its registration (hedui.event_dates).
        records = records.filter(
            record_event_date()
            .is_between(pl.lit(period.start.isoformat()), pl.lit(period.end.isoformat()))
            .fill_null(False)
        )
    if records.is_empty():
        within = f"（{period.label}）" if period else ""
        raise InvalidInputError(
            f"村 {village_code}{within}没有可抽样的记录，请核对村代码或报告期 / village "
            f"{village_code} has no records to sample{' in ' + period.label if period else ''}; "
            f"check the village code or the period"
        )
    by_source = records.sort("source", "record_id").partition_by("source", as_dict=True)
    sizes = {str(key[0]): frame.height for key, frame in by_source.items()}
    allocation = allocate(sizes, n)
    drawn: list[dict[str, str | None]] = []
    for (source,), frame in sorted(by_source.items()):
        rng = random.Random(f"{chosen_seed}:{source}")
        picks = sorted(rng.sample(range(frame.height), allocation[str(source)]))
        for row in frame[picks].to_dicts():
            row["id_number"] = masked_text(row["id_number"]) if row["id_number"] else None
            drawn.append(row)
    return VerificationSample(
        village_code=village_code,
        period=period.label if period else None,
        seed=chosen_seed,
        requested=n,
        available=dict(sorted(sizes.items())),
        allocation=dict(sorted(allocation.items())),
        records=drawn,
    )


SHEET_HEADERS = (
    "来源 source",
    "记录号 record_id",
    "事件 event",
    "事件日期 event_date",
    "姓名 name",
    "性别 sex",
    "出生日期 birth_date",
    "身份证号（遮蔽）id_number (masked)",
    "地址 address",
    "核实结果 check result",
    "核实人 checked by",
)


def write_sample(path: Path, sample: VerificationSample) -> None:
    """Write the list as ``.csv`` (UTF-8 with BOM, for Excel) or ``.xlsx``.

    Two blank columns are left for the auditor's result and name. Text that a spreadsheet might
    run as a formula gets a ``'`` in front (:mod:`hedui.spreadsheet`).

    Raises:
        InvalidInputError: the file name ends in neither ``.csv`` nor ``.xlsx``.
    """
    rows = [
        neutralise_row([r.get(c) or "" for c in SAMPLE_COLUMNS] + ["", ""]) for r in sample.records
    ]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(SHEET_HEADERS)
            writer.writerows(rows)
    elif suffix == ".xlsx":
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = sample.village_code
        sheet.append(list(SHEET_HEADERS))
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                cell.data_type = "s"  # names and addresses stay text, never formulas
        workbook.save(path)
    else:
        raise InvalidInputError(
            f"样本文件须为 .csv 或 .xlsx：{path} / the sample file must end in .csv or .xlsx"
        )
