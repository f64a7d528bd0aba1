"""The checks a row must pass to enter the ledger, beyond those of :mod:`hedui.sources`.

:func:`hedui.sources.read_source` decides whether a row is a readable record at all. Entering
the ledger asks three more questions, each answered for the whole file at once with polars:

* **Whose is it?** Jurisdiction is the row's 12-digit village code (``address_code``). A row
  without one, or with a code outside the importer's area, is quarantined: a township officer
  must not write into another township's ledger, and a record that belongs to no village would
  be visible to the county only and never checked by anyone on the ground.
* **Can the ledger hold it?** The ledger holds births, deaths, marriages, divorces, moves and
  register listings (``resident`` rows: the population rates are computed over). A row whose
  ``event`` is none of these is quarantined with that reason rather than silently dropped.
* **Is it new?** A ``record_id`` already in the ledger for the same source is quarantined, naming
  the batch that brought it: re-importing last month's full export must not count people twice.

Values too long for their column (a 30-character "ID number") never get this far: the reader
leaves them out with a warning (:mod:`hedui.sources.text_fields`), checking the very lengths the
ledger's columns are declared with, so PostgreSQL never refuses the whole batch for one cell.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.store.records import EventType, Record

__all__ = ["PROBLEM_SCHEMA", "ledger_problems"]

PROBLEM_SCHEMA = {"row": pl.Int64, "field": pl.Utf8, "value": pl.Utf8, "reason": pl.Utf8}
"""One problem per line: the row number, the canonical field, the value and the reason."""

_LOOKUP_CHUNK = 2_000

_NO_VILLAGE = (
    "没有村级地址编码，无法确定属于哪个村；请填写 12 位村代码后重新导入 / no village code: "
    "fill in the 12-digit village code (address_code) and import the row again"
)
_NOT_VILLAGE = (
    "地址编码不是 12 位村级代码，无法确定属于哪个村 / address_code is not a 12-digit village "
    "code, so the row's village is unknown: correct it and import the row again"
)
_NOT_EVENT = (
    "“{}”不是台账记录类型（出生、死亡、结婚、离婚、迁入、迁出、在册），未导入 / {} is not a "
    "ledger event (birth, death, marriage, divorce, move_in, move_out, resident); the row was "
    "not imported"
)


def ledger_problems(
    session: Session, records: pl.DataFrame, *, source: str, area_code: str
) -> pl.DataFrame:
    """Every reason a readable record may not enter the ledger, one line per problem.

    Args:
        session: Where to look for record IDs already imported.
        records: Canonical records with their row number in a ``row`` column.
        source: The source every record belongs to.
        area_code: The importer's area (6, 9 or 12 digits).

    Returns:
        A frame of :data:`PROBLEM_SCHEMA`, ordered by row; empty when every record may enter.
    """
    code = pl.col("address_code")
    outside = (
        "村代码 "
        + code
        + f" 不在您的辖区 {area_code} 内，请由该村所属乡镇导入 / village "
        + code
        + f" is outside your area {area_code}: the township it belongs to should import it"
    )
    village = (
        pl.when(code.is_null())
        .then(pl.lit(_NO_VILLAGE))
        # ASCII digits: a full-width code is a bad code, not a village outside the area.
        .when(~code.str.contains(r"^[0-9]{12}$"))
        .then(pl.lit(_NOT_VILLAGE))
        .when(~code.str.starts_with(area_code))
        .then(outside)
    )
    event = pl.col("event")
    not_event = pl.format(_NOT_EVENT, event, event)
    rules: list[tuple[str, pl.Expr]] = [
        ("address_code", village),
        ("event", pl.when(~event.is_in([e.value for e in EventType])).then(not_event)),
    ]
    pieces = [
        records.select(
            pl.col("row"),
            pl.lit(field).alias("field"),
            pl.col(field).alias("value"),
            reason.alias("reason"),
        ).filter(pl.col("reason").is_not_null())
        for field, reason in rules
    ]
    pieces.append(_already_imported(session, records, source=source))
    return pl.concat(pieces).cast(PROBLEM_SCHEMA).sort("row", maintain_order=True)  # type: ignore[arg-type]


def _already_imported(session: Session, records: pl.DataFrame, *, source: str) -> pl.DataFrame:
    """Rows whose ``record_id`` an earlier batch of the same source already brought in."""
    ids = records["record_id"].to_list()
    batches = _existing(session, source, ids)
    if not batches:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    hits = records.filter(pl.col("record_id").is_in(list(batches)))
    return pl.DataFrame(
        {
            "row": hits["row"],
            "field": ["record_id"] * hits.height,
            "value": hits["record_id"],
            "reason": [_imported_before(batches[r]) for r in hits["record_id"]],
        },
        schema=PROBLEM_SCHEMA,
    )


def _existing(session: Session, source: str, ids: list[str]) -> dict[str, int | None]:
    """Record ID → batch, for the IDs of ``ids`` this source already has in the ledger."""
    found: dict[str, int | None] = {}
    for start in range(0, len(ids), _LOOKUP_CHUNK):
        query = select(Record.record_id, Record.batch_id).where(
            Record.source == source, Record.record_id.in_(ids[start : start + _LOOKUP_CHUNK])
        )
        found.update((record_id, batch_id) for record_id, batch_id in session.execute(query))
    return found


def _imported_before(batch_id: int | None) -> str:
    where = f"第 {batch_id} 批" if batch_id is not None else "台账"
    where_en = f"batch {batch_id}" if batch_id is not None else "the ledger"
    return (
        f"该记录号已在{where}导入，未重复导入；如需更正请在记录页面更正 / this record_id is "
        f"already in {where_en} and was not imported twice; correct it on the record's page"
    )
