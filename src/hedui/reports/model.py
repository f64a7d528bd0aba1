"""A rendered report, independent of its format: sections of paragraphs, tables and charts.

The HTML, PDF and Excel writers and ``hedui report --json`` all read this one model, so the
four agree figure for figure and the public edition's suppression is applied exactly once,
when the model is built (:mod:`hedui.reports.build`). A cell keeps both the text to print and,
when it is a published number, the number itself — Excel gets numbers, not text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from hedui.reports.charts import Chart

__all__ = ["Audience", "Cell", "Report", "Section", "Table", "count_cell", "number_cell"]

Audience = Literal["internal", "public"]


@dataclass(frozen=True)
class Cell:
    """One table cell.

    Attributes:
        text: what is printed.
        value: the number, when the cell publishes one (``None`` for text, suppressed or
            missing figures).
        flag: the cell deserves attention (a sex ratio whose interval lies outside the
            normal range, a village in the band that needs support).
        lower: the lower bound of the value's interval, when the text shows one.
        upper: its upper bound (``None`` also for an open-ended interval).
    """

    text: str
    value: float | int | None = None
    flag: bool = False
    lower: float | None = None
    upper: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"text", "value"}`` (and ``"flag"`` when set)."""
        out: dict[str, Any] = {"text": self.text, "value": self.value}
        if self.flag:
            out["flag"] = True
        if self.lower is not None:
            out["lower"], out["upper"] = self.lower, self.upper
        return out


@dataclass(frozen=True)
class Table:
    """A titled table: column headings and rows of cells.

    ``spreadsheet_skip`` names columns (by index) that repeat as text an interval another
    column's cells carry as numbers (``lower``, ``upper``): the Excel edition leaves them out
    and gives the interval as two number columns instead.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()
    spreadsheet_skip: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: title, columns, rows of cells, notes."""
        return {
            "title": self.title,
            "columns": list(self.columns),
            "rows": [[cell.to_dict() for cell in row] for row in self.rows],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Section:
    """A part of the report: a heading, paragraphs, tables and charts."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; charts by title only (their figures are in the tables)."""
        return {
            "key": self.key,
            "title": self.title,
            "paragraphs": list(self.paragraphs),
            "tables": [table.to_dict() for table in self.tables],
            "charts": [chart.title for chart in self.charts],
        }


@dataclass(frozen=True)
class Report:
    """A whole report, ready for any writer.

    Attributes:
        title: the report's title (Chinese, then English).
        audience: ``"internal"`` (staff, complete figures) or ``"public"`` (small cells
            suppressed, no personal data).
        period: the period label.
        area: the area's label.
        meta: ``(label, value)`` lines printed under the title.
        sections: the report's sections, in order.
    """

    title: str
    audience: Audience
    period: str
    area: str
    meta: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """The report's figures as one JSON document (what ``hedui report --json`` prints)."""
        return {
            "title": self.title,
            "audience": self.audience,
            "period": self.period,
            "area": self.area,
            "meta": {label: value for label, value in self.meta},
            "sections": [section.to_dict() for section in self.sections],
        }


def count_cell(value: int) -> Cell:
    """A count as a published number (thousands separated)."""
    return Cell(f"{value:,}", value)


def number_cell(value: float | None, digits: int = 1, *, suffix: str = "") -> Cell:
    """A figure with ``digits`` decimals, ``—`` when missing, ``∞`` when infinite."""
    if value is None:
        return Cell("—")
    if math.isinf(value):
        return Cell("∞")
    return Cell(f"{value:,.{digits}f}{suffix}", round(value, digits + 2))
