"""Health fixtures: a migrated SQLite file, two health workers in two townships, people to enrol.

People (valid resident ID numbers, built with the real check character)::

    WOMAN_40    female, born 1985-06-15 (40 on 2025-06-15): cervical screening applies (35–64)
    WOMAN_50    female, born 1975-02-01
    MAN_40      male, born 1985-06-15: not offered cervical screening
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from hedui.health.catalogue import get_programme
from hedui.health.enrolment import Consent, Person, enrol
from hedui.identity.resident_id import check_character
from hedui.store.accounts import create_user, user_by_username
from hedui.store.db import make_engine, make_session_factory
from hedui.store.health import HealthEnrolment
from hedui.store.migrations import upgrade
from hedui.store.users import Role, User

TOWNSHIP_A = "320924101"
TOWNSHIP_B = "320924102"
VILLAGE_A1 = "320924101001"
VILLAGE_A2 = "320924101002"
VILLAGE_B1 = "320924102001"
ENROLLED_ON = date(2025, 6, 16)
EXPLAINED = "说明了筛查的目的、方法、可能的结果，以及可以随时退出"


def resident_id(birth: str, sequence: str) -> str:
    """A valid 18-digit number: region 320924, birth YYYYMMDD, 3-digit sequence, check."""
    body = f"320924{birth}{sequence}"
    return body + check_character(body)


WOMAN_40 = resident_id("19850615", "002")
WOMAN_50 = resident_id("19750201", "024")
MAN_40 = resident_id("19850615", "011")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once, with both health workers (hashing passwords is slow); copied per test."""
    path = tmp_path_factory.mktemp("health-template") / "hedui.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        create_user(session, "卫生院甲", "health-password", Role.HEALTH_WORKER, TOWNSHIP_A)
        create_user(session, "卫生院乙", "health-password", Role.HEALTH_WORKER, TOWNSHIP_B)
        session.commit()
    engine.dispose()
    return path


@pytest.fixture
def engine(tmp_path: Path, template_db: Path) -> Iterator[Engine]:
    shutil.copy(template_db, tmp_path / "hedui.db")
    engine = make_engine(f"sqlite:///{tmp_path / 'hedui.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with make_session_factory(engine)() as session:
        yield session


@pytest.fixture
def worker(session: Session) -> User:
    user = user_by_username(session, "卫生院甲")
    assert user is not None
    return user


@pytest.fixture
def worker_b(session: Session) -> User:
    user = user_by_username(session, "卫生院乙")
    assert user is not None
    return user


def consent(day: date = ENROLLED_ON) -> Consent:
    return Consent(agreed=True, consent_date=day, explained=EXPLAINED)


def enrol_person(
    session: Session,
    actor: User,
    *,
    programme: str = "cervical_screening",
    id_number: str = WOMAN_40,
    name: str = "李秀兰",
    village: str = VILLAGE_A1,
    day: date = ENROLLED_ON,
    contact: str = "13800000000",
) -> HealthEnrolment:
    """Enrol one person through the library, committed."""
    enrolment = enrol(
        session,
        get_programme(session, programme),
        Person(name=name, id_number=id_number, village_code=village, contact=contact),
        consent(day),
        actor=actor,
        today=day,
    )
    session.commit()
    return enrolment
