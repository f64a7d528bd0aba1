"""`hedui health check-programme` and `hedui health coverage`, through CliRunner."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from hedui.cli import app
from hedui.health.catalogue import SHIPPED_DIR, get_programme
from hedui.health.enrolment import Consent, Person, enrol
from hedui.health.progress import get_progress
from hedui.health.visits import record_visit
from hedui.store.accounts import create_user
from hedui.store.db import make_engine, make_session_factory
from hedui.store.migrations import upgrade
from hedui.store.users import Role

runner = CliRunner()


def test_check_programme_accepts_a_shipped_file() -> None:
    path = SHIPPED_DIR / "rti_screening.toml"
    result = runner.invoke(app, ["health", "check-programme", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "valid": True,
        "code": "rti_screening",
        "visits": ["screening", "treatment", "retest"],
    }


def test_check_programme_names_the_refused_key(tmp_path: Path) -> None:
    text = (SHIPPED_DIR / "rti_screening.toml").read_text(encoding="utf-8")
    path = tmp_path / "bad.toml"
    path.write_text("target_all = true\n" + text, encoding="utf-8")
    result = runner.invoke(app, ["health", "check-programme", str(path), "--json"])
    assert result.exit_code == 1
    (problem,) = json.loads(result.output)["problems"]
    assert problem.startswith("bad.toml：target_all 不允许")


def test_coverage_prints_public_figures_as_json(tmp_path: Path) -> None:
    # One woman screened negative on 2025-07-01 in township 320924101: screened 1 → "<5".
    url = f"sqlite:///{tmp_path / 'hedui.db'}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        worker = create_user(session, "卫生院", "health-password", Role.HEALTH_WORKER, "320924101")
        programme = get_programme(session, "cervical_screening")
        consent = Consent(
            agreed=True, consent_date=date(2025, 7, 1), explained="说明了目的和可随时退出"
        )
        person = Person(name="李秀兰", id_number="320924198506150024", village_code="320924101001")
        enrolment = enrol(session, programme, person, consent, actor=worker, today=date(2025, 7, 1))
        record_visit(
            session,
            get_progress(session, enrolment.id, area_code="320924101"),
            "screening",
            visit_date=date(2025, 7, 1),
            values={"method": "HPV 检测 HPV test", "result": "negative"},
            actor=worker,
            today=date(2025, 7, 1),
        )
        session.commit()
    engine.dispose()
    arguments = ["health", "coverage", "--area", "320924", "--database-url", url, "--json"]
    exact = json.loads(runner.invoke(app, [*arguments, "--period", "2025-07"]).output)
    assert [(r["month"], r["screened"], r["positive_rate"]) for r in exact] == [("2025-07", 1, 0.0)]
    public = json.loads(runner.invoke(app, [*arguments, "--public"]).output)
    assert public[0]["screened"] == "<5" and "李秀兰" not in json.dumps(public, ensure_ascii=False)
