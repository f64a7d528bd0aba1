"""Several worker processes behave as one server: `hedui serve --workers 2` on 127.0.0.1, and
background jobs of two processes that take turns through the database's lock row."""

from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
from sqlalchemy import select

from hedui.store.accounts import create_user
from hedui.store.db import make_engine, make_session_factory, transaction
from hedui.store.job_locks import JobLease, JobLock
from hedui.store.jobs import Job, JobStatus
from hedui.store.migrations import upgrade
from hedui.store.users import Role
from hedui.web.background import JobRunner

PASSWORD = "clerk-password-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session, transaction(session):
        create_user(session, "clerk", PASSWORD, Role.VILLAGE_CLERK, "320924101001")
        create_user(session, "clerk2", PASSWORD, Role.VILLAGE_CLERK, "320924101002")
    engine.dispose()
    return url


def test_logins_csrf_and_rate_limits_hold_across_two_workers(tmp_path: Path) -> None:
    url = _database(tmp_path)
    port = _free_port()
    env = {**os.environ, "HEDUI_DATABASE_URL": url}
    for variable in ("HEDUI_SECRET_KEY", "HEDUI_TRUSTED_PROXIES"):
        env.pop(variable, None)  # the command makes one secret for both workers
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "hedui", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while log_path.read_text().count("Application startup complete") < 2:
            assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        assert log_path.read_text().count("Started server process") == 2
        # No keep-alive: every request is a new connection, which either worker may accept.
        fresh = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(base_url=base, limits=fresh) as clerk:
            clerk.get("/login")
            token = clerk.cookies["hedui_csrf"]
            login = {"csrf_token": token, "username": "clerk", "password": PASSWORD}
            assert clerk.post("/login", data=login).status_code == 303
            token = clerk.cookies["hedui_csrf"]  # rotated at login, signed by one worker
            for _ in range(12):
                # The login cookie and the CSRF token one worker signed pass in the other.
                assert clerk.get("/records").status_code == 200
                check = clerk.post(
                    "/records/check/birth", data={"csrf_token": token, "name": "王小明"}
                )
                assert check.status_code == 200
            assert clerk.post("/logout", data={"csrf_token": token}).status_code == 303
            assert clerk.get("/records", follow_redirects=True).url.path == "/login"
        # Failed logins are counted in the database: after five for one name, the next
        # attempts wait whichever worker answers (counted per process, two workers would each
        # have seen two or three, and none would make anyone wait).
        with httpx.Client(base_url=base, limits=fresh) as stranger:
            stranger.get("/login")
            wrong = {
                "csrf_token": stranger.cookies["hedui_csrf"],
                "username": "clerk2",
                "password": "wrong-password",
            }
            statuses = [stranger.post("/login", data=wrong).status_code for _ in range(8)]
        assert statuses[:5] == [401] * 5 and 429 in statuses[5:], statuses
        # A second server on the same port is refused: its workers' sockets would share the
        # port with the first one's (SO_REUSEPORT) and take half of its connections.
        second = subprocess.run(
            [sys.executable, "-m", "hedui", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 1, second.stdout + second.stderr
        assert "cannot listen on 127.0.0.1:" in " ".join(second.stdout.split())
        assert clerk_can_still_log_in(base)
    finally:
        server.terminate()
        server.wait(timeout=20)


def clerk_can_still_log_in(base: str) -> bool:
    with httpx.Client(base_url=base) as clerk:
        clerk.get("/login")
        login = {
            "csrf_token": clerk.cookies["hedui_csrf"],
            "username": "clerk",
            "password": PASSWORD,
        }
        return clerk.post("/login", data=login).status_code == 303


_WORKER = textwrap.dedent(
    """
    import json, sys, time
    from hedui.store.db import make_engine, make_session_factory
    from hedui.web.background import JobRunner

    url, log = sys.argv[1], sys.argv[2]
    runner = JobRunner(make_session_factory(make_engine(url)), heartbeat=0.1, lock_poll=0.05)

    def work(context):
        started = time.time()
        context.progress.start("第几步 / step", 5)
        for _ in range(5):
            context.progress.advance("第几步 / step", 1)
            time.sleep(0.2)
        with open(log, "a") as out:
            out.write(json.dumps([context.job_id, started, time.time()]) + "\\n")
        return {"steps": 5}

    ids = [runner.start(kind="test", area_code="320924", actor_id=None, work=work)
           for _ in range(2)]
    print(json.dumps(ids), flush=True)
    while any(runner.live(i) is not None for i in ids):  # queued or running, here or there
        time.sleep(0.1)
    runner.shutdown()
    """
)


def test_jobs_of_two_processes_run_one_at_a_time_and_show_progress_everywhere(
    tmp_path: Path,
) -> None:
    url = _database(tmp_path)
    log = tmp_path / "jobs.log"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, url, str(log)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    watcher = JobRunner(sessions)  # a third process's view: no job of its own
    seen_progress = False
    try:
        deadline = time.monotonic() + 120
        while any(w.poll() is None for w in workers):
            assert time.monotonic() < deadline
            with sessions() as session:
                running = list(
                    session.scalars(select(Job.id).where(Job.status == JobStatus.RUNNING))
                )
                assert len(running) <= 1  # never two at once, whichever process runs them
                locks = list(session.scalars(select(JobLock)))
                assert len(locks) <= 1
            for job_id in running:
                live = watcher.live(job_id)
                seen_progress |= live is not None and live.fraction > 0
            time.sleep(0.05)
        outputs = [w.communicate() for w in workers]
        assert all(w.returncode == 0 for w in workers), outputs
    finally:
        for worker in workers:
            worker.kill() if worker.poll() is None else None
    runs = sorted(json.loads(line)[1:] for line in log.read_text().splitlines())
    assert len(runs) == 4
    for (_, end), (start, _) in itertools.pairwise(runs):
        assert end <= start  # each job began after the one before it ended
    assert seen_progress  # the watcher saw a job of another process move
    with sessions() as session:
        assert {j.status for j in session.scalars(select(Job))} == {JobStatus.SUCCEEDED}
        assert session.scalars(select(JobLease)).all() == []
        assert session.scalars(select(JobLock)).all() == []
    engine.dispose()


def test_a_job_whose_process_died_is_failed_and_its_lock_taken_over(tmp_path: Path) -> None:
    url = _database(tmp_path)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    holder = f"{socket.gethostname()}:{dead.stdout.strip()}"
    with sessions() as session, transaction(session):
        job = Job(kind="test", status=JobStatus.RUNNING, progress=0.5, area_code="320924")
        session.add(job)
        session.flush()
        session.add(JobLease(job_id=job.id, holder=holder, fraction=0.5, step="", counted=""))
        session.add(JobLock(name="background", job_id=job.id, holder=holder))
        orphan = job.id
    runner = JobRunner(sessions, lock_poll=0.05)
    assert runner.fail_interrupted() == 1
    job_id = runner.start(kind="test", area_code="320924", actor_id=None, work=lambda c: {})
    runner.shutdown()
    with sessions() as session:
        assert session.get_one(Job, orphan).status == JobStatus.FAILED
        assert session.get_one(Job, job_id).status == JobStatus.SUCCEEDED
    engine.dispose()
