"""A ledger entry keeps a birth date known only to its year or month (``birth_date_partial``).

Village ledgers write ``1948年`` or ``1948年3月`` for an old man's birth; such a record used to
be quarantined and is now kept, with ``birth_date`` null and the year or year-month (``1948``,
``1948-03``) here, so that linkage can still compare it at that precision.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("records", sa.Column("birth_date_partial", sa.String(length=7), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("birth_date_partial")
