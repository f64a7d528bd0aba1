"""Cases of one person grouped, and ordering by effect on the counts (issue #14 part 4).

``case_groups`` holds one row per person whose cases a list shows as one card;
``cases.group_id`` names it (a plain number: SQLite cannot add a foreign key to a table) and
``cases.priority`` orders the list, indexed with the case number (its age). Existing cases get the
priority of their kind (the rules of ``hedui.store.cases.CASE_PRIORITIES`` when this revision
was written, copied here so that the revision never changes); their group is set by the next
reconciliation run that finds them again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_PRIORITIES = (
    (1, ("birth_missing_in_%", "death_missing_in_%")),
    (
        2,
        (
            "move_%_missing_in_%",
            "move_%_without_%",
            "marriage_missing_in_%",
            "divorce_missing_in_%",
            "duplicate_in_source",
        ),
    ),
    (
        3,
        (
            "sex_conflict",
            "birth_date_conflict",
            "id_sex_mismatch",
            "id_birth_date_mismatch",
            "death_before_birth",
            "born_after_event_date",
            "future_date",
            "spouse_under_legal_age",
            "late_registration",
            "missing_event_date",
            "partial_birth_date",
        ),
    ),
    (4, ("id_number_conflict", "invalid_id_check_digit")),
    (5, ("name_conflict",)),
)


def upgrade() -> None:
    op.create_table(
        "case_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_key", sa.String(160), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_groups"),
        sa.UniqueConstraint("person_key", name="uq_case_groups_person_key"),
    )
    op.add_column(
        "cases", sa.Column("priority", sa.Integer(), nullable=False, server_default=sa.text("4"))
    )
    op.add_column("cases", sa.Column("group_id", sa.Integer(), nullable=True))
    op.create_index("ix_cases_group_id", "cases", ["group_id"])
    op.create_index("ix_cases_priority_id", "cases", ["priority", "id"])
    # "_" is LIKE's one-character wildcard; escape it so that kinds match letter for letter.
    when = " ".join(
        f"WHEN {' OR '.join(_like(p) for p in patterns)} THEN {priority}"
        for priority, patterns in _PRIORITIES
    )
    op.execute(f"UPDATE cases SET priority = CASE {when} ELSE 4 END")


def _like(pattern: str) -> str:
    escaped = pattern.replace("_", "\\_")
    return f"kind LIKE '{escaped}' ESCAPE '\\'"


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_priority_id")
        batch.drop_index("ix_cases_group_id")
        batch.drop_column("group_id")
        batch.drop_column("priority")
    op.drop_table("case_groups")
