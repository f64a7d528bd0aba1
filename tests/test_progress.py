"""hedui.progress: one protocol for every long step, a job of weighted steps, one bar for all."""

from __future__ import annotations

import pytest

from hedui.progress import BarState, OneBar, RecordingProgress, step, weighted


def test_step_finishes_even_when_the_work_fails() -> None:
    """A bar must never be left half-drawn: the step ends whatever happens inside it."""
    progress = RecordingProgress()
    with pytest.raises(ZeroDivisionError), step(progress, "读 reading", 2):
        progress.advance("读 reading")
        _ = 1 / 0
    assert progress.events == [
        ("start", "读 reading", 2),
        ("advance", "读 reading", 1.0),
        ("finish", "读 reading", None),
    ]


def test_weighted_moves_the_job_by_each_steps_share() -> None:
    """Weights 1 and 3 give shares 0.25 and 0.75 of the job.

    The first step has a total of 2: each advance moves the job 0.25 × 1/2 = 0.125. The second
    has no total, so it moves the job by its whole share, 0.75, when it finishes. A step
    without a weight is passed on and moves nothing.
    """
    progress = RecordingProgress()
    with weighted(progress, "全部 all", {"一 one": 1, "二 two": 3}) as part:
        with step(part, "一 one", 2):
            part.advance("一 one")
            part.advance("一 one")
        with step(part, "二 two"), step(part, "细 detail"):
            pass
    moved = [
        value for kind, name, value in progress.events if (kind, name) == ("advance", "全部 all")
    ]
    assert moved == [0.125, 0.125, 0.75]
    assert progress.steps == ["全部 all", "一 one", "二 two", "细 detail"]


def test_weighted_never_moves_a_step_past_its_share() -> None:
    """A step that advances beyond its total (3 of 2) still moves the job by its share only."""
    progress = RecordingProgress()
    with weighted(progress, "全部 all", {"一 one": 1}) as part, step(part, "一 one", 2):
        for _ in range(3):
            part.advance("一 one")
    moved = [
        value for kind, name, value in progress.events if (kind, name) == ("advance", "全部 all")
    ]
    assert sum(v or 0 for v in moved) == pytest.approx(1.0)


def test_one_bar_shows_the_outer_fraction_and_the_inner_step() -> None:
    """The job's fraction, the running step's name and its count of units."""
    shown: list[BarState] = []
    bar = OneBar(shown.append)
    with weighted(bar, "核对 reconciling", {"读 reading": 1, "写 writing": 1}) as part:
        with step(part, "读 reading", 4):
            part.advance("读 reading", 2)
        with step(part, "写 writing"):
            pass
    assert BarState(0.0, "读 reading", 2.0, 4.0) in shown
    assert shown[shown.index(BarState(0.0, "读 reading", 2.0, 4.0)) + 1] == BarState(
        0.25, "读 reading", 2.0, 4.0
    )
    assert BarState(0.5, "核对 reconciling", 0.5, 1.0) in shown
    assert shown[-1] == BarState(1.0, "核对 reconciling", 1.0, 1.0)
    assert [s.fraction for s in shown] == sorted(s.fraction for s in shown)


def test_bar_state_counts_units_only_when_a_step_has_more_than_one() -> None:
    """Rows and files are counted; a job's own fraction (total 1) is not."""
    assert BarState(0.2, "写入 writing", 1000, 5000).counted == "1,000 / 5,000"
    assert BarState(0.2, "核对 reconciling", 0.2, 1.0).counted == ""
    assert BarState(0.0, "训练 training").counted == ""
