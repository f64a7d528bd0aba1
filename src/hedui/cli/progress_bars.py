"""Progress on the terminal: the library's steps (:mod:`hedui.progress`) drawn with Rich.

Two ways to draw them. :func:`step_bars` gives every step a bar of its own, and keeps them on
screen (``hedui link``: reading, preparing, training, scoring, clustering, writing).
:func:`one_bar` draws one bar for a whole job, labelled with the step at work
(:class:`hedui.progress.OneBar`): ``hedui reconcile``, ``hedui synth`` and the demo. With
``disable`` (``--json``, where stdout carries one document and nothing else) nothing is drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from hedui.cli.app import console
from hedui.progress import BarState, OneBar

__all__ = ["StepBars", "one_bar", "step_bars"]


class StepBars:
    """A :class:`hedui.progress.Progress` drawing one Rich bar per step."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}

    def start(self, step: str, total: float | None = None) -> None:
        """Add a bar (indeterminate when ``total`` is None)."""
        self._tasks[step] = self._progress.add_task(step, total=total)

    def advance(self, step: str, amount: float = 1.0) -> None:
        """Move the step's bar on."""
        self._progress.advance(self._tasks[step], amount)

    def finish(self, step: str) -> None:
        """Fill the step's bar."""
        task = self._tasks[step]
        total = self._progress.tasks[task].total
        self._progress.update(task, total=total or 1, completed=total or 1)


@contextmanager
def step_bars(
    *, transient: bool = False, disable: bool = False, count: bool = False
) -> Iterator[StepBars]:
    """A bar per step while the block runs; with ``count``, each shows its units (rows)."""
    columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn()]
    if count:
        columns.append(MofNCompleteColumn())
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=console, transient=transient, disable=disable) as bars:
        yield StepBars(bars)


@contextmanager
def one_bar(description: str, *, disable: bool = False) -> Iterator[OneBar]:
    """One bar for the whole job while the block runs, then cleared."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True, disable=disable) as bar:
        task = bar.add_task(description, total=1.0)

        def show(state: BarState) -> None:
            text = f"{state.step} {state.counted}" if state.counted else state.step
            bar.update(task, completed=state.fraction, description=text)

        yield OneBar(show)
