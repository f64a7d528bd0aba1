"""How long work tells whoever watches how far it has got, without printing: one protocol.

Linkage, reconciliation, the synthetic county, the import and the web's jobs all announce
their long steps to a :class:`Progress`: a step starts (with the number of units it will
advance by, when known), advances, and finishes. A step is named by a short user-facing label,
Chinese first, then English. Nothing is reported per record — only per step, or per chunk of a
step. The library never draws anything: the command line renders the steps with Rich
(:mod:`hedui.cli.progress_bars`), the web application keeps them in its job table
(:mod:`hedui.web.background`), and by default (:class:`NullProgress`) nobody is watching.

A job made of steps of very different lengths (a reconciliation from the store: export, link,
reconcile, compute the report's figures) is also shown as one step of its own, moved on by each
part's share of the whole (:func:`weighted`). :class:`OneBar` turns the steps into what a
single bar needs: one fraction and the step being worked on (:class:`BarState`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

__all__ = [
    "BarState",
    "NullProgress",
    "OneBar",
    "Progress",
    "RecordingProgress",
    "Shares",
    "step",
    "weighted",
]


class Progress(Protocol):
    """Receives the start, advance and end of each long step.

    ``step`` is a short user-facing label (Chinese first, then English); ``total`` is the
    number of units the step will advance by, or ``None`` when it cannot be known. Steps may
    nest: a step started while another runs is part of it.
    """

    def start(self, step: str, total: float | None = None) -> None:
        """A step begins."""

    def advance(self, step: str, amount: float = 1.0) -> None:
        """A step has done ``amount`` more units of work."""

    def finish(self, step: str) -> None:
        """A step has ended (successfully or not)."""


class NullProgress:
    """Shows nothing: the default for library calls and tests."""

    def start(self, step: str, total: float | None = None) -> None:
        """Ignore the start of a step."""

    def advance(self, step: str, amount: float = 1.0) -> None:
        """Ignore progress."""

    def finish(self, step: str) -> None:
        """Ignore the end of a step."""


@dataclass
class RecordingProgress:
    """Keeps every call, in order: for tests and for timing a run.

    ``events`` holds ``(kind, step, value)`` tuples, ``kind`` being ``"start"``,
    ``"advance"`` or ``"finish"``.
    """

    events: list[tuple[str, str, float | None]] = field(default_factory=list)

    def start(self, step: str, total: float | None = None) -> None:
        """Record the start of a step and its total."""
        self.events.append(("start", step, total))

    def advance(self, step: str, amount: float = 1.0) -> None:
        """Record an advance."""
        self.events.append(("advance", step, amount))

    def finish(self, step: str) -> None:
        """Record the end of a step."""
        self.events.append(("finish", step, None))

    @property
    def steps(self) -> list[str]:
        """The steps started, in order."""
        return [step for kind, step, _ in self.events if kind == "start"]


@contextmanager
def step(progress: Progress, name: str, total: float | None = None) -> Iterator[Progress]:
    """Start ``name`` on entry and always finish it on exit, even when the step fails."""
    progress.start(name, total)
    try:
        yield progress
    finally:
        progress.finish(name)


@dataclass
class Shares:
    """Passes a job's steps on, and moves the job's own step by each step's share of it.

    ``weights`` give each step's share of the job (they sum to 1); a step moves the job on in
    proportion to its own advance when it has a total, and by whatever is left of its share
    when it finishes. Steps not in ``weights`` are passed on and move nothing: they are parts
    of a weighted step that moves by itself (a reconciliation's own steps inside the
    reconciliation step of a run from the store).
    """

    progress: Progress
    job: str
    weights: Mapping[str, float]
    _totals: dict[str, float | None] = field(default_factory=dict)
    _moved: dict[str, float] = field(default_factory=dict)

    def start(self, step: str, total: float | None = None) -> None:
        """Pass the start on."""
        self._totals[step] = total
        self._moved[step] = 0.0
        self.progress.start(step, total)

    def advance(self, step: str, amount: float = 1.0) -> None:
        """Pass the advance on; move the job by the step's share of it."""
        self.progress.advance(step, amount)
        total = self._totals.get(step)
        if total:
            share = self.weights.get(step, 0.0)
            self._move(step, min(share * amount / total, share - self._moved.get(step, 0.0)))

    def finish(self, step: str) -> None:
        """Pass the end on; move the job by what is left of the step's share."""
        self.progress.finish(step)
        self._move(step, self.weights.get(step, 0.0) - self._moved.get(step, 0.0))

    def _move(self, step: str, amount: float) -> None:
        if amount > 0:
            self._moved[step] = self._moved.get(step, 0.0) + amount
            self.progress.advance(self.job, amount)


@contextmanager
def weighted(progress: Progress, job: str, weights: Mapping[str, float]) -> Iterator[Shares]:
    """Run ``job`` as one step of total 1, moved on by its weighted steps (:class:`Shares`).

    Args:
        progress: Where the job and its steps are reported.
        job: The job's own step.
        weights: Each step's share of the job, in any unit: they are scaled to sum to 1.
    """
    whole = sum(weights.values())
    shares = {name: weight / whole for name, weight in weights.items()} if whole else {}
    with step(progress, job, 1.0):
        yield Shares(progress, job, shares)


@dataclass
class _Running:
    total: float | None
    done: float = 0.0


@dataclass(frozen=True)
class BarState:
    """What one bar shows: how far the whole has got, and the step being worked on.

    Attributes:
        fraction: 0 to 1, how far the outermost running step has got (0 while its total is
            unknown, 1 once it has finished).
        step: The name of the innermost running step (the one started last).
        done: Units that step has done.
        total: Units it will do, ``None`` when unknown.
    """

    fraction: float
    step: str
    done: float = 0.0
    total: float | None = None

    @property
    def counted(self) -> str:
        """``done / total`` (``1,000 / 5,000``) for a step that counts more than one unit."""
        if self.total is None or self.total <= 1:
            return ""
        return f"{self.done:,.0f} / {self.total:,.0f}"


@dataclass
class OneBar:
    """Shows nested steps on one bar: the outermost step's fraction, the innermost's name.

    ``show`` receives a :class:`BarState` on every change: the command line draws it as a Rich
    bar, the web keeps it as the live state of a job.
    """

    show: Callable[[BarState], None]
    _running: dict[str, _Running] = field(default_factory=dict)

    def start(self, step: str, total: float | None = None) -> None:
        """A step begins: it names the bar, and sets it if it is the only one running."""
        self._running.pop(step, None)
        self._running[step] = _Running(total)
        self._show()

    def advance(self, step: str, amount: float = 1.0) -> None:
        """A step moves on."""
        running = self._running.get(step)
        if running is not None:
            running.done += amount
            self._show()

    def finish(self, step: str) -> None:
        """A step ends; the outermost one's end fills the bar."""
        outermost = next(iter(self._running), None)
        ended = self._running.pop(step, None)
        if step == outermost and ended is not None:
            self.show(BarState(1.0, step, ended.total or 0.0, ended.total))
        else:
            self._show()

    def _show(self) -> None:
        if not self._running:
            return
        outer = next(iter(self._running.values()))
        fraction = min(outer.done / outer.total, 1.0) if outer.total else 0.0
        name, inner = next(reversed(self._running.items()))
        self.show(BarState(fraction, name, inner.done, inner.total))
