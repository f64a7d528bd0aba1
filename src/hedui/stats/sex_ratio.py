"""The sex ratio at birth (boys per 100 girls), its interval, and when it deserves a look.

In hedui the sex ratio at birth is a *data-quality* indicator: where a township's registered
births show far more boys than biology allows, the usual explanation in the records is that
births of girls were never registered, or registered late — a completeness problem for the
registrars to fix. It is never an indicator about any family.

The interval is derived from the interval for the proportion of boys p = boys / births
(Wilson by default): SRB = 100·p/(1 − p) is increasing in p, so transforming the two ends
keeps the coverage. The ratio is flagged only when the *whole* interval lies outside the
normal range, so a village with 7 boys and 3 girls (SRB 233, interval roughly 66 to 830) is
not flagged: small numbers alone never raise a flag.

**Too few births to tell.** Below :data:`~hedui.stats.small_numbers.MIN_BIRTHS_SEX_RATIO`
births (200), or with no girls (the interval then runs to infinity), the interval spans every
ratio a population has ever had: :func:`too_few_to_tell` says so, and charts and tables print
"出生数太少，无法判断" (too few births to tell) instead of the interval.

The default normal range, 102–109, is deliberately a little wider than the 103–107 usually
quoted for populations without sex selection (United Nations, *World Population Prospects*;
Chao et al. 2019, *PNAS* 116:9303–9311 estimate a global baseline near 105), so that a flag
means a real departure; pass ``normal_range=(103, 107)`` for the conventional range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from hedui.errors import EstimationInputError
from hedui.stats import assumptions
from hedui.stats.interval import Interval, json_number
from hedui.stats.proportions import ProportionEstimate, ProportionMethod, proportion
from hedui.stats.small_numbers import MIN_BIRTHS_SEX_RATIO, NotEstimable

__all__ = ["DEFAULT_NORMAL_RANGE", "SexRatioEstimate", "sex_ratio_at_birth", "too_few_to_tell"]

DEFAULT_NORMAL_RANGE = (102.0, 109.0)
ASSUMPTIONS = (assumptions.BINOMIAL_BIRTHS,)
NO_BIRTHS = "没有出生记录，无法计算出生性别比 / no births recorded: no sex ratio at birth"


@dataclass(frozen=True)
class SexRatioEstimate:
    """Boys per 100 girls among births, with its interval and flag.

    Attributes:
        boys: live births of boys.
        girls: live births of girls.
        ratio: 100·boys/girls (``math.inf`` with no girls).
        interval: the interval of the ratio.
        proportion_boys: the proportion of boys with the interval it came from.
        normal_range: the range outside which a whole interval raises a flag.
        flag: ``"high"`` or ``"low"`` when the whole interval lies outside the range.
        note: the bilingual explanation of the flag, for people to read.
        assumptions: what the interval assumes, bilingual.
    """

    boys: int
    girls: int
    ratio: float
    interval: Interval
    proportion_boys: ProportionEstimate
    normal_range: tuple[float, float]
    flag: Literal["high", "low"] | None
    note: str | None
    assumptions: tuple[str, ...] = field(default=ASSUMPTIONS)

    @property
    def estimable(self) -> Literal[True]:
        """Always ``True``; with no births the result is a :class:`NotEstimable`."""
        return True

    @property
    def too_few_to_tell(self) -> bool:
        """Whether the births are too few for the ratio to tell anything (see the function)."""
        return too_few_to_tell(self.boys, self.girls)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures (an infinite ratio or bound becomes ``None``)."""
        return {
            "method": "sex_ratio_at_birth",
            "estimable": True,
            "boys": self.boys,
            "girls": self.girls,
            "ratio": json_number(self.ratio),
            "interval": self.interval.to_dict(),
            "proportion_boys": self.proportion_boys.to_dict(),
            "normal_range": list(self.normal_range),
            "flag": self.flag,
            "too_few_to_tell": self.too_few_to_tell,
            "note": self.note,
            "assumptions": list(self.assumptions),
        }


def sex_ratio_at_birth(
    boys: int,
    girls: int,
    *,
    level: float = 0.95,
    method: ProportionMethod = "wilson",
    normal_range: tuple[float, float] = DEFAULT_NORMAL_RANGE,
) -> SexRatioEstimate | NotEstimable:
    """The sex ratio at birth with an interval from that of the proportion of boys.

    Args:
        boys: live births of boys.
        girls: live births of girls (births of unknown sex are left out by the caller).
        level: the confidence level.
        method: ``"wilson"`` or ``"clopper-pearson"`` for the proportion of boys.
        normal_range: (low, high) boys per 100 girls; a flag needs the whole interval
            outside it.

    Returns:
        The estimate, or :class:`NotEstimable` when there are no births.

    Raises:
        EstimationInputError: for negative counts or a range whose low end is not below
            its high end.
    """
    low, high = normal_range
    if boys < 0 or girls < 0 or not low < high:
        raise EstimationInputError(
            f"出生性别比的输入不合理：男 {boys}，女 {girls}，正常范围 {normal_range} / "
            f"impossible input: {boys} boys, {girls} girls, normal range {normal_range}"
        )
    if boys + girls == 0:
        return NotEstimable("sex_ratio_at_birth", NO_BIRTHS, {"boys": 0, "girls": 0}, ASSUMPTIONS)
    share = proportion(boys, boys + girls, level=level, method=method)
    interval = Interval(
        _ratio(share.interval.lower), _ratio(share.interval.upper), level, share.interval.method
    )
    flag: Literal["high", "low"] | None = None
    if interval.lower > high:
        flag = "high"
    elif interval.upper < low:
        flag = "low"
    return SexRatioEstimate(
        boys=boys,
        girls=girls,
        ratio=_ratio(share.estimate),
        interval=interval,
        proportion_boys=share,
        normal_range=(low, high),
        flag=flag,
        note=_note(flag, low, high),
    )


def too_few_to_tell(boys: int, girls: int, min_births: int = MIN_BIRTHS_SEX_RATIO) -> bool:
    """Whether ``boys`` and ``girls`` are too few births for their ratio to tell anything.

    True below ``min_births`` births (see :mod:`hedui.stats.small_numbers`) and whenever there
    are no girls, the one case in which the interval's upper end is infinite; otherwise the
    interval is finite at both ends.
    """
    return boys + girls < min_births or girls == 0


def _ratio(p: float) -> float:
    return math.inf if p >= 1.0 else 100.0 * p / (1.0 - p)


def _note(flag: str | None, low: float, high: float) -> str | None:
    if flag == "high":
        return (
            f"整个置信区间高于正常范围（{low:g}–{high:g}）：请核查女婴的出生是否漏登或迟登 / "
            f"the whole interval lies above the normal range ({low:g}–{high:g}): check whether "
            "births of girls are missing from the records or registered late"
        )
    if flag == "low":
        return (
            f"整个置信区间低于正常范围（{low:g}–{high:g}）：请核查男婴的出生是否漏登或迟登 / "
            f"the whole interval lies below the normal range ({low:g}–{high:g}): check whether "
            "births of boys are missing from the records or registered late"
        )
    return None
