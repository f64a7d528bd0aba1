"""Voluntary health services: programmes, enrolments with consent, visits, referrals, reminders.

Every table that names a person hangs off ``health_enrolments`` with ``ON DELETE CASCADE``, so
a withdrawal that deletes the enrolment removes everything; ``health_withdrawal_counts`` keeps
the only trace, an anonymous count per programme, township and month.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _enrolment_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["enrolment_id"],
        ["health_enrolments.id"],
        name=f"fk_{table}_enrolment_id_health_enrolments",
        ondelete="CASCADE",
    )


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=f"fk_{table}_{column}_users")


def upgrade() -> None:
    op.create_table(
        "health_programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("health_programmes", "saved_by_id"),
        sa.PrimaryKeyConstraint("id", name="pk_health_programmes"),
        sa.UniqueConstraint("code", name="uq_health_programmes_code"),
    )
    op.create_table(
        "health_enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("contact", sa.String(length=128), nullable=True),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=False),
        sa.Column("consent_recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("consent_explained", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("health_enrolments", "consent_recorded_by_id"),
        sa.PrimaryKeyConstraint("id", name="pk_health_enrolments"),
        sa.UniqueConstraint(
            "programme_code",
            "id_number",
            "village_code",
            name="uq_health_enrolments_programme_code_id_number_village_code",
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_health_enrolments_programme_code", "health_enrolments", ["programme_code"])
    op.create_index("ix_health_enrolments_village_code", "health_enrolments", ["village_code"])
    op.create_table(
        "health_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("visit_key", sa.String(length=64), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("positive", sa.Boolean(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _enrolment_fk("health_visits"),
        _user_fk("health_visits", "recorded_by_id"),
        sa.PrimaryKeyConstraint("id", name="pk_health_visits"),
        sa.UniqueConstraint(
            "enrolment_id", "visit_key", name="uq_health_visits_enrolment_id_visit_key"
        ),
    )
    op.create_index("ix_health_visits_enrolment_id", "health_visits", ["enrolment_id"])
    op.create_table(
        "health_referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("referred_to", sa.String(length=128), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        _enrolment_fk("health_referrals"),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["health_visits.id"],
            name="fk_health_referrals_visit_id_health_visits",
            ondelete="CASCADE",
        ),
        _user_fk("health_referrals", "recorded_by_id"),
        sa.PrimaryKeyConstraint("id", name="pk_health_referrals"),
        sa.UniqueConstraint("visit_id", name="uq_health_referrals_visit_id"),
    )
    op.create_index("ix_health_referrals_enrolment_id", "health_referrals", ["enrolment_id"])
    op.create_table(
        "health_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("visit_key", sa.String(length=64), nullable=False),
        sa.Column("reminded_on", sa.Date(), nullable=False),
        _enrolment_fk("health_reminders"),
        sa.PrimaryKeyConstraint("id", name="pk_health_reminders"),
        sa.UniqueConstraint(
            "enrolment_id",
            "visit_key",
            "reminded_on",
            name="uq_health_reminders_enrolment_id_visit_key_reminded_on",
        ),
    )
    op.create_index("ix_health_reminders_enrolment_id", "health_reminders", ["enrolment_id"])
    op.create_table(
        "health_withdrawal_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_code", sa.String(length=64), nullable=False),
        sa.Column("township_code", sa.String(length=9), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_health_withdrawal_counts"),
        sa.UniqueConstraint(
            "programme_code",
            "township_code",
            "month",
            name="uq_health_withdrawal_counts_programme_code_township_code_month",
        ),
    )
    op.create_index(
        "ix_health_withdrawal_counts_township_code", "health_withdrawal_counts", ["township_code"]
    )


def downgrade() -> None:
    op.drop_table("health_withdrawal_counts")
    op.drop_table("health_reminders")
    op.drop_table("health_referrals")
    op.drop_table("health_visits")
    op.drop_table("health_enrolments")
    op.drop_table("health_programmes")
