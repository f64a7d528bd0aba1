"""A programme can be retired: ``health_programme_retirements``.

One row per retired programme (shipped or added): when, by whom. A retired programme is offered
to nobody; its enrolments are deleted after the health retention period
(:mod:`hedui.health.retirement`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "health_programme_retirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_code", sa.String(length=64), nullable=False),
        sa.Column("retired_on", sa.Date(), nullable=False),
        sa.Column("retired_by_id", sa.Integer(), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["retired_by_id"],
            ["users.id"],
            name="fk_health_programme_retirements_retired_by_id_users",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_health_programme_retirements"),
        sa.UniqueConstraint(
            "programme_code", name="uq_health_programme_retirements_programme_code"
        ),
    )


def downgrade() -> None:
    op.drop_table("health_programme_retirements")
