"""Completeness of each source: the share of the estimated true count it registered.

Completeness is what a township head wants from a capture–recapture estimate: "the village
ledgers hold 83% of the births, the police registration 91%". It is the number a source
registered divided by the estimated true number N̂. Its interval comes from the interval for
N: the registered count is a fixed, known number in this calculation, so the bounds are
``registered / N_upper`` and ``registered / N_lower`` (a monotone transformation keeps the
coverage of the interval for N). Bounds are kept within [0, 1]: a Wald interval for N can
reach below the number of people actually seen, and a source cannot hold more than everyone.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hedui.stats.interval import Interval, json_number

__all__ = ["COMBINED", "SourceCompleteness", "completeness_table"]

COMBINED = "全部来源合计 / all sources combined"


@dataclass(frozen=True)
class SourceCompleteness:
    """One source's registered count, its completeness and the interval of that share.

    Attributes:
        source: the source name (or :data:`COMBINED` for the union of all sources).
        registered: people the source recorded.
        completeness: ``registered / N̂``, in (0, 1].
        interval: the interval of the completeness, from the interval for N.
    """

    source: str
    registered: int
    completeness: float
    interval: Interval

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "source": self.source,
            "registered": self.registered,
            "completeness": json_number(self.completeness),
            "interval": self.interval.to_dict(),
        }


def completeness_table(
    registered: Mapping[str, int], n_observed: int, n_hat: float, n_interval: Interval
) -> tuple[SourceCompleteness, ...]:
    """Completeness of every source, and of all sources combined, against one estimate of N.

    Args:
        registered: people each source recorded, by source name.
        n_observed: distinct people seen by any source (the combined registration).
        n_hat: the estimated true number.
        n_interval: the interval for the true number.

    Returns:
        One entry per source in the order given, then the combined entry.
    """
    items = [*registered.items(), (COMBINED, n_observed)]
    return tuple(_one(name, count, n_hat, n_interval) for name, count in items)


def _one(source: str, registered: int, n_hat: float, n_interval: Interval) -> SourceCompleteness:
    share = min(1.0, registered / n_hat) if n_hat > 0 else 1.0
    lower = registered / n_interval.upper if math.isfinite(n_interval.upper) else 0.0
    upper = registered / n_interval.lower if n_interval.lower > registered else 1.0
    interval = Interval(
        lower=max(0.0, min(lower, share)),
        upper=min(1.0, max(upper, share)),
        level=n_interval.level,
        method=n_interval.method,
    )
    return SourceCompleteness(
        source=source, registered=registered, completeness=share, interval=interval
    )
