"""The figures a report takes from a link directory — indicators, estimates, scorecard — cached.

These are the slow part of a report: capture–recapture estimates fit and compare log-linear
models for every township and event type (half a minute for a county), and the scorecard
needs every reconciliation finding. They depend only on the link directory's files and the
period, so they are computed once and kept as JSON beside the run's output
(``report-figures-<period>.json``); the next report of the same run, in any format or for
either audience, reads them in a fraction of a second. The file records the size and
modification time of every input it was computed from, and is recomputed when any changed —
except after the run's files were purged (:mod:`hedui.reconcile.retention`): the figures, which
name no one, are kept, and read as they are.

The figures are kept in their JSON form (each library result's ``to_dict()``), which is also
what the renderers and the web dashboard read.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hedui.cache import KeptAnswers, kept_answers
from hedui.errors import NotFoundError
from hedui.linkage.link_dir import LinkDir
from hedui.period import Period
from hedui.reconcile import Finding, find_all
from hedui.reconcile.retention import is_purged
from hedui.reports.publication import publication_pattern
from hedui.stats.indicators import EVENTS, compute_indicators
from hedui.stats.link_estimates import estimate_from_link_dir
from hedui.stats.scorecard import village_scorecard

__all__ = ["CACHE_VERSION", "link_figures"]

CACHE_VERSION = 4
"""Bumped when the figures change meaning (3: estimates of the period's events, not every event;
4: village bands against the rest of the county, the sex ratio's too_few_to_tell), so figures
kept by an earlier version are computed again."""


def link_figures(
    link_dir: LinkDir | Path,
    period: Period,
    cache_dir: Path | None,
    findings: Sequence[Finding] | None = None,
) -> dict[str, Any]:
    """Indicators, estimates (county and township) and the scorecard of a link directory.

    The estimates, like the indicators, are of the events that happened in ``period``.

    Args:
        link_dir: the output of ``hedui link``.
        period: the report's period.
        cache_dir: where to keep the computed figures; ``None`` computes them every time.
        findings: the link directory's findings for ``period`` when the caller has them
            already (a reconciliation run has); found again otherwise.

    Returns:
        ``{"indicators": ..., "estimates": [...], "scorecard": ..., "linkage_evaluation":
        ...}``, every value JSON-ready.

    Raises:
        NotFoundError: the run's files were purged and no figures of ``period`` were kept.
        LinkDirError: the link directory is incomplete or from a newer hedui version.
    """
    kept = LinkDir.at(link_dir)  # checked only if the figures must be computed
    fingerprint = _fingerprint(kept, period)
    path = cache_dir / f"report-figures-{period.label}.json" if cache_dir else None
    purged = is_purged(kept.path)
    if path is not None and path.is_file():
        cached = _read_cached(path)
        if isinstance(cached, dict) and (
            cached.get("fingerprint") == fingerprint
            or (purged and cached.get("fingerprint", {}).get("period") == period.label)
        ):
            return dict(cached["figures"])
    if purged:
        raise NotFoundError(
            f"这次核对的文件已按保存期限删除，没有 {period.label} 的报告数据；请重新核对 / this "
            f"run's files were deleted after their retention period and no figures of "
            f"{period.label} were kept; run the reconciliation again"
        )
    figures = _compute(LinkDir.open(kept), period, findings)
    if path is not None and path.parent.is_dir():
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        document = {"fingerprint": fingerprint, "figures": figures}
        temporary.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    return figures


_PARSED: KeptAnswers[Any] = kept_answers("report figures files", 8)


def _read_cached(path: Path) -> Any:
    """The JSON of ``path``, parsed once per version of the file (its size and modification
    time, :mod:`hedui.cache`): a county's figures are a few megabytes, and the dashboard would
    otherwise parse them on every visit. Read-only for callers."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    return _PARSED.get(key, lambda: json.loads(path.read_text(encoding="utf-8")))


def _compute(link: LinkDir, period: Period, findings: Sequence[Finding] | None) -> dict[str, Any]:
    indicators = compute_indicators(link, period=period)
    estimates = [
        {"level": by, **estimate.to_dict()}
        for by in ("county", "township")
        for estimate in estimate_from_link_dir(link, by=by, period=period)
    ]
    if findings is None:
        findings = find_all(link, period=period)
    scorecard = village_scorecard(link, findings, period=period)
    evaluation = link.evaluation()
    return {
        "publication": _publication(link, period, indicators.to_dict()).to_dict(),
        "indicators": indicators.to_dict(),
        "estimates": estimates,
        "scorecard": scorecard.to_dict(),
        "linkage_evaluation": evaluation.get("pairwise") if evaluation else None,
    }


def _fingerprint(link: LinkDir, period: Period) -> dict[str, Any]:
    """What the figures were computed from: the period, and the size and time of each input."""
    inputs = (
        link.clusters_path,
        link.records_path,
        link.sources_path,
        link.duplicates_path,
        link.evaluation_path,
    )
    files = {}
    for path in inputs:
        if path.is_file():
            stat = path.stat()
            files[path.name] = [stat.st_size, stat.st_mtime_ns]
    return {
        "version": CACHE_VERSION,
        "link_dir": str(link.path.resolve()),
        "period": period.label,
        "files": files,
    }


def _publication(link: LinkDir, period: Period, indicators: dict[str, Any]) -> Any:
    """The public editions' one suppression pattern (:mod:`hedui.reports.publication`), from
    events by township and month, January to the end of the period."""
    last = period.month or 12
    counts = {}
    for month in range(1, last + 1):
        if period.month == month:
            month_figures = indicators
        else:
            month_figures = compute_indicators(link, period=Period(period.year, month)).to_dict(
                levels=("township",)
            )
        counts[f"{period.year:04d}-{month:02d}"] = {
            str(row["area"]): {e: int(n) for e, n in row["events"].items()}
            for row in month_figures["areas"]["township"]
        }
    chosen = [period.label] if period.month else sorted(counts)
    return publication_pattern(counts, chosen, EVENTS)
