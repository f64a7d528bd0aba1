"""Names of villages and townships, so a report says 白沙镇 胜利村 rather than 320924101201.

Names come from a ``villages.csv`` (``code,name,township_code,township_name``, as ``hedui
synth`` writes it and as a county's division list exports) when one is given, else from the
store's division list (``hedui divisions import``, seeded by ``hedui demo``;
:mod:`hedui.store.divisions`), former codes included. Without either, a report shows codes.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy.orm import Session

from hedui.errors import SourceFileError
from hedui.store.divisions import division_names

__all__ = ["UNKNOWN_AREA", "area_label", "area_names", "read_area_names"]

UNKNOWN_AREA = "未知 unknown"
_COLUMNS = ("code", "name", "township_code", "township_name")


def area_names(session: Session, villages: Path | None = None) -> dict[str, str]:
    """Area code → name: from ``villages`` when given, else from the store's division list.

    Raises:
        SourceFileError: as :func:`read_area_names`.
    """
    if villages is not None:
        return read_area_names(villages)
    return dict(division_names(session).names)


def read_area_names(path: Path) -> dict[str, str]:
    """Area code → name for every village and township in ``path``.

    Raises:
        SourceFileError: the file cannot be read or lacks a column (all missing ones named).
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise SourceFileError(
                    f"{path} 缺少列 {', '.join(missing)}（需要 {', '.join(_COLUMNS)}） / {path} "
                    f"lacks columns {', '.join(missing)}; expected {', '.join(_COLUMNS)}",
                    path=str(path),
                )
            names: dict[str, str] = {}
            for row in reader:
                names[row["township_code"].strip()] = row["township_name"].strip()
                names[row["code"].strip()] = row["name"].strip()
    except (OSError, UnicodeDecodeError) as error:
        raise SourceFileError(
            f"无法读取村名文件 {path}：{error} / cannot read the village list {path}: {error}",
            path=str(path),
        ) from None
    return names


def area_label(code: str, names: dict[str, str]) -> str:
    """``胜利村 (320924101201)`` when the name is known, else the code; unknown for ``""``."""
    if not code:
        return UNKNOWN_AREA
    name = names.get(code)
    return f"{name} ({code})" if name else code
