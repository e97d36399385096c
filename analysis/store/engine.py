"""Where the store lives and how it is reached: its location (a SQLite file, or a
PostgreSQL URL), the SQLAlchemy engine for it, the faults that make it unusable now
(StoreError), and the one place where the store's SQL meets a driver's paramstyle.

The engine (SQLAlchemy `create_engine`) owns the connections: a pool of them per store,
each set up when it is opened (SQLite: WAL, synchronous writes, foreign keys). The
driver's own transaction handling is switched off (sqlite3 `isolation_level=None`,
psycopg `autocommit`), and SQLAlchemy's `begin` event sends the BEGIN each transaction
needs (SQLAlchemy's recipe for pysqlite), so that:
  - a read outside a transaction holds no transaction after it (SQLite would otherwise
    keep a snapshot open on the connection that writes);
  - each write transaction on SQLite is BEGIN IMMEDIATE (it takes the write lock at once,
    waiting for another writer up to the busy timeout, instead of failing with "database is
    locked" when it reads first and writes after another connection's commit);
  - a pinned read is one snapshot (SQLite: BEGIN; PostgreSQL: REPEATABLE READ, READ ONLY).

The store's SQL is written once with `?` placeholders (the SQLite driver's paramstyle) and
runs on the connections' drivers directly (see analysis.store.database: SQLAlchemy's
execution layer costs ~20 us a statement, the driver ~4); `driver_sql` adapts it to the
paramstyle of the engine's dialect (psycopg: `%s`), once per statement text.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

DATA_DIR_ENV = "NEWSDASH_DATA_DIR"
DATABASE_URL_ENV = "DATABASE_URL"
DEFAULT_DATA_DIR = "data"
DB_FILE = "articles.sqlite"
MAX_IDLE_READERS = 8  # connections kept open for the next pinned reads
SQLITE_BUSY_TIMEOUT = 30  # seconds a SQLite statement waits for another writer
# execution option naming the statement that begins a transaction on a connection
BEGIN_OPTION = "newsdash_begin"
BEGIN_WRITE = {"sqlite": "BEGIN IMMEDIATE", "postgresql": "BEGIN"}
BEGIN_SNAPSHOT = {
    "sqlite": "BEGIN",
    "postgresql": "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
}
# SQLite result codes (primary, the low byte) of a store that cannot be used now, as
# opposed to a wrong statement: busy/locked, out of memory, read-only, I/O error, corrupt,
# full, cannot open
_SQLITE_FAULTS = {5: "busy", 6: "locked", 7: "out of memory", 8: "read-only", 10: "I/O error",
                  11: "corrupt", 13: "full", 14: "cannot be opened"}  # fmt: skip


class StoreError(RuntimeError):
    """The store cannot be read or written now (disk full, database unreachable, ...): not a
    fault of the data being stored. The message says what and where; nothing was half
    written (the transaction was rolled back)."""


# -- locations ---------------------------------------------------------------------------


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


def default_location() -> str:
    """Where the store lives: DATABASE_URL when set, else the SQLite file in the data folder."""
    return os.environ.get(DATABASE_URL_ENV) or str(data_dir() / DB_FILE)


def is_database_url(location: str | Path) -> bool:
    return str(location).startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """A database URL without its password, for display."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def sqlalchemy_url(location: str) -> str:
    """The SQLAlchemy URL of a location: `postgresql+psycopg://...` (psycopg 3) for a
    PostgreSQL URL, `sqlite:///path` for a file."""
    if is_database_url(location):
        return "postgresql+psycopg://" + location.split("://", 1)[1]
    return f"sqlite:///{location}"


# -- the engine --------------------------------------------------------------------------


def make_engine(location: str) -> Engine:
    """The engine of the store at `location`: a pool of connections set up as the module's
    docstring says (one kept per store, up to MAX_IDLE_READERS more for pinned reads)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    postgresql = is_database_url(location)
    connect_args = (
        {"connect_timeout": 10}
        if postgresql
        else {"timeout": SQLITE_BUSY_TIMEOUT, "check_same_thread": False}
    )
    engine = create_engine(
        sqlalchemy_url(location),
        poolclass=QueuePool,
        pool_size=1 + MAX_IDLE_READERS,
        max_overflow=-1,  # pinned reads are never kept waiting for a connection
        pool_pre_ping=postgresql,  # a pooled connection the server dropped is replaced
        connect_args=connect_args,
    )
    dialect = engine.dialect.name

    @event.listens_for(engine, "connect")
    def _set_up(dbapi_connection, _record) -> None:
        if postgresql:
            dbapi_connection.autocommit = True
            return
        dbapi_connection.isolation_level = None  # no implicit BEGIN: see `_begin`
        dbapi_connection.row_factory = sqlite3.Row
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=FULL")
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        begin = connection.get_execution_options().get(BEGIN_OPTION, BEGIN_WRITE[dialect])
        connection.connection.driver_connection.execute(begin)

    return engine


# -- SQL ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def driver_sql(sql: str, paramstyle: str) -> str:
    """The store's SQL (`?` placeholders) in a driver's paramstyle: as it is for "qmark"
    (sqlite3), with `%s` for "format"/"pyformat" (psycopg; a literal % doubled)."""
    if paramstyle == "qmark":
        return sql
    return sql.replace("%", "%%").replace("?", "%s")


def marks(values: Sequence) -> str:
    """Placeholders for an IN list of `values`."""
    return ", ".join("?" for _ in values)


def contains_pattern(words: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for text containing `words` in lower case, LIKE's
    own wildcards searched as themselves."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", words.lower()) + "%"


# -- faults ------------------------------------------------------------------------------


@contextmanager
def faults(where: str) -> Iterator[None]:
    """Raise StoreError for a store that cannot be used now (disk full, server gone);
    let every other error (a wrong statement: a bug) through as it is. `where`: the
    store's path or redacted URL, for the message."""
    try:
        yield
    except Exception as error:
        fault = store_fault(error, where)
        if fault is None:
            raise
        raise fault from error


def store_fault(error: BaseException, where: str) -> StoreError | None:
    """The StoreError that `error` (a driver's, or SQLAlchemy's wrapping one) means, if any."""
    original = getattr(error, "orig", None) or error  # sqlalchemy.exc.DBAPIError wraps it
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", 0) & 0xFF
        if code not in _SQLITE_FAULTS:
            return None
        return StoreError(
            f"the store at {where} cannot be written or read: the database is "
            f"{_SQLITE_FAULTS[code]} ({original}); nothing was half-written"
            + (": free some disk space" if code == 13 else "")
        )
    if type(original).__module__.split(".")[0] != "psycopg":
        return None
    import psycopg

    if not isinstance(original, psycopg.OperationalError):
        return None
    return StoreError(
        f"the PostgreSQL store at {where} is unreachable or failed ({original}); "
        "nothing was half-written: try again"
    )
