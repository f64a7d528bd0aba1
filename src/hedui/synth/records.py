"""A source's records while they are built: text columns plus what the truth needs to know.

Columns are numpy object arrays of ``str`` or ``None`` (an empty cell), so the error model can
rewrite a few thousand cells by fancy indexing without copying a million strings. Alongside
them travel the entity each record belongs to, the bit set of errors injected so far, and the
true facts the error model needs to decide what is possible (a 15-digit ID only for people born
before 1970, a lunar birthday only for the old).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from hedui.sources.schema import CANONICAL_COLUMNS

__all__ = ["CANONICAL_COLUMNS", "SOURCE_EXTRA_COLUMNS", "Records", "keep_where", "text_series"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
ObjectArray = npt.NDArray[np.object_]

SOURCE_EXTRA_COLUMNS = {
    "village_ledger": ("recorded_date", "father_name", "spouse_name", "spouse_id_number"),
    "township_db": ("recorded_date", "father_name", "spouse_name", "spouse_id_number"),
    "health_births": ("recorded_date", "father_name"),
    "police_hukou": ("recorded_date", "father_name"),
    "civil_marriages": ("recorded_date", "spouse_name", "spouse_id_number"),
}
# Text columns a record carries while it is built (the error model rewrites them); the
# source, record id, event, address code and recording date are numbers until written out.
TEXT_COLUMNS = (
    "event_date",
    "name",
    "id_number",
    "sex",
    "birth_date",
    "mother_name",
    "mother_id_number",
    "address",
    "father_name",
    "spouse_name",
    "spouse_id_number",
)
EVENT_LABELS = ("birth", "death", "marriage", "divorce", "move_in", "move_out", "resident")


def keep_where(keep: BoolArray, values: ObjectArray) -> ObjectArray:
    """``values`` where ``keep`` holds, empty cells (``None``) elsewhere."""
    result = np.array(values, dtype=object, copy=True)
    result[~keep] = None
    return result


def text_series(name: str, values: ObjectArray) -> pl.Series:
    """A string column from an object array of ``str``/``None``.

    Going through a list is needed: polars infers an object array's type from its first
    element, so a column starting with an empty cell would not become text.
    """
    return pl.Series(name, values.tolist(), dtype=pl.String)


def iso_date_series(name: str, day: IntArray) -> pl.Series:
    """``YYYY-MM-DD`` text of days since 1970-01-01, formatted by polars."""
    return pl.Series(name, day, dtype=pl.Int32).cast(pl.Date).dt.to_string("%Y-%m-%d")


def codes_series(name: str, table: list[str], index: IntArray) -> pl.Series:
    """``table[index]`` as text, empty where ``index`` is negative."""
    lookup = pl.Series(name, [*table, None], dtype=pl.String)
    return lookup.gather(np.where(index >= 0, index, len(table)))


@dataclass
class Records:
    """Records of one source, one element per record in every array.

    Attributes:
        columns: Text cells by column name (see :data:`TEXT_COLUMNS`).
        kind: Event kind code, an index into :data:`EVENT_LABELS` (6 for a roster record).
        village: Village index of the address, ``-1`` for someone living elsewhere.
        key: The truth's entity as a number: the event's index in the year's events, or
            ``-1 - person`` for a roster record.
        errors: Bit set of injected error kinds (see :mod:`hedui.synth.errors_model`).
        recorded: Day the record was entered (days since 1970-01-01).
        birth_year: The person's true birth year.
        mother_birth_year: The mother's true birth year on birth records, else 0.
        is_birth: Birth records, whose person is a newborn.
    """

    columns: dict[str, ObjectArray]
    kind: npt.NDArray[np.int8]
    village: IntArray
    key: IntArray
    errors: IntArray
    recorded: IntArray
    birth_year: IntArray
    mother_birth_year: IntArray
    is_birth: BoolArray

    def __len__(self) -> int:
        return len(self.key)

    def take(self, index: IntArray) -> Records:
        """The records at ``index`` (copies)."""
        values = {
            f.name: getattr(self, f.name)[index]
            for f in dataclasses.fields(self)
            if f.name != "columns"
        }
        return Records(columns={k: v[index] for k, v in self.columns.items()}, **values)

    @classmethod
    def concat(cls, parts: list[Records]) -> Records:
        """Records of all parts, in order."""
        values = {
            f.name: np.concatenate([getattr(p, f.name) for p in parts])
            for f in dataclasses.fields(cls)
            if f.name != "columns"
        }
        columns = {k: np.concatenate([p.columns[k] for p in parts]) for k in parts[0].columns}
        return cls(columns=columns, **values)

    def to_frame(
        self, source: str, prefix: str, village_codes: list[str], order: IntArray
    ) -> pl.DataFrame:
        """The source's file: canonical columns, then the source's extra columns.

        Rows are written in ``order`` (a permutation) and numbered in that order: ``prefix``
        and seven digits. The columns are built in the records' own order and only then
        reordered by polars, which is several times faster than handing polars Python
        strings scattered at random over memory.
        """
        count = len(self)
        built = {
            "source": pl.Series("source", [source]).gather(np.zeros(count, dtype=np.int64)),
            "event": codes_series("event", list(EVENT_LABELS), self.kind.astype(np.int64)),
            "address_code": codes_series("address_code", village_codes, self.village),
            "recorded_date": iso_date_series("recorded_date", self.recorded),
        }
        names = [n for n in (*CANONICAL_COLUMNS, *SOURCE_EXTRA_COLUMNS[source]) if n != "record_id"]
        frame = pl.DataFrame(
            [
                built[n]
                if n in built
                else text_series(n, self.columns[n])
                if n in self.columns
                else pl.Series(n, [None] * count, dtype=pl.Utf8)
                for n in names
            ]
        ).select(pl.all().gather(order))
        numbers = pl.Series("record_id", np.arange(1, count + 1)).cast(pl.String).str.zfill(7)
        record_id = pl.concat_str(pl.lit(prefix), pl.lit(numbers)).alias("record_id")
        return frame.with_columns(record_id).select(
            *CANONICAL_COLUMNS, *SOURCE_EXTRA_COLUMNS[source]
        )
