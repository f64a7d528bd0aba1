"""One entry point for a stratum's capture–recapture estimate, whatever the number of sources.

Two sources give Chapman's estimate; three to five give the log-linear estimate with model
selection. Callers that build a report per township (``hedui estimate``, the monthly report)
call :func:`estimate_population` once per stratum and print whatever comes back: an estimate
with its interval, completeness and assumptions, or a :class:`NotEstimable` with its reason.
"""

from __future__ import annotations

from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.chapman import ChapmanEstimate, chapman_from_histories
from hedui.stats.loglinear import Criterion, LoglinearEstimate, loglinear_estimate
from hedui.stats.small_numbers import DEFAULT_MIN_OVERLAP, NotEstimable

__all__ = ["PopulationEstimate", "estimate_population"]

PopulationEstimate = ChapmanEstimate | LoglinearEstimate | NotEstimable


def estimate_population(
    histories: CaptureHistories,
    *,
    level: float = 0.95,
    min_overlap: int = DEFAULT_MIN_OVERLAP,
    criterion: Criterion = "aic",
) -> PopulationEstimate:
    """Estimate the true number behind a capture-history table with the default intervals.

    Args:
        histories: the table for one stratum.
        level: the confidence level.
        min_overlap: the fewest people seen twice for which an estimate is given.
        criterion: model-selection criterion when there are three or more sources.

    Returns:
        Chapman's estimate (log-transformed interval) for two sources, the log-linear
        estimate (profile-likelihood interval) for three or more, or :class:`NotEstimable`.
    """
    if histories.k == 2:
        return chapman_from_histories(histories, level=level, min_overlap=min_overlap)
    return loglinear_estimate(histories, criterion=criterion, level=level, min_overlap=min_overlap)
