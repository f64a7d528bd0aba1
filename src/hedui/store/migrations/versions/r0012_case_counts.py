"""Case counts kept incrementally and a job lock across worker processes (issue #15 part 1).

* ``case_tallies``: cases per (village, kind, status), kept in the transaction of every case
  change (:mod:`hedui.store.case_tallies`); filled here from the existing cases.
* ``job_locks`` and ``job_leases``: one background job at a time across ``hedui serve
  --workers``, and each job's progress visible from every worker (:mod:`hedui.store.job_locks`).
* ``rate_events``: the failed logins and look-ups the rate limits count, shared by the workers
  (:mod:`hedui.store.rate_events`).
* ``ix_records_mother_id_number``: the save's duplicate check finds a mother's other births by
  an index instead of reading the whole ledger (175 ms at a million entries).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_tallies",
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("village_code", "kind", "status", name="pk_case_tallies"),
    )
    op.execute(
        "INSERT INTO case_tallies (village_code, kind, status, cases) "
        "SELECT village_code, kind, status, count(*) FROM cases "
        "GROUP BY village_code, kind, status"
    )
    op.create_table(
        "job_locks",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name="fk_job_locks_job_id_jobs"),
        sa.PrimaryKeyConstraint("name", name="pk_job_locks"),
    )
    op.create_table(
        "job_leases",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fraction", sa.Float(), nullable=False),
        sa.Column("step", sa.String(length=200), nullable=False),
        sa.Column("counted", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name="fk_job_leases_job_id_jobs"),
        sa.PrimaryKeyConstraint("job_id", name="pk_job_leases"),
    )
    op.create_index("ix_job_leases_heartbeat_at", "job_leases", ["heartbeat_at"])
    op.create_table(
        "rate_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rate_events"),
    )
    op.create_index("ix_rate_events_at", "rate_events", ["at"])
    op.create_index("ix_rate_events_scope_key_at", "rate_events", ["scope", "key", "at"])
    op.create_index("ix_records_mother_id_number", "records", ["mother_id_number"])


def downgrade() -> None:
    op.drop_index("ix_records_mother_id_number", table_name="records")
    op.drop_index("ix_rate_events_scope_key_at", table_name="rate_events")
    op.drop_index("ix_rate_events_at", table_name="rate_events")
    op.drop_table("rate_events")
    op.drop_index("ix_job_leases_heartbeat_at", table_name="job_leases")
    op.drop_table("job_leases")
    op.drop_table("job_locks")
    op.drop_table("case_tallies")
