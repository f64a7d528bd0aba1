"""Indexes for the case list's default orders: newest change first, newest case first.

A county holds tens of thousands of cases. Without an index on ``updated_at`` every page of the
case list sorts the whole table; with it, the database walks the index and stops after one page.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_updated_at", "cases", ["updated_at"])
    op.create_index("ix_cases_created_at", "cases", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_created_at", table_name="cases")
    op.drop_index("ix_cases_updated_at", table_name="cases")
