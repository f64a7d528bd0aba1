"""Case counts kept incrementally and a job lock across worker processes (issue #15 part 1).

Reserved revision: a no-op until issue #15 part 1 (load) fills it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
