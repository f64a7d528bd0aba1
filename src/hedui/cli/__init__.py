"""hedui's command line: a thin layer that parses arguments, calls the library, renders results.

Every :class:`hedui.errors.HeduiError` is printed in red and ends the program with status 1.
"""

from __future__ import annotations

import sys

import click
import typer

# Each command module registers its commands on ``app`` when imported.
from hedui.cli import (  # noqa: F401
    cases_command,
    db_command,
    demo_command,
    divisions_command,
    estimate_command,
    evaluate_command,
    health_command,
    id_command,
    import_command,
    indicators_command,
    link_command,
    reconcile_command,
    report_command,
    runs_command,
    sample_command,
    scorecard_command,
    serve_command,
    synth_command,
    validate_command,
)
from hedui.cli.app import app, err_console
from hedui.errors import HeduiError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; turn hedui's own errors into a red message and exit status 1."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="hedui", standalone_mode=False)
    except HeduiError as error:
        err_console.print(f"[bold red]错误 Error:[/] {error}", highlight=False)
        sys.exit(1)
    except click.exceptions.Abort:
        err_console.print("[red]Aborted.[/]")
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    sys.exit(result if isinstance(result, int) else 0)
