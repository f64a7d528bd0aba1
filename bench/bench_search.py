"""Time 找人 on a million-entry ledger: hedui's keyed search against a plain ``LIKE`` scan.

The target (issue #14 part 2) is that an officer finds 汪国庆 by typing ``wangguoqing`` or
``汪国庆`` in under 300 ms on a 1,000,000-record database. The database is a migrated SQLite
file (WAL, as ``hedui serve`` uses) holding a million current ledger entries of one county:
names drawn from the synthetic county's surname and given-name tables (so 王 and 汪 are as
common as in Jiangsu, and many people share a name), ID numbers, mothers, 300 villages, and
the planted 汪国庆 (plus a 王国庆, who sounds the same). It is built once and reused
(``--db``); its search keys are made as an import makes them (:func:`index_new_records`).

Timed, each ``--repeat`` times, p50 and p95:

- hedui: :func:`hedui.store.search.search_records` for ``wangguoqing``, ``汪国庆`` and the last
  six ID digits, inside the county (the widest area, the most rows), and the same through the
  whole ``/search`` page (login, query, grouping, template) with a test client;
- baseline: what a search without keys would do, ``SELECT … FROM records WHERE name LIKE
  '%汪国庆%'`` (a full scan; pinyin cannot be asked of SQL at all), and ``id_number LIKE
  '%123456'``.

Usage: ``.venv/bin/python bench/bench_search.py [--rows N] [--repeat N] [--db PATH]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from httpx import Response
from sqlalchemy import func, select, text

from hedui.identity.resident_id import check_character
from hedui.store.accounts import create_user
from hedui.store.base import utcnow
from hedui.store.bulk import insert_columns
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.migrations import upgrade
from hedui.store.records import Record
from hedui.store.search import parse_query, search_records
from hedui.store.search_keys import index_new_records
from hedui.store.users import Role
from hedui.synth.names_data import given_name_pools, surnames

COUNTY = "320924"
PASSWORD = "bench-password-1"
PLANTED_ID = "320924198510011234"


def _id_number(region: str, born: date, sequence: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def build_database(path: Path, rows: int, seed: int = 14) -> None:
    """A migrated SQLite file with ``rows`` current birth/resident entries and their keys."""
    url = f"sqlite:///{path}"
    upgrade(url)
    rng = np.random.default_rng(seed)
    names, shares = surnames()
    pools = given_name_pools()
    givens = np.array(
        sorted(
            {g for p in pools.values() for g in p.whole}
            | {a + b for p in pools.values() for a in p.first[:40] for b in p.second[:40]}
        ),
        dtype=object,
    )
    surname = rng.choice(names, size=rows, p=shares)
    given = rng.choice(givens, size=rows)
    full = [s + g for s, g in zip(surname, given, strict=True)]
    mother_surname = rng.choice(names, size=rows, p=shares)
    mother_given = rng.choice(givens, size=rows)
    mother = [s + g for s, g in zip(mother_surname, mother_given, strict=True)]
    born = [date(1950, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 27_000, size=rows)]
    villages = [f"{COUNTY}{101 + t:03d}{201 + v:03d}" for t in range(15) for v in range(20)]
    village = rng.choice(np.array(villages, dtype=object), size=rows)
    sequence = rng.integers(0, 1000, size=rows)
    ids = [_id_number(COUNTY, b, int(q)) for b, q in zip(born, sequence, strict=True)]
    full[0], born[0], ids[0] = "汪国庆", date(1985, 10, 1), PLANTED_ID
    full[1] = "王国庆"
    columns: dict[str, list[Any]] = {
        "source": ["township_db"] * rows,
        "record_id": [f"T{i:07d}" for i in range(rows)],
        "event": ["resident"] * rows,
        "event_date": born,
        "name": full,
        "id_number": ids,
        "sex": ["1"] * rows,
        "birth_date": born,
        "mother_name": mother,
        "village_code": list(village),
        "address_code": list(village),
    }
    engine = make_engine(url)
    with make_session_factory(engine)() as session, transaction(session):
        insert_columns(session, Record, columns, {"created_at": utcnow()})
        index_new_records(session)
        create_user(session, "bench_admin", PASSWORD, Role.COUNTY_ADMIN, COUNTY)
    engine.dispose()


def _time(function: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """(p50, p95) in milliseconds, and the last result."""
    times = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))], result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, default=None, help="reuse or build this SQLite file")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "search.db"
    if not path.exists():
        start = time.perf_counter()
        build_database(path, args.rows)
        print(f"built {path} ({args.rows:,} entries) in {time.perf_counter() - start:.0f} s")
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions() as session:
        count = session.scalar(select(func.count()).select_from(Record))
    print(f"database: {path}, {count:,} entries")
    rows = []

    def keyed(query_text: str) -> Callable[[], object]:
        def run() -> object:
            with sessions() as session:
                return len(search_records(session, parse_query(query_text), area_code=COUNTY))

        return run

    def scan(sql: str, value: str) -> Callable[[], object]:
        def run() -> object:
            with sessions() as session:
                return len(session.execute(text(sql), {"v": value}).all())

        return run

    tail = PLANTED_ID[-6:]
    cases = [
        ("hedui keys: wangguoqing", keyed("wangguoqing")),
        ("hedui keys: 汪国庆", keyed("汪国庆")),
        (f"hedui keys: ID ends {tail}", keyed(tail)),
        (
            "baseline LIKE scan: name 汪国庆",
            scan("SELECT id FROM records WHERE name LIKE :v", "%汪国庆%"),
        ),
        (
            f"baseline LIKE scan: ID ends {tail}",
            scan("SELECT id FROM records WHERE id_number LIKE :v", f"%{tail}"),
        ),
    ]
    for label, function in cases:
        p50, p95, found = _time(function, args.repeat)
        rows.append((label, p50, p95, found))
    rows.extend(_page_timings(url, args.repeat))
    base = {r[0].split(": ", 1)[1]: r[1] for r in rows if r[0].startswith("baseline")}
    print(f"{'query':42} {'p50 ms':>9} {'p95 ms':>9}  found")
    for label, p50, p95, found in rows:
        print(f"{label:42} {p50:9.1f} {p95:9.1f}  {found}")
    keyed_name = next(r[1] for r in rows if r[0] == "hedui keys: 汪国庆")
    keyed_tail = next(r[1] for r in rows if r[0].startswith("hedui keys: ID"))
    print(
        f"ratio (baseline / hedui, p50): name {base['name 汪国庆'] / keyed_name:.0f}x, "
        f"ID tail {base[f'ID ends {tail}'] / keyed_tail:.0f}x"
    )
    engine.dispose()


def _page_timings(url: str, repeat: int) -> list[tuple[str, float, float, object]]:
    """The whole ``/search`` page, as the officer's browser would get it (minus the network)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from hedui.web.app import create_app
    from hedui.web.settings import Settings

    app = create_app(Settings(database_url=url, secret_key="bench-search-" + "x" * 32))
    with TestClient(app) as client:
        page = client.get("/login")
        token = client.cookies.get("hedui_csrf") or ""
        client.post(
            "/login",
            data={"username": "bench_admin", "password": PASSWORD, "csrf_token": token},
        )
        assert page.status_code == 200
        out: list[tuple[str, float, float, object]] = []
        for query in ("wangguoqing", "汪国庆"):

            def get(q: str = query) -> Response:
                response: Response = client.get("/search", params={"q": q})
                return response

            p50, p95, response = _time(get, repeat)
            assert isinstance(response, Response) and response.status_code == 200
            out.append((f"hedui /search page: {query}", p50, p95, "汪国庆" in response.text))
    return out


if __name__ == "__main__":
    main()
