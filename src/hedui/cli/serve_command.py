"""`hedui serve`: run the web application under Uvicorn, after bringing the database up to date.

It listens on 127.0.0.1 by default: a county office reaches it from the same machine, or through
a reverse proxy that adds HTTPS. Listening on every interface (``--host 0.0.0.0``) without such a
proxy would send passwords in clear text over the office network. Name that proxy with
``--trusted-proxy`` so that hedui believes the client address it forwards (for login rate limits
and the audit log); without it ``X-Forwarded-For`` is ignored, since any client can write one.

``--workers N`` runs N processes behind the one port (Uvicorn's workers), one per core by
default: one Python process uses one core, and a county's clerks at month's end need all of
them. On Linux each worker listens on a socket of its own (``SO_REUSEPORT``), so that the
kernel spreads the connections over the workers (:mod:`hedui.web.server_socket`). The workers
share everything through the database (logins, rate limits, case counts, the background-job
lock) and one secret: ``HEDUI_SECRET_KEY`` if set, else one made here for this run and handed
to every worker.
"""

from __future__ import annotations

import os
import secrets
import socket
from typing import Annotated

import typer

from hedui.cli.app import app, console
from hedui.store.db import DATABASE_URL_ENV, make_engine, resolve_database_url
from hedui.store.migrations import upgrade
from hedui.store.planner_statistics import analyse_if_never

WORKER_HEALTHCHECK_S = 120
"""Seconds a worker may take to answer the supervisor's health check before it is restarted."""


@app.command("serve")
def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="监听地址 / Address to listen on.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口 / Port to listen on.")] = 8000,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar=DATABASE_URL_ENV,
            help="SQLAlchemy 数据库地址，默认 sqlite:///hedui.db / SQLAlchemy URL of the "
            "database (default sqlite:///hedui.db).",
            show_default=False,
        ),
    ] = None,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            help="可信反向代理的地址或网段，可重复（也可设 HEDUI_TRUSTED_PROXIES）；只信任它转发的 "
            "X-Forwarded-For / Address or network of a reverse proxy whose X-Forwarded-For to "
            "believe (repeatable; or set HEDUI_TRUSTED_PROXIES).",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="工作进程数，默认每个处理器核心一个 / Worker processes (default: one per CPU "
            "core).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """启动网页服务 / Start the web application (migrations are applied first)."""
    # Imported here so that `hedui --help` and the other commands do not load the web stack.
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from hedui.web.server_protocol import NoDelayHttpToolsProtocol
    from hedui.web.server_socket import can_reuse_port, listen_for_workers
    from hedui.web.settings import SECRET_KEY_ENV, TRUSTED_PROXIES_ENV, Settings

    url = resolve_database_url(database_url)
    upgrade(url)
    engine = make_engine(url)
    try:
        analyse_if_never(engine)  # a database loaded in bulk: without statistics, slow plans
    finally:
        engine.dispose()
    proxies = tuple(p.strip() for item in trusted_proxy or () for p in item.split(",") if p)
    overrides = {"trusted_proxies": proxies} if proxies else {}
    count = workers or default_workers()
    console.print(
        f"[green]核对 hedui[/] http://{host}:{port}  数据库 database: {url}  进程 workers: {count}",
        highlight=False,
    )
    # The application reads proxy headers itself, from the trusted proxies only.
    if count == 1:
        from hedui.web.app import create_app

        web_app = create_app(Settings.from_env(url, **overrides), settle_heap=True)
        uvicorn.run(
            web_app,
            host=host,
            port=port,
            proxy_headers=False,
            log_level="info",
            http=NoDelayHttpToolsProtocol,
        )
        return
    # Each worker builds its own application from the environment (hedui.web.app.app_from_env):
    # the same database, proxies and secret (a CSRF token or login cookie signed by one worker
    # must verify in every other).
    os.environ[DATABASE_URL_ENV] = url
    if proxies:
        os.environ[TRUSTED_PROXIES_ENV] = ",".join(proxies)
    if not os.environ.get(SECRET_KEY_ENV):
        os.environ[SECRET_KEY_ENV] = secrets.token_urlsafe(48)
    # Bad settings fail here, once, not in every worker; the workers import the application
    # themselves, so this process stays small and the first page answers sooner.
    Settings.from_env(url, **overrides)
    config = uvicorn.Config(
        "hedui.web.app:app_from_env",
        factory=True,
        workers=count,
        host=host,
        port=port,
        proxy_headers=False,
        log_level="info",
        http=NoDelayHttpToolsProtocol,
        # A worker still importing the application on a busy machine is not hung: Uvicorn's
        # default (5 s without an answer) killed and restarted workers in a loop under load.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )
    listening: socket.socket
    if can_reuse_port():
        # A listening socket per worker (hedui.web.server_socket): the kernel spreads the
        # clerks' connections over the workers instead of one worker taking most of them.
        try:
            listening = listen_for_workers(host, port)
        except OSError as error:
            console.print(
                f"[red]无法监听 {host}:{port}（{error.strerror}），是否已有程序在用这个端口？ / "
                f"cannot listen on {host}:{port} ({error.strerror}); is something already using "
                "the port?[/]"
            )
            raise typer.Exit(1) from None
    else:
        listening = config.bind_socket()  # one socket the workers share, as Uvicorn does
    try:
        Multiprocess(config, sockets=[listening]).run()
    finally:
        listening.close()


def default_workers() -> int:
    """One worker process per core this process may use (at most 8)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))
