"""Idempotency keys for entries uploaded from the offline queue (issue #14 part 1): ``entry_keys``.

One row per ledger entry a clerk saved with a key (a UUID made in the browser when 保存 was
pressed): the key, unique, so a queue sent twice saves once (:mod:`hedui.store.entry_keys`).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("fields_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name="fk_entry_keys_record_id_records"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_entry_keys_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_entry_keys"),
        sa.UniqueConstraint("key", name="uq_entry_keys_key"),
        sa.UniqueConstraint("record_id", name="uq_entry_keys_record_id"),
    )


def downgrade() -> None:
    op.drop_table("entry_keys")
