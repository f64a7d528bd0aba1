"""Load on the web application: a county-sized database, latency of the busiest pages, 50 users.

Targets (issue #5): with 1,000,000 records and 100,000 cases in the database, the case list and
the dashboard answer with p95 under 200 ms, and 50 concurrent users mixing reads and event
entries see no errors and lose no writes. The baseline, measured in the same run against the same
server, is a static file (``/static/htmx.min.js``): what the server costs before any page logic.

Everything runs on 127.0.0.1 and is bounded: a fixed number of requests per page and a fixed
number of rounds per simulated user.

Usage: ``.venv/bin/python bench/bench_web_load.py [--records 1000000] [--cases 100000]
[--link-dir LINK_DIR]`` (with a link directory, the dashboard draws that run's figures; without
one it shows its "figures unavailable" state).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select

from hedui.identity.resident_id import check_character
from hedui.period import Period
from hedui.reports.link_figures import link_figures
from hedui.store.accounts import create_user
from hedui.store.cases import Case, CaseHistory, CaseRecord, CaseStatus, ReconcileRun
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade
from hedui.store.records import EventType, Record
from hedui.store.users import Role

PASSWORD = "load-test-password"
COUNTY = "320924"
TOWNSHIPS = [f"{COUNTY}{100 + t:03d}" for t in range(1, 21)]
VILLAGES = [f"{t}{200 + v:03d}" for t in TOWNSHIPS for v in range(1, 16)]
KINDS = (
    "birth_missing_in_police_hukou",
    "name_conflict",
    "sex_conflict",
    "duplicate_in_source",
    "late_registration_birth",
    "death_missing_in_township_db",
    "migration_mismatch",
)
STATUSES = (CaseStatus.OPEN,) * 5 + (
    CaseStatus.ASSIGNED,
    CaseStatus.VERIFIED,
    CaseStatus.RESOLVED,
    CaseStatus.RESOLVED,
    CaseStatus.DISMISSED,
)
PAGES = {
    "baseline: static file": "/static/htmx.min.js",
    "case list": "/cases",
    "case list, filtered, page 40": "/cases?status=open&page=40",
    "dashboard": "/dashboard",
}
CHUNK = 50_000


def seed(url: str, records: int, cases: int, users: int, run: tuple[str, str]) -> None:
    """Fill a migrated database with ``records`` ledger entries, ``cases`` cases and users.

    ``run`` is the reconciliation run's link directory and output directory: the dashboard
    reads the run's figures (computed beforehand, as a run does) and counts its cases.
    """
    rng = random.Random(11)
    engine = make_engine(url)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        start = date(1940, 1, 1)
        for first in range(0, records, CHUNK):
            rows = []
            for i in range(first, min(records, first + CHUNK)):
                village = VILLAGES[i % len(VILLAGES)]
                born = start + timedelta(days=rng.randrange(30_000))
                rows.append(
                    {
                        "source": ("village_ledger", "township_db", "police_hukou")[i % 3],
                        "record_id": f"R{i:08d}",
                        "event": rng.choice(list(EventType)).value,
                        "event_date": born,
                        "name": f"王{i % 977}",
                        "sex": "12"[i % 2],
                        "id_number": f"{village[:6]}{born:%Y%m%d}{i % 1000:03d}{i % 10}",
                        "birth_date": born,
                        "village_code": village,
                        "address_code": village,
                        "created_at": now,
                    }
                )
            connection.execute(insert(Record), rows)
        connection.execute(
            insert(ReconcileRun),
            [
                {
                    "period": "2025-12",
                    "area_code": COUNTY,
                    "link_dir": run[0],
                    "out_dir": run[1],
                    "started_at": now,
                    "finished_at": now,
                    "findings": cases,
                    "summary": {},
                }
            ],
        )
        for first in range(0, cases, CHUNK):
            case_rows, record_rows, history_rows = [], [], []
            for i in range(first, min(cases, first + CHUNK)):
                kind = KINDS[i % len(KINDS)]
                created = now - timedelta(days=rng.randrange(365))
                case_rows.append(
                    {
                        "id": i + 1,
                        "case_key": f"{i:064d}",
                        "kind": kind,
                        "event": "birth",
                        "status": rng.choice(STATUSES).value,
                        "village_code": VILLAGES[i % len(VILLAGES)],
                        "period": "2025-12",
                        "explanation_zh": "出生记录在公安户籍中缺失，请核实",
                        "explanation_en": "birth missing from police_hukou; please verify",
                        "recurring": False,
                        "first_seen_run": "1",
                        "last_seen_run": "1",
                        "created_at": created,
                        "updated_at": created,
                    }
                )
                for source in ("village_ledger", "health_births"):
                    record_rows.append(
                        {
                            "case_id": i + 1,
                            "source": source,
                            "record_id": f"R{i:08d}",
                            "snapshot": {"name": "王一"},
                        }
                    )
                history_rows.append(
                    {
                        "case_id": i + 1,
                        "at": created,
                        "to_status": "open",
                        "note": "opened by run 1",
                    }
                )
            connection.execute(insert(Case), case_rows)
            connection.execute(insert(CaseRecord), record_rows)
            connection.execute(insert(CaseHistory), history_rows)
    with make_session_factory(engine)() as session:
        create_user(session, "admin", PASSWORD, Role.COUNTY_ADMIN, COUNTY)
        for n in range(users):
            create_user(session, f"clerk{n}", PASSWORD, Role.VILLAGE_CLERK, VILLAGES[n])
        session.commit()
    engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def login(client: httpx.AsyncClient, username: str) -> str:
    """Log in; returns the CSRF token for later forms."""
    await client.get("/login")
    token = client.cookies.get("hedui_csrf") or ""
    response = await client.post(
        "/login", data={"csrf_token": token, "username": username, "password": PASSWORD}
    )
    if response.status_code != 303:
        raise RuntimeError(f"login of {username} failed: {response.status_code}")
    return client.cookies.get("hedui_csrf") or token


async def latencies(base: str, n: int) -> dict[str, list[float]]:
    """``n`` sequential requests to each page as the county admin; milliseconds each."""
    timings: dict[str, list[float]] = {}
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await login(client, "admin")
        for label, path in PAGES.items():
            await client.get(path)  # warm
            times = []
            for _ in range(n):
                started = time.perf_counter()
                response = await client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {response.status_code}")
            timings[label] = times
    return timings


def valid_id(body17: str) -> str:
    """A resident ID number with its check character."""
    return body17 + check_character(body17)


async def user_session(
    base: str, n: int, rounds: int, errors: list[str], waits: list[float]
) -> int:
    """One clerk: read lists, record a birth, read its page; returns births saved."""
    saved = 0
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        token = await login(client, f"clerk{n}")
        for r in range(rounds):
            for path in ("/records", "/cases", "/"):
                started = time.perf_counter()
                response = await client.get(path)
                waits.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    errors.append(f"clerk{n} GET {path}: {response.status_code}")
            form = {
                "csrf_token": token,
                "name": f"李{n}号{r}",
                "sex": "1",
                "birth_date": "2025-03-01",
                "id_number": "",
                "mother_name": f"张{n}",
                "mother_id_number": valid_id(f"32092419900101{n:02d}{r % 10}"),
                "address": "一组",
                "confirm_duplicate": "1",
            }
            started = time.perf_counter()
            response = await client.post("/records/new/birth", data=form)
            waits.append((time.perf_counter() - started) * 1000)
            if response.status_code == 303:
                saved += 1
                page = await client.get(response.headers["location"])
                if page.status_code != 200:
                    errors.append(f"clerk{n} GET saved record: {page.status_code}")
            else:
                errors.append(
                    f"clerk{n} POST birth: {response.status_code} "
                    + re.sub(r"\s+", " ", response.text[:200])
                )
    return saved


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--link-dir",
        type=Path,
        help="a hedui link output of a county 320924 (e.g. 1M people) for the dashboard's figures",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'load.db'}"
        upgrade(url)
        started = time.perf_counter()
        figures = Path(tmp) / "run"
        figures.mkdir()
        if args.link_dir is not None:
            # What a reconciliation run leaves for the dashboard (not timed).
            link_figures(args.link_dir, Period(2025, 12), figures)
        link_dir = str(args.link_dir or Path(tmp) / "no-link-dir")
        seed(url, args.records, args.cases, args.users, (link_dir, str(figures)))
        print(
            f"seeded {args.records:,} records, {args.cases:,} cases "
            f"in {time.perf_counter() - started:.1f} s"
        )
        port = free_port()
        env = {**os.environ, "HEDUI_SECRET_KEY": "load-" + "k" * 40, "HEDUI_WORK_DIR": tmp}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hedui",
                "serve",
                "--database-url",
                url,
                "--port",
                str(port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    httpx.get(base + "/login", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            timings = asyncio.run(latencies(base, args.requests))
            floor = p(timings["baseline: static file"], 95)
            print(f"\n{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'× baseline p95':>15}")
            for label, times in timings.items():
                print(
                    f"{label:32} {p(times, 50):8.1f} {p(times, 95):8.1f} "
                    f"{p(times, 95) / floor:15.1f}"
                )
            errors: list[str] = []
            waits: list[float] = []
            engine = make_engine(url)
            with engine.connect() as connection:
                before = connection.scalar(select(func.count()).select_from(Record)) or 0
            started = time.perf_counter()

            async def everyone() -> list[int]:
                return await asyncio.gather(
                    *(user_session(base, n, args.rounds, errors, waits) for n in range(args.users))
                )

            saved = sum(asyncio.run(everyone()))
            seconds = time.perf_counter() - started
            with engine.connect() as connection:
                after = connection.scalar(select(func.count()).select_from(Record)) or 0
            requests = args.users * args.rounds * 5
            print(
                f"\n{args.users} users × {args.rounds} rounds: {requests:,} requests "
                f"in {seconds:.1f} s ({requests / seconds:.0f}/s); births saved {saved}, "
                f"rows added {after - before}, errors {len(errors)}; each request as its user "
                f"waited: p50 {p(waits, 50):.0f} ms, p95 {p(waits, 95):.0f} ms"
            )
            for line in errors[:10]:
                print("  ", line)
            if errors or after - before != saved:
                raise SystemExit("FAILED: errors or lost writes")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
