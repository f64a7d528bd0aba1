"""How the library reports progress without printing: a small callback protocol.

Long steps (reading sources, preparing features, training, scoring pairs, clustering)
announce themselves to a :class:`ProgressReporter`. The CLI passes one that drives a Rich
progress bar; the web application or a test can pass its own; by default nothing is shown.
Nothing is reported per record — only per step, or per chunk of a step.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol


class ProgressReporter(Protocol):
    """Receives the start, advance and end of each long step.

    ``step`` is a short user-facing label (Chinese first, then English); ``total`` is the
    number of units the step will advance by, or ``None`` when it cannot be known.
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
def step(
    progress: ProgressReporter, name: str, total: float | None = None
) -> Iterator[ProgressReporter]:
    """Start ``name`` on entry and always finish it on exit, even when the step fails."""
    progress.start(name, total)
    try:
        yield progress
    finally:
        progress.finish(name)
