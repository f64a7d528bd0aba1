"""The report's layout as a new reader meets it (issue #15 part 2): no server path on any
page, times on the county's clock, each assumption stated once, sources named in Chinese,
table headings that do not break inside a word."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fpdf import FPDF

from hedui.reports.data import ReportData
from hedui.reports.fonts import cjk_font
from hedui.reports.labels import local_time, source_label
from hedui.reports.model import Report
from hedui.reports.pdf import _FAMILY, _PADDING, _fit, render_pdf
from hedui.reports.section_completeness import assumption_paragraphs
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
