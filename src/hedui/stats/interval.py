"""A confidence interval, and the small helpers every estimator needs to build one.

Intervals are values: a lower and an upper bound, the confidence level and the name of the
method, so that a report can say *which* interval it prints (a Wald interval and a profile
likelihood interval of the same estimate can differ by hundreds of births).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scipy.stats import norm

from hedui.errors import EstimationInputError

__all__ = ["Interval", "check_level", "json_number", "log_transformed_interval", "z_value"]


@dataclass(frozen=True)
class Interval:
    """A two-sided confidence interval.

    Attributes:
        lower: the lower bound.
        upper: the upper bound; ``math.inf`` when the data put no upper limit on the
            quantity (a profile likelihood that never falls far enough, a sex ratio with no
            girls); :meth:`to_dict` writes it as ``None``.
        level: the confidence level, for example ``0.95``.
        method: how it was computed (``"wilson"``, ``"log"``, ``"profile"``, ...).
    """

    lower: float
    upper: float
    level: float
    method: str

    def whole_numbers(self) -> Interval:
        """The smallest interval of whole numbers that contains this one.

        A population size is a count: an interval for it is a set of whole numbers. Left
        continuous, a log interval for a table where about one person was missed runs from
        n + 0.6 to n + 3, and excludes the truest answer, n, half the time — the coverage study
        (``docs/capture-recapture.md`` §8) measured 61% for births. Rounded outwards it covers
        at least as often as its nominal level.
        """
        lower = math.floor(self.lower + 1e-9) if math.isfinite(self.lower) else self.lower
        upper = math.ceil(self.upper - 1e-9) if math.isfinite(self.upper) else self.upper
        return Interval(float(lower), float(upper), self.level, self.method)

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the closed interval."""
        return self.lower <= value <= self.upper

    @property
    def width(self) -> float:
        """Upper minus lower bound (``math.inf`` for an open-ended interval)."""
        return self.upper - self.lower

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready figures: infinite bounds become ``None``."""
        return {
            "lower": json_number(self.lower),
            "upper": json_number(self.upper),
            "level": self.level,
            "method": self.method,
        }


def check_level(level: float) -> None:
    """Refuse a confidence level outside the open interval (0, 1).

    Raises:
        EstimationInputError: naming the level and the usual choice.
    """
    if not 0.0 < level < 1.0:
        raise EstimationInputError(
            f"置信水平 {level!r} 不在 0 与 1 之间 / confidence level {level!r} is not between "
            "0 and 1; use for example 0.95"
        )


def z_value(level: float) -> float:
    """The two-sided standard normal quantile for ``level`` (1.959964 for 0.95)."""
    check_level(level)
    return float(norm.ppf(0.5 + level / 2.0))


def json_number(value: float | None) -> float | None:
    """A float for JSON: ``None`` for ``None``, infinities and NaN (JSON has none of them)."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def log_transformed_interval(
    n_observed: int, n_hat: float, variance: float, level: float, method: str = "log"
) -> Interval:
    """Chao's (1987, *Biometrics* 43:783–791) log-transformed interval for a population size.

    The unobserved count f0 = N̂ − n is taken as log-normal: with
    C = exp(z·sqrt(log(1 + Var(N̂)/f0²))) the interval is [n + f0/C, n + f0·C]. Unlike the
    symmetric normal interval it never falls below the n people actually seen and is skewed
    to the right, as the sampling distribution of N̂ is. With f0 = 0 or no variance it is the
    single point N̂. The bounds are rounded outwards to whole numbers
    (:meth:`Interval.whole_numbers`).

    Args:
        n_observed: people seen by at least one source.
        n_hat: the estimate.
        variance: the estimate's variance.
        level: the confidence level.
        method: the name recorded on the interval (``"log"``, ``"delta"``).
    """
    f0 = max(n_hat - n_observed, 0.0)
    if f0 == 0.0 or variance <= 0.0:
        point = Interval(float(n_observed) + f0, float(n_observed) + f0, level, method)
        return point.whole_numbers()
    squared = f0 * f0
    exponent = z_value(level) * math.sqrt(math.log1p(variance / squared)) if squared else math.inf
    if exponent > 700.0:  # exp() would overflow: the data bound N̂ − n from neither side
        return Interval(float(n_observed), math.inf, level, method)
    c = math.exp(exponent)
    return Interval(n_observed + f0 / c, n_observed + f0 * c, level, method).whole_numbers()
