"""The Typer application object and the console every command prints to.

Command modules import :data:`app` from here and register themselves with ``@app.command``;
:mod:`hedui.cli` imports every command module, so ``hedui --help`` lists them all.
"""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="hedui",
    help="核对 hedui — keep a county's population records true: import, link, reconcile, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

console = Console()
err_console = Console(stderr=True)
