"""Indexes that let the case counts and the monthly trend read indexes instead of whole rows.

Counting a county's cases by status, kind or month, inside an area, needs the village code and
that one value. With an index on each pair the database reads the small index entries only; a
case row, with its explanations, is ten times wider. Closings per month start from the history
rows whose new status is resolved or dismissed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_village_code_status", "cases", ["village_code", "status"])
    op.create_index("ix_cases_village_code_kind", "cases", ["village_code", "kind"])
    op.create_index("ix_cases_village_code_created_at", "cases", ["village_code", "created_at"])
    op.create_index("ix_case_history_to_status", "case_history", ["to_status"])


def downgrade() -> None:
    op.drop_index("ix_case_history_to_status", table_name="case_history")
    op.drop_index("ix_cases_village_code_created_at", table_name="cases")
    op.drop_index("ix_cases_village_code_kind", table_name="cases")
    op.drop_index("ix_cases_village_code_status", table_name="cases")
