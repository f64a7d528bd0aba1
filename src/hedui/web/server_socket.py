"""The listening sockets of ``hedui serve --workers N``: one per worker, the kernel spreading new
connections among them (``SO_REUSEPORT``).

Uvicorn's workers share one listening socket and race to accept from it. An event loop that
wakes accepts every connection waiting, so when fifty clerks' browsers connect at once, one
worker takes most of them and keeps them (a browser keeps its connection open while it is used).
Measured on two workers with fifty busy clerks: 41 connections on one worker and 9 on the
other, one worker's CPU 19.5 s and the other's 4.6 s, the day's p95 wait 762 ms. With a socket
per worker, Linux hashes each new connection to one of them, so the workers share the clerks.

The parent process binds a :class:`ReusePortSocket` to hold the address and hands it to
Uvicorn's supervisor; each worker process receives it by pickling, and pickling a
:class:`ReusePortSocket` binds a new socket of its own to the same address
(:func:`bind_reuse_port`). The parent's socket never listens, so it takes no connection.
"""

from __future__ import annotations

import socket
import sys
from typing import Any

__all__ = [
    "ReusePortSocket",
    "bind_reuse_port",
    "can_reuse_port",
    "check_free",
    "listen_for_workers",
]


def can_reuse_port() -> bool:
    """Whether this system spreads connections over sockets sharing a port (Linux does; other
    systems may accept the option but send every connection to one socket)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listen_for_workers(host: str, port: int) -> ReusePortSocket:
    """The parent's socket for ``hedui serve --workers N``: the address checked free, then held
    with ``SO_REUSEPORT`` for the workers (in that order: once held, a second server's
    ``SO_REUSEPORT`` socket could share it).

    Raises:
        OSError: the address is in use, or cannot be bound.
    """
    check_free(host, port)
    return bind_reuse_port(host, port)


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def bind_reuse_port(host: str, port: int) -> ReusePortSocket:
    """A TCP socket bound to ``(host, port)`` with ``SO_REUSEPORT``, not yet listening.

    Raises:
        OSError: the address is taken by a socket without ``SO_REUSEPORT`` (another program),
            or cannot be bound at all.
    """
    sock = ReusePortSocket(_family(host), socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def check_free(host: str, port: int) -> None:
    """Refuse an address something already listens on, ``hedui serve`` included.

    A socket without ``SO_REUSEPORT`` cannot share the port with the workers' sockets, so this
    bind fails while another server holds it; without the check, a second ``hedui serve`` on
    the same port would silently take half of the first one's connections.

    Raises:
        OSError: the address is in use (or cannot be bound).
    """
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past connections' TIME_WAIT
        probe.bind((host, port))


class ReusePortSocket(socket.socket):
    """A bound ``SO_REUSEPORT`` socket that, pickled into another process, arrives as a new
    socket of that process bound to the same address (not as a copy of this one)."""

    def __reduce__(self) -> tuple[Any, ...]:
        host, port = self.getsockname()[:2]
        return (bind_reuse_port, (host, port))
