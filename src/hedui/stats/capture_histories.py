"""Capture histories: in which sources each linked person (or event) was found.

After linkage, every cluster of records is one person or one event. Its *capture history* is
the tuple of 0/1 flags saying which sources hold a record of it: with the sources (village
ledger, township database, hospital birth certificates), a birth known to the ledger and the
hospital but not the township has history ``(1, 0, 1)``. Counting clusters by history gives
the contingency table that every capture–recapture estimator starts from: for k sources,
2^k − 1 observed cells; the cell ``(0, …, 0)`` — births no source recorded — is what the
estimators predict.

:mod:`hedui.stats.linked_histories` builds these tables from linkage output.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hedui.errors import EstimationInputError

__all__ = ["CaptureHistories", "History", "all_histories"]

History = tuple[int, ...]


def all_histories(k: int) -> list[History]:
    """The 2^k − 1 observable histories of k sources, ``(0, …, 0, 1)`` first."""
    return [h for h in itertools.product((0, 1), repeat=k) if any(h)]


@dataclass(frozen=True)
class CaptureHistories:
    """The table of capture histories for a set of sources.

    Build one with :meth:`from_counts` or from linked records with
    :func:`~hedui.stats.linked_histories.capture_histories`; the constructor expects
    ``counts`` to hold every observable history already.

    Attributes:
        sources: source names, in the order of the flags in each history.
        counts: the number of clusters with each history, every one of the 2^k − 1
            observable histories present (zero where none was seen).
    """

    sources: tuple[str, ...]
    counts: Mapping[History, int]

    @classmethod
    def from_counts(cls, counts: Mapping[Any, int], sources: Sequence[str]) -> CaptureHistories:
        """Build the table from a mapping of histories to counts.

        Args:
            counts: keys are tuples of 0/1 (or strings such as ``"101"``), one flag per
                source; histories left out count zero.
            sources: the source names, in the order of the flags.

        Raises:
            EstimationInputError: for a key of the wrong length or with other flags than
                0/1, a negative count, a count for the unobservable all-zero history, or
                fewer than two sources.
        """
        k = len(sources)
        if k < 2 or len(set(sources)) != k:
            raise EstimationInputError(
                f"需要至少两个不同的来源，得到 {list(sources)} / capture–recapture needs at "
                f"least two distinct sources, got {list(sources)}"
            )
        table = dict.fromkeys(all_histories(k), 0)
        for key, count in counts.items():
            history = _parse_history(key, k)
            if count < 0:
                raise EstimationInputError(
                    f"记录数不能为负：{key!r} → {count} / count for history {key!r} is negative"
                )
            if not any(history):
                if count:
                    raise EstimationInputError(
                        "全零的历史（没有任何来源登记）无法观测 / the all-zero history cannot "
                        "be observed: no source recorded those people; leave it out"
                    )
                continue
            table[history] += int(count)
        return cls(sources=tuple(sources), counts=table)

    @property
    def k(self) -> int:
        """The number of sources."""
        return len(self.sources)

    @property
    def n_observed(self) -> int:
        """Distinct people (clusters) seen by at least one source."""
        return sum(self.counts.values())

    @property
    def recaptures(self) -> int:
        """People seen by at least two sources: what every estimate rests on."""
        return sum(c for h, c in self.counts.items() if sum(h) >= 2)

    def source_totals(self) -> dict[str, int]:
        """Records (clusters) in each source, by source name."""
        totals = dict.fromkeys(self.sources, 0)
        for history, count in self.counts.items():
            for i, name in enumerate(self.sources):
                totals[name] += count * history[i]
        return totals

    def overlap(self, first: str, second: str) -> int:
        """People found in both ``first`` and ``second`` (whatever the other sources say)."""
        i, j = self._index(first), self._index(second)
        return sum(c for h, c in self.counts.items() if h[i] and h[j])

    def collapse(self, sources: Sequence[str]) -> CaptureHistories:
        """The table for a subset of the sources (people seen only elsewhere drop out)."""
        idx = [self._index(s) for s in sources]
        table: dict[History, int] = {}
        for history, count in self.counts.items():
            sub = tuple(history[i] for i in idx)
            table[sub] = table.get(sub, 0) + count
        table.pop(tuple(0 for _ in idx), None)
        return CaptureHistories.from_counts(table, sources)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: histories written as strings of flags (``"101"``)."""
        return {
            "sources": list(self.sources),
            "counts": {"".join(map(str, h)): c for h, c in self.counts.items()},
            "n_observed": self.n_observed,
        }

    def _index(self, source: str) -> int:
        try:
            return self.sources.index(source)
        except ValueError:
            raise EstimationInputError(
                f"来源 {source!r} 不在表中 / source {source!r} is not one of {list(self.sources)}"
            ) from None


def _parse_history(key: History | str, k: int) -> History:
    raw = [str(v) for v in key]
    valid = len(raw) == k and all(v in ("0", "1") for v in raw)
    flags = tuple(int(v) for v in raw) if valid else ()
    if not valid:
        raise EstimationInputError(
            f"历史 {key!r} 应为 {k} 个 0/1 标志 / history {key!r} must be {k} flags of 0 or 1, "
            "one per source"
        )
    return flags
