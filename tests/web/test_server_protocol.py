"""The server protocol turns Nagle's algorithm off on connections of a socket bound beforehand,
as Uvicorn's ``--workers N`` binds it (its ``proto`` is 0, so asyncio leaves Nagle on and each
keep-alive request waits ~40 ms for a delayed ACK)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from hedui.web.server_protocol import NoDelayH11Protocol

SEEN: list[int] = []


class Recording(NoDelayH11Protocol):
    """Records each accepted connection's TCP_NODELAY after the protocol took it."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        SEEN.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


async def _page(_request: Request) -> PlainTextResponse:
    return PlainTextResponse("x" * 2000)


def test_connections_of_a_prebound_socket_send_at_once() -> None:
    app = Starlette(routes=[Route("/", _page)])
    config = uvicorn.Config(app, host="127.0.0.1", port=0, http=Recording, log_level="warning")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as Uvicorn binds
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    assert listener.proto == 0
    port = listener.getsockname()[1]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:  # one connection
            bodies = [client.get("/").text for _ in range(5)]
        assert bodies == ["x" * 2000] * 5
        assert SEEN and all(value != 0 for value in SEEN)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()
    assert not thread.is_alive()
