"""Recording what happened: a visit's results, a visit declined, a referral and its completion.

A visit is recorded only when the schedule offers it (its earlier visit is recorded, and, for a
follow-up of a positive result, that result was positive), only once, and with every field its
programme asks for. The person may say no to any visit (:func:`decline_visit`): the visit is
closed with nothing recorded but the day; if they change their mind and come after all, the
visit is recorded over the refusal. Each change is audited with the enrolment's number and
nothing else: the audit log is read by county admins, who are not health staff.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.health.config import RESULT_VALUES, FieldSpec, FieldType, VisitSpec
from hedui.health.progress import EnrolmentProgress
from hedui.health.schedule import ScheduledVisit
from hedui.store.audit import AuditAction, write_audit
from hedui.store.base import utcnow
from hedui.store.health import HealthReferral, HealthVisit, VisitOutcome
from hedui.store.users import User

__all__ = [
    "complete_referral",
    "decline_visit",
    "record_referral",
    "record_visit",
    "visit_values",
]


def record_visit(
    session: Session,
    progress: EnrolmentProgress,
    visit_key: str,
    *,
    visit_date: date | None,
    values: Mapping[str, str],
    actor: User,
    today: date,
    ip_address: str | None = None,
) -> HealthVisit:
    """Record one scheduled visit of ``progress``'s enrolment.

    A visit the person had declined is recorded over the refusal: they changed their mind.

    Raises:
        NotFoundError: the visit is not (yet) part of this enrolment's schedule.
        InvalidInputError: already recorded; a date missing, in the future or before
            enrolment; a field blank or not one of its options (all fields named at once).
    """
    scheduled = _open_visit(progress, visit_key, allow_declined=True)
    _check_date(visit_date, progress.enrolment.enrolled_on, today)
    assert visit_date is not None
    clean = visit_values(scheduled.spec, values)
    result = scheduled.spec.result_field
    quantity = scheduled.spec.quantity_field
    visit = scheduled.recorded or HealthVisit(
        enrolment_id=progress.enrolment.id, visit_key=visit_key
    )
    visit.visit_date = visit_date
    visit.values = clean
    visit.positive = None if result is None else clean.get(result.key) == "positive"
    visit.quantity = None if quantity is None else int(clean[quantity.key] or 0)
    visit.outcome = VisitOutcome.DONE
    visit.recorded_by_id = actor.id
    visit.recorded_at = utcnow()
    session.add(visit)
    session.flush()
    _audit(session, progress, actor, ip_address)
    return visit


def decline_visit(
    session: Session,
    progress: EnrolmentProgress,
    visit_key: str,
    *,
    declined_on: date | None,
    actor: User,
    today: date,
    ip_address: str | None = None,
) -> HealthVisit:
    """Record that the person does not want this visit: it is closed and offered no more.

    Nothing is recorded about why, and nothing but the day: saying no needs no reason.

    Raises:
        NotFoundError: the visit is not (yet) part of this enrolment's schedule.
        InvalidInputError: already recorded or declined; the date missing, in the future or
            before enrolment.
    """
    _open_visit(progress, visit_key, allow_declined=False)
    _check_date(declined_on, progress.enrolment.enrolled_on, today)
    assert declined_on is not None
    visit = HealthVisit(
        enrolment_id=progress.enrolment.id,
        visit_key=visit_key,
        visit_date=declined_on,
        values={},
        outcome=VisitOutcome.DECLINED,
        recorded_by_id=actor.id,
    )
    session.add(visit)
    session.flush()
    _audit(session, progress, actor, ip_address)
    return visit


def _open_visit(
    progress: EnrolmentProgress, visit_key: str, *, allow_declined: bool
) -> ScheduledVisit:
    scheduled = next((s for s in progress.schedule if s.spec.key == visit_key), None)
    if scheduled is None:
        raise NotFoundError(f"此登记没有访视 {visit_key} / no visit {visit_key} is scheduled")
    recorded = scheduled.recorded
    if recorded is not None and not (allow_declined and recorded.declined):
        if recorded.declined:
            raise InvalidInputError("本人已谢绝这次访视 / the person already declined this visit")
        raise InvalidInputError("这次访视已记录 / this visit is already recorded")
    return scheduled


def visit_values(spec: VisitSpec, values: Mapping[str, str]) -> dict[str, str]:
    """The visit's fields from a form, checked against the programme; extra keys are ignored.

    Raises:
        InvalidInputError: naming every field that is blank (and may not be) or invalid.
    """
    clean: dict[str, str] = {}
    problems: list[str] = []
    for field in spec.fields:
        value = values.get(field.key, "").strip()
        problem = _field_problem(field, value)
        if problem:
            problems.append(f"{field.label_zh}：{problem} / {field.label_en}: {problem}")
        clean[field.key] = value
    if problems:
        raise InvalidInputError("；".join(problems))
    return clean


def _field_problem(field: FieldSpec, value: str) -> str | None:
    if not value:
        return None if field.may_be_blank else "必填 required"
    if field.type is FieldType.RESULT and value not in RESULT_VALUES:
        return "应为 negative/positive/unclear"
    if field.type is FieldType.CHOICE and value not in field.options:
        return "不是可选项 not one of the options"
    if field.type in (FieldType.NUMBER, FieldType.QUANTITY) and not (
        value.isascii() and value.isdigit() and int(value) <= 100_000
    ):
        return "应为整数 must be a whole number"
    if field.type is FieldType.DATE:
        try:
            date.fromisoformat(value)
        except ValueError:
            return "应为日期 YYYY-MM-DD"
    return None


def record_referral(
    session: Session,
    progress: EnrolmentProgress,
    visit_id: int,
    *,
    referred_on: date | None,
    referred_to: str,
    actor: User,
    today: date,
    ip_address: str | None = None,
) -> HealthReferral:
    """Record the referral made after a positive result.

    Raises:
        NotFoundError: the visit is not this enrolment's.
        InvalidInputError: the visit was not positive, already has a referral, or the date or
            the place referred to is missing.
    """
    visit = next((v for v in progress.visits if v.id == visit_id), None)
    if visit is None:
        raise NotFoundError(f"此登记没有访视 {visit_id} / no such visit")
    if not visit.positive:
        raise InvalidInputError("只有阳性结果需要转诊 / only a positive result is referred")
    if progress.referral_for(visit) is not None:
        raise InvalidInputError("已记录转诊 / the referral is already recorded")
    _check_date(referred_on, visit.visit_date, today)
    assert referred_on is not None
    if not referred_to.strip():
        raise InvalidInputError("请填写转诊去向 / say where the person was referred")
    referral = HealthReferral(
        enrolment_id=progress.enrolment.id,
        visit_id=visit.id,
        referred_on=referred_on,
        referred_to=referred_to.strip()[:128],
        recorded_by_id=actor.id,
    )
    session.add(referral)
    session.flush()
    _audit(session, progress, actor, ip_address)
    return referral


def complete_referral(
    session: Session,
    progress: EnrolmentProgress,
    referral_id: int,
    *,
    completed_on: date | None,
    actor: User,
    today: date,
    ip_address: str | None = None,
) -> HealthReferral:
    """Record that the person was seen where they were referred.

    Raises:
        NotFoundError: not a referral of this enrolment.
        InvalidInputError: already completed, or the date is missing or impossible.
    """
    referral = next((r for r in progress.referrals if r.id == referral_id), None)
    if referral is None:
        raise NotFoundError(f"此登记没有转诊 {referral_id} / no such referral")
    if referral.completed_on is not None:
        raise InvalidInputError("转诊已完成 / the referral is already completed")
    _check_date(completed_on, referral.referred_on, today)
    referral.completed_on = completed_on
    session.flush()
    _audit(session, progress, actor, ip_address)
    return referral


def _check_date(day: date | None, earliest: date, today: date) -> None:
    if day is None:
        raise InvalidInputError("请填写日期 / give the date")
    if day > today:
        raise InvalidInputError("日期不能晚于今天 / the date cannot be after today")
    if day < earliest:
        raise InvalidInputError(
            f"日期不能早于 {earliest.isoformat()} / the date cannot be before {earliest}"
        )


def _audit(session: Session, progress: EnrolmentProgress, actor: User, ip: str | None) -> None:
    write_audit(
        session,
        actor=actor,
        action=AuditAction.HEALTH_VISIT_RECORDED,
        area_code=progress.enrolment.village_code,
        target_type="health_enrolment",
        target_id=progress.enrolment.id,
        ip_address=ip,
    )
