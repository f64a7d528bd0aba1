"""Weighted sampling without replacement, fast for any sample size."""

from __future__ import annotations

import numpy as np


def weighted_sample(gen: np.random.Generator, weights: np.ndarray, k: int) -> list[int]:
    """``k`` distinct indices drawn with chance proportional to ``weights`` (zero never drawn).

    Efraimidis and Spirakis: each index gets the key ``E / w`` with ``E`` exponential, and the
    ``k`` smallest keys are a weighted sample without replacement, in drawing order.
    """
    w = np.asarray(weights, dtype=float)
    if len(w) == 0 or k <= 0:
        return []
    with np.errstate(divide="ignore"):
        keys = np.where(w > 0, gen.exponential(size=len(w)) / np.where(w > 0, w, 1.0), np.inf)
    k = min(k, int((w > 0).sum()))
    order = np.argsort(keys, kind="stable")[:k]
    return [int(i) for i in order]
