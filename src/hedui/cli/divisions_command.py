"""``hedui divisions import FILE``: the county's division list, so pages show 胜利村, not codes.

The file is a CSV or Excel list of divisions (``code,name``, optionally ``former_names``,
``former_codes``, ``valid_from``, ``valid_to``; or a ``villages.csv`` as ``hedui synth``
writes it). Every row is checked first; a bad row stops the import with a message naming the
file, the row and the field, and nothing is written. Importing the same file again changes
nothing. ``hedui demo`` seeds the list from its synthetic county (:func:`seed_divisions`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session, sessionmaker

from hedui.cli.app import app, console
from hedui.cli.options import DatabaseUrl, open_store
from hedui.store.areas import AreaLevel
from hedui.store.db import transaction
from hedui.store.division_import import DivisionImport, import_divisions, read_divisions
from hedui.store.divisions import Division
from hedui.synth.params import SynthParams

__all__ = ["seed_divisions"]

divisions_app = typer.Typer(
    help="区划：村、乡镇名称与代码 / Divisions: the names and codes of villages and townships.",
    no_args_is_help=True,
)
app.add_typer(divisions_app, name="divisions")


@divisions_app.command("import")
def import_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="区划文件（CSV 或 .xlsx）：code,name[,former_names,former_codes,valid_from,"
            "valid_to] / The division list (CSV or .xlsx).",
            exists=True,
            dir_okay=False,
        ),
    ],
    database_url: DatabaseUrl = None,
) -> None:
    """导入区划名称（同一文件可重复导入）/ Import division names (re-importing is harmless)."""
    with open_store(database_url) as session, transaction(session):
        outcome = import_divisions(session, file)
    console.print(_summary(outcome, file), highlight=False)


def seed_divisions(sessions: sessionmaker[Session], villages: Path) -> DivisionImport:
    """The demo's divisions: its synthetic county, from the ``villages.csv`` it wrote."""
    county = read_divisions(villages)[0].code[:6]
    with sessions() as session, transaction(session):
        outcome = import_divisions(session, villages)
        if session.get(Division, county) is None:
            name = SynthParams().county_name
            session.add(Division(code=county, level=AreaLevel.COUNTY, name=name))
            outcome = DivisionImport(outcome.added + 1, outcome.updated, outcome.unchanged)
    return outcome


def _summary(outcome: DivisionImport, file: Path) -> str:
    return (
        f"区划 divisions ({file.name}): 新增 added {outcome.added:,}，更新 updated "
        f"{outcome.updated:,}，未变 unchanged {outcome.unchanged:,}"
    )
