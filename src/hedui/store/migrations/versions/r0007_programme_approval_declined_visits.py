"""An admin's programme waits for a second admin's approval; a visit can be declined.

``health_programmes`` gets ``status`` (``pending`` until a second county admin approves),
``approved_by_id`` and ``approved_at``. Programmes already stored took effect under the earlier
rules and are marked ``approved``. ``health_visits`` gets ``outcome``: ``done`` (every visit so
far) or ``declined`` — the person said no to that visit.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("health_programmes") as batch:
        batch.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="approved")
        )
        batch.add_column(sa.Column("approved_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            "fk_health_programmes_approved_by_id_users", "users", ["approved_by_id"], ["id"]
        )
    with op.batch_alter_table("health_programmes") as batch:
        batch.alter_column("status", server_default=None)
    with op.batch_alter_table("health_visits") as batch:
        batch.add_column(
            sa.Column("outcome", sa.String(length=16), nullable=False, server_default="done")
        )
    with op.batch_alter_table("health_visits") as batch:
        batch.alter_column("outcome", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("health_visits") as batch:
        batch.drop_column("outcome")
    with op.batch_alter_table("health_programmes") as batch:
        batch.drop_constraint("fk_health_programmes_approved_by_id_users", type_="foreignkey")
        batch.drop_column("approved_at")
        batch.drop_column("approved_by_id")
        batch.drop_column("status")
