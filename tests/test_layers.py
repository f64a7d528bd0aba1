"""The layers of docs/architecture.md, checked: a package imports only the layers below it.

Every ``import hedui.…`` and ``from hedui.… import`` of the package counts, at the top of a
module or inside a function: an import hidden in a function is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import hedui

LAYERS: dict[str, int] = {
    # Shared ground: every layer names errors, periods, event dates, progress and caches.
    "errors": 0,
    "period": 0,
    "event_dates": 0,
    "progress": 0,
    "spreadsheet": 0,
    "cache": 0,
    "identity": 1,
    "sources": 2,
    "store": 3,
    "synth": 3,
    "linkage": 3,
    "health": 4,
    "reconcile": 4,
    "stats": 4,
    "reports": 5,
    "runs": 6,
    "web": 7,
    "cli": 8,
}
"""Each top-level module or package of hedui and its layer, lowest first."""

KNOWN_UPWARD: dict[tuple[str, str], str] = {}
"""Imports against the layers that are known and have an issue to remove them."""


def _package(module: str) -> str:
    return module.split(".")[1]


def _imports(path: Path) -> set[str]:
    """The hedui packages and modules ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "hedui":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("hedui."):
                found.add(_package(node.module))
        elif isinstance(node, ast.Import):
            found.update(_package(a.name) for a in node.names if a.name.startswith("hedui."))
    return found


def test_every_part_of_hedui_has_a_layer() -> None:
    """A new package or top-level module must be placed in the layers (and the docs)."""
    root = Path(hedui.__file__).parent
    parts = {p.stem for p in root.glob("*.py")} | {p.name for p in root.iterdir() if p.is_dir()}
    parts -= {"__init__", "__main__", "__pycache__"}
    assert parts <= set(LAYERS), f"give these a layer: {sorted(parts - set(LAYERS))}"


def test_no_package_imports_a_layer_above_its_own() -> None:
    """Imports go down only; same-layer packages do not import each other.

    ``stats`` reads reconciliation's findings through a protocol, so it sits beside
    ``reconcile`` without importing it; ``cli`` may start the web application.
    """
    root = Path(hedui.__file__).parent
    wrong = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[0] in ("__init__", "__main__"):
            continue
        own = parts[0]
        for imported in _imports(path) - {own}:
            if imported not in LAYERS or (own, imported) in KNOWN_UPWARD:
                continue
            below = LAYERS[imported] < LAYERS[own]
            if not below and not LAYERS[own] == LAYERS[imported] == 0:
                wrong.append(f"{path.relative_to(root)} imports hedui.{imported}")
    assert wrong == []
