"""hedui.cache: answers kept under the version of their inputs, the least recently used dropped."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hedui.cache import KeptAnswers, clear_all, kept_answers


def test_an_answer_is_computed_once_per_key() -> None:
    cache: KeptAnswers[str] = KeptAnswers("test", 4)
    calls: list[int] = []

    def compute(n: int) -> str:
        calls.append(n)
        return f"answer {n}"

    assert cache.get(("run", 1), lambda: compute(1)) == "answer 1"
    assert cache.get(("run", 1), lambda: compute(1)) == "answer 1"
    # A new version of the input is a new key: computed again, never stale.
    assert cache.get(("run", 2), lambda: compute(2)) == "answer 2"
    assert calls == [1, 2]


def test_the_least_recently_used_answer_is_dropped_first() -> None:
    """Size 2: a, b kept; a used again; c pushes out b, not a."""
    cache: KeptAnswers[str] = KeptAnswers("test", 2)
    cache.get("a", lambda: "A")
    cache.get("b", lambda: "B")
    cache.get("a", lambda: "not computed again")
    cache.get("c", lambda: "C")
    assert len(cache) == 2
    assert cache.get("a", lambda: "recomputed") == "A"
    assert cache.get("b", lambda: "recomputed") == "recomputed"


@given(st.lists(st.integers(min_value=0, max_value=20), max_size=60), st.integers(1, 6))
def test_a_cache_never_holds_more_than_its_size(keys: list[int], size: int) -> None:
    cache: KeptAnswers[int] = KeptAnswers("test", size)
    for key in keys:
        assert cache.get(key, lambda key=key: key * 2) == key * 2  # type: ignore[misc]
        assert len(cache) <= size


def test_a_cache_keeps_at_least_one_answer() -> None:
    with pytest.raises(ValueError, match="at least one"):
        KeptAnswers("test", 0)


def test_caches_are_one_per_name_and_clear_all_empties_them() -> None:
    first: KeptAnswers[str] = kept_answers("test cache by name", 3)
    assert kept_answers("test cache by name", 3) is first
    first.get("key", lambda: "value")
    clear_all()
    assert len(first) == 0


def test_threads_asking_at_once_all_get_the_answer() -> None:
    cache: KeptAnswers[int] = KeptAnswers("test", 8)
    answers: list[int] = []
    threads = [
        threading.Thread(target=lambda: answers.append(cache.get("k", lambda: 42)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [42] * 8 and len(cache) == 1


def test_an_answer_for_a_file_follows_the_file_and_a_missing_file_is_asked_each_time(
    tmp_path: Path,
) -> None:
    cache: KeptAnswers[str] = KeptAnswers("file", 2)
    path = tmp_path / "model.json"
    path.write_text("one", encoding="utf-8")
    read = lambda: path.read_text(encoding="utf-8")  # noqa: E731
    assert cache.get_for_file(path, read) == "one"
    path.write_text("two!", encoding="utf-8")  # another size: another version
    assert cache.get_for_file(path, read) == "two!"
    assert cache.get_for_file(path, lambda: "not read again") == "two!"
    gone = tmp_path / "gone.json"
    calls: list[int] = []

    def count() -> str:
        calls.append(1)
        return "computed"

    for _ in range(2):
        assert cache.get_for_file(gone, count) == "computed"
    assert len(calls) == 2 and len(cache) == 2
