"""Enrolling one person, who has agreed, in one programme.

There is deliberately no function that enrols several people, reads a file of people or
enrols anyone from the population ledger: an enrolment starts with a person in front of a health
worker, and :func:`enrol` takes exactly one :class:`Person` and their :class:`Consent`. The
consent must say that they agreed, when, and what was explained to them; it is stored on the
enrolment row, with the health worker who recorded it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError
from hedui.health.config import Programme
from hedui.health.retirement import retired_programmes
from hedui.identity.resident_id import parse
from hedui.store.areas import area_level, in_area, is_within
from hedui.store.audit import AuditAction, write_audit
from hedui.store.health import HealthEnrolment
from hedui.store.users import User

__all__ = ["MIN_EXPLANATION_LENGTH", "Consent", "Person", "enrol"]

MIN_EXPLANATION_LENGTH = 10
"""What was explained must be written out, not ticked: at least this many characters."""


@dataclass(frozen=True)
class Person:
    """Who is enrolling, as they tell the health worker."""

    name: str
    id_number: str
    village_code: str
    contact: str = ""


@dataclass(frozen=True)
class Consent:
    """The person's agreement: that they agreed, on which day, and what they were told."""

    agreed: bool
    consent_date: date | None
    explained: str


def enrol(
    session: Session,
    programme: Programme,
    person: Person,
    consent: Consent,
    *,
    actor: User,
    today: date,
    ip_address: str | None = None,
) -> HealthEnrolment:
    """Enrol one person with their consent, in the caller's transaction, and audit it.

    The audit entry names the enrolment's number and village, never the person or programme.

    Raises:
        InvalidInputError: no agreement, no consent date or one after ``today``, too short an
            explanation, an invalid ID number, a village outside the health worker's area, a
            retired programme, a person the programme is not offered to, or a person already
            enrolled in it in the health worker's area. Enrolments elsewhere are not looked at:
            refusing because of one would tell this health worker that the person is in the
            programme there.
    """
    problems = _consent_problems(consent, today)
    name = person.name.strip()
    if not name:
        problems.append("请填写姓名 / give the person's name")
    if area_level(person.village_code).value != "village" or not is_within(
        person.village_code, actor.area_code
    ):
        problems.append(
            f"村代码 {person.village_code} 不是您辖区内的村 / {person.village_code} is not a "
            "village in your area"
        )
    try:
        resident = parse(person.id_number)
    except InvalidInputError as error:
        raise InvalidInputError("；".join([*problems, error.message])) from None
    if programme.code in retired_programmes(session):
        problems.append(
            f"项目 {programme.code} 已停止，不再登记新的参加者 / programme {programme.code} is "
            "retired and takes no one new"
        )
    if problems:
        raise InvalidInputError("；".join(problems))
    assert consent.consent_date is not None
    if not programme.offered_to.includes(
        sex=resident.sex.value, birth_date=resident.birth_date, on=consent.consent_date
    ):
        raise InvalidInputError(
            f"此项目面向 {programme.offered_to.min_age}–{programme.offered_to.max_age} 岁"
            f"（{programme.offered_to.sex}），此人不在范围内 / {programme.name_en} is offered to "
            f"ages {programme.offered_to.min_age}–{programme.offered_to.max_age} "
            f"({programme.offered_to.sex}); this person is not"
        )
    existing = session.scalars(
        select(HealthEnrolment.id).where(
            HealthEnrolment.programme_code == programme.code,
            HealthEnrolment.id_number == resident.number,
            in_area(HealthEnrolment.village_code, actor.area_code),
        )
    ).first()
    if existing is not None:
        raise InvalidInputError("此人已参加这个项目 / this person is already enrolled")
    enrolment = HealthEnrolment(
        programme_code=programme.code,
        name=name,
        id_number=resident.number,
        sex=resident.sex.value,
        birth_date=resident.birth_date,
        village_code=person.village_code,
        contact=person.contact.strip() or None,
        enrolled_on=consent.consent_date,
        consent_date=consent.consent_date,
        consent_recorded_by_id=actor.id,
        consent_explained=consent.explained.strip(),
    )
    session.add(enrolment)
    session.flush()
    write_audit(
        session,
        actor=actor,
        action=AuditAction.HEALTH_ENROLLED,
        area_code=person.village_code,
        target_type="health_enrolment",
        target_id=enrolment.id,
        ip_address=ip_address,
    )
    return enrolment


def _consent_problems(consent: Consent, today: date) -> list[str]:
    problems = []
    if not consent.agreed:
        problems.append(
            "只有本人同意才能登记，请确认本人已同意 / enrol only a person who agreed; "
            "confirm their agreement"
        )
    if consent.consent_date is None:
        problems.append("请填写同意日期 / give the date of consent")
    elif consent.consent_date > today:
        problems.append("同意日期不能晚于今天 / the consent date cannot be after today")
    if len(consent.explained.strip()) < MIN_EXPLANATION_LENGTH:
        problems.append(
            f"请写明向本人说明了什么（至少 {MIN_EXPLANATION_LENGTH} 个字） / write what was "
            f"explained (at least {MIN_EXPLANATION_LENGTH} characters)"
        )
    return problems
