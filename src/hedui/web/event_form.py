"""The record-an-event form: which fields each event has, and what is checked as the clerk types.

Checks are of two strengths. **Errors** stop saving: a missing required field, a date that does
not exist or lies in the future, an ID number that is malformed or fails its check character
(for the last, the form offers the valid numbers one keying error away, best first, from
:func:`hedui.identity.resident_id.repair_candidates`, ranked with the birth date and sex typed on
the same form). **Warnings** only ask for a second look: an ID whose birth date or sex digit
disagrees with the form, a date that could be read two ways, a mother too young or too old.

A blank birth date or sex on a form with a valid ID number is taken from the number, the way a
clerk would copy it from the card.

Text is held to the rules a file import is held to: a control character (NUL, an escape, a line
break pasted into a one-line field) is an error, and so is a value longer than its ledger column
(:data:`hedui.sources.schema.MAX_LENGTHS`), so the form never accepts what the database or an
export would refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as default
from datetime import date

from hedui.errors import InvalidDateError, InvalidResidentIdError, InvalidSexError
from hedui.identity import resident_id
from hedui.identity.dates import parse_date_or_none
from hedui.identity.repair import RepairCandidate
from hedui.identity.sex import Sex, normalize_sex, sex_agrees_with_id
from hedui.sources.schema import MAX_LENGTHS
from hedui.sources.text_fields import first_control_character
from hedui.store.ledger import EventFields
from hedui.store.records import EventType
from hedui.web.event_fields import FieldSpec, fields_for
from hedui.web.i18n import N_

__all__ = ["MESSAGES", "REQUIRED", "FormCheck", "Issue", "check_event_form"]

MAX_SUGGESTIONS = 3
REQUIRED = N_("This field is required.")
MOTHER_AGE_RANGE = (14, 55)
MESSAGES = (
    REQUIRED,
    N_("Contains the invisible control character %(code)s; delete it and retype."),
    N_("At most %(limit)s characters."),
    N_("Not a valid date: %(detail)s"),
    N_("This date is in the future."),
    N_("Read as %(date)s: %(reason)s"),
    N_("Choose male or female."),
    N_("The check digit is wrong: a digit is probably mistyped, or two swapped."),
    N_("Not a resident ID number: %(detail)s"),
    N_("Birth date taken from the ID number: %(date)s."),
    N_("The ID number says born %(id_date)s, the form says %(date)s."),
    N_("The ID number's sex digit does not agree with the sex chosen."),
    N_("The event date is before the birth date."),
    N_("The mother's ID number has a male sex digit."),
    N_("The mother would have been %(age)s years old at the birth."),
)
"""Every message the form's checks give, for the browser's copy of them (``event_check.js``)."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem with one field: a message id to translate and its ``%(name)s`` parameters."""

    field: str
    message: str
    params: Mapping[str, str] = default(default_factory=dict)


@dataclass(slots=True)
class FormCheck:
    """The outcome of checking a form: errors, warnings, suggestions, and the cleaned fields."""

    event: EventType
    values: dict[str, str]
    errors: list[Issue] = default(default_factory=list)
    warnings: list[Issue] = default(default_factory=list)
    suggestions: dict[str, list[RepairCandidate]] = default(default_factory=dict)
    fields: EventFields | None = None

    def without_missing(self) -> FormCheck:
        """This check without "required" errors: while typing, a blank field is not yet wrong."""
        self.errors = [issue for issue in self.errors if issue.message != REQUIRED]
        return self

    @property
    def ok(self) -> bool:
        """True when nothing stops saving (warnings may remain)."""
        return not self.errors

    def errors_for(self, name: str) -> list[Issue]:
        return [issue for issue in self.errors if issue.field == name]


def check_event_form(event: EventType, form: Mapping[str, str], *, today: date) -> FormCheck:
    """Check the submitted fields of an ``event`` form; ``fields`` is set when there is no error."""
    specs = fields_for(event)
    values = {spec.name: (form.get(spec.name) or "").strip() for spec in specs}
    check = FormCheck(event=event, values=values)
    unusable = {spec.name for spec in specs if _text_problem(check, spec, values[spec.name])}
    values = {name: "" if name in unusable else value for name, value in values.items()}
    dates = {s.name: _date(check, s, values[s.name], today) for s in specs if s.kind == "date"}
    sex = _sex(check, values.get("sex", ""))
    ids = {
        s.name: _id_number(check, s, values[s.name], today, dates.get("birth_date"), sex)
        for s in specs
        if s.kind == "id"
    }
    person = ids.get("id_number")
    birth_date = dates.get("birth_date")
    if person is not None:
        birth_date, sex = _compare_with_id(check, person, birth_date, sex)
    for spec in specs:
        missing = not values[spec.name] and spec.name not in unusable
        if spec.required and missing and not _derived(spec, birth_date, sex):
            check.errors.append(Issue(spec.name, REQUIRED))
    event_date = birth_date if event is EventType.BIRTH else dates.get("event_date")
    _check_order(check, event, event_date, birth_date, ids.get("mother_id_number"))
    if check.ok:
        check.fields = EventFields(
            event=event,
            event_date=event_date,
            name=values.get("name") or None,
            id_number=person.number if person else None,
            sex=sex.value if sex is not None else None,
            birth_date=birth_date,
            mother_name=values.get("mother_name") or None,
            mother_id_number=(mother.number if (mother := ids.get("mother_id_number")) else None),
            address=values.get("address") or None,
        )
    return check


def _text_problem(check: FormCheck, spec: FieldSpec, text: str) -> bool:
    """Record an error for a control character or an over-long value; True if there was one."""
    control = first_control_character(text)
    if control is not None:
        check.errors.append(
            Issue(
                spec.name,
                N_("Contains the invisible control character %(code)s; delete it and retype."),
                {"code": control},
            )
        )
        return True
    limit = MAX_LENGTHS.get(spec.name)
    if spec.kind == "text" and limit is not None and len(text) > limit:
        check.errors.append(
            Issue(spec.name, N_("At most %(limit)s characters."), {"limit": str(limit)})
        )
        return True
    return False


def _derived(spec: FieldSpec, birth_date: date | None, sex: Sex | None) -> bool:
    return (spec.name == "birth_date" and birth_date is not None) or (
        spec.name == "sex" and sex is not None
    )


def _date(check: FormCheck, spec: FieldSpec, text: str, today: date) -> date | None:
    try:
        parsed = parse_date_or_none(text)
    except InvalidDateError as error:
        check.errors.append(
            Issue(spec.name, N_("Not a valid date: %(detail)s"), {"detail": str(error)})
        )
        return None
    if parsed is None:
        return None
    if parsed.value > today:
        check.errors.append(Issue(spec.name, N_("This date is in the future.")))
        return None
    if parsed.ambiguous and parsed.reason:
        check.warnings.append(
            Issue(
                spec.name,
                N_("Read as %(date)s: %(reason)s"),
                {"date": parsed.value.isoformat(), "reason": parsed.reason},
            )
        )
    return parsed.value


def _sex(check: FormCheck, text: str) -> Sex | None:
    if not text:
        return None
    try:
        sex = normalize_sex(text)
    except InvalidSexError:
        check.errors.append(Issue("sex", N_("Choose male or female.")))
        return None
    return sex if sex in (Sex.MALE, Sex.FEMALE) else None


def _id_number(
    check: FormCheck,
    spec: FieldSpec,
    text: str,
    today: date,
    birth_date: date | None,
    sex: Sex | None,
) -> resident_id.ResidentId | None:
    if not text:
        return None
    try:
        return resident_id.parse(text, today=today)
    except InvalidResidentIdError as error:
        if error.kind == "check_digit":
            check.errors.append(
                Issue(
                    spec.name,
                    N_("The check digit is wrong: a digit is probably mistyped, or two swapped."),
                )
            )
            own = spec.name == "id_number"
            candidates = resident_id.repair_candidates(
                text,
                birth_date=birth_date if own else None,
                sex=sex if own else Sex.FEMALE,
                today=today,
            )
            check.suggestions[spec.name] = candidates[:MAX_SUGGESTIONS]
        else:
            check.errors.append(
                Issue(spec.name, N_("Not a resident ID number: %(detail)s"), {"detail": str(error)})
            )
        return None


def _compare_with_id(
    check: FormCheck, person: resident_id.ResidentId, birth_date: date | None, sex: Sex | None
) -> tuple[date | None, Sex | None]:
    if birth_date is None:
        birth_date = person.birth_date
        check.warnings.append(
            Issue(
                "birth_date",
                N_("Birth date taken from the ID number: %(date)s."),
                {"date": birth_date.isoformat()},
            )
        )
    elif birth_date != person.birth_date:
        check.warnings.append(
            Issue(
                "birth_date",
                N_("The ID number says born %(id_date)s, the form says %(date)s."),
                {"id_date": person.birth_date.isoformat(), "date": birth_date.isoformat()},
            )
        )
    if sex is None:
        sex = person.sex
    elif sex_agrees_with_id(sex, person.number) is False:
        check.warnings.append(
            Issue("sex", N_("The ID number's sex digit does not agree with the sex chosen."))
        )
    return birth_date, sex


def _check_order(
    check: FormCheck,
    event: EventType,
    event_date: date | None,
    birth_date: date | None,
    mother: resident_id.ResidentId | None,
) -> None:
    if event is not EventType.BIRTH and event_date and birth_date and event_date < birth_date:
        check.errors.append(Issue("event_date", N_("The event date is before the birth date.")))
    if mother is not None and mother.sex is not Sex.FEMALE:
        check.warnings.append(
            Issue("mother_id_number", N_("The mother's ID number has a male sex digit."))
        )
    if event is EventType.BIRTH and birth_date and mother is not None:
        age = _age(mother.birth_date, birth_date)
        low, high = MOTHER_AGE_RANGE
        if not low <= age <= high:
            check.warnings.append(
                Issue(
                    "mother_id_number",
                    N_("The mother would have been %(age)s years old at the birth."),
                    {"age": str(age)},
                )
            )


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
