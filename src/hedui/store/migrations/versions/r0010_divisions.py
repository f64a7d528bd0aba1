"""Divisions: county, township and village codes with names and former names (issue #14 part 3).

Reserved revision: a no-op until issue #14 parts 2-3 (search, place names) fills it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
