"""The article store: SQLite in the data folder by default, PostgreSQL for a shared corpus.

SQLite runs in WAL mode with one transaction per write, so a crash or kill in the middle of
an upload leaves the file consistent. With `DATABASE_URL=postgresql://...` the same store
lives on a PostgreSQL server that a team shares (driver: psycopg 3).

Articles are keyed by a stable id derived from their normalised text; each analysis is
kept as JSON tagged with the pipeline version that produced it, so a newer pipeline
recomputes it. Opening a store brings its schema to the head Alembic revision
(analysis.store.migrations).

`Store` is the one object the rest of the code holds: the plumbing here (the connection,
the revision every cached read is keyed on, reads of one revision, free SQL for the corpus
queries) and the repositories it is made of: articles, rows, corrections, locks, kept
views. Its SQL is written once, for both backends (`?` placeholders, `INSERT ... ON
CONFLICT`, `RETURNING`); analysis.store.engine adapts the placeholders to the driver.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analysis.store import migrations
from analysis.store.articles import Articles
from analysis.store.corrections import Corrections
from analysis.store.database import Database
from analysis.store.engine import default_location, is_database_url, redact
from analysis.store.kept_views import KeptViews
from analysis.store.locks import Locks
from analysis.store.rows import Rows


class Store(Articles, Rows, Corrections, Locks, KeptViews):
    """All reads and writes of articles and their analyses.

    `location` is a SQLite file path or a `postgresql://` URL; by default DATABASE_URL
    when it is set, else `articles.sqlite` in the data folder.
    """

    def __init__(self, path: str | Path | None = None):
        location = str(path) if path is not None else default_location()
        self.closed = False
        self._pinned_from: Store | None = None  # set on the copies `pinned` yields
        if is_database_url(location):
            self.dialect = "postgresql"
            self.url = location
            self.path = redact(location)
        else:
            self.dialect = "sqlite"
            self.url = ""
            self.path = Path(location)
        self._db = Database(location)
        try:
            migrations.upgrade(self._db)
        except BaseException:
            self._db.close()
            raise

    @property
    def engine(self):
        """The SQLAlchemy engine of the store (its pool of connections)."""
        return self._db.engine

    @property
    def schema_revision(self) -> str | None:
        """The Alembic revision of the store's schema (analysis.store.migrations.HEAD)."""
        return migrations.revision_of(self._db)

    # -- reads of one revision -----------------------------------------------------------

    @contextmanager
    def pinned(self) -> Iterator[Store]:
        """This store as it is now, whatever is written meanwhile: a copy reading through a
        connection of its own inside one read transaction (SQLite in WAL mode: a snapshot;
        PostgreSQL: REPEATABLE READ), so that all it reads is of one revision, however long
        the reading takes. Writes through the copy (a corpus view kept) go through this
        store's connection, and views kept since are looked up there too."""
        with self._db.snapshot() as reader:
            copy = object.__new__(Store)
            copy.__dict__.update(self.__dict__)
            copy._db, copy._pinned_from = reader, self
            try:
                copy.revision()  # the snapshot is taken at the transaction's first read
                yield copy
            finally:
                copy.closed = True

    # -- free SQL (the corpus queries of analysis.corpus, the jobs of analysis.ingest) -------

    def query(self, sql: str, params: Sequence = ()) -> list:
        """Rows of a read (SQL with ? placeholders; runs on both backends). Rows read by
        index, by column name, and as dict(row)."""
        return self._db.rows(sql, params)

    def frame(self, sql: str, params: Sequence = (), columns: list[str] | None = None):
        """A read as a DataFrame (columns named by the SELECT, or `columns`): what the corpus
        views aggregate in SQL come back this way, small."""
        names, rows = self._db.columns_and_rows(sql, params)
        import pandas as pd

        return pd.DataFrame(rows, columns=columns or names)

    def write(self, sql: str, params: Sequence = (), bump: bool = True) -> list:
        """One write statement in its own transaction; returns the rows of a RETURNING
        clause (e.g. `INSERT ... RETURNING correction_id`), else []. It bumps the revision
        (what every cached read is keyed on) unless `bump` is False: bookkeeping that no
        page's content reads (the analysis queue)."""
        with self._transaction() as db:
            cursor = db.execute(sql, params)
            rows = cursor.fetchall() if cursor.description else []
            if bump:
                self._bump(db)
        return rows

    def write_many(self, sql: str, rows: Sequence[Sequence], bump: bool = True) -> None:
        """One write statement for each of `rows`, all in one transaction."""
        with self._transaction() as db:
            for params in rows:
                db.execute(sql, params)
            if bump:
                self._bump(db)

    def revision(self) -> int:
        """A number that changes with every write: the cache key of everything read."""
        return self._db.rows("SELECT value FROM revision")[0][0]

    def close(self) -> None:
        self.closed = True
        if self._pinned_from is None:
            self._db.close()

    # -- plumbing for the repositories ---------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """A write transaction (SQLite: BEGIN IMMEDIATE); a pinned copy writes through its
        store."""
        if self._pinned_from is not None:
            with self._pinned_from._transaction() as db:
                yield db
            return
        with self._db.transaction() as db:
            yield db

    def _rows(self, sql: str, params: Sequence = ()) -> list:
        return self._db.rows(sql, params)

    def _bump(self, db) -> None:
        db.execute("UPDATE revision SET value = value + 1")
