"""The PDF report: A4, the Noto Sans CJK font embedded (subset), charts as images.

A PDF is what gets printed and filed, so it must show Chinese on any reader: the CJK face is
embedded from the font file (:mod:`hedui.reports.fonts`; the Simplified Chinese face of a
``.ttc`` collection is chosen with fpdf2's ``collection_font_number``), subset to the
characters used so the file stays small.
"""

from __future__ import annotations

import io
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from hedui.reports.fonts import cjk_font
from hedui.reports.model import Report, Table

__all__ = ["render_pdf"]

_FAMILY = "NotoSansCJK"
MAX_ROWS = 60
"""Rows of one table printed in the PDF: a printed report shows the villages that most need
support (tables come worst first) and leaves the long tail to the Excel and HTML editions;
fpdf2 lays out each cell's text glyph by glyph, so a county's thousand-row tables would also
take far longer than the report's 10-second target."""
_BODY = 8.0
_HEADER_FILL = (238, 242, 248)
_FLAG_FILL = (253, 232, 230)


class _ReportPDF(FPDF):
    """A4 pages with the report's title and the page number in the footer."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(_FAMILY, size=7)
        self.set_text_color(120, 120, 120)
        self.cell(0, 6, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def render_pdf(report: Report) -> bytes:
    """The report as a PDF document.

    Raises:
        ConfigurationError: no CJK font file is installed (the message names the package).
    """
    font = cjk_font()
    pdf = _ReportPDF(orientation="portrait", unit="mm", format="A4")
    pdf.footer_text = f"{report.title} · {report.area}"
    pdf.add_font(_FAMILY, fname=str(font.path), collection_font_number=font.face_index)
    pdf.set_title(report.title)
    pdf.set_lang("zh-CN")
    pdf.set_creator("hedui")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(14, 14, 14)
    pdf.add_page()
    _heading(pdf, report.title, 15)
    pdf.set_font(_FAMILY, size=_BODY + 1)
    for label, value in report.meta:
        pdf.multi_cell(0, 5, f"{label}：{value}", new_x="LMARGIN", new_y="NEXT")
    for section in report.sections:
        pdf.ln(4)
        _heading(pdf, section.title, 12.5)
        pdf.set_font(_FAMILY, size=_BODY - 0.5)
        for paragraph in section.paragraphs:
            pdf.multi_cell(0, 4, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        for chart in section.charts:
            pdf.image(io.BytesIO(chart.png), w=pdf.epw * 0.9)
            pdf.ln(2)
        for table in section.tables:
            _table(pdf, table)
        if section.key == "summary":
            pdf.add_page()  # the summary is the first page, on its own
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str, size: float) -> None:
    pdf.set_font(_FAMILY, size=size)
    pdf.multi_cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _table(pdf: FPDF, table: Table) -> None:
    pdf.set_font(_FAMILY, size=_BODY + 1)
    pdf.multi_cell(0, 5, table.title, new_x="LMARGIN", new_y="NEXT")
    size, widths = _fit(pdf, table)
    pdf.set_font(_FAMILY, size=size)
    headings = FontFace(fill_color=_HEADER_FILL)
    options: dict[str, Any] = {
        "headings_style": headings,
        "line_height": size * 0.5,
        "padding": _PADDING,
        "text_align": "LEFT",
        "width": sum(widths),
        "align": "LEFT",
        "col_widths": widths,
        "repeat_headings": 1,
    }
    with pdf.table(**options) as grid:
        header = grid.row()
        for column in table.columns:
            header.cell(column)
        for row in table.rows[:MAX_ROWS]:
            line = grid.row()
            for cell in row:
                style = FontFace(fill_color=_FLAG_FILL) if cell.flag else None
                align = "RIGHT" if cell.value is not None else "LEFT"
                line.cell(cell.text, style=style, align=align)
    notes = list(table.notes)
    if len(table.rows) > MAX_ROWS:
        notes.append(
            f"仅列出前 {MAX_ROWS} 行（共 {len(table.rows):,} 行），完整表格见 Excel 或 HTML 版 / "
            f"the first {MAX_ROWS} of {len(table.rows):,} rows; the whole table is in the Excel "
            "and HTML editions"
        )
    pdf.set_font(_FAMILY, size=_BODY - 1.5)
    for note in notes:
        pdf.multi_cell(0, 3.5, note, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


_PADDING = 0.8


def _fit(pdf: FPDF, table: Table) -> tuple[float, tuple[float, ...]]:
    """The font size and column widths (mm) at which no heading breaks inside a word.

    A column is at least as wide as the longest word of its heading (and of its cells): fpdf2
    wraps at spaces and cuts a word only when it does not fit, which printed "police_huk ou".
    Space left over goes to the columns whose text is longest. A table too wide even so is
    set in a smaller font, down to 5 pt.
    """
    size = _BODY - 1
    while True:
        pdf.set_font(_FAMILY, size=size)
        least, natural = [], []
        for j, column in enumerate(table.columns):
            texts = [column, *(row[j].text for row in table.rows[:200])]
            heading = max(pdf.get_string_width(w) for w in column.split() or [""])
            body = [min(pdf.get_string_width(w), 25.0) for t in texts[1:] for w in t.split()]
            least.append(max([heading, *body]) + 2 * _PADDING + 0.5)
            natural.append(
                max(pdf.get_string_width(t) for t in texts[1:] or [column]) + 2 * _PADDING + 0.5
            )
            natural[-1] = max(natural[-1], least[-1])
        if sum(least) <= pdf.epw or size <= 5:
            break
        size -= 0.5
    if sum(natural) <= pdf.epw:
        return size, tuple(natural)
    spare = pdf.epw - sum(least)
    extra = [n - m for n, m in zip(natural, least, strict=True)]
    total = sum(extra) or 1.0
    return size, tuple(m + max(spare, 0) * e / total for m, e in zip(least, extra, strict=True))
