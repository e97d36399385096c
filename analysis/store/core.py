"""The article store: SQLite in the data folder by default, PostgreSQL for a shared corpus.

SQLite runs in WAL mode with one transaction per write, so a crash or kill in the middle of
an upload leaves the file consistent. With `DATABASE_URL=postgresql://...` the same store
lives on a PostgreSQL server that a team shares (driver: psycopg 3).

Articles are keyed by a stable id derived from their normalised text; each analysis is
kept as JSON tagged with the pipeline version that produced it, so a newer pipeline
recomputes it. The schema is versioned (SQLite: PRAGMA user_version; PostgreSQL: the
`schema_version` table) and upgraded in place by MIGRATIONS.

SQL in this module is written once, for SQLite, and runs on PostgreSQL through a tiny
translation (`portable_sql`): `?` placeholders become `%s` and the few SQLite-only words
of the migrations get their PostgreSQL spelling. Both dialects share `INSERT ... ON
CONFLICT` and `RETURNING`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from analysis.output.tables import ROW_TABLES, STORED_COLUMNS
from analysis.records import Analysis, Article
from analysis.store import aggregates, search_index

if TYPE_CHECKING:  # imported by the reads that return DataFrames: listings start without it
    import pandas as pd

DATA_DIR_ENV = "NEWSDASH_DATA_DIR"
DATABASE_URL_ENV = "DATABASE_URL"
DEFAULT_DATA_DIR = "data"
DB_FILE = "articles.sqlite"
MAX_IDLE_READERS = 8  # connections kept open for the next pinned reads

# a migration that creates the aggregate tables starts with this line: they are then filled
# from the stored rows (analysis.store.aggregates.rebuild), whatever the migration's number
AGGREGATES_MARK = "-- then fill the aggregates (analysis.store.aggregates.rebuild)"
# Each entry upgrades the schema by one version; never edit a released entry, append one.
# Written in SQLite's dialect; `portable_sql` translates them for PostgreSQL. An entry that
# cannot be written once for both is a {dialect: script} dict.
MIGRATIONS: list[str | dict[str, str]] = [
    """
    CREATE TABLE articles (
        article_id TEXT PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        published TEXT,
        text TEXT NOT NULL,
        file TEXT NOT NULL DEFAULT '',
        added TEXT NOT NULL
    );
    CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
        pipeline_version TEXT NOT NULL,
        payload TEXT NOT NULL,
        words INTEGER NOT NULL DEFAULT 0,
        entities INTEGER NOT NULL DEFAULT 0,
        quotes INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
    INSERT INTO revision VALUES (1, 0);
    CREATE INDEX articles_published ON articles(published);
    """,
    # the analyst's corrections of entities (issue 3): applied on top of every analysis
    """
    CREATE TABLE corrections (
        correction_id INTEGER PRIMARY KEY AUTOINCREMENT,
        action TEXT NOT NULL,
        payload TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    """,
    # the library (issue 6): the article's author from its metadata, and the entity names
    # of its analysis for search (filled in for older analyses by `_backfill_entity_names`)
    """
    ALTER TABLE articles ADD COLUMN author TEXT NOT NULL DEFAULT '';
    ALTER TABLE analyses ADD COLUMN entity_names TEXT NOT NULL DEFAULT '';
    """,
    # scale (issue 8): each article's rows of the per-article tables, with the analyst's
    # corrections applied, so corpus views read and aggregate rows with indexes instead of
    # parsing every analysis; `rows_ready` says an article's rows match its analysis
    """
    ALTER TABLE analyses ADD COLUMN rows_ready INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE rows_entities (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "entity_id" TEXT NOT NULL DEFAULT '',
        "name" TEXT NOT NULL DEFAULT '',
        "type" TEXT NOT NULL DEFAULT '',
        "mentions" INTEGER NOT NULL DEFAULT 0,
        "aliases" TEXT NOT NULL DEFAULT '',
        "linked_country" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_entities_article ON rows_entities(article_id, seq);
    CREATE INDEX rows_entities_entity ON rows_entities(entity_id);
    CREATE TABLE rows_mentions (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "entity_id" TEXT NOT NULL DEFAULT '',
        "name" TEXT NOT NULL DEFAULT '',
        "type" TEXT NOT NULL DEFAULT '',
        "text" TEXT NOT NULL DEFAULT '',
        "start" INTEGER NOT NULL DEFAULT 0,
        "end" INTEGER NOT NULL DEFAULT 0,
        "sentence" INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX rows_mentions_article ON rows_mentions(article_id, seq);
    CREATE INDEX rows_mentions_entity ON rows_mentions(entity_id);
    CREATE INDEX rows_mentions_text ON rows_mentions("text");
    CREATE TABLE rows_dates (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "text" TEXT NOT NULL DEFAULT '',
        "start" INTEGER NOT NULL DEFAULT 0,
        "end" INTEGER NOT NULL DEFAULT 0,
        "type" TEXT NOT NULL DEFAULT '',
        "value" TEXT NOT NULL DEFAULT '',
        "precision" TEXT NOT NULL DEFAULT '',
        "sentence" INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX rows_dates_article ON rows_dates(article_id, seq);
    CREATE TABLE rows_events (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "event_id" TEXT NOT NULL DEFAULT '',
        "date" TEXT NOT NULL DEFAULT '',
        "date_end" TEXT NOT NULL DEFAULT '',
        "precision" TEXT NOT NULL DEFAULT '',
        "description" TEXT NOT NULL DEFAULT '',
        "actors" TEXT NOT NULL DEFAULT '',
        "evidence" TEXT NOT NULL DEFAULT '',
        "start" INTEGER NOT NULL DEFAULT 0,
        "end" INTEGER NOT NULL DEFAULT 0,
        "date_text" TEXT NOT NULL DEFAULT '',
        "actor_ids" TEXT NOT NULL DEFAULT '',
        "actor_types" TEXT NOT NULL DEFAULT '',
        "evidence_json" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_events_article ON rows_events(article_id, seq);
    CREATE TABLE rows_quotes (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "quote_id" TEXT NOT NULL DEFAULT '',
        "speaker" TEXT NOT NULL DEFAULT '',
        "speaker_entity_id" TEXT NOT NULL DEFAULT '',
        "speaker_type" TEXT NOT NULL DEFAULT '',
        "cue" TEXT NOT NULL DEFAULT '',
        "quote" TEXT NOT NULL DEFAULT '',
        "kind" TEXT NOT NULL DEFAULT '',
        "start" INTEGER NOT NULL DEFAULT 0,
        "end" INTEGER NOT NULL DEFAULT 0,
        "sentence" INTEGER NOT NULL DEFAULT 0,
        "via" TEXT NOT NULL DEFAULT '',
        "mentioned_ids" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_quotes_article ON rows_quotes(article_id, seq);
    CREATE INDEX articles_order ON articles(added, article_id);
    """,
    # scale (issue 8): rows the corpus views aggregate in SQL, so no page holds the corpus's
    # rows in memory: each event's days and actors, and the who-mentions-whom network per
    # article under both groupings (countries 0/1). Every article's rows are rewritten.
    """
    ALTER TABLE rows_events ADD COLUMN "first_day" TEXT NOT NULL DEFAULT '';
    ALTER TABLE rows_events ADD COLUMN "last_day" TEXT NOT NULL DEFAULT '';
    CREATE INDEX rows_events_day ON rows_events(first_day);
    CREATE TABLE rows_actors (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "event_id" TEXT NOT NULL DEFAULT '',
        "entity_id" TEXT NOT NULL DEFAULT '',
        "name" TEXT NOT NULL DEFAULT '',
        "type" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_actors_article ON rows_actors(article_id, seq);
    CREATE INDEX rows_actors_event ON rows_actors(article_id, event_id);
    CREATE INDEX rows_actors_name ON rows_actors("name");
    CREATE TABLE rows_speakers (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "countries" INTEGER NOT NULL DEFAULT 0,
        "quote_id" TEXT NOT NULL DEFAULT '',
        "speaker" TEXT NOT NULL DEFAULT '',
        "speaker_name" TEXT NOT NULL DEFAULT '',
        "speaker_type" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_speakers_article ON rows_speakers(article_id, seq);
    CREATE INDEX rows_speakers_speaker ON rows_speakers(countries, speaker);
    CREATE TABLE rows_links (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "countries" INTEGER NOT NULL DEFAULT 0,
        "quote_id" TEXT NOT NULL DEFAULT '',
        "source" TEXT NOT NULL DEFAULT '',
        "source_name" TEXT NOT NULL DEFAULT '',
        "source_type" TEXT NOT NULL DEFAULT '',
        "target" TEXT NOT NULL DEFAULT '',
        "target_name" TEXT NOT NULL DEFAULT '',
        "target_type" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_links_article ON rows_links(article_id, seq);
    CREATE INDEX rows_links_edge ON rows_links(countries, source, target);
    CREATE INDEX rows_links_target ON rows_links(countries, target);
    CREATE TABLE rows_pairs (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "countries" INTEGER NOT NULL DEFAULT 0,
        "a" TEXT NOT NULL DEFAULT '',
        "a_name" TEXT NOT NULL DEFAULT '',
        "a_type" TEXT NOT NULL DEFAULT '',
        "b" TEXT NOT NULL DEFAULT '',
        "b_name" TEXT NOT NULL DEFAULT '',
        "b_type" TEXT NOT NULL DEFAULT '',
        "sentences" INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX rows_pairs_article ON rows_pairs(article_id, seq);
    CREATE INDEX rows_pairs_pair ON rows_pairs(countries, a, b);
    UPDATE analyses SET rows_ready = 0;
    """,
    # speed (issue 8): covering indexes, so the corpus views' GROUP BYs read an index in
    # order instead of sorting the table (a first view after a change: 1.0 s -> 0.15 s for
    # the entity list at 10,000 articles)
    """
    CREATE INDEX rows_entities_forms
        ON rows_entities(entity_id, "name", "type", linked_country, mentions);
    CREATE INDEX rows_entities_kinds
        ON rows_entities("type", linked_country, "name", mentions, article_id);
    CREATE INDEX rows_mentions_alias ON rows_mentions(entity_id, "text");
    CREATE INDEX rows_events_last_day ON rows_events(last_day);
    CREATE INDEX rows_actors_type ON rows_actors("type", article_id, event_id);
    DROP INDEX rows_links_edge;
    CREATE INDEX rows_links_cover
        ON rows_links(countries, "source", "target", article_id, seq, quote_id);
    DROP INDEX rows_pairs_pair;
    CREATE INDEX rows_pairs_cover
        ON rows_pairs(countries, a, b, sentences, article_id, a_type, b_type);
    """,
    # speed (issue 8): listings (the Library, the Reader's list, the app's start) read the
    # articles' metadata and the analyses' state from covering indexes: a row of these
    # tables also holds a whole text or analysis, which a listing must not read
    """
    DROP INDEX articles_order;
    CREATE INDEX articles_listing
        ON articles(added, article_id, title, source, url, published, file, author);
    CREATE INDEX analyses_listing ON analyses(article_id, pipeline_version, rows_ready, words);
    """,
    # speed (issue 8): corpus views computed once per revision and kept (analysis.store.views),
    # so a page's first run after a restart, or on another replica, reads a few rows
    """
    CREATE TABLE corpus_views (
        name TEXT NOT NULL,
        params TEXT NOT NULL,
        code TEXT NOT NULL,
        revision INTEGER NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (name, params, code)
    );
    """,
    # reliability (issue 16): uploads and re-analyses queued for the analysis worker (a
    # process of its own: analysis never runs in a page), and the articles whose analysis
    # failed, with the reason the Library shows and when to try again
    """
    CREATE TABLE jobs (
        job_id INTEGER PRIMARY KEY AUTOINCREMENT,
        batch TEXT NOT NULL,
        kind TEXT NOT NULL,
        article_id TEXT NOT NULL DEFAULT '',
        file TEXT NOT NULL DEFAULT '',
        document TEXT NOT NULL DEFAULT '',
        queued_by TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'queued',
        outcome TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '',
        warnings TEXT NOT NULL DEFAULT '[]',
        attempts INTEGER NOT NULL DEFAULT 0,
        worker TEXT NOT NULL DEFAULT '',
        heartbeat DOUBLE PRECISION NOT NULL DEFAULT 0,
        progress DOUBLE PRECISION NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        finished TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX jobs_state ON jobs(state, job_id);
    CREATE INDEX jobs_batch ON jobs(batch, job_id);
    CREATE TABLE failures (
        article_id TEXT PRIMARY KEY REFERENCES articles(article_id) ON DELETE CASCADE,
        pipeline_version TEXT NOT NULL,
        reason TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        failed TEXT NOT NULL,
        retry_after DOUBLE PRECISION NOT NULL DEFAULT 0
    );
    """,
    # events an analyst can read (issue 14): whether an event is shown on the Timeline (a
    # who-did-what description) and, when not, why; every article's rows are rewritten
    """
    ALTER TABLE rows_events ADD COLUMN "timeline" TEXT NOT NULL DEFAULT 'yes';
    ALTER TABLE rows_events ADD COLUMN "reason" TEXT NOT NULL DEFAULT '';
    UPDATE analyses SET rows_ready = 0;
    """,
    # issues 13 and 15: the kind of each quote (analysis.quote_kinds) beside the network's
    # rows, so that its counts leave stances out (or take them in) over a covering index;
    # filled from the quotes' own rows, no article is rewritten
    """
    ALTER TABLE rows_speakers ADD COLUMN "kind" TEXT NOT NULL DEFAULT '';
    ALTER TABLE rows_links ADD COLUMN "kind" TEXT NOT NULL DEFAULT '';
    UPDATE rows_speakers SET "kind" = COALESCE((SELECT q."kind" FROM rows_quotes q
        WHERE q.article_id = rows_speakers.article_id AND q.quote_id = rows_speakers.quote_id),
        '');
    UPDATE rows_links SET "kind" = COALESCE((SELECT q."kind" FROM rows_quotes q
        WHERE q.article_id = rows_links.article_id AND q.quote_id = rows_links.quote_id), '');
    DROP INDEX rows_speakers_speaker;
    CREATE INDEX rows_speakers_speaker ON rows_speakers(countries, speaker, "kind");
    DROP INDEX rows_links_cover;
    CREATE INDEX rows_links_cover
        ON rows_links(countries, "source", "target", "kind", article_id, seq, quote_id);
    """,
    # full-text search (issue 18): FTS5 on SQLite, a tsvector column with a GIN index on
    # PostgreSQL, built here for the articles stored; see analysis.corpus.search
    search_index.INDEX_MIGRATION,
    # one refresher at a time (issue 19): the holder of a store-wide lock on SQLite (on
    # PostgreSQL an advisory lock serves, released by the server when its session ends)
    """
    CREATE TABLE locks (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires DOUBLE PRECISION NOT NULL
    );
    """,
    # corpus aggregates (issue 19): sums per key, changed by each article's share with its
    # rows (analysis.store.aggregates), so the views read a few rows instead of the corpus's;
    # filled from the stored rows when created (AGGREGATES_MARK); and the index the
    # Overview's latest events are read along
    f"""{AGGREGATES_MARK}
    CREATE TABLE agg_entity_forms (
        entity_id TEXT NOT NULL, "name" TEXT NOT NULL, "type" TEXT NOT NULL,
        linked_country TEXT NOT NULL, articles INTEGER NOT NULL, mentions INTEGER NOT NULL,
        PRIMARY KEY (entity_id, "name", "type", linked_country)
    );
    CREATE TABLE agg_aliases (
        entity_id TEXT NOT NULL, "text" TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (entity_id, "text")
    );
    CREATE TABLE agg_entity_names (
        by_country INTEGER NOT NULL, "name" TEXT NOT NULL, "type" TEXT NOT NULL,
        articles INTEGER NOT NULL, mentions INTEGER NOT NULL,
        PRIMARY KEY (by_country, "name", "type")
    );
    CREATE INDEX agg_entity_names_top ON agg_entity_names(by_country, "type", mentions);
    CREATE TABLE agg_entity_days (
        by_country INTEGER NOT NULL, "name" TEXT NOT NULL, published TEXT NOT NULL,
        articles INTEGER NOT NULL, mentions INTEGER NOT NULL,
        PRIMARY KEY (by_country, "name", published)
    );
    CREATE TABLE agg_articles (
        source TEXT NOT NULL, published TEXT NOT NULL, articles INTEGER NOT NULL,
        PRIMARY KEY (source, published)
    );
    CREATE TABLE agg_counts ("name" TEXT PRIMARY KEY, n INTEGER NOT NULL);
    CREATE TABLE agg_speakers (
        countries INTEGER NOT NULL, speaker TEXT NOT NULL, quotes INTEGER NOT NULL,
        naming INTEGER NOT NULL, PRIMARY KEY (countries, speaker)
    );
    CREATE TABLE agg_links (
        countries INTEGER NOT NULL, "source" TEXT NOT NULL, "target" TEXT NOT NULL,
        "count" INTEGER NOT NULL, articles INTEGER NOT NULL,
        PRIMARY KEY (countries, "source", "target")
    );
    CREATE TABLE agg_first_links (
        countries INTEGER NOT NULL, "source" TEXT NOT NULL, "target" TEXT NOT NULL,
        added TEXT NOT NULL, article_id TEXT NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (countries, "source", "target")
    );
    CREATE INDEX agg_first_links_article ON agg_first_links(article_id);
    CREATE TABLE agg_pairs (
        countries INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL,
        articles INTEGER NOT NULL, sentences INTEGER NOT NULL, PRIMARY KEY (countries, a, b)
    );
    CREATE INDEX agg_pairs_top ON agg_pairs(countries, sentences);
    CREATE TABLE agg_actors (
        "name" TEXT NOT NULL, "type" TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY ("name", "type")
    );
    CREATE INDEX rows_events_latest ON rows_events("date");
    -- the keys whose count fell to 0, deleted after each change (normally none)
    CREATE INDEX agg_entity_forms_spent ON agg_entity_forms(articles) WHERE articles <= 0;
    CREATE INDEX agg_aliases_spent ON agg_aliases(n) WHERE n <= 0;
    CREATE INDEX agg_entity_names_spent ON agg_entity_names(articles) WHERE articles <= 0;
    CREATE INDEX agg_entity_days_spent ON agg_entity_days(articles) WHERE articles <= 0;
    CREATE INDEX agg_articles_spent ON agg_articles(articles) WHERE articles <= 0;
    CREATE INDEX agg_counts_spent ON agg_counts(n) WHERE n <= 0;
    CREATE INDEX agg_speakers_spent ON agg_speakers(quotes) WHERE quotes <= 0;
    CREATE INDEX agg_links_spent ON agg_links("count") WHERE "count" <= 0;
    CREATE INDEX agg_pairs_spent ON agg_pairs(articles) WHERE articles <= 0;
    CREATE INDEX agg_actors_spent ON agg_actors(n) WHERE n <= 0;
    """,
]

# SQLite words of the migrations -> PostgreSQL
_PG_WORDS = [
    (re.compile(r"\bINTEGER PRIMARY KEY AUTOINCREMENT\b", re.I), "BIGSERIAL PRIMARY KEY"),
]
# an Article's columns (not the search index's: PostgreSQL would send its tsvector along)
ARTICLE_COLUMNS = ", ".join(Article.field_names())
# metadata columns of `articles` an analyst may edit
EDITABLE = ("title", "source", "url", "published", "author")
_PG_LOCK_KEY = 640_417_006  # advisory lock held while one client migrates a shared database
LOCK_LEASE = 300.0  # seconds a SQLite lock row holds when its holder cannot be checked
# SQLite result codes (primary, the low byte) of a store that cannot be used now, as
# opposed to a wrong statement: busy/locked, out of memory, read-only, I/O error, corrupt,
# full, cannot open
_SQLITE_FAULTS = {5: "busy", 6: "locked", 7: "out of memory", 8: "read-only", 10: "I/O error",
                  11: "corrupt", 13: "full", 14: "cannot be opened"}  # fmt: skip


class StoreError(RuntimeError):
    """The store cannot be read or written now (disk full, database unreachable, ...): not a
    fault of the data being stored. The message says what and where; nothing was half
    written (the transaction was rolled back)."""


def portable_sql(sql: str, dialect: str) -> str:
    """SQL written for SQLite, in `dialect` ("sqlite" or "postgresql")."""
    if dialect == "sqlite":
        return sql
    for pattern, replacement in _PG_WORDS:
        sql = pattern.sub(replacement, sql)
    return sql.replace("%", "%%").replace("?", "%s")


def statements(script: str | dict[str, str], dialect: str = "sqlite") -> list[str]:
    """A migration script (or its version for `dialect`) split into its statements (no
    statement spans a ';' in a string)."""
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


def marks(values: Sequence) -> str:
    """Placeholders for an IN list of `values`."""
    return ", ".join("?" for _ in values)


def contains_pattern(words: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') for text containing `words` in lower case, LIKE's
    own wildcards searched as themselves."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", words.lower()) + "%"


# each article's number of rows per table: the counts of listings and of articles.csv
ROW_COUNTS = ", ".join(
    f"(SELECT COUNT(*) FROM rows_{name} r WHERE r.article_id = a.article_id) AS {name}"
    for name in ("entities", "quotes", "events")
)


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


class _PgConnection:
    """The few sqlite3.Connection methods this module uses, on a psycopg connection. A
    connection the server dropped (a restart) is opened again before a read, or before a
    transaction starts; one lost inside a transaction fails it (nothing is committed)."""

    dialect = "postgresql"

    def __init__(self, url: str):
        self.url = url
        self._transactions: list = []
        self.raw = self._connect()

    def _connect(self):
        import psycopg

        return psycopg.connect(
            self.url, autocommit=True, row_factory=_pg_row_factory, connect_timeout=10
        )

    def _reconnect_if_lost(self, error: Exception) -> None:
        """Connect again when `error` lost the connection; else raise it."""
        if not (self.raw.broken or self.raw.closed):
            raise error
        try:
            self.raw.close()
        finally:
            self.raw = self._connect()

    def execute(self, sql: str, params: Sequence = ()):
        import psycopg

        statement = portable_sql(sql, "postgresql")
        if self._transactions:
            return self.raw.execute(statement, tuple(params))
        try:
            return self.raw.execute(statement, tuple(params))
        except psycopg.OperationalError as error:
            self._reconnect_if_lost(error)
            return self.raw.execute(statement, tuple(params))

    @property
    def in_transaction(self) -> bool:
        return bool(self._transactions)

    def begin(self) -> None:
        import psycopg

        try:
            transaction = self.raw.transaction()
            transaction.__enter__()
        except psycopg.OperationalError as error:
            self._reconnect_if_lost(error)
            transaction = self.raw.transaction()
            transaction.__enter__()
        self._transactions.append(transaction)

    def commit(self) -> None:
        self._transactions.pop().__exit__(None, None, None)

    def rollback(self) -> None:
        if self._transactions:
            error = RuntimeError("rolled back")
            transaction = self._transactions.pop()
            try:
                transaction.__exit__(type(error), error, None)
            except Exception:
                if not self.raw.broken:  # a lost connection has nothing left to roll back
                    raise

    def close(self) -> None:
        self.raw.close()


class Store:
    """All reads and writes of articles and their analyses.

    `location` is a SQLite file path or a `postgresql://` URL; by default DATABASE_URL
    when it is set, else `articles.sqlite` in the data folder.
    """

    def __init__(self, path: str | Path | None = None):
        location = str(path) if path is not None else default_location()
        # one connection shared by the app's sessions (threads): one statement at a time
        self._lock = threading.RLock()
        self.closed = False
        self._pinned_from: Store | None = None  # set on the copies `pinned` yields
        self._idle_readers: list = []  # connections of pinned copies, for the next one
        if is_database_url(location):
            self.dialect = "postgresql"
            self.url = location
            self.path = redact(location)
        else:
            self.dialect = "sqlite"
            self.url = ""
            self.path = Path(location)
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._faults():
            self._connection = self._connect()
        if self.dialect == "sqlite":
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=FULL")
            self._connection.execute("PRAGMA foreign_keys=ON")
        with self._faults():
            self.migrate()

    def _connect(self):
        if self.dialect == "postgresql":
            return _PgConnection(self.url)
        # autocommit mode: every write below opens its own explicit transaction
        connection = sqlite3.connect(
            self.path, check_same_thread=False, timeout=30, isolation_level=None
        )
        connection.row_factory = sqlite3.Row
        return connection

    # -- reads of one revision -----------------------------------------------------------

    @contextmanager
    def pinned(self) -> Iterator[Store]:
        """This store as it is now, whatever is written meanwhile: a copy reading through a
        connection of its own inside one read transaction (SQLite in WAL mode: a snapshot;
        PostgreSQL: REPEATABLE READ), so that all it reads is of one revision, however long
        the reading takes. Writes through the copy (a corpus view kept) go through this
        store's connection, and views kept since are looked up there too."""
        with self._lock:
            connection = self._idle_readers.pop() if self._idle_readers else None
        connection = connection or self._connect()
        copy = object.__new__(Store)
        copy.__dict__.update(self.__dict__)
        copy._lock, copy._connection, copy._pinned_from = threading.RLock(), connection, self
        copy._idle_readers = []
        try:
            if self.dialect == "sqlite":
                connection.execute("BEGIN")
            else:
                connection.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            copy.revision()  # the snapshot is taken at the transaction's first read
            yield copy
        finally:
            copy.closed = True
            self._release_reader(connection)

    def _release_reader(self, connection) -> None:
        try:
            if self.dialect == "sqlite":
                connection.execute("ROLLBACK")
            else:
                connection.raw.execute("ROLLBACK")
        except Exception:  # noqa: BLE001 - a broken connection is not reused
            connection.close()
            return
        with self._lock:
            if self.closed or len(self._idle_readers) >= MAX_IDLE_READERS:
                connection.close()
            else:
                self._idle_readers.append(connection)

    # -- schema ------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        if self.dialect == "sqlite":
            return self._rows("PRAGMA user_version")[0][0]
        if self._rows("SELECT to_regclass('schema_version')")[0][0] is None:
            return 0
        return self._rows("SELECT MAX(version) FROM schema_version")[0][0] or 0

    def migrate(self) -> None:
        """Bring the schema to len(MIGRATIONS), in one transaction, whoever else connects."""
        if self.schema_version >= len(MIGRATIONS):
            return
        with self._transaction(immediate=True) as db:
            if self.dialect == "postgresql":
                db.execute("SELECT pg_advisory_xact_lock(?)", (_PG_LOCK_KEY,))
                db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            start = self.schema_version  # read again under the lock: another client may have
            for version in range(start, len(MIGRATIONS)):
                for statement in statements(MIGRATIONS[version], self.dialect):
                    db.execute(statement)
                if version + 1 == 3:
                    self._backfill_entity_names(db)
                if str(MIGRATIONS[version]).lstrip().startswith(AGGREGATES_MARK):
                    aggregates.rebuild(db)
                if self.dialect == "sqlite":
                    db.execute(f"PRAGMA user_version = {version + 1}")
                else:
                    db.execute("INSERT INTO schema_version VALUES (?)", (version + 1,))

    def _backfill_entity_names(self, db) -> None:
        for row in db.execute("SELECT article_id, payload FROM analyses").fetchall():
            names = _entity_names(json.loads(row[1]).get("entities", []))
            db.execute("UPDATE analyses SET entity_names = ? WHERE article_id = ?", (names, row[0]))

    # -- plumbing ----------------------------------------------------------------------

    @contextmanager
    def _faults(self) -> Iterator[None]:
        """Raise StoreError for a store that cannot be used now (disk full, server gone);
        let every other error (a wrong statement: a bug) through as it is."""
        try:
            yield
        except sqlite3.Error as error:
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF
            if code not in _SQLITE_FAULTS:
                raise
            raise StoreError(
                f"the store at {self.path} cannot be written or read: the database is "
                f"{_SQLITE_FAULTS[code]} ({error}); nothing was half-written"
                + (": free some disk space" if code == 13 else "")
            ) from error
        except Exception as error:
            if self.dialect != "postgresql" or type(error).__module__.split(".")[0] != "psycopg":
                raise
            import psycopg

            if not isinstance(error, psycopg.OperationalError):
                raise
            raise StoreError(
                f"the PostgreSQL store at {self.path} is unreachable or failed ({error}); "
                "nothing was half-written: try again"
            ) from error

    @contextmanager
    def _transaction(self, immediate: bool = False) -> Iterator[Any]:
        if self._pinned_from is not None:  # a pinned copy writes through its store
            with self._pinned_from._transaction(immediate) as db:
                yield db
            return
        db = self._connection
        with self._lock, self._faults():
            if db.in_transaction and self.dialect == "sqlite":
                yield db  # nested: part of the outer transaction
                return
            if self.dialect == "sqlite":
                db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            else:
                db.begin()
            try:
                yield db
                db.commit()
            except BaseException:
                if db.in_transaction:
                    db.rollback()
                raise

    def _rows(self, sql: str, params: tuple = ()) -> list:
        with self._lock, self._faults():
            return self._connection.execute(sql, params).fetchall()

    def frame(self, sql: str, params: Sequence = (), columns: list[str] | None = None):
        """A read as a DataFrame (columns named by the SELECT, or `columns`): what the corpus
        views aggregate in SQL come back this way, small."""
        with self._lock, self._faults():
            cursor = self._connection.execute(sql, tuple(params))
            names = columns or [d[0] for d in cursor.description]
            rows = [tuple(row) for row in cursor.fetchall()]
        import pandas as pd

        return pd.DataFrame(rows, columns=names)

    def query(self, sql: str, params: Sequence = ()) -> list:
        """Rows of a read (SQLite-dialect SQL with ? placeholders; runs on both backends).
        Rows read by index, by column name, and as dict(row)."""
        return self._rows(sql, tuple(params))

    def write(self, sql: str, params: Sequence = (), bump: bool = True) -> list:
        """One write statement in its own transaction; returns the rows of a RETURNING
        clause (e.g. `INSERT ... RETURNING correction_id`), else []. It bumps the revision
        (what every cached read is keyed on) unless `bump` is False: bookkeeping that no
        page's content reads (the analysis queue)."""
        with self._transaction() as db:
            cursor = db.execute(sql, tuple(params))
            rows = cursor.fetchall() if cursor.description else []
            if bump:
                self._bump(db)
        return rows

    def write_many(self, sql: str, rows: Sequence[Sequence], bump: bool = True) -> None:
        """One write statement for each of `rows`, all in one transaction."""
        with self._transaction() as db:
            for params in rows:
                db.execute(sql, tuple(params))
            if bump:
                self._bump(db)

    def close(self) -> None:
        with self._lock:
            self.closed = True
            self._connection.close()
            for connection in self._idle_readers:
                connection.close()
            self._idle_readers.clear()

    def revision(self) -> int:
        """A number that changes with every write: the cache key of everything read."""
        return self._rows("SELECT value FROM revision")[0][0]

    def _bump(self, db) -> None:
        db.execute("UPDATE revision SET value = value + 1")

    # -- corpus views kept per revision (analysis.store.views) -----------------------------------

    def kept_view(self, name: str, params: str, code: str, revision: int) -> str | None:
        """The payload kept for a view at this revision and code version, if any (a pinned
        copy looks in its store: the view may have been kept after it was pinned)."""
        rows = (self._pinned_from or self)._rows(
            """SELECT payload FROM corpus_views
               WHERE name = ? AND params = ? AND code = ? AND revision = ?""",
            (name, params, code, revision),
        )
        return rows[0][0] if rows else None

    def keep_view(self, name: str, params: str, code: str, revision: int, payload: str) -> bool:
        """Keep a view computed at `revision` (not a change of the corpus: no bump), unless
        the store has changed since; views of older revisions are dropped. False if not
        kept."""
        with self._transaction(immediate=True) as db:
            if db.execute("SELECT value FROM revision").fetchone()[0] != revision:
                return False
            db.execute("DELETE FROM corpus_views WHERE revision <> ?", (revision,))
            db.execute(
                """INSERT INTO corpus_views (name, params, code, revision, payload)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (name, params, code)
                   DO UPDATE SET revision = excluded.revision, payload = excluded.payload""",
                (name, params, code, revision, payload),
            )
        return True

    # -- one process at a time (analysis.store.views: the refresh of the kept views) ------------
    # PostgreSQL: a session-level advisory lock, which the server releases when the session
    # ends (a killed process). SQLite (one machine): a row of `locks` naming its holder
    # (host and pid), taken over when that process is gone or its lease has run out.

    def try_lock(self, name: str) -> bool:
        """Take the store-wide lock `name` for this process; False if another holds it.
        Threads of one process share it: the caller keeps them apart."""
        if self.dialect == "postgresql":
            return bool(self._rows("SELECT pg_try_advisory_lock(?)", (_lock_key(name),))[0][0])
        me, now = _lock_holder(), time.time()
        with self._transaction(immediate=True) as db:
            row = db.execute("SELECT holder, expires FROM locks WHERE name = ?", (name,)).fetchone()
            if row and row[0] != me and row[1] > now and _holder_alive(row[0]):
                return False
            db.execute(
                """INSERT INTO locks (name, holder, expires) VALUES (?, ?, ?)
                   ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,
                                                    expires = excluded.expires""",
                (name, me, now + LOCK_LEASE),
            )
        return True

    def unlock(self, name: str) -> None:
        if self.dialect == "postgresql":
            self._rows("SELECT pg_advisory_unlock(?)", (_lock_key(name),))
            return
        with self._transaction() as db:
            db.execute("DELETE FROM locks WHERE name = ? AND holder = ?", (name, _lock_holder()))

    # -- articles ----------------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM articles WHERE article_id = ?", (article_id,)))

    def add(self, article: Article, analysis: Analysis, author: str = "") -> bool:
        """Store an article with its analysis in one transaction; False if already stored."""
        with self._transaction() as db:
            cursor = db.execute(
                """INSERT INTO articles
                       (article_id, title, source, url, published, text, file, added, author)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (article_id) DO NOTHING""",
                (
                    article.article_id,
                    article.title,
                    article.source,
                    article.url,
                    article.published,
                    article.text,
                    article.file,
                    article.added,
                    getattr(article, "author", "") or author,
                ),
            )
            if cursor.rowcount == 0:
                return False
            self._write_analysis(db, article, analysis)
            aggregates.apply(db, article.article_id, +1, aggregates.ARTICLE)
            self._bump(db)
        return True

    def save_analysis(self, article: Article, analysis: Analysis) -> None:
        with self._transaction() as db:
            self._write_analysis(db, article, analysis)
            self._bump(db)

    def _write_analysis(self, db, article: Article, analysis: Analysis) -> None:
        db.execute(
            """INSERT INTO analyses (article_id, pipeline_version, payload, words, entities,
                                     quotes, events, entity_names)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (article_id) DO UPDATE SET
                   pipeline_version = excluded.pipeline_version, payload = excluded.payload,
                   words = excluded.words, entities = excluded.entities,
                   quotes = excluded.quotes, events = excluded.events,
                   entity_names = excluded.entity_names, rows_ready = 0""",
            (
                article.article_id,
                analysis.pipeline_version,
                json.dumps(analysis.to_dict(), ensure_ascii=False),
                len(article.text.split()),
                len(analysis.entities),
                len(analysis.quotes),
                len(analysis.events),
                _entity_names(analysis.entities),
            ),
        )

    def update_metadata(self, article_id: str, **fields: str | None) -> bool:
        """Change an article's title, source, url, published or author; False if no such
        article. The caller recomputes the analysis when the change matters to it."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        if not fields:
            return self.has(article_id)
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._transaction() as db:
            # the aggregates that read the article's source or date move with the edit
            aggregates.apply(db, article_id, -1, aggregates.METADATA)
            cursor = db.execute(
                f"UPDATE articles SET {assignments} WHERE article_id = ?",
                (*fields.values(), article_id),
            )
            if cursor.rowcount == 0:
                return False
            aggregates.apply(db, article_id, +1, aggregates.METADATA)
            self._bump(db)
        return True

    def delete(self, article_id: str) -> None:
        with self._transaction() as db:
            aggregates.apply(db, article_id, -1, aggregates.EVERYTHING)
            db.execute("DELETE FROM analyses WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
            self._bump(db)

    # -- rows of the per-article tables (see analysis.output.tables) -----------------------------

    def replace_rows(self, article_id: str, rows: dict[str, list[dict]]) -> None:
        """An article's rows of every per-article table, replacing what it had."""
        with self._transaction() as db:
            if not db.execute(
                "SELECT 1 FROM analyses WHERE article_id = ?", (article_id,)
            ).fetchall():
                return  # deleted meanwhile
            aggregates.apply(db, article_id, -1, aggregates.ROWS)  # its old rows' share
            for name in ROW_TABLES:
                db.execute(f"DELETE FROM rows_{name} WHERE article_id = ?", (article_id,))
                columns = [c for c in STORED_COLUMNS[name] if c != "article_id"]
                quoted = ", ".join(f'"{c}"' for c in columns)
                values = marks(["article_id", "seq", *columns])
                sql = f"INSERT INTO rows_{name} (article_id, seq, {quoted}) VALUES ({values})"
                for seq, row in enumerate(rows.get(name, [])):
                    db.execute(sql, (article_id, seq, *(row[c] for c in columns)))
            self._index_entity_names(db, article_id, rows.get("entities", []))
            aggregates.apply(db, article_id, +1, aggregates.ROWS)
            db.execute("UPDATE analyses SET rows_ready = 1 WHERE article_id = ?", (article_id,))
            self._bump(db)

    def _index_entity_names(self, db, article_id: str, entity_rows: list[dict]) -> None:
        """Full-text search finds an article by its entities' canonical names (corrections
        applied): the index follows this column (analysis.corpus.search)."""
        names = search_index.entity_names(entity_rows)
        db.execute(search_index.NAMES_UPDATE, (names, article_id, names))

    def ids_without_rows(self) -> list[str]:
        """Articles whose table rows are missing or older than their analysis."""
        rows = self._rows(
            """SELECT a.article_id FROM articles a JOIN analyses n USING (article_id)
               WHERE n.rows_ready = 0 ORDER BY a.added, a.article_id"""
        )
        return [row[0] for row in rows]

    def read_rows(self, name: str, article_ids: list[str] | None = None) -> pd.DataFrame:
        """The stored rows of one per-article table (or "articles"), in corpus order."""
        if name == "articles":
            sql = """SELECT a.article_id, a.title, a.source, a.url,
                            COALESCE(a.published, '') AS published, a.file, a.added,
                            COALESCE(n.words, 0) AS words
                     FROM articles a LEFT JOIN analyses n USING (article_id)"""
            order = " ORDER BY a.added, a.article_id"
            alias = "a"
        else:
            columns = ", ".join(f'r."{c}"' for c in STORED_COLUMNS[name])
            sql = f"SELECT {columns} FROM rows_{name} r JOIN articles a USING (article_id)"
            order = " ORDER BY a.added, a.article_id, r.seq"
            alias = "r"
        params: tuple = ()
        if article_ids is not None:
            sql += f" WHERE {alias}.article_id IN ({marks(article_ids)})"
            params = tuple(article_ids)
        rows = self._rows(sql + order, params)
        import pandas as pd

        return pd.DataFrame([tuple(row) for row in rows], columns=STORED_COLUMNS[name])

    def entity_forms(self) -> pd.DataFrame:
        """Per entity id, each (name, type, linked country) it carries in some article, with
        its mentions and articles there: about one row per distinct entity of the corpus
        (analysis.store.aggregates keeps it with each article's rows)."""
        return self.frame(  # the aggregate kept with each article's rows
            """SELECT entity_id, "name", "type", linked_country, mentions, articles
               FROM agg_entity_forms""",
            columns=["entity_id", "name", "type", "linked_country", "mentions", "articles"],
        )

    def ids_naming(self, entity_ids: list[str], texts: list[str]) -> list[str]:
        """Articles whose rows name any of these entity ids, or have a mention or a word
        sequence in their text equal to one of `texts` (to find what a correction touches)."""
        found: set[str] = set()
        if entity_ids:
            sql = (
                "SELECT DISTINCT article_id FROM rows_mentions "
                f"WHERE entity_id IN ({marks(entity_ids)})"
            )
            found |= {row[0] for row in self._rows(sql, tuple(entity_ids))}
        for text in texts:
            rows = self._rows(
                r"SELECT article_id FROM articles WHERE LOWER(text) LIKE ? ESCAPE '\'",
                (contains_pattern(text),),
            )
            found |= {row[0] for row in rows}
        return sorted(found)

    def article(self, article_id: str) -> Article | None:
        rows = self._rows(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE article_id = ?", (article_id,)
        )
        return _article(rows[0]) if rows else None

    def articles(self) -> list[Article]:
        rows = self._rows(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY added, article_id")
        return [_article(row) for row in rows]

    def author(self, article_id: str) -> str:
        rows = self._rows("SELECT author FROM articles WHERE article_id = ?", (article_id,))
        return rows[0][0] if rows else ""

    def article_count(self) -> int:
        return self._rows("SELECT COUNT(*) FROM articles")[0][0]

    def article_summaries(self) -> list[dict]:
        """One row per article for listings: metadata and counts, without the text. The
        counts are those of its stored rows (the analyst's corrections applied), as in
        articles.csv."""
        listing = self._rows(
            f"""SELECT a.article_id, a.title, a.source, a.url, a.published, a.file, {ROW_COUNTS},
                       a.added, a.author
                FROM articles a ORDER BY a.added, a.article_id"""
        )
        # read apart: looked up one by one, the words would be read from the analyses' rows
        words = {row[0]: row[1] for row in self._rows("SELECT article_id, words FROM analyses")}
        return [dict(row) | {"words": words.get(row[0], 0)} for row in listing]

    def search(self, query: str) -> list[str]:
        """Ids of the articles whose title, text or entity names contain `query` (any case)."""
        needle = query.strip().lower()
        if not needle:
            return [row[0] for row in self._rows("SELECT article_id FROM articles")]
        pattern = contains_pattern(needle)
        rows = self._rows(
            r"""SELECT a.article_id FROM articles a LEFT JOIN analyses n USING (article_id)
               WHERE LOWER(a.title) LIKE ? ESCAPE '\'
                  OR LOWER(a.text) LIKE ? ESCAPE '\'
                  OR LOWER(COALESCE(n.entity_names, '')) LIKE ? ESCAPE '\'
               ORDER BY a.added, a.article_id""",
            (pattern, pattern, pattern),
        )
        return [row[0] for row in rows]

    def analysis(self, article_id: str) -> Analysis | None:
        rows = self._rows("SELECT payload FROM analyses WHERE article_id = ?", (article_id,))
        return Analysis.from_dict(json.loads(rows[0]["payload"])) if rows else None

    def backlog(self, pipeline_version: str) -> int:
        """Articles whose analysis is missing or of another pipeline version, or whose rows
        are missing or older than their analysis."""
        return self._rows(  # every analysis has its article: count the complete ones
            """SELECT (SELECT COUNT(*) FROM articles) - (SELECT COUNT(*) FROM analyses
                      WHERE pipeline_version = ? AND rows_ready = 1)""",
            (pipeline_version,),
        )[0][0]

    def stale_ids(self, pipeline_version: str) -> list[str]:
        """Articles whose stored analysis is missing or from another pipeline version."""
        rows = self._rows(
            """SELECT a.article_id FROM articles a LEFT JOIN analyses n USING (article_id)
               WHERE n.pipeline_version IS NULL OR n.pipeline_version != ?
               ORDER BY a.added, a.article_id""",
            (pipeline_version,),
        )
        return [row[0] for row in rows]

    def setting(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute(
                """INSERT INTO settings (key, value) VALUES (?, ?)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
                (key, value),
            )

    # -- corrections of entities (issue 3; applied by analysis.corpus.corrections) ------------

    def add_correction(self, action: str, payload: str, author: str, created: str) -> int:
        """Store one correction (payload: JSON); returns its id."""
        rows = self.write(
            """INSERT INTO corrections (action, payload, author, created)
               VALUES (?, ?, ?, ?) RETURNING correction_id""",
            (action, payload, author, created),
        )
        return int(rows[0][0])

    def corrections(self) -> list[dict]:
        """Every correction, undone ones too, oldest first."""
        rows = self._rows(
            """SELECT correction_id, action, payload, author, created, undone
               FROM corrections ORDER BY correction_id"""
        )
        return [dict(row) for row in rows]

    def set_correction_undone(self, correction_id: int, undone: bool = True) -> bool:
        """Undo (or redo) a correction; False if there is no such correction."""
        rows = self.write(
            "UPDATE corrections SET undone = ? WHERE correction_id = ? RETURNING correction_id",
            (int(undone), correction_id),
        )
        return bool(rows)


def _lock_key(name: str) -> int:
    """A lock's name as a PostgreSQL advisory lock key (a signed 64-bit integer)."""
    digest = hashlib.sha256(f"newsdash:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _holder_alive(holder: str) -> bool:
    """Whether the process named by a lock row still runs (on another host: assumed)."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _article(row) -> Article:
    known = set(Article.field_names())
    return Article(**{key: row[key] for key in row.keys() if key in known})  # noqa: SIM118 - sqlite3.Row


def _entity_names(entities: list) -> str:
    """Entity names and aliases, one a line: what search over entity names reads."""
    names: list[str] = []
    for entity in entities:
        name = entity["name"] if isinstance(entity, dict) else entity.name
        aliases = entity.get("aliases", []) if isinstance(entity, dict) else entity.aliases
        names += [name, *aliases]
    return "\n".join(dict.fromkeys(n for n in names if n))
