"""The HTTP protocol of ``hedui serve``: Uvicorn's, with Nagle's algorithm off on every connection.

With ``--workers N`` Uvicorn binds the listening socket itself and hands it to the worker
processes with ``proto`` 0; asyncio turns ``TCP_NODELAY`` on only for sockets that say
``IPPROTO_TCP``, so every keep-alive request after a connection's first waited ~40 ms for the
client's delayed ACK (Uvicorn issue #3149, measured here: 44 ms for a static file with two
workers, 1 ms with one). Setting the option on each accepted connection removes the wait
whatever Uvicorn version or worker count is used.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["NoDelayH11Protocol", "NoDelayHttpToolsProtocol", "no_delay"]


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Turn Nagle's algorithm off on ``transport``'s TCP socket (other sockets are left)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    """Uvicorn's h11 protocol that sends each response as soon as it is written."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    """Uvicorn's httptools protocol (the C parser ``hedui serve`` uses: less CPU per request
    than h11) that sends each response as soon as it is written."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)
