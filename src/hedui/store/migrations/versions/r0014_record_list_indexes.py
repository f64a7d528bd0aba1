"""Indexes that let a list of ledger entries, newest first, read one page instead of the area.

The record list and the home page show an area's newest entries. Without an index in that order
the database read and sorted every entry of the area for each page: 1.0 s for a county of one
million entries. ``(created_at, id)`` walks a county's entries newest first and stops after a
page; ``(village_code, created_at, id)`` does the same inside one village, and also serves
every lookup the single-column village index served, which it replaces.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_records_created_at_id", "records", ["created_at", "id"])
    op.create_index(
        "ix_records_village_code_created_at_id", "records", ["village_code", "created_at", "id"]
    )
    op.drop_index("ix_records_village_code", table_name="records")


def downgrade() -> None:
    op.create_index("ix_records_village_code", "records", ["village_code"])
    op.drop_index("ix_records_village_code_created_at_id", table_name="records")
    op.drop_index("ix_records_created_at_id", table_name="records")
