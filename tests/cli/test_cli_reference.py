"""The CLI reference in docs/cli.md is generated from the commands and must not drift."""

from pathlib import Path

from hedui.cli.reference import render_reference, undocumented

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_reference_every_command_option_and_argument_has_help() -> None:
    assert undocumented() == []


def test_reference_docs_cli_md_is_current() -> None:
    # Regenerate with: .venv/bin/python -m hedui.cli.reference > docs/cli.md
    assert DOCS.read_text(encoding="utf-8") == render_reference()


def test_reference_lists_every_command() -> None:
    text = render_reference()
    for command in ("demo", "evaluate", "id", "link", "serve", "synth", "validate", "db upgrade"):
        assert f"## `hedui {command}`" in text
