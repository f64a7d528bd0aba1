"""A programme as data: who it is offered to, its visits, and what each visit records.

A programme is configuration, not code, so that a county can add one without a programmer. It
is written in TOML (see ``programmes/*.toml`` and ``docs/health.md``) and read through
:func:`hedui.health.validation.parse_programme`, which refuses anything that could turn a
service into an obligation. Nothing in this model can say that a visit is compulsory: the
person decides whether to come, every time.

A visit is due a number of days after the enrolment, or after another visit took place
(``after``); a visit marked ``only_if_positive`` exists only when that earlier visit found a
positive result (the 6- and 12-month follow-ups of a positive screening). A visit not made by
``due + overdue_after_days`` is overdue: a prompt for staff to offer it again, nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "RESULT_VALUES",
    "FieldSpec",
    "FieldType",
    "OfferedTo",
    "Programme",
    "VisitKind",
    "VisitSpec",
    "age_on",
]


class FieldType(StrEnum):
    """What a visit field holds; the web form picks its input from this."""

    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"
    NUMBER = "number"
    RESULT = "result"
    """``negative``, ``positive`` or ``unclear``: a positive result asks for a referral."""
    QUANTITY = "quantity"
    """A whole number of items handed out (folic acid packs): summed in the coverage figures."""


RESULT_VALUES = ("negative", "positive", "unclear")


class VisitKind(StrEnum):
    """What a visit is for, which decides the coverage figure it counts towards."""

    SCREENING = "screening"
    FOLLOW_UP = "follow_up"
    DISTRIBUTION = "distribution"
    CONSULTATION = "consultation"


@dataclass(frozen=True)
class FieldSpec:
    """One thing a visit records."""

    key: str
    label_zh: str
    label_en: str
    type: FieldType
    options: tuple[str, ...] = ()
    may_be_blank: bool = False


@dataclass(frozen=True)
class VisitSpec:
    """One visit of a programme's schedule."""

    key: str
    name_zh: str
    name_en: str
    kind: VisitKind
    due_days: int
    overdue_after_days: int
    fields: tuple[FieldSpec, ...]
    after: str | None = None
    only_if_positive: bool = False

    @property
    def result_field(self) -> FieldSpec | None:
        """The field whose value decides whether the visit found something positive."""
        return next((f for f in self.fields if f.type is FieldType.RESULT), None)

    @property
    def quantity_field(self) -> FieldSpec | None:
        """The field counting items handed out, if the visit hands any out."""
        return next((f for f in self.fields if f.type is FieldType.QUANTITY), None)


@dataclass(frozen=True)
class OfferedTo:
    """Whom the programme is offered to: an invitation, never a list of people to find."""

    sex: str  # "female", "male" or "any"
    min_age: int
    max_age: int

    def includes(self, *, sex: str, birth_date: date, on: date) -> bool:
        """True when a person of this sex (GB/T 2261.1 code) and birth date may be offered it."""
        wanted = {"female": "2", "male": "1"}.get(self.sex)
        return (wanted is None or sex == wanted) and (
            self.min_age <= age_on(birth_date, on) <= self.max_age
        )


@dataclass(frozen=True)
class Programme:
    """A voluntary health programme."""

    code: str
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    offered_to: OfferedTo
    referral_flag_days: int
    """A positive result with no referral after this many days is flagged to staff."""
    visits: tuple[VisitSpec, ...]

    def visit(self, key: str) -> VisitSpec | None:
        """The visit called ``key``, or ``None``."""
        return next((v for v in self.visits if v.key == key), None)


def age_on(birth_date: date, on: date) -> int:
    """Age in completed years on a day (a birthday on 29 February counts from 1 March)."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)
