"""Charts: SVG that inlines without external assets, PNG for PDF, Chinese drawn as glyphs."""

from __future__ import annotations

import math
import re

import pytest

from hedui.errors import ConfigurationError
from hedui.reports import fonts
from hedui.reports.charts import NO_DATA, Chart, bar_chart, interval_chart, trend_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _check(chart: Chart) -> None:
    assert chart.svg.startswith("<svg")
    assert chart.svg.rstrip().endswith("</svg>")
    assert "<?xml" not in chart.svg
    # Self-contained: no link to a font, image or stylesheet outside the SVG itself.
    assert not re.search(r'(href|src)="(https?:|file:|/)', chart.svg)
    assert chart.png.startswith(PNG_SIGNATURE)


def test_trend_chart_draws_every_series_as_a_line() -> None:
    series = {
        "出生 births": [("2025-01", 30.0), ("2025-02", 28.0), ("2025-03", 35.0)],
        "死亡 deaths": [("2025-01", 20.0), ("2025-03", 18.0)],
    }
    chart = trend_chart(series, "出生与死亡 Births and deaths")
    _check(chart)
    assert chart.title == "出生与死亡 Births and deaths"
    # matplotlib writes one <g id="line2d_N"> per line; the two series and no more data lines
    # than there are series plus the axis ticks.
    assert chart.svg.count('clip-path="url(#') >= 2


def test_interval_chart_draws_reference_band_and_open_intervals() -> None:
    rows = [("白沙镇", 106.0, 98.0, 115.0), ("王圩村", 150.0, 60.0, math.inf)]
    chart = interval_chart(rows, "出生性别比 Sex ratio at birth", reference=(102.0, 109.0))
    _check(chart)


def test_chinese_text_is_drawn_as_glyph_paths_not_font_references() -> None:
    """The SVG needs no font on the reader's machine: text becomes glyph outlines."""
    chart = bar_chart([("出生漏登", 12.0)], "待处理事项 Open cases")
    assert "font-family" not in chart.svg
    assert "<path" in chart.svg


def test_charts_with_no_rows_say_so_instead_of_failing() -> None:
    for chart in (
        trend_chart({}, "空 empty"),
        interval_chart([], "空 empty"),
        bar_chart([], "空 empty"),
    ):
        _check(chart)
    assert NO_DATA.startswith("无数据")


def test_missing_cjk_font_names_the_package(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv(fonts.CJK_FONT_ENV, str(tmp_path / "no-such-font.ttc"))
    fonts.find_cjk_font.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match="fonts-noto-cjk"):
            fonts.cjk_font()
    finally:
        monkeypatch.delenv(fonts.CJK_FONT_ENV)
        fonts.find_cjk_font.cache_clear()


def test_charts_draw_without_a_cjk_font(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """The HTML report and the dashboard need no font: DejaVu Sans, no warning per glyph."""
    monkeypatch.setenv(fonts.CJK_FONT_ENV, str(tmp_path / "no-such-font.ttc"))
    fonts.find_cjk_font.cache_clear()
    try:
        assert fonts.find_cjk_font() is None
        _check(bar_chart([("乡镇 township", 3.0)], "无字体 no font"))
    finally:
        fonts.find_cjk_font.cache_clear()


def test_cjk_font_picks_the_simplified_chinese_face() -> None:
    font = fonts.cjk_font()
    assert font.path.is_file()
    if font.path.suffix == ".ttc":
        assert font.family.endswith("SC")
