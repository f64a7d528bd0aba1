"""Recording what happened: a visit's results, a referral, and the referral's completion.

A visit is recorded only when the schedule offers it (its earlier visit is recorded, and, for a
follow-up of a positive result, that result was positive), only once, and with every field its
programme asks for. Each change is audited with the enrolment's number and nothing else: the
audit log is read by county admins, who are not health staff.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

from hedui.errors import InvalidInputError, NotFoundError
from hedui.health.config import RESULT_VALUES, FieldSpec, FieldType, VisitSpec
from hedui.health.progress import EnrolmentProgress
from hedui.store.audit import AuditAction, write_audit
from hedui.store.health import HealthReferral, HealthVisit
from hedui.store.users import User

__all__ = ["complete_referral", "record_referral", "record_visit", "visit_values"]


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

    Raises:
        NotFoundError: the visit is not (yet) part of this enrolment's schedule.
        InvalidInputError: already recorded; a date missing, in the future or before
            enrolment; a field blank or not one of its options (all fields named at once).
    """
    scheduled = next((s for s in progress.schedule if s.spec.key == visit_key), None)
    if scheduled is None:
        raise NotFoundError(f"此登记没有访视 {visit_key} / no visit {visit_key} is scheduled")
    if scheduled.recorded is not None:
        raise InvalidInputError("这次访视已记录 / this visit is already recorded")
    _check_date(visit_date, progress.enrolment.enrolled_on, today)
    assert visit_date is not None
    clean = visit_values(scheduled.spec, values)
    result = scheduled.spec.result_field
    quantity = scheduled.spec.quantity_field
    visit = HealthVisit(
        enrolment_id=progress.enrolment.id,
        visit_key=visit_key,
        visit_date=visit_date,
        values=clean,
        positive=None if result is None else clean.get(result.key) == "positive",
        quantity=None if quantity is None else int(clean[quantity.key] or 0),
        recorded_by_id=actor.id,
    )
    session.add(visit)
    session.flush()
    _audit(session, progress, actor, ip_address)
    return visit


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
