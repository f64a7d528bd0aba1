"""When the numbers are too small for a meaningful estimate, say so instead of printing one.

Capture–recapture estimates rest on the records found in more than one source. With none, the
Chapman formula still returns a number — (n1 + 1)(n2 + 1) − 1 — but it measures nothing. With
a handful, the estimate is badly biased and its interval misleading. hedui therefore returns a
:class:`NotEstimable` result, with the reason in Chinese and English, whenever the overlap is
below a documented minimum, and reports print that reason where the figure would have been.

The default minimum, :data:`DEFAULT_MIN_OVERLAP` = 7, follows Robson and Regier (1964, *Trans.
Am. Fish. Soc.* 93:215–226): the bias of Chapman's estimator is about −N·exp(−μ), μ being the
expected number of records in both sources, which is negligible once μ exceeds about seven
(Seber 1982, *The Estimation of Animal Abundance*, chapter 3).

For rates, :data:`DEFAULT_MIN_EVENTS` = 20 follows the U.S. National Center for Health
Statistics, which marks rates on fewer than 20 events as unreliable (their relative standard
error exceeds 23%).

For the sex ratio at birth, :data:`MIN_BIRTHS_SEX_RATIO` = 200. The ratio is a share of boys
near 0.512, and its 95% interval narrows only with the square root of the births: at 200
births a perfectly normal ratio of 105 has the interval 79–137, at 100 births 70–154, at 50
births 63–187. Populations' ratios are seldom seen outside 100–120 even where sex selection
was at its worst, so below 200 births the interval spans every ratio any population has had
and tells nothing; such a ratio is reported as :data:`TOO_FEW_BIRTHS` ("出生数太少，无法判断")
instead of drawing an interval that runs off the page. The same holds, at any number of
births, when there are no girls: the interval then runs to infinity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from hedui.errors import EstimationInputError

__all__ = [
    "DEFAULT_MIN_EVENTS",
    "DEFAULT_MIN_OVERLAP",
    "MIN_BIRTHS_SEX_RATIO",
    "TOO_FEW_BIRTHS",
    "NotEstimable",
    "check_min_overlap",
    "overlap_problem",
    "unstable_rate_note",
]

DEFAULT_MIN_OVERLAP = 7
DEFAULT_MIN_EVENTS = 20
MIN_BIRTHS_SEX_RATIO = 200
TOO_FEW_BIRTHS = "出生数太少，无法判断 / too few births to tell"


@dataclass(frozen=True)
class NotEstimable:
    """A result that explains why no estimate is given.

    Attributes:
        method: the estimator that declined (``"chapman"``, ``"loglinear"``, ...).
        reason: why, in Chinese and then English.
        counts: the figures the decision rested on (for example ``{"n1": 40, "n2": 35,
            "m": 2, "min_overlap": 7}``), so a reader can check it.
        assumptions: the assumptions the estimator would have made.
    """

    method: str
    reason: str
    counts: Mapping[str, int | float] = field(default_factory=dict)
    assumptions: tuple[str, ...] = ()

    @property
    def estimable(self) -> Literal[False]:
        """Always ``False``: lets callers test any result with ``result.estimable``."""
        return False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``estimable`` is false and ``reason`` takes the place of the figures."""
        return {
            "method": self.method,
            "estimable": False,
            "reason": self.reason,
            "counts": dict(self.counts),
            "assumptions": list(self.assumptions),
        }


def check_min_overlap(min_overlap: int) -> None:
    """Refuse a minimum overlap below one: with no record in two sources nothing is estimable.

    Raises:
        EstimationInputError: naming the value and the default.
    """
    if min_overlap < 1:
        raise EstimationInputError(
            f"最少重叠记录数 {min_overlap} 必须至少为 1 / min_overlap {min_overlap} must be at "
            f"least 1 (default {DEFAULT_MIN_OVERLAP})"
        )


def overlap_problem(overlap: int, min_overlap: int) -> str | None:
    """The reason an overlap of ``overlap`` records is too small, or ``None`` if it is enough.

    Args:
        overlap: records found in both sources (two sources), or found in at least two
            sources (three or more).
        min_overlap: the smallest overlap accepted; see :data:`DEFAULT_MIN_OVERLAP`.
    """
    check_min_overlap(min_overlap)
    if overlap == 0:
        return (
            "各来源之间没有重叠记录，无法估计 / no record appears in more than one source, so "
            "nothing can be estimated; check that the sources cover the same area and period "
            "and that linkage ran"
        )
    if overlap < min_overlap:
        return (
            f"重叠记录太少（{overlap} 条，至少需要 {min_overlap} 条），无法估计 / too few "
            f"records in both sources to estimate ({overlap}; at least {min_overlap} needed)"
        )
    return None


def unstable_rate_note(events: int, min_events: int = DEFAULT_MIN_EVENTS) -> str | None:
    """A caution for a rate on fewer than ``min_events`` events, or ``None``.

    The rate is still given, with its exact interval: a small village's birth rate is a fact
    worth showing, but its reader must know that next year's may differ a lot by chance.
    """
    if events < min_events:
        return (
            f"事件数少于 {min_events}（{events}），率不稳定，请看置信区间 / fewer than "
            f"{min_events} events ({events}): the rate is unstable, read its interval"
        )
    return None
