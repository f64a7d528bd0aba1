"""Shared helpers for the source reader tests: real files written into ``tmp_path``."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from hedui.sources import CANONICAL_COLUMNS

WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write rows under a header (canonical by default) into a CSV in ``tmp_path``.

    Rows are dicts (missing keys are blank) or sequences in header order.
    """

    def write(
        name: str,
        rows: Sequence[dict[str, str] | Sequence[str]],
        *,
        header: Sequence[str] = CANONICAL_COLUMNS,
        encoding: str = "utf-8",
    ) -> Path:
        path = tmp_path / name
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                if isinstance(row, dict):
                    writer.writerow([row.get(column, "") for column in header])
                else:
                    writer.writerow(row)
        return path

    return write
