"""An index on whom a case is assigned to, for the start page's two counts.

*Assigned to me* and *my to-do* were counted over every case still to do in the user's area:
40 ms each for a county of 100,000 cases, on every start page. *Assigned to me* now reads the
user's own entries of ``(assigned_to_id, status, village_code)``; *my to-do* is the area's
cases still to do (from the case tallies) less those assigned to someone else, read from the
same index.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_cases_assigned_to_id_status_village_code",
        "cases",
        ["assigned_to_id", "status", "village_code"],
    )


def downgrade() -> None:
    op.drop_index("ix_cases_assigned_to_id_status_village_code", table_name="cases")
