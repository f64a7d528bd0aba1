"""`hedui db upgrade` and `hedui db create-user`: set up the database and its first users.

``create-user`` asks for the password twice without echoing it, or reads one line from standard
input with ``--password-stdin`` (for scripts such as ``hedui demo``), so that a password never
appears in the shell history or in ``ps``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from hedui.cli.app import app, console
from hedui.cli.options import DatabaseUrl as DatabaseUrl  # kept importable from here
from hedui.cli.options import open_store
from hedui.store.accounts import create_user
from hedui.store.db import resolve_database_url, transaction
from hedui.store.migrations import upgrade
from hedui.store.users import Role

db_app = typer.Typer(
    help="数据库：升级结构、创建用户 / Database: upgrade the schema, create users.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade_command(database_url: DatabaseUrl = None) -> None:
    """将数据库升级到最新结构 / Apply every pending migration (creates the database if needed)."""
    url = resolve_database_url(database_url)
    upgrade(url)
    console.print(f"[green]数据库已是最新结构 / database is up to date:[/] {url}", highlight=False)


@db_app.command("create-user")
def create_user_command(
    username: Annotated[str, typer.Argument(help="登录用户名 / Login name.")],
    role: Annotated[
        Role,
        typer.Option(
            "--role",
            help="角色：county_admin 县级管理员、township_officer 乡镇干部、village_clerk "
            "村级统计员、health_worker 健康服务人员（乡镇） / Role.",
            case_sensitive=False,
        ),
    ],
    area: Annotated[
        str,
        typer.Option(
            "--area",
            help="区划代码：县 6 位、乡镇 9 位、村 12 位 / Area code: 6-digit county, 9-digit "
            "township or 12-digit village.",
        ),
    ],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="从标准输入读取密码（一行）/ Read the password from one line of standard input.",
        ),
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """创建用户 / Create a user with one role and one area (the database is upgraded first)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("密码 Password", hide_input=True, confirmation_prompt=True)
    with open_store(database_url) as session, transaction(session):
        user = create_user(session, username, password, role, area)
        summary = f"{user.username} ({user.role.value}, {user.area_code})"
    console.print(f"[green]已创建用户 / created user:[/] {summary}", highlight=False)
