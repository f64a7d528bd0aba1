"""The report's layout as a new reader meets it (issue #15 part 2): no server path on any
page, times on the county's clock, each assumption stated once, sources named in Chinese,
table headings that do not break inside a word."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from fpdf import FPDF

from hedui.reports.data import ReportData
from hedui.reports.fonts import cjk_font
from hedui.reports.labels import case_kind_label, local_time, source_label, status_label
from hedui.reports.model import Report
from hedui.reports.pdf import _FAMILY, _PADDING, _fit, render_pdf
from hedui.reports.section_completeness import assumption_paragraphs
from hedui.reports.xlsx import COUNT_FORMAT, PERCENT_FORMAT, render_xlsx
from hedui.stats import assumptions


def _pdf_text(report: Report, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(report))
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_local_time_is_china_standard_time() -> None:
    assert local_time(datetime(2025, 12, 31, 16, 30, tzinfo=UTC)) == "2026-01-01 00:30 北京时间"
    assert local_time(datetime(2025, 12, 31, 16, 30)) == "2026-01-01 00:30 北京时间"


@pytest.mark.parametrize("edition", ["internal_report", "public_report"])
def test_no_path_and_local_time_on_every_edition(
    edition: str, request: pytest.FixtureRequest, report_data: ReportData, tmp_path: Path
) -> None:
    report: Report = request.getfixturevalue(edition)
    meta = dict(report.meta)
    assert meta["生成时间 generated"] == local_time(report_data.generated_at)
    text = _pdf_text(report, tmp_path)
    assert "北京时间" in text
    assert "UTC" not in text
    for path in (report_data.run.link_dir, report_data.run.out_dir):
        if path:
            assert str(path) not in text and str(Path(path).parent) not in text
    assert "/tmp" not in text and "link directory" not in text


def test_assumptions_are_stated_once_with_a_plain_reading(
    internal_report: Report, tmp_path: Path
) -> None:
    text = _pdf_text(internal_report, tmp_path)
    assert text.count("人群封闭") == 1
    assert text.count("来源间的依赖") <= 1
    assert "通俗地说" in text


def test_modelled_dependence_of_many_estimates_becomes_one_sentence() -> None:
    rows = [
        {"estimate": {"assumptions": [assumptions.CLOSED_POPULATION, dependence]}}
        for dependence in (
            assumptions.modelled_dependence(["村台账×公安户籍"]),
            assumptions.modelled_dependence(["出生医学证明×公安户籍"]),
            assumptions.modelled_dependence(["村台账×乡镇数据库"]),
        )
    ]
    paragraphs = assumption_paragraphs(rows)
    assert len(paragraphs) == 4  # heading, two assumptions, the reading
    assert sum("人群封闭" in p for p in paragraphs) == 1


def test_sources_are_named_in_chinese(internal_report: Report, tmp_path: Path) -> None:
    assert source_label("police_hukou") == "公安户籍"
    assert source_label("civil_marriages") == "民政婚姻登记"
    text = _pdf_text(internal_report, tmp_path)
    for code in ("village_ledger", "township_db", "health_births", "police_hukou"):
        assert code not in text


def test_table_headings_fit_whole_words(internal_report: Report) -> None:
    pdf = FPDF(format="A4")
    font = cjk_font()
    pdf.add_font(_FAMILY, fname=str(font.path), collection_font_number=font.face_index)
    pdf.set_margins(14, 14, 14)
    for section in internal_report.sections:
        for table in section.tables:
            size, widths = _fit(pdf, table)
            pdf.set_font(_FAMILY, size=size)
            assert sum(widths) <= pdf.epw + 0.01
            for column, width in zip(table.columns, widths, strict=True):
                for word in column.split():
                    assert pdf.get_string_width(word) <= width - 2 * _PADDING, (column, word)
    for face in pdf.fonts.values():  # fonttools keeps the .ttc open until closed
        face.ttfont.close()


def _book(report: Report) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))


@pytest.mark.parametrize("edition", ["internal_report", "public_report"])
def test_excel_one_table_per_sheet_frozen_and_filtered(
    edition: str, request: pytest.FixtureRequest
) -> None:
    report: Report = request.getfixturevalue(edition)
    book = _book(report)
    tables = [t for section in report.sections for t in section.tables]
    assert len(book.worksheets) == 1 + len(tables)
    for sheet, table in zip(book.worksheets[1:], tables, strict=True):
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert sheet["A1"].value == table.columns[0]
        assert sheet.max_row == 1 + len(table.rows) or (not table.rows and sheet.max_row <= 2)
    about = [c.value for row in book["说明 about"].iter_rows() for c in row if c.value]
    assert any("北京时间" in str(v) for v in about)
    assert not any("UTC" in str(v) or "link directory" in str(v) for v in about)


def test_excel_numbers_have_formats_and_intervals_two_columns(internal_report: Report) -> None:
    book = _book(internal_report)
    events = book["事件 各乡镇事件数"]
    assert isinstance(events["B2"].value, int) and events["B2"].number_format == COUNT_FORMAT
    shares = []
    for sheet in book.worksheets[1:]:
        if not sheet.title.startswith("完整性"):
            continue
        header = [c.value for c in sheet[1]]
        for j, heading in enumerate(header):
            if heading == "村台账" and j + 2 < len(header) and header[j + 1] == "村台账 下限":
                assert header[j + 2] == "村台账 上限"
                for row in sheet.iter_rows(min_row=2):
                    if isinstance(row[j].value, float):
                        shares.append(row[j])
                        low, high = row[j + 1], row[j + 2]
                        assert isinstance(low.value, float) and low.value <= row[j].value
                        assert low.number_format == PERCENT_FORMAT
                        assert high.value is None or high.value >= row[j].value
    assert shares and all(c.number_format == PERCENT_FORMAT for c in shares)
    assert all(0 <= c.value <= 1 for c in shares)
    # No float is left with the General format (0.2382866379617869 on screen).
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, float):
                    assert c.number_format != "General", (sheet.title, c.coordinate)
                if isinstance(c.value, str) and c.column > 1:  # no interval or count as text
                    assert not re.fullmatch(r"\[.*\]|[\d,.]+", c.value), (sheet.title, c.value)


def test_excel_case_kinds_and_statuses_in_chinese(internal_report: Report) -> None:
    book = _book(internal_report)
    texts = {
        c.value
        for sheet in book.worksheets[1:]
        if sheet.title.startswith("事项")
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    assert texts
    assert not any(re.fullmatch(r"[a-z_]+", t) for t in texts), texts
    assert "待处理" in texts
    assert case_kind_label("name_conflict") == "记录的姓名不一致"
    assert case_kind_label("birth_missing_in_police_hukou") == "公安户籍缺少出生记录"
    assert status_label("open") == "待处理"


def test_first_page_is_the_summary(
    internal_report: Report, public_report: Report, tmp_path: Path
) -> None:
    for report in (internal_report, public_report):
        summary = report.sections[0]
        assert summary.key == "summary"
        titles = [t.title for t in summary.tables]
        assert any("estimated true numbers" in t for t in titles)
        assert any("Completeness by source" in t for t in titles)
        events = summary.tables[0]
        births = next(row for row in events.rows if row[0].text.startswith("出生"))
        estimate = births[-2]
        assert estimate.value is not None and estimate.lower is not None
        # The summary repeats figures of the edition; it adds none.
        completeness = next(s for s in report.sections if s.key == "completeness")
        shown = {c.text.split(" · ")[-1] for t in completeness.tables for r in t.rows for c in r}
        for table in summary.tables[:2]:
            for row in table.rows:
                for cell in row[1:]:
                    assert cell.text in shown or cell.text in ("—", "无法估计 cannot estimate")
    assert "登记 registered" not in public_report.sections[0].tables[0].columns
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(internal_report))
    page1 = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "本期摘要" in page1 and "各来源完整性" in page1
    assert "各乡镇事件数" not in page1  # the sections start on page 2


def test_summary_compares_with_last_month(report_data: ReportData) -> None:
    from dataclasses import replace

    from hedui.period import Period
    from hedui.reports.summary import summary_section

    monthly = {
        "2025-11": {"birth": 3, "death": 2},
        "2025-12": {"birth": 5, "death": 1},
    }
    data = replace(
        report_data,
        period=Period(2025, 12),
        indicators={**report_data.indicators, "monthly": monthly},
        cases={**report_data.cases, "over_time": [{"month": "2025-12", "opened": 4, "closed": 2}]},
    )
    change = summary_section(data, (), "internal").tables[-1]
    assert change.title.startswith("与上月相比")
    rows = {row[0].text: [c.value for c in row[1:]] for row in change.rows}
    assert rows["出生 births"] == [3, 5, 2]
    assert rows["死亡 deaths"] == [2, 1, -1]
    assert rows["新增待核实事项 cases opened"] == [0, 4, 4]
    assert summary_section(data, (), "public").tables == ()
