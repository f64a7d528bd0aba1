"""Voluntary health services: programmes, enrolments with consent, visits, referrals, reminders.

Health data is sensitive personal information, so these tables are built around two promises:

* **Nothing without consent.** An enrolment row exists only because a person agreed; the
  consent (when, who recorded it, what was explained) lives on the same row, so a row without
  its consent cannot exist (the columns are ``NOT NULL``).
* **Withdrawal leaves no trace.** Every row that says anything about a person hangs off their
  enrolment with ``ON DELETE CASCADE``; withdrawing deletes the enrolment and with it the visits,
  referrals and reminders. What survives is one anonymous counter in
  :class:`HealthWithdrawalCount` (programme, township, month), which names no one.

Nothing here refers to the population ledger (``records``): a health enrolment is typed in by
the health worker from what the person says, and reconciliation never reads these tables.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hedui.store.base import Base, UtcDateTime, str_enum, utcnow

__all__ = [
    "HEALTH_TABLES",
    "HealthEnrolment",
    "HealthProgramme",
    "HealthProgrammeRetirement",
    "HealthReferral",
    "HealthReminder",
    "HealthVisit",
    "HealthWithdrawalCount",
    "ProgrammeStatus",
    "VisitOutcome",
]


class ProgrammeStatus(StrEnum):
    """Where an admin's programme stands: it takes effect only once a second admin approves it."""

    PENDING = "pending"
    APPROVED = "approved"


class HealthProgramme(Base):
    """A programme an admin added (the shipped ones are files in :mod:`hedui.health`).

    The TOML text is kept as typed, validated when saved and again when read, so a programme is
    always what its author wrote. It is ``pending`` until a second county admin, not its author,
    approves it (``approved_by_id``): one person alone cannot put a programme in front of people.
    """

    __tablename__ = "health_programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    source_text: Mapped[str] = mapped_column(Text)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status: Mapped[ProgrammeStatus] = mapped_column(
        str_enum(ProgrammeStatus, 16), default=ProgrammeStatus.PENDING
    )
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class HealthProgrammeRetirement(Base):
    """That a programme (shipped or added) was retired: offered to nobody from ``retired_on``,
    its enrolments deleted once the health retention period has passed (migration 0009)."""

    __tablename__ = "health_programme_retirements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_code: Mapped[str] = mapped_column(String(64), unique=True)
    retired_on: Mapped[date] = mapped_column(Date)
    retired_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    retired_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class HealthEnrolment(Base):
    """One person in one programme, with the consent they gave."""

    __tablename__ = "health_enrolments"
    # AUTOINCREMENT: SQLite would otherwise give a withdrawn person's id to the next person
    # enrolled, and the audit entries about the first would seem to be about the second.
    __table_args__ = (
        # Once per programme *and village*: a county-wide constraint would tell a health worker
        # of another township, by refusing, that this person is in the programme there.
        UniqueConstraint("programme_code", "id_number", "village_code"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_code: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str] = mapped_column(String(18))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date] = mapped_column(Date)
    village_code: Mapped[str] = mapped_column(String(12), index=True)
    contact: Mapped[str | None] = mapped_column(String(128))
    enrolled_on: Mapped[date] = mapped_column(Date)
    consent_date: Mapped[date] = mapped_column(Date)
    consent_recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    consent_explained: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class VisitOutcome(StrEnum):
    """What became of a visit offered: it took place, or the person said no to it."""

    DONE = "done"
    DECLINED = "declined"


class HealthVisit(Base):
    """A visit that took place and what it recorded, or that the person declined (visits not yet
    made are computed). A declined visit records nothing but its date."""

    __tablename__ = "health_visits"
    __table_args__ = (UniqueConstraint("enrolment_id", "visit_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("health_enrolments.id", ondelete="CASCADE"), index=True
    )
    visit_key: Mapped[str] = mapped_column(String(64))
    visit_date: Mapped[date] = mapped_column(Date)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    positive: Mapped[bool | None] = mapped_column(Boolean)
    quantity: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[VisitOutcome] = mapped_column(
        str_enum(VisitOutcome, 16), default=VisitOutcome.DONE
    )
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    @property
    def declined(self) -> bool:
        """The person said no to this visit."""
        return self.outcome is VisitOutcome.DECLINED


class HealthReferral(Base):
    """A referral made after a positive result, and whether the person was seen."""

    __tablename__ = "health_referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("health_enrolments.id", ondelete="CASCADE"), index=True
    )
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("health_visits.id", ondelete="CASCADE"), unique=True
    )
    referred_on: Mapped[date] = mapped_column(Date)
    referred_to: Mapped[str] = mapped_column(String(128))
    completed_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class HealthReminder(Base):
    """That a reminder for a due visit went out on a list for the village health worker."""

    __tablename__ = "health_reminders"
    __table_args__ = (UniqueConstraint("enrolment_id", "visit_key", "reminded_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("health_enrolments.id", ondelete="CASCADE"), index=True
    )
    visit_key: Mapped[str] = mapped_column(String(64))
    reminded_on: Mapped[date] = mapped_column(Date)


class HealthWithdrawalCount(Base):
    """How many people withdrew from a programme, per township and month — and nothing else."""

    __tablename__ = "health_withdrawal_counts"
    __table_args__ = (UniqueConstraint("programme_code", "township_code", "month"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_code: Mapped[str] = mapped_column(String(64))
    township_code: Mapped[str] = mapped_column(String(9), index=True)
    month: Mapped[str] = mapped_column(String(7))
    count: Mapped[int] = mapped_column(Integer)


HEALTH_TABLES: tuple[type[Base], ...] = (
    HealthProgramme,
    HealthProgrammeRetirement,
    HealthEnrolment,
    HealthVisit,
    HealthReferral,
    HealthReminder,
    HealthWithdrawalCount,
)
"""Every health table, so a test can search all of them for a withdrawn person."""
