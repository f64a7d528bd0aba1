"""A listening socket per worker (hedui.web.server_socket), on 127.0.0.1: each process that
receives the parent's socket binds one of its own, Linux spreads connections over them, and
an address already served is refused."""

from __future__ import annotations

import pickle
import socket
from collections import Counter

import pytest

from hedui.web.server_socket import (
    ReusePortSocket,
    bind_reuse_port,
    can_reuse_port,
    check_free,
    listen_for_workers,
)

pytestmark = pytest.mark.skipif(not can_reuse_port(), reason="SO_REUSEPORT spreading is Linux's")


def test_a_pickled_socket_arrives_as_a_new_socket_on_the_same_address() -> None:
    parent = bind_reuse_port("127.0.0.1", 0)
    try:
        child = pickle.loads(pickle.dumps(parent))  # what Uvicorn's spawned worker receives
        try:
            assert isinstance(child, ReusePortSocket)
            assert child.fileno() != parent.fileno()
            assert child.getsockname() == parent.getsockname()
            assert child.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
        finally:
            child.close()
    finally:
        parent.close()


def test_connections_spread_over_the_workers_sockets_and_none_reach_the_parents() -> None:
    parent = bind_reuse_port("127.0.0.1", 0)
    workers = [pickle.loads(pickle.dumps(parent)) for _ in range(2)]
    clients = []
    try:
        for worker in workers:
            worker.listen(128)
            worker.setblocking(False)
        address = parent.getsockname()
        for _ in range(64):
            client = socket.create_connection(address, timeout=5)
            clients.append(client)
        accepted: Counter[int] = Counter()
        for n, worker in enumerate(workers):
            while True:
                try:
                    connection, _ = worker.accept()
                except BlockingIOError:
                    break
                connection.close()
                accepted[n] += 1
        assert sum(accepted.values()) == 64  # the parent's socket (never listening) took none
        # Spread by a hash of each connection's ports: both take a share (a split as uneven as
        # 56/8 has a chance of about 1 in 10**9 for a fair hash).
        assert min(accepted[0], accepted[1]) >= 8, accepted
    finally:
        for sock in [*clients, *workers, parent]:
            sock.close()


def test_an_address_someone_listens_on_is_refused() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        host, port = server.getsockname()
        with pytest.raises(OSError):
            check_free(host, port)
        with pytest.raises(OSError):
            bind_reuse_port(host, port)  # a socket without SO_REUSEPORT holds it


def test_an_address_served_by_worker_sockets_is_refused_to_a_second_server() -> None:
    first = bind_reuse_port("127.0.0.1", 0)
    worker = pickle.loads(pickle.dumps(first))
    try:
        worker.listen()
        host, port = worker.getsockname()
        with pytest.raises(OSError):
            check_free(host, port)
        with pytest.raises(OSError):
            listen_for_workers(host, port)  # what a second `hedui serve --workers N` does
    finally:
        worker.close()
        first.close()


def test_a_free_address_passes_the_check() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        host, port = probe.getsockname()
    check_free(host, port)  # nothing listens there now: no error
    held = listen_for_workers(host, port)
    try:
        assert held.getsockname()[:2] == (host, port)
        assert held.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
    finally:
        held.close()
