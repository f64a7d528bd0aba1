"""Cases of one person grouped, and ordering by effect on the counts (issue #14 part 4).

Reserved revision: a no-op until issue #14 part 4 (case page) fills it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
