"""Reconciliation runs, and what a case needs to be shown without the run's files.

``cases`` gains the event type, the field in conflict and each source's value; ``case_records``
gains a snapshot of each record as the run saw it; ``reconcile_runs`` numbers the runs so that a
resolved case coming back can be told from one that never went away.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("event", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("field", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("values", sa.JSON(), nullable=True))
        batch.create_index("ix_cases_event", ["event"])
    with op.batch_alter_table("case_records") as batch:
        batch.add_column(sa.Column("snapshot", sa.JSON(), nullable=True))
    op.create_table(
        "reconcile_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("area_code", sa.String(length=12), nullable=False),
        sa.Column("link_dir", sa.Text(), nullable=False),
        sa.Column("out_dir", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name="fk_reconcile_runs_created_by_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reconcile_runs"),
    )
    op.create_index("ix_reconcile_runs_period", "reconcile_runs", ["period"])
    op.create_index("ix_reconcile_runs_area_code", "reconcile_runs", ["area_code"])


def downgrade() -> None:
    op.drop_table("reconcile_runs")
    with op.batch_alter_table("case_records") as batch:
        batch.drop_column("snapshot")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_event")
        batch.drop_column("values")
        batch.drop_column("field")
        batch.drop_column("event")
