"""Enrolment: one person, with consent, within the health worker's township; nothing in bulk."""

from __future__ import annotations

import inspect
from dataclasses import replace
from datetime import date
from types import ModuleType

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import hedui.health
from hedui.errors import InvalidInputError
from hedui.health import enrolment as enrolment_module
from hedui.health.catalogue import get_programme
from hedui.health.enrolment import Consent, Person, enrol
from hedui.store.audit import AuditAction, AuditEntry
from hedui.store.users import User

from .conftest import (
    ENROLLED_ON,
    EXPLAINED,
    MAN_40,
    VILLAGE_A1,
    VILLAGE_B1,
    WOMAN_40,
    consent,
    enrol_person,
)


def test_enrolment_stores_the_consent_with_it(session: Session, worker: User) -> None:
    enrolment = enrol_person(session, worker)
    assert (enrolment.consent_date, enrolment.consent_explained) == (ENROLLED_ON, EXPLAINED)
    assert enrolment.consent_recorded_by_id == worker.id
    assert (enrolment.sex, enrolment.birth_date) == ("2", date(1985, 6, 15))
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.HEALTH_ENROLLED)
    ).one()
    assert (entry.action, entry.target_id, entry.detail) == (
        AuditAction.HEALTH_ENROLLED,
        str(enrolment.id),
        None,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"agreed": False}, "只有本人同意才能登记"),
        ({"consent_date": None}, "请填写同意日期"),
        ({"consent_date": date(2025, 6, 17)}, "同意日期不能晚于今天"),
        ({"explained": "已说明"}, "请写明向本人说明了什么"),
    ],
)
def test_no_enrolment_without_full_consent(
    session: Session, worker: User, change: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        enrol(
            session,
            get_programme(session, "cervical_screening"),
            Person(name="李秀兰", id_number=WOMAN_40, village_code=VILLAGE_A1),
            replace(consent(), **change),  # type: ignore[arg-type]
            actor=worker,
            today=ENROLLED_ON,
        )


def test_a_programme_is_only_for_those_it_is_offered_to(session: Session, worker: User) -> None:
    with pytest.raises(InvalidInputError, match="不在范围内"):
        enrol_person(session, worker, id_number=MAN_40, name="张伟")


def test_a_village_outside_the_township_is_refused(session: Session, worker: User) -> None:
    with pytest.raises(InvalidInputError, match="不是您辖区内的村"):
        enrol_person(session, worker, village=VILLAGE_B1)


def test_the_same_person_is_enrolled_once_per_programme(session: Session, worker: User) -> None:
    enrol_person(session, worker)
    with pytest.raises(InvalidInputError, match="已参加"):
        enrol_person(session, worker)
    enrol_person(session, worker, programme="rti_screening")


def test_there_is_no_way_to_enrol_several_people_at_once() -> None:
    # enrol() takes one Person (not a list); no function in the health package enrols in bulk,
    # reads people from a file or takes them from the population ledger.
    signature = inspect.signature(enrol)
    assert signature.parameters["person"].annotation in ("Person", Person)
    assert signature.parameters["consent"].annotation in ("Consent", Consent)
    names = [
        name
        for module in _health_modules()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
    ]
    assert "enrol" in names
    bulky = [n for n in names if any(w in n for w in ("bulk", "batch", "import", "many", "all_"))]
    assert bulky == ["all_programmes"]  # listing programmes, not people
    assert enrolment_module.__all__ == ["MIN_EXPLANATION_LENGTH", "Consent", "Person", "enrol"]


def _health_modules() -> list[ModuleType]:
    import importlib
    import pkgutil

    return [
        importlib.import_module(f"hedui.health.{info.name}")
        for info in pkgutil.iter_modules(hedui.health.__path__)
    ]


def test_an_enrolment_elsewhere_is_not_revealed(
    session: Session, worker: User, worker_b: User
) -> None:
    # The same woman enrolled in township A; township B's worker enrolling her is neither
    # refused nor told: a refusal would reveal her participation in A.
    enrol_person(session, worker)
    enrol_person(session, worker_b, village=VILLAGE_B1)
