"""The load benchmark's own correctness checks, on a small county: a real two-worker server on
127.0.0.1, clerks on a mixed day, every save answered and stored exactly once, no error."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import bench_web_load as load
from hedui.store.migrations import upgrade

T = TypeVar("T")


def _run(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine on a loop of its own thread: the browser tests' Playwright may hold a
    running event loop in this one for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def test_clerks_on_a_mixed_day_store_every_save_exactly_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'load.db'}"
    upgrade(url)
    (tmp_path / "run").mkdir()
    load.seed(url, 3_000, 900, 6, (str(tmp_path / "no-link-dir"), str(tmp_path / "run")))
    day = load.Day()
    with load.serving(url, 2, str(tmp_path)) as (base, pid):
        pages = _run(lambda: load.single_user(base, 2))
        save_ms, static_ms = _run(lambda: load.save_cpu(base, pid, 3))
        plan = argparse.Namespace(users=6, rounds=10, cases=900)
        logins, seconds, cpu = _run(lambda: load.working_day(base, plan, day, pid))
    assert logins > 0 and seconds > 0 and cpu > 0
    assert all(len(times) == 2 for times in pages.values())
    assert save_ms > 0 and static_ms >= 0  # the server's CPU was read from /proc
    assert day.errors == []
    assert sum(len(waits) for waits in day.waits.values()) == 60
    assert day.saved  # seed 0..5 with one save in five: some clerk saved
    once, rows = load.stored_once(url, day.saved)
    assert once == len(day.saved)  # each answered save is in the ledger exactly once …
    assert rows == len(day.saved) + 3 + 3  # … and nothing else (the CPU phase's 3 + 3 warm)
