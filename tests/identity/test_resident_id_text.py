"""Tests for hedui.identity.resident_id_text: the number's text rules on their own.

The samples are those of test_resident_id.py, where their check characters are worked out by
hand: 11010519491231002X (1949-12-31), 130503670401001 → 130503196704010016.
"""

from __future__ import annotations

import ast
import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import hedui.identity
from hedui.errors import InvalidResidentIdError
from hedui.identity.resident_id_text import CheckedNumber, _clean, check_number, normalize

TODAY = date(2025, 6, 1)


def test_check_number_gives_the_18_digits_and_the_birth_date() -> None:
    """A valid 18-digit number comes back as it is, with its birth date."""
    assert check_number("110105 19491231 002x", today=TODAY) == CheckedNumber(
        number="11010519491231002X", birth_date=date(1949, 12, 31), was_15_digit=False
    )


def test_check_number_converts_a_15_digit_number() -> None:
    """The old 15-digit form gains the century and its check character."""
    checked = check_number("130503670401001", today=TODAY)
    assert checked == CheckedNumber("130503196704010016", date(1967, 4, 1), True)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("1101051949123100", "malformed"),  # 16 characters
        ("11010519491331002X", "malformed"),  # month 13
        ("110105194912310021", "check_digit"),  # X typed as 1
    ],
)
def test_check_number_refuses_what_the_text_rules_refuse(raw: str, kind: str) -> None:
    """The two kinds of failure stay apart: clerks act on them differently."""
    with pytest.raises(InvalidResidentIdError) as error:
        check_number(raw, today=TODAY)
    assert error.value.kind == kind


def _identity_imports(module: Path) -> set[str]:
    """The hedui.identity modules a module imports, at its top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "hedui.identity":
                names.update(alias.name for alias in node.names)
            elif node.module.startswith("hedui.identity."):
                names.add(node.module.split(".")[2])
    return names


def test_identity_modules_import_each_other_without_a_cycle() -> None:
    """resident_id → repair → sex → resident_id was a cycle held by imports inside functions.

    The text rules now sit in resident_id_text, which imports no other identity module, so the
    graph of imports (function-local ones included) has no cycle.
    """
    package = Path(hedui.identity.__file__).parent
    graph = {path.stem: _identity_imports(path) for path in package.glob("*.py")}
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        assert name not in visiting, f"import cycle: {' → '.join((*trail, name))}"
        if name in done:
            return
        visiting.add(name)
        for imported in sorted(graph.get(name, set())):
            visit(imported, (*trail, name))
        visiting.remove(name)
        done.add(name)

    for name in sorted(graph):
        visit(name, ())
    assert graph["resident_id_text"] == set()


@given(st.text(alphabet=string.ascii_letters + string.digits + "-x× '１"))
@example("11010519491231002x")
@example("")
def test_normalize_shortcut_for_plain_ascii_is_the_full_rule(raw: str) -> None:
    """A plain ASCII number skips the Unicode clean-up; the result is the clean-up's."""
    assert normalize(raw) == _clean(_clean(raw))
