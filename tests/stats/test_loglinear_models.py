"""Tests for hedui.stats.loglinear_models: the model family and its design matrices."""

from __future__ import annotations

import numpy as np
import pytest

from hedui.errors import EstimationInputError
from hedui.stats.loglinear_models import (
    MAX_SOURCES,
    LoglinearModel,
    design_matrix,
    enumerate_models,
)


@pytest.mark.parametrize(("k", "count"), [(2, 2), (3, 8), (4, 64), (5, 1024)])
def test_enumerate_models_has_every_subset_of_pairs(k: int, count: int) -> None:
    # k sources have k(k−1)/2 pairs, so 2^(k(k−1)/2) models: 2, 8, 64, 1024.
    models = enumerate_models(k)
    assert len(models) == count
    assert len(set(models)) == count
    assert models[0].interactions == ()


def test_enumerate_models_orders_by_number_of_interactions() -> None:
    sizes = [len(m.interactions) for m in enumerate_models(4)]
    assert sizes == sorted(sizes)


@pytest.mark.parametrize("k", [1, MAX_SOURCES + 1])
def test_enumerate_models_refuses_too_few_or_too_many_sources(k: int) -> None:
    with pytest.raises(EstimationInputError, match="sources"):
        enumerate_models(k)


def test_design_matrix_by_hand() -> None:
    # Rows 001, 010, 011, 100, 101, 110, 111; columns 1, h1, h2, h3, h1·h3.
    design = design_matrix(LoglinearModel(3, ((0, 2),)))
    expected = np.array(
        [
            [1, 0, 0, 1, 0],
            [1, 0, 1, 0, 0],
            [1, 0, 1, 1, 0],
            [1, 1, 0, 0, 0],
            [1, 1, 0, 1, 1],
            [1, 1, 1, 0, 0],
            [1, 1, 1, 1, 1],
        ],
        dtype=float,
    )
    np.testing.assert_array_equal(design, expected)


def test_design_matrix_row_of_the_unobserved_cell_is_the_intercept_alone() -> None:
    row = design_matrix(LoglinearModel(3, ((0, 1), (1, 2))), [(0, 0, 0)])
    np.testing.assert_array_equal(row, [[1, 0, 0, 0, 0, 0]])


def test_model_names_use_source_names() -> None:
    sources = ("村台账", "乡镇库", "出生证")
    assert LoglinearModel(3, ()).name(sources) == "独立 / independence"
    model = LoglinearModel(3, ((0, 2), (1, 2)))
    assert model.name(sources) == "村台账×出生证 + 乡镇库×出生证"
    assert model.n_parameters == 6
