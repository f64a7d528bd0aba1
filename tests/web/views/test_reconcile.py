"""The reconcile page: start a run, watch the progress fragment, read the summary; failures end
as failed jobs with their message; runs of other areas are not found."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hedui.store.cases import Case
from hedui.store.jobs import Job, JobStatus

from ..conftest import Site, TestClient, form
from .casework import add_job, import_synthetic_county


def _wait(client: TestClient, job_id: int, seconds: float = 180) -> str:
    """Poll the progress fragment as the page does, until it stops asking to be polled."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        fragment = client.get(f"/reconcile/jobs/{job_id}/progress")
        assert fragment.status_code == 200
        if 'hx-trigger="every 1s"' not in fragment.text:
            return fragment.text
        assert "<progress" in fragment.text
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish within {seconds} s")


def _start(client: TestClient, period: str) -> int:
    response = client.post("/reconcile", data=form(client, period=period))
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/reconcile/jobs/(\d+)", response.headers["location"])
    assert match
    return int(match.group(1))


def test_reconcile_page_is_for_officers_and_the_admin(site: Site) -> None:
    assert site.client("officer").get("/reconcile").status_code == 200
    assert site.client("admin").get("/reconcile").status_code == 200
    assert site.client("clerk").get("/reconcile").status_code == 403
    response = site.client("officer").get("/reconcile")
    assert 'type="month"' in response.text and 'name="csrf_token"' in response.text


@pytest.mark.parametrize("period", ["", "2025", "2025-13", "去年"])
def test_a_bad_period_is_refused_with_the_reason(site: Site, period: str) -> None:
    client = site.client("officer")
    response = client.post("/reconcile", data=form(client, period=period))
    assert response.status_code == 422
    assert 'class="alert error"' in response.text
    with site.session() as session:
        assert session.scalar(select(func.count()).select_from(Job)) == 0


def test_a_run_of_the_county_links_reconciles_and_shows_its_summary(
    site: Site, tmp_path: Path
) -> None:
    with site.session() as session:
        import_synthetic_county(session, tmp_path / "county")
    client = site.client("admin")
    job_id = _start(client, "2025-12")
    page = client.get(f"/reconcile/jobs/{job_id}")
    assert page.status_code == 200 and f"job-{job_id}" in page.text
    final = _wait(client, job_id)
    assert "tag-on" in final, final  # finished
    with site.session() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.status is JobStatus.SUCCEEDED and job.progress == 1.0
        assert job.result is not None
        cases = session.scalar(select(func.count()).select_from(Case))
    summary = job.result["summary"]
    assert summary["findings"] == cases and cases > 0
    assert summary["new"] == cases
    # The summary tiles and the findings by kind, each kind linking to its cases.
    assert f"<strong>{cases}</strong>" in final
    for kind in summary["by_kind"]:
        assert f'href="/cases?kind={kind}"' in final
    # The run is listed on the reconcile page, to come back to.
    assert f'href="/reconcile/jobs/{job_id}"' in client.get("/reconcile").text
    # A second run finds the same discrepancies again: nothing new.
    second = _start(client, "2025-12")
    _wait(client, second)
    with site.session() as session:
        job = session.get(Job, second)
        assert job is not None and job.result is not None
        assert job.result["summary"]["new"] == 0
        assert job.result["summary"]["seen_again"] == cases


def test_a_failing_run_ends_as_a_failed_job_with_its_message(site: Site) -> None:
    """Township B has no ledger entries: the job fails at once and says why."""
    client = site.client("officer_other")
    job_id = _start(client, "2025-12")
    final = _wait(client, job_id, seconds=60)
    assert "tag-off" in final and "没有记录" in final
    with site.session() as session:
        job = session.get(Job, job_id)
        assert job is not None and job.status is JobStatus.FAILED
        assert job.finished_at is not None


def test_runs_of_other_areas_are_not_found(site: Site) -> None:
    job_id = add_job(site, "320924101")
    assert site.client("officer").get(f"/reconcile/jobs/{job_id}").status_code == 200
    assert site.client("admin").get(f"/reconcile/jobs/{job_id}/progress").status_code == 200
    assert site.client("officer_other").get(f"/reconcile/jobs/{job_id}").status_code == 404
    assert site.client("admin_other").get(f"/reconcile/jobs/{job_id}").status_code == 404
    assert site.client("officer").get("/reconcile/jobs/999").status_code == 404
