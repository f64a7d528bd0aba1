"""On which days of the year events happen.

Deaths peak in winter, births in autumn; weddings crowd before the Spring Festival, on 1 May
and in the National Day week, on 520 (5-20, "I love you") and on days with 6, 8 or 9 in them;
people move after the Spring Festival and before the school year.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

_MONTHS = {
    "birth": (0.95, 0.85, 0.9, 0.9, 0.95, 0.95, 1.0, 1.05, 1.1, 1.1, 1.1, 1.05),
    "death": (1.25, 1.15, 1.05, 0.95, 0.9, 0.85, 0.85, 0.85, 0.85, 0.95, 1.05, 1.2),
    "marriage": (1.6, 1.4, 0.8, 0.8, 1.3, 0.9, 0.7, 0.8, 1.0, 1.6, 1.0, 1.2),
    "divorce": (0.9, 0.7, 1.2, 1.1, 1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 1.0, 1.1),
    "move": (0.9, 1.2, 1.3, 1.0, 0.9, 0.9, 1.0, 1.2, 1.4, 0.9, 0.8, 0.8),
}


def day_weights(kind: str, year: int) -> np.ndarray:
    """The relative chance of each day of ``year`` for an event of ``kind``."""
    start = date(year, 1, 1)
    days = [start + timedelta(days=i) for i in range((date(year + 1, 1, 1) - start).days)]
    months = _MONTHS[kind]
    weights = np.array([months[d.month - 1] for d in days])
    if kind == "marriage":
        for i, d in enumerate(days):
            if (d.month, d.day) == (5, 20):
                weights[i] *= 8
            elif (d.month, d.day) == (2, 14):
                weights[i] *= 4
            elif (d.month == 10 and d.day <= 7) or (d.month, d.day) == (5, 1):
                weights[i] *= 2.5
            if d.day in (6, 8, 9, 16, 18, 19, 26, 28, 29):
                weights[i] *= 1.3
    normalised: np.ndarray = weights / weights.sum()
    return normalised


def sample_days(gen: np.random.Generator, kind: str, year: int, n: int) -> list[date]:
    """``n`` days of ``year`` drawn with the season of ``kind``."""
    weights = day_weights(kind, year)
    offsets = gen.choice(len(weights), size=n, p=weights)
    start = date(year, 1, 1)
    return [start + timedelta(days=int(k)) for k in offsets]
