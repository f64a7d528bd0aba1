"""HTML, PDF and Excel writers: they open, and they hold the Chinese title."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from hedui.reports.html import render_html
from hedui.reports.model import Cell, Report, Section, Table
from hedui.reports.pdf import render_pdf
from hedui.reports.xlsx import render_xlsx


@pytest.fixture
def public(public_report: Report) -> Report:
    return public_report


@pytest.fixture
def internal(internal_report: Report) -> Report:
    return internal_report


def test_html_is_self_contained(internal) -> None:
    html = render_html(internal)
    assert internal.title in html
    assert "<svg" in html
    assert not re.search(r"<(link|script|img)\b", html)
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_html_escapes_text(internal) -> None:
    html = render_html(internal)
    assert "<5" not in html.replace("&lt;5", "")  # "<5" is text, escaped


def test_public_html_has_no_record_ids(public, link_dir) -> None:
    import polars as pl

    html = render_html(public)
    ids = set(pl.read_csv(link_dir / "clusters.csv", infer_schema=False)["record_id"])
    assert ids and not ids & set(re.findall(r"\w+", html))


def test_pdf_embeds_the_cjk_font_and_the_chinese_title(public) -> None:
    pdf = render_pdf(public)
    assert pdf.startswith(b"%PDF-")
    assert b"NotoSansCJK" in pdf
    # The document title is stored as UTF-16BE with a byte-order mark, in hex.
    title = ("\ufeff" + public.title).encode("utf-16-be").hex()
    assert title.encode() in pdf.lower()


def test_xlsx_has_one_sheet_per_table_and_numbers_as_numbers(internal) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(internal)))
    assert book.sheetnames[0] == "说明 about"
    assert book["说明 about"]["A1"].value == internal.title
    tables = [t for section in internal.sections for t in section.tables]
    assert len(book.sheetnames) == 1 + len(tables)
    events = book["事件 各乡镇事件数"]
    assert events["A1"].value == "乡镇 township"
    first = [cell.value for cell in events[2]]
    assert all(isinstance(v, int) for v in first[1:7])


def test_public_xlsx_keeps_suppressed_cells_as_text(public) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(public)))
    values = [
        c.value
        for name in book.sheetnames
        if name.startswith("事件")
        for row in book[name].iter_rows()
        for c in row
    ]
    assert "<5" in values
    assert not any(isinstance(v, int) and 1 <= v <= 4 for v in values)


def test_xlsx_neutralises_formula_text_but_keeps_negative_numbers() -> None:
    # An area name comes from an imported file; a change of -3 is a number.
    table = Table(
        title="表 table",
        columns=("地区 area", "变化 change"),
        rows=((Cell('=HYPERLINK("http://x")'), Cell("-3", -3)), (Cell("\t+1"), Cell("—"))),
        notes=("@note",),
    )
    report = Report(
        title="报告 report",
        audience="internal",
        period="2025-12",
        area="320924",
        meta=(("地区 area", "-county"),),
        sections=(Section(key="events", title="事件", tables=(table,)),),
    )
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    assert book["说明 about"]["B2"].value == "'-county"
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    values = [c.value for c in cells if c.value is not None]
    assert '\'=HYPERLINK("http://x")' in values and "'\t+1" in values and "'@note" in values
    assert -3 in values and "—" in values
    assert not any(c.data_type == "f" for c in cells)
