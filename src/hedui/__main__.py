"""``python -m hedui`` runs the CLI."""

from hedui.cli import main

main()
