"""Divisions and search keys (issue #14 parts 2-3): place names, and finding a person.

``divisions``: county, township and village codes with their names, former names and former
codes (:mod:`hedui.store.divisions`). ``record_search_keys``: each ledger entry's name keys and
reversed ID numbers, indexed (:mod:`hedui.store.search_keys`); the entries already in the
ledger are keyed here, in chunks.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hedui.store.search_keys import search_key_values

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_KEY_INDEXES = (
    "name_normalized",
    "name_pinyin",
    "name_initials",
    "id_reversed",
    "mother_normalized",
    "mother_pinyin",
    "mother_id_reversed",
)
_CHUNK = 20_000


def upgrade() -> None:
    op.create_table(
        "divisions",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "county",
                "township",
                "village",
                name="arealevel",
                native_enum=False,
                length=8,
                create_constraint=False,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("former_names", sa.JSON(), nullable=False),
        sa.Column("former_codes", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("code", name="pk_divisions"),
    )
    op.create_index("ix_divisions_name", "divisions", ["name"])
    op.create_table(
        "record_search_keys",
        sa.Column("record_pk", sa.Integer(), nullable=False),
        sa.Column("name_normalized", sa.String(length=64), nullable=True),
        sa.Column("name_pinyin", sa.String(length=128), nullable=True),
        sa.Column("name_initials", sa.String(length=32), nullable=True),
        sa.Column("id_reversed", sa.String(length=18), nullable=True),
        sa.Column("mother_normalized", sa.String(length=64), nullable=True),
        sa.Column("mother_pinyin", sa.String(length=128), nullable=True),
        sa.Column("mother_id_reversed", sa.String(length=18), nullable=True),
        sa.ForeignKeyConstraint(
            ["record_pk"],
            ["records.id"],
            name="fk_record_search_keys_record_pk_records",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_pk", name="pk_record_search_keys"),
    )
    for column in _KEY_INDEXES:
        op.create_index(f"ix_record_search_keys_{column}", "record_search_keys", [column])
    _key_existing_records()


def _key_existing_records() -> None:
    """Key the entries already in the ledger, a chunk at a time."""
    connection = op.get_bind()
    records = sa.table(
        "records",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("id_number", sa.String),
        sa.column("mother_name", sa.String),
        sa.column("mother_id_number", sa.String),
    )
    keys = sa.table(
        "record_search_keys",
        sa.column("record_pk", sa.Integer),
        *(sa.column(c, sa.String) for c in _KEY_INDEXES),
    )
    done = 0
    while True:
        rows = connection.execute(
            sa.select(
                records.c.id,
                records.c.name,
                records.c.id_number,
                records.c.mother_name,
                records.c.mother_id_number,
            )
            .where(records.c.id > done)
            .order_by(records.c.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            return
        connection.execute(
            keys.insert(),
            [
                {"record_pk": pk, **search_key_values(name, number, mother, mother_number)}
                for pk, name, number, mother, mother_number in rows
            ],
        )
        done = rows[-1][0]


def downgrade() -> None:
    for column in _KEY_INDEXES:
        op.drop_index(f"ix_record_search_keys_{column}", table_name="record_search_keys")
    op.drop_table("record_search_keys")
    op.drop_index("ix_divisions_name", table_name="divisions")
    op.drop_table("divisions")
