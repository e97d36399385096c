"""The store's schema and its history: Alembic revisions, one per change (versions/), run
by the store when it opens (`upgrade`), under a lock, whoever else opens it at the same time.

Revisions are numbered 0001, 0002, ... (file `NNNN_what.py`, revision id "NNNN"), one
chain; never edit a released revision, add one. Each is written in SQL (`run_script`), once
for both backends or as a {dialect: script} dict where they differ; one whose data must be
filled in does so in its own `upgrade()` (0003: the entity names of older analyses; 0014:
the aggregates from the stored rows). analysis.store.schema declares the tables the chain
builds (SQLAlchemy Core), changed with each new revision; tests/store/test_migrations.py
checks that they agree on both backends.

A new store runs the whole chain (not `create_all` and a stamp at head): a store created
today and one upgraded from the first release have been built by the same statements, so
they cannot drift apart. An existing store that predates Alembic (schema versions 1-14: an
old SQLite file records its version in `PRAGMA user_version`, an old PostgreSQL database
in a `schema_version` table) is stamped at the revision of its version, "%04d" % version,
then upgraded. The lock: SQLite's BEGIN IMMEDIATE (one writer), PostgreSQL's
`pg_advisory_xact_lock`; the revision is read again once it is held, and every revision
runs in that one transaction, so a store is never left half migrated.

A store at head is recognised without loading Alembic (`revision_of`, one read of
`alembic_version`; HEAD comes from the file names), so opening a current store stays
cheap. There is no alembic.ini: `upgrade` runs Alembic through its API, handing env.py
the store's connection (`config.attributes["connection"]`). Downgrades are not kept: a
store goes back by its backup.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.store.database import Database

FOLDER = Path(__file__).resolve().parent
HEAD = max(path.name[:4] for path in (FOLDER / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
LOCK_KEY = 640_417_006  # PostgreSQL advisory lock held while one client migrates a database


def revision_of(db: Database) -> str | None:
    """The store's Alembic revision; None before Alembic (empty, or a store that predates it)."""
    if db.dialect == "sqlite":
        found = db.rows("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'")
    else:
        found = db.rows("SELECT to_regclass('alembic_version')")[0][0] is not None
    if not found:
        return None
    rows = db.rows("SELECT version_num FROM alembic_version")
    return rows[0][0] if rows else None


def legacy_version(db: Database) -> int:
    """The schema version a store from before Alembic recorded (0: none)."""
    if db.dialect == "sqlite":
        return db.rows("PRAGMA user_version")[0][0]
    if db.rows("SELECT to_regclass('schema_version')")[0][0] is None:
        return 0
    return db.rows("SELECT MAX(version) FROM schema_version")[0][0] or 0


def upgrade(db: Database, target: str = "head") -> None:
    """Bring the store to `target` (the head; tests stop earlier), in one transaction,
    whoever else connects."""
    wanted = HEAD if target == "head" else target
    if revision_of(db) == wanted:
        return
    with db.transaction():  # SQLite: BEGIN IMMEDIATE, the one writer until it ends
        if db.dialect == "postgresql":
            db.execute("SELECT pg_advisory_xact_lock(?)", (LOCK_KEY,))
        current = revision_of(db)  # read again under the lock: another client may have
        if current == wanted:  # migrated it meanwhile
            return
        if current is None and (version := legacy_version(db)):
            _alembic(db, "stamp", f"{version:04d}")
        _alembic(db, "upgrade", target)


def _alembic(db: Database, command_name: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.attributes["connection"] = db.connection
    getattr(command, command_name)(config, revision)


# -- what the revisions use ---------------------------------------------------------------


def statements(script: str | dict[str, str], dialect: str = "sqlite") -> list[str]:
    """A script (or its version for `dialect`) split into its statements (no statement
    spans a ';' in a string)."""
    if isinstance(script, dict):
        script = script[dialect]
    parts, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            parts.append(current.strip().rstrip(";").strip())
            current = ""
    if current.strip():
        parts.append(current.strip().rstrip(";").strip())
    return [part for part in parts if part]


class Executor:
    """The store's SQL (`?` placeholders) on the driver connection under a SQLAlchemy
    connection: what a revision's data steps (and analysis.store.aggregates) run on."""

    def __init__(self, connection):
        from analysis.store.engine import driver_sql

        self.dialect = connection.dialect.name
        self._driver = connection.connection.driver_connection
        self._paramstyle = connection.dialect.paramstyle
        self._driver_sql = driver_sql

    def execute(self, sql: str, params=()):
        return self._driver.execute(self._driver_sql(sql, self._paramstyle), tuple(params))


def migration() -> Executor:
    """The connection of the migration running now (inside a revision's `upgrade()`)."""
    from alembic import op

    return Executor(op.get_bind())


# an auto-numbered key column, as each dialect writes it
SERIAL_KEY = {"sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT", "postgresql": "BIGSERIAL PRIMARY KEY"}


def with_serial_key(script: str) -> dict[str, str]:
    """One script for both dialects, `{serial_key}` written as each dialect's SERIAL_KEY."""
    return {dialect: script.replace("{serial_key}", key) for dialect, key in SERIAL_KEY.items()}


def run_script(script: str | dict[str, str]) -> None:
    """Run a revision's SQL script, statement by statement (its dialect's version)."""
    db = migration()
    for statement in statements(script, db.dialect):
        db.execute(statement)
