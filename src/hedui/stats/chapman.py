"""Two sources: Chapman's estimator of the true count, its variance and its intervals.

With two sources of n1 and n2 records, m of them the same people, the Lincoln–Petersen
estimate of the true number is n1·n2/m. Chapman (1951) showed that

    N̂ = (n1 + 1)(n2 + 1)/(m + 1) − 1

is exactly unbiased when n1 + n2 ≥ N and nearly so otherwise, and is finite when m = 0; it is
the standard two-source estimator in epidemiology. Its variance is Seber's (1970)

    Var(N̂) = (n1 + 1)(n2 + 1)(n1 − m)(n2 − m) / ((m + 1)²(m + 2)).

Two 95% intervals are offered:

- ``"log"`` (the default): Chao's (1987, *Biometrics* 43:783–791) log-transformed interval.
  With f0 = N̂ − n the estimated number seen by neither source (n = n1 + n2 − m seen by
  either), C = exp(z·sqrt(log(1 + Var/f0²))) and the interval is [n + f0/C, n + f0·C]. It
  never goes below the n people actually seen, and is skewed to the right as the sampling
  distribution of N̂ is; its coverage is close to nominal where the Wald interval's is not.
- ``"wald"``: N̂ ± z·SE, the textbook normal interval, kept for comparison with published
  tables. It is symmetric, so with a small overlap its lower end can fall below the number
  of people actually observed.

The estimate assumes the two sources are independent. When being in one makes being in the
other more likely (a hospital birth is both certified and reported to the village), m is
too large and N̂ too small: the test suite shows this bias by simulation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from hedui.errors import EstimationInputError
from hedui.stats import assumptions
from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.completeness import SourceCompleteness, completeness_table
from hedui.stats.interval import (
    Interval,
    check_level,
    json_number,
    log_transformed_interval,
    z_value,
)
from hedui.stats.small_numbers import DEFAULT_MIN_OVERLAP, NotEstimable, overlap_problem

__all__ = ["ChapmanEstimate", "ChapmanInterval", "chapman", "chapman_from_histories"]

ChapmanInterval = Literal["log", "wald"]

ASSUMPTIONS = (
    assumptions.CLOSED_POPULATION,
    assumptions.PERFECT_LINKAGE,
    assumptions.INDEPENDENT_SOURCES,
    assumptions.HOMOGENEOUS_CAPTURE,
)


@dataclass(frozen=True)
class ChapmanEstimate:
    """Chapman's estimate of the true count from two sources.

    Attributes:
        sources: the two source names.
        n1: records (people) in the first source.
        n2: records in the second.
        m: people in both.
        n_observed: people in either, n1 + n2 − m.
        n_hat: the estimated true number, Chapman's N̂.
        variance: Seber's variance of N̂.
        interval: the interval asked for (``"log"`` by default).
        intervals: both intervals, by method name.
        completeness: each source's share of N̂, then both combined.
        assumptions: what the estimate assumes, bilingual.
    """

    sources: tuple[str, str]
    n1: int
    n2: int
    m: int
    n_observed: int
    n_hat: float
    variance: float
    interval: Interval
    intervals: dict[str, Interval]
    completeness: tuple[SourceCompleteness, ...]
    assumptions: tuple[str, ...] = field(default=ASSUMPTIONS)

    method = "chapman"

    @property
    def estimable(self) -> Literal[True]:
        """Always ``True``; a declined estimate is a :class:`NotEstimable`."""
        return True

    @property
    def standard_error(self) -> float:
        """The square root of :attr:`variance`."""
        return math.sqrt(self.variance)

    @property
    def unobserved(self) -> float:
        """The estimated number recorded by neither source, N̂ − n."""
        return self.n_hat - self.n_observed

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures, assumptions included."""
        return {
            "method": self.method,
            "estimable": True,
            "sources": list(self.sources),
            "n1": self.n1,
            "n2": self.n2,
            "m": self.m,
            "n_observed": self.n_observed,
            "n_hat": json_number(self.n_hat),
            "unobserved": json_number(self.unobserved),
            "standard_error": json_number(self.standard_error),
            "interval": self.interval.to_dict(),
            "intervals": {name: iv.to_dict() for name, iv in self.intervals.items()},
            "completeness": [c.to_dict() for c in self.completeness],
            "assumptions": list(self.assumptions),
        }


def chapman(
    n1: int,
    n2: int,
    m: int,
    *,
    sources: tuple[str, str] = ("来源1", "来源2"),
    level: float = 0.95,
    interval: ChapmanInterval = "log",
    min_overlap: int = DEFAULT_MIN_OVERLAP,
) -> ChapmanEstimate | NotEstimable:
    """Estimate the true count from two sources' sizes and their overlap.

    Args:
        n1: people recorded by the first source.
        n2: people recorded by the second source.
        m: people recorded by both.
        sources: the two source names, for the completeness table.
        level: the confidence level of the intervals.
        interval: ``"log"`` (Chao's log-transformed interval, the default) or ``"wald"``.
        min_overlap: the smallest ``m`` for which an estimate is given (see
            :data:`~hedui.stats.small_numbers.DEFAULT_MIN_OVERLAP`).

    Returns:
        The estimate, or :class:`NotEstimable` with the reason when ``m < min_overlap``.

    Raises:
        EstimationInputError: for negative counts, ``m`` larger than either source, a level
            outside (0, 1), or an unknown interval method.
    """
    _check_counts(n1, n2, m)
    check_level(level)
    if interval not in ("log", "wald"):
        raise EstimationInputError(
            f"未知的区间方法 {interval!r} / unknown interval {interval!r}; use 'log' or 'wald'"
        )
    problem = overlap_problem(m, min_overlap)
    if problem is not None:
        counts = {"n1": n1, "n2": n2, "m": m, "min_overlap": min_overlap}
        return NotEstimable("chapman", problem, counts, ASSUMPTIONS)
    n_observed = n1 + n2 - m
    n_hat = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    z = z_value(level)
    intervals = {
        "log": log_transformed_interval(n_observed, n_hat, variance, level),
        "wald": Interval(
            lower=n_hat - z * math.sqrt(variance),
            upper=n_hat + z * math.sqrt(variance),
            level=level,
            method="wald",
        ),
    }
    chosen = intervals[interval]
    registered = {sources[0]: n1, sources[1]: n2}
    return ChapmanEstimate(
        sources=sources,
        n1=n1,
        n2=n2,
        m=m,
        n_observed=n_observed,
        n_hat=n_hat,
        variance=variance,
        interval=chosen,
        intervals=intervals,
        completeness=completeness_table(registered, n_observed, n_hat, chosen),
    )


def chapman_from_histories(
    histories: CaptureHistories,
    *,
    level: float = 0.95,
    interval: ChapmanInterval = "log",
    min_overlap: int = DEFAULT_MIN_OVERLAP,
) -> ChapmanEstimate | NotEstimable:
    """Chapman's estimate from a two-source table of capture histories.

    Raises:
        EstimationInputError: if the table does not have exactly two sources (collapse a
            larger one with :meth:`CaptureHistories.collapse` to compare a pair).
    """
    if histories.k != 2:
        raise EstimationInputError(
            f"Chapman 估计需要恰好两个来源，得到 {histories.k} 个 / Chapman's estimator needs "
            f"exactly two sources, got {list(histories.sources)}; use the log-linear models"
        )
    first, second = histories.sources
    totals = histories.source_totals()
    return chapman(
        totals[first],
        totals[second],
        histories.overlap(first, second),
        sources=(first, second),
        level=level,
        interval=interval,
        min_overlap=min_overlap,
    )


def _check_counts(n1: int, n2: int, m: int) -> None:
    if min(n1, n2, m) < 0:
        raise EstimationInputError(
            f"记录数不能为负：n1={n1}, n2={n2}, m={m} / counts cannot be negative"
        )
    if m > min(n1, n2):
        raise EstimationInputError(
            f"重叠数 m={m} 大于某一来源的记录数（n1={n1}, n2={n2}）/ the overlap m={m} "
            f"exceeds a source's size (n1={n1}, n2={n2}); check the linkage counts"
        )
