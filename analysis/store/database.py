"""One store's connection, shared by the threads of a process: reads, write transactions,
reads of one revision (pinned), and a PostgreSQL connection opened again when the server
dropped it.

SQLAlchemy owns the connections (analysis.store.engine: the pool, each connection's set-up,
the BEGIN of each transaction) and their transactions (`Connection.begin()`: commit, or
rollback on an error). The statements themselves run on the driver connection SQLAlchemy
checked out (`connection.connection.driver_connection`): the pages read the store many
times per run, and a read there costs what sqlite3 or psycopg cost (~4 us on SQLite)
where SQLAlchemy's execution layer adds ~20 us (its `exec_driver_sql`) to ~35 us (a
cached `text()`) to each. Rows read by index, by column name, and as dict(row).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analysis.store.engine import (
    BEGIN_OPTION,
    BEGIN_SNAPSHOT,
    driver_sql,
    faults,
    is_database_url,
    make_engine,
    redact,
)


class Row(tuple):
    """A PostgreSQL row that reads like sqlite3.Row: by index, by name, and dict(row)."""

    def __new__(cls, values: Sequence, names: list[str]):
        row = super().__new__(cls, values)
        row._names = names
        return row

    def keys(self) -> list[str]:
        return self._names

    def __getitem__(self, key):
        if isinstance(key, str):
            return super().__getitem__(self._names.index(key))
        return super().__getitem__(key)


def _pg_row_factory(cursor):
    names = [column.name for column in cursor.description or []]
    return lambda values: Row(values, names)


class Database:
    """The connection of one store (`location`: a SQLite path or a PostgreSQL URL), used
    one statement at a time by a process's threads."""

    def __init__(self, location: str):
        self.where = redact(location) if is_database_url(location) else location
        if not is_database_url(location):
            Path(location).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        with faults(self.where):
            self.engine = make_engine(location)
            self.dialect = self.engine.dialect.name  # "sqlite" or "postgresql"
            self._paramstyle = self.engine.dialect.paramstyle
            self.connection = self.engine.connect()  # SQLAlchemy's, kept for the store's life
            self._driver = self.connection.connection.driver_connection
        self._execute = self._execute_sqlite if self.dialect == "sqlite" else self._execute_pg

    def _execute_sqlite(self, sql: str, params: Sequence):
        return self._driver.execute(driver_sql(sql, self._paramstyle), params)

    def _execute_pg(self, sql: str, params: Sequence):
        cursor = self._driver.cursor(row_factory=_pg_row_factory)
        return cursor.execute(driver_sql(sql, self._paramstyle), tuple(params))

    # -- reads -----------------------------------------------------------------------------

    def rows(self, sql: str, params: Sequence = ()) -> list:
        """The rows of one read: outside a transaction, one statement on its own (a
        PostgreSQL connection lost meanwhile is opened again); inside one, part of it."""
        with self._lock, faults(self.where):
            return self._read(sql, params).fetchall()

    def columns_and_rows(self, sql: str, params: Sequence = ()) -> tuple[list[str], list]:
        """A read's column names and its rows as tuples."""
        with self._lock, faults(self.where):
            cursor = self._read(sql, params)
            return [d[0] for d in cursor.description], [tuple(row) for row in cursor.fetchall()]

    def _read(self, sql: str, params: Sequence):
        try:
            return self._execute(sql, params)
        except Exception as error:
            if not self._lost(error) or self.connection.in_transaction():
                raise
        self._reconnect()
        return self._execute(sql, params)

    # -- writes ------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction (SQLite: BEGIN IMMEDIATE); yields this database, whose
        `execute` runs statements in it. Committed at the end of the block, rolled back
        by an error in it. Nested: part of the outer transaction."""
        with self._lock, faults(self.where):
            if self.connection.in_transaction():
                yield self
                return
            transaction = self._begin()
            try:
                yield self
            except BaseException:
                self._rollback(transaction)
                raise
            transaction.commit()

    def execute(self, sql: str, params: Sequence = ()) -> Any:
        """One statement inside `transaction()`: the driver's cursor (fetchall, fetchone,
        rowcount, description)."""
        return self._execute(sql, params)

    def _begin(self):
        try:
            return self.connection.begin()
        except Exception as error:
            if not self._lost(error):
                raise
        self._reconnect()  # dropped while idle (a server restart): before anything is sent
        return self.connection.begin()

    def _rollback(self, transaction) -> None:
        try:
            transaction.rollback()
        except Exception as error:  # a lost connection has nothing left to roll back
            if not self._lost(error):
                raise

    # -- reads of one revision ---------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        """A database reading through a connection of its own (from the engine's pool)
        inside one read transaction (SQLite in WAL mode: a snapshot; PostgreSQL: REPEATABLE
        READ), whatever is written meanwhile; the connection goes back to the pool after."""
        with faults(self.where):
            connection = self.engine.connect()
        reader = object.__new__(Database)
        reader.__dict__.update(self.__dict__)
        reader._lock, reader.connection = threading.RLock(), connection
        reader._execute = reader._execute_sqlite if self.dialect == "sqlite" else reader._execute_pg
        try:
            with faults(self.where):
                reader._driver = connection.connection.driver_connection
                connection.execution_options(**{BEGIN_OPTION: BEGIN_SNAPSHOT[self.dialect]})
                transaction = connection.begin()
            try:
                yield reader
            finally:
                reader._rollback(transaction)
        finally:
            connection.close()

    # -- plumbing ----------------------------------------------------------------------------

    def _lost(self, error: Exception) -> bool:
        """Whether `error` lost a PostgreSQL connection (the server ended it)."""
        if self.dialect != "postgresql":
            return False
        if getattr(error, "connection_invalidated", False):  # SQLAlchemy saw it
            return True
        return bool(self._driver.broken or self._driver.closed)

    def _reconnect(self) -> None:
        """Open the connection again (SQLAlchemy: invalidate it, then check out a new one)."""
        if not self.connection.invalidated:
            self.connection.invalidate()
        self._driver = self.connection.connection.driver_connection

    def close(self) -> None:
        with self._lock:
            self.connection.close()
            self.engine.dispose()  # the idle pooled connections; those in use close after
