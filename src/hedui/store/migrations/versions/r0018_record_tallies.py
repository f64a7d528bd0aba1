"""Current ledger entries counted by village and event, kept by triggers.

A list of entries and a clerk's home page counted the village's current entries on every view
(1.1 ms of SQLite's CPU, about 2.8 ms of PostgreSQL's, at a village of 3,300 entries); a
county's million could not be counted. ``record_tallies`` holds one row per (village, event)
with its number of current entries (those no correction supersedes), counted once here from
the entries and then kept by triggers on ``records`` in the transaction that changes them:

- an inserted entry adds one to its village and event, and, when it is a correction, takes one
  from those of the entry it supersedes;
- an updated or deleted entry (hedui does neither: a correction is a new entry) has the
  villages and events it touched counted again, as has the entry it superseded.

SQLite and PostgreSQL spell triggers differently, so each has its own (as in 0001). The
triggers fire once a row: an import hands its rows to the driver's ``executemany``, which runs
one statement a row on both, so a trigger once a statement (PostgreSQL's transition tables)
counted no more at once and cost more (30,000 rows into PostgreSQL in one transaction: 0.7 s
without a trigger, 1.7 s with one a row, 2.1 s with one a statement).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_COUNT = (
    "(SELECT count(*) FROM records AS r WHERE r.village_code = {v} AND r.event = {e} "
    "AND NOT EXISTS (SELECT 1 FROM records AS n WHERE n.supersedes_id = r.id))"
)
"""The current entries of village ``{v}`` and event ``{e}``."""

_SQLITE_RECOUNT = (
    "INSERT INTO record_tallies (village_code, event, entries) "
    "SELECT t.village_code, t.event, " + _COUNT.format(v="t.village_code", e="t.event") + " "
    "FROM ({pairs}) AS t WHERE t.village_code IS NOT NULL "
    "ON CONFLICT (village_code, event) DO UPDATE SET entries = excluded.entries;"
)
"""Count again the tallies of the (village, event) pairs that ``{pairs}`` selects."""

_SQLITE_TOUCHED = (
    "SELECT {row}.village_code AS village_code, {row}.event AS event "
    "UNION SELECT o.village_code, o.event FROM records AS o WHERE o.id = {row}.supersedes_id"
)
"""A row's own (village, event) and those of the entry it supersedes."""


def upgrade() -> None:
    op.create_table(
        "record_tallies",
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("village_code", "event", name="pk_record_tallies"),
    )
    op.execute(
        "INSERT INTO record_tallies (village_code, event, entries) "
        "SELECT records.village_code, records.event, count(*) FROM records "
        "WHERE NOT EXISTS (SELECT 1 FROM records AS newer WHERE newer.supersedes_id = records.id) "
        "GROUP BY records.village_code, records.event"
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_triggers()
    elif dialect == "postgresql":
        _postgresql_triggers()
    else:
        raise NotImplementedError(f"hedui supports SQLite and PostgreSQL, not {dialect}")


def _sqlite_triggers() -> None:
    op.execute(
        "CREATE TRIGGER record_tallies_insert AFTER INSERT ON records BEGIN "
        "INSERT INTO record_tallies (village_code, event, entries) "
        "VALUES (NEW.village_code, NEW.event, 1) "
        "ON CONFLICT (village_code, event) DO UPDATE SET entries = entries + 1; "
        "END"
    )
    op.execute(
        "CREATE TRIGGER record_tallies_correction AFTER INSERT ON records "
        "WHEN NEW.supersedes_id IS NOT NULL BEGIN "
        "UPDATE record_tallies SET entries = entries - 1 "
        "WHERE village_code = (SELECT o.village_code FROM records AS o "
        "WHERE o.id = NEW.supersedes_id) "
        "AND event = (SELECT o.event FROM records AS o WHERE o.id = NEW.supersedes_id); "
        "END"
    )
    for verb, rows in (("DELETE", ("OLD",)), ("UPDATE", ("OLD", "NEW"))):
        pairs = " UNION ".join(_SQLITE_TOUCHED.format(row=row) for row in rows)
        op.execute(
            f"CREATE TRIGGER record_tallies_{verb.lower()} AFTER {verb} ON records BEGIN "
            + _SQLITE_RECOUNT.format(pairs=pairs)
            + " END"
        )


def _postgresql_triggers() -> None:
    op.execute(
        "CREATE FUNCTION record_tallies_recount(v varchar, e varchar) RETURNS void "
        "LANGUAGE sql AS $$ "
        "INSERT INTO record_tallies (village_code, event, entries) "
        "SELECT v, e, " + _COUNT.format(v="v", e="e") + " "
        "ON CONFLICT (village_code, event) DO UPDATE SET entries = EXCLUDED.entries $$"
    )
    op.execute(
        "CREATE FUNCTION record_tallies_kept() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        "IF TG_OP = 'INSERT' THEN "
        "INSERT INTO record_tallies (village_code, event, entries) "
        "VALUES (NEW.village_code, NEW.event, 1) "
        "ON CONFLICT (village_code, event) "
        "DO UPDATE SET entries = record_tallies.entries + 1; "
        "IF NEW.supersedes_id IS NOT NULL THEN "
        "UPDATE record_tallies AS t SET entries = t.entries - 1 FROM records AS o "
        "WHERE o.id = NEW.supersedes_id AND t.village_code = o.village_code "
        "AND t.event = o.event; "
        "END IF; "
        "RETURN NULL; "
        "END IF; "
        "PERFORM record_tallies_recount(OLD.village_code, OLD.event); "
        "PERFORM record_tallies_recount(o.village_code, o.event) FROM records AS o "
        "WHERE o.id = OLD.supersedes_id; "
        "IF TG_OP = 'UPDATE' THEN "
        "PERFORM record_tallies_recount(NEW.village_code, NEW.event); "
        "PERFORM record_tallies_recount(o.village_code, o.event) FROM records AS o "
        "WHERE o.id = NEW.supersedes_id; "
        "END IF; "
        "RETURN NULL; "
        "END $$"
    )
    op.execute(
        "CREATE TRIGGER record_tallies_kept AFTER INSERT OR UPDATE OR DELETE ON records "
        "FOR EACH ROW EXECUTE FUNCTION record_tallies_kept()"
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("insert", "correction", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS record_tallies_{verb}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS record_tallies_kept ON records")
        op.execute("DROP FUNCTION IF EXISTS record_tallies_kept()")
        op.execute("DROP FUNCTION IF EXISTS record_tallies_recount(varchar, varchar)")
    op.drop_table("record_tallies")
