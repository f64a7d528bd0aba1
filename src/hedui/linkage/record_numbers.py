"""A run's record numbers by record key: the ``unique_id`` of ``(source, record_id)``, from memory.

A case page names its records by source and id, and finds the pairs among them by their numbers
(``unique_id``, what ``links.parquet`` is sorted by). Looking the numbers up in
``records.parquet`` decodes a row group of string keys: 1.4 ms of CPU a page at 300,000 records,
a third of explaining a case's two records. Kept per process as 64-bit hashes of the keys,
sorted, beside their numbers (16 bytes a record: 4.8 MB at 300,000 records, 48 MB at 3 million),
the numbers are found by halving, in microseconds.

A hash names a key but is not one: two keys of a run with one hash (about one chance in
10¹² at 3 million records) make :meth:`RecordNumbers.of` answer ``None`` for them, and the
caller reads ``records.parquet``; a key that is not in the run but has the hash of one that is
(one chance in 10¹³ a look-up) would be taken for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from hedui.cache import KeptAnswers, kept_answers
from hedui.linkage.link_dir import LinkDir

__all__ = ["RecordNumbers", "record_numbers"]

_SEED = 20_261_206
"""The seed of the keys' hashes (kept in this process only)."""


def _hashes(keys: pl.DataFrame) -> np.ndarray[Any, Any]:
    """The hash of each ``(source, record_id)`` row of ``keys``, both read as text."""
    text = keys.select(pl.col("source").cast(pl.String), pl.col("record_id").cast(pl.String))
    return text.hash_rows(seed=_SEED).to_numpy()


@dataclass(frozen=True)
class RecordNumbers:
    """The records of one run: the hashes of their keys, sorted, and each one's number.

    Attributes:
        hashes: the keys' hashes (unsigned 64-bit), ascending.
        numbers: the ``unique_id`` of the record of each hash, in that order.
    """

    hashes: np.ndarray[Any, Any]
    numbers: np.ndarray[Any, Any]

    @classmethod
    def of_records(cls, records: pl.DataFrame) -> RecordNumbers:
        """The numbers of ``records`` (columns ``unique_id``, ``source``, ``record_id``)."""
        hashes = _hashes(records)
        order = np.argsort(hashes, kind="stable")
        return cls(hashes[order], records["unique_id"].to_numpy()[order])

    def of(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int] | None:
        """The number of each of ``keys`` that the run holds (those it does not are left out);
        ``None`` when one of them shares its hash with another record of the run (the caller
        then reads the numbers from ``records.parquet``)."""
        if not keys:
            return {}
        frame = pl.DataFrame(
            {"source": [k[0] for k in keys], "record_id": [k[1] for k in keys]},
            schema={"source": pl.String, "record_id": pl.String},
        )
        wanted = _hashes(frame)
        first = np.searchsorted(self.hashes, wanted, side="left")
        last = np.searchsorted(self.hashes, wanted, side="right")
        found = {}
        for key, start, end in zip(keys, first.tolist(), last.tolist(), strict=True):
            if end - start > 1:
                return None
            if end > start:
                found[key] = int(self.numbers[start])
        return found


_NUMBERS: KeptAnswers[RecordNumbers] = kept_answers("record numbers: a run's keys, hashed", 2)
""":class:`RecordNumbers` of a run under its ``records.parquet``'s modification time and size:
reading the keys took 60 ms at 300,000 records, once a process and run."""


def record_numbers(link: LinkDir) -> RecordNumbers:
    """The record numbers of the run in ``link``, kept for the next look-up."""
    path = link.records_path
    return _NUMBERS.get_for_file(
        path,
        lambda: RecordNumbers.of_records(
            pl.read_parquet(path, columns=["unique_id", "source", "record_id"])
        ),
    )
