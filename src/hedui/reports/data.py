"""Everything a monthly report shows, gathered once: the data behind HTML, PDF, Excel and the web.

:func:`collect_report` gathers, for one reconciliation run, its indicators,
capture–recapture estimates (county and township, with the model, assumptions and the linkage
error if ``hedui evaluate`` measured it), the village scorecard and the case counts. Which run,
and where its figures are kept, is the run's business: :func:`hedui.runs.report_data` finds
the run covering the area and hands both over. The result, :class:`ReportData`, holds the
figures in their JSON form, complete and unsuppressed: it is for staff. The public edition
is derived from it by :mod:`hedui.reports.figures`, which applies small-cell suppression.

When the report's area is narrower than the run's (a township's report from a county run),
township and village figures are restricted to the area; the county figures are kept as
context.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hedui.health.coverage import suppressed_coverage_figures
from hedui.period import Period
from hedui.reports.area_names import area_names
from hedui.reports.store_figures import RunInfo, case_figures

__all__ = ["NOT_EVALUATED", "ReportData", "collect_report"]

NOT_EVALUATED = (
    "链接误差：未评估 / linkage error rate: not evaluated (run hedui evaluate on data with a "
    "known truth to measure it)"
)


@dataclass(frozen=True)
class ReportData:
    """The figures of one report, complete (internal).

    Attributes:
        period: the report's period.
        area_code: the report's area.
        run: the reconciliation run it describes.
        indicators: :meth:`hedui.stats.indicators.Indicators.to_dict`.
        estimates: :meth:`hedui.stats.link_estimates.AreaEstimate.to_dict` of every county
            and township estimate, each with its ``level``.
        linkage_evaluation: pairwise precision, recall and F1 of the linkage, or ``None``
            when it was never evaluated.
        scorecard: :meth:`hedui.stats.scorecard.Scorecard.to_dict`.
        cases: case counts (by status, kind, village; open ones by kind and village; per
            month).
        publication: the public editions' one suppression pattern, for the whole run
            (:class:`hedui.reports.publication.Publication`, JSON form), so a township's
            edition prints its part of the county's pattern; ``None`` for figures kept from an
            older hedui.
        health: coverage of voluntary health services, small cells suppressed
            (:func:`hedui.health.coverage.suppressed_coverage_figures`, one dict per row).
        names: area code → name, for villages and townships whose names are known.
        generated_at: when the figures were gathered (UTC).
    """

    period: Period
    area_code: str
    run: RunInfo
    indicators: dict[str, Any]
    estimates: list[dict[str, Any]]
    linkage_evaluation: dict[str, Any] | None
    scorecard: dict[str, Any]
    cases: dict[str, Any]
    health: list[dict[str, Any]] = field(default_factory=list)
    publication: dict[str, Any] | None = None
    names: dict[str, str] = field(default_factory=dict)
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def linkage_error(self) -> str:
        """One bilingual line: the linkage's false-link and missed-link rates, or why none."""
        pairwise = self.linkage_evaluation
        if not pairwise:
            return NOT_EVALUATED
        precision, recall = float(pairwise["precision"]), float(pairwise["recall"])
        return (
            f"链接误差 linkage error rate: 错误链接 false links {1 - precision:.2%}，"
            f"漏链接 missed links {1 - recall:.2%}（F1 {float(pairwise['f1']):.4f}）"
        )

    def to_dict(self) -> dict[str, Any]:
        """Every figure as one JSON-ready document."""
        return {
            "period": self.period.label,
            "area_code": self.area_code,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "run": self.run.to_dict(),
            "indicators": self.indicators,
            "estimates": self.estimates,
            "linkage_evaluation": self.linkage_evaluation,
            "linkage_error": self.linkage_error,
            "scorecard": self.scorecard,
            "cases": self.cases,
            "health": self.health,
            "names": self.names,
        }


def collect_report(
    session: Session,
    run: RunInfo,
    figures: Mapping[str, Any],
    *,
    period: Period,
    area_code: str,
    villages: Path | None = None,
) -> ReportData:
    """Gather the figures of a report on ``period`` for ``area_code``.

    Args:
        session: a database session (read only).
        run: the reconciliation run the report describes (its area contains ``area_code``).
        figures: the run's figures of ``period``
            (:func:`hedui.reports.link_figures.link_figures`).
        period: the report's period.
        area_code: a county, township or village code.
        villages: a ``villages.csv`` with the names of villages and townships.
    """
    names = area_names(session, villages)
    return ReportData(
        period=period,
        area_code=area_code,
        run=run,
        indicators=_within_indicators(figures["indicators"], area_code),
        estimates=[e for e in figures["estimates"] if _keep(e["area"], e["level"], area_code)],
        linkage_evaluation=figures["linkage_evaluation"],
        scorecard=_within_scorecard(figures["scorecard"], area_code),
        cases=case_figures(session, area_code),
        health=suppressed_coverage_figures(session, area_code=area_code, period=period).to_dicts(),
        publication=figures.get("publication"),
        names=names,
    )


def _keep(code: str, level: str, area_code: str) -> bool:
    """A county row is kept as context; a finer row only inside the report's area."""
    return level == "county" or code.startswith(area_code)


def _within_indicators(indicators: dict[str, Any], area_code: str) -> dict[str, Any]:
    areas = {
        level: [row for row in rows if _keep(row["area"], level, area_code)]
        for level, rows in indicators["areas"].items()
    }
    return {**indicators, "areas": areas}


def _within_scorecard(scorecard: dict[str, Any], area_code: str) -> dict[str, Any]:
    return {
        **scorecard,
        "dimensions": [
            r for r in scorecard["dimensions"] if r["village_code"].startswith(area_code)
        ],
        "villages": [r for r in scorecard["villages"] if r["village_code"].startswith(area_code)],
    }
