"""The HTML report: one self-contained file (inline CSS and SVG charts, no external assets).

A county office may open the report on a machine with no network, or mail it on; everything
it needs is inside. The charts' Chinese text is drawn as glyph outlines in the SVG, so the
page shows correctly even where no Chinese font is installed; table text uses the reader's
own CJK font.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from hedui.reports.model import Report

__all__ = ["render_html"]

_TEMPLATES = Path(__file__).parent / "templates"


def render_html(report: Report) -> str:
    """The report as an HTML document."""
    return _template().render(report=report)


@cache
def _template() -> Template:
    environment = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("report.html")
