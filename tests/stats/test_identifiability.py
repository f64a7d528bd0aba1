"""Tests for hedui.stats.identifiability: does a model and a table fix the unobserved cell?"""

from __future__ import annotations

import numpy as np

from hedui.stats.capture_histories import CaptureHistories
from hedui.stats.identifiability import intercept_determined
from hedui.stats.loglinear_fit import counts_vector
from hedui.stats.loglinear_models import LoglinearModel, design_matrix

ALL_PAIRS_4 = ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3))


def test_intercept_determined_for_a_full_table(cormack_3b: CaptureHistories) -> None:
    for interactions in [(), ((0, 1), (0, 2), (1, 2))]:
        design = design_matrix(LoglinearModel(3, interactions))
        assert intercept_determined(design, counts_vector(cormack_3b))


def test_two_sources_with_an_interaction_are_never_identifiable() -> None:
    # Three cells, four parameters: u, u1, u2 and u12 can trade off against the missing cell.
    design = design_matrix(LoglinearModel(2, ((0, 1),)))
    assert not intercept_determined(design, np.array([50.0, 60.0, 70.0]))


def test_empty_cells_leave_the_estimate_unbounded_for_rich_models(
    cormack_3a: CaptureHistories,
) -> None:
    # Cormack, Chang and Smith (2000) Table 3a via Rcapture's tests: the all-pairs model and
    # 1×2 + 1×3 + 1×4 + 3×4 give estimates "> 1 000 000" (no finite maximum), while
    # 1×2 + 1×3 + 3×4 gives 218.
    counts = counts_vector(cormack_3a)
    unbounded = [ALL_PAIRS_4, ((0, 1), (0, 2), (0, 3), (2, 3))]
    for interactions in unbounded:
        assert not intercept_determined(design_matrix(LoglinearModel(4, interactions)), counts)
    bounded = ((0, 1), (0, 2), (2, 3))
    assert intercept_determined(design_matrix(LoglinearModel(4, bounded)), counts)


def test_empty_cells_that_do_not_touch_the_intercept_are_harmless() -> None:
    # Cells 110 and 111 empty: u12 → −∞ under model 1×2, but the unobserved cell is still
    # fixed (sources 1 and 2 never meet, source 3 links each to the rest).
    counts = np.array([10.0, 8.0, 5.0, 9.0, 4.0, 0.0, 0.0])
    assert intercept_determined(design_matrix(LoglinearModel(3, ((0, 1),))), counts)
