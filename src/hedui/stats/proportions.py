"""Intervals for a proportion: Wilson's score interval and the exact Clopper–Pearson interval.

Registration indicators are proportions of small numbers — 3 of 41 births in a village
registered late — where the textbook Wald interval p̂ ± z·sqrt(p̂(1 − p̂)/n) fails: it gives
zero width at 0 of n, spills outside [0, 1], and covers far less often than it claims
(Newcombe 1998, *Stat Med* 17:857–872; Brown, Cai and DasGupta 2001, *Stat Sci*
16:101–133). hedui offers:

- ``wilson_interval`` (default): inverts the score test; coverage close to nominal on
  average, always inside [0, 1], always contains p̂, and has a closed form.
- ``clopper_pearson_interval``: inverts two one-sided binomial tests; coverage never below
  nominal ("exact"), at the price of being wider. Used where a guarantee is wanted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from scipy.stats import beta

from hedui.errors import EstimationInputError
from hedui.stats.interval import Interval, check_level, json_number, z_value

__all__ = [
    "ProportionEstimate",
    "ProportionMethod",
    "clopper_pearson_interval",
    "proportion",
    "wilson_interval",
]

ProportionMethod = Literal["wilson", "clopper-pearson"]


@dataclass(frozen=True)
class ProportionEstimate:
    """A proportion with its interval.

    Attributes:
        successes: the count of interest.
        trials: the total.
        estimate: successes / trials.
        interval: the interval.
    """

    successes: int
    trials: int
    estimate: float
    interval: Interval

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures."""
        return {
            "successes": self.successes,
            "trials": self.trials,
            "estimate": json_number(self.estimate),
            "interval": self.interval.to_dict(),
        }


def proportion(
    successes: int, trials: int, *, level: float = 0.95, method: ProportionMethod = "wilson"
) -> ProportionEstimate:
    """The proportion ``successes / trials`` with a Wilson or Clopper–Pearson interval.

    Raises:
        EstimationInputError: for impossible counts, no trials, or an unknown method.
    """
    if method == "wilson":
        interval = wilson_interval(successes, trials, level=level)
    elif method == "clopper-pearson":
        interval = clopper_pearson_interval(successes, trials, level=level)
    else:
        raise EstimationInputError(
            f"未知的区间方法 {method!r} / unknown method {method!r}; use 'wilson' or "
            "'clopper-pearson'"
        )
    return ProportionEstimate(successes, trials, successes / trials, interval)


def wilson_interval(successes: int, trials: int, *, level: float = 0.95) -> Interval:
    """Wilson's (1927) score interval.

    With p̂ = x/n and z the normal quantile, the bounds are
    (p̂ + z²/2n ± z·sqrt(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).

    Raises:
        EstimationInputError: for impossible counts or no trials.
    """
    _check(successes, trials)
    z = z_value(level)
    n = float(trials)
    p = successes / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    lower = 0.0 if successes == 0 else max(0.0, min((centre - half) / scale, p))
    upper = 1.0 if successes == trials else min(1.0, max((centre + half) / scale, p))
    return Interval(lower, upper, level, "wilson")


def clopper_pearson_interval(successes: int, trials: int, *, level: float = 0.95) -> Interval:
    """The Clopper–Pearson (1934) exact interval, from quantiles of the beta distribution.

    The lower bound is the α/2 quantile of Beta(x, n − x + 1) (0 when x = 0) and the upper
    the 1 − α/2 quantile of Beta(x + 1, n − x) (1 when x = n).

    Raises:
        EstimationInputError: for impossible counts or no trials.
    """
    _check(successes, trials)
    check_level(level)
    tail = (1 - level) / 2
    x, n = successes, trials
    lower = 0.0 if x == 0 else float(beta.ppf(tail, x, n - x + 1))
    upper = 1.0 if x == n else float(beta.ppf(1 - tail, x + 1, n - x))
    return Interval(min(lower, x / n), max(upper, x / n), level, "clopper-pearson")


def _check(successes: int, trials: int) -> None:
    if trials <= 0 or not 0 <= successes <= trials:
        raise EstimationInputError(
            f"比例的计数不合理：{successes}/{trials} / impossible counts for a proportion: "
            f"{successes} of {trials}; the total must be positive and at least the count"
        )
