"""The process's caches, with one rule: an answer is kept under what it was computed from.

Some answers are slow and asked for on every page: a county's case counts, the report figures
of a run (a few megabytes of JSON), the dashboard's charts. Each is kept in a
:class:`KeptAnswers` of this module, and every one follows the same rule:

- **the key names the version of the inputs**: a run's number, a file's size and modification
  time, the newest ``updated_at`` of the rows counted. When an input changes, the key changes,
  so a kept answer is never stale and nothing has to be invalidated by hand;
- **each cache is bounded**: beyond its size, the least recently used answer is dropped;
- **a kept answer is shared**: callers must not change it (copy it first).

The caches are per process (every web worker keeps its own); :func:`clear_all` empties them,
for tests. Thread-safe: two requests may compute the same answer at once, and the later one
is kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

__all__ = ["KeptAnswers", "clear_all", "kept_answers"]

T = TypeVar("T")

_ALL: dict[str, KeptAnswers[object]] = {}
_REGISTRY_LOCK = threading.Lock()


class KeptAnswers(Generic[T]):
    """Answers kept under the version of their inputs, the least recently used dropped first.

    Args:
        name: What the answers are (``"case figures"``), for :func:`kept_answers` and errors.
        size: How many answers to keep, at least one.
    """

    def __init__(self, name: str, size: int) -> None:
        if size < 1:
            raise ValueError(f"cache {name!r} must keep at least one answer, not {size}")
        self.name = name
        self.size = size
        self._answers: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer kept under ``key``, or ``compute()``'s, which is then kept."""
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        answer = compute()
        with self._lock:
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return answer

    def get_for_file(self, path: Path, compute: Callable[[], T]) -> T:
        """``compute()``'s answer kept under ``path``'s name, modification time and size; a file
        that cannot be looked at is computed each time (``compute`` then says what is wrong)."""
        try:
            version = path.stat()
        except OSError:
            return compute()
        return self.get((str(path), version.st_mtime_ns, version.st_size), compute)

    def clear(self) -> None:
        """Forget every answer."""
        with self._lock:
            self._answers.clear()


def kept_answers(name: str, size: int) -> KeptAnswers[T]:
    """The process's cache called ``name`` (made on first use; one per name)."""
    with _REGISTRY_LOCK:
        cache = _ALL.get(name)
        if cache is None:
            cache = _ALL[name] = KeptAnswers(name, size)
    return cache  # type: ignore[return-value]


def clear_all() -> None:
    """Empty every cache of the process."""
    with _REGISTRY_LOCK:
        caches = list(_ALL.values())
    for cache in caches:
        cache.clear()
