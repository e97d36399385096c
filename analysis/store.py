"""The article store: a SQLite file in the data folder (WAL mode, one transaction per write).

Articles are keyed by a stable id derived from their normalised text; each analysis is
kept as JSON tagged with the pipeline version that produced it, so a newer pipeline
recomputes it. The schema is versioned (PRAGMA user_version) and upgraded in place.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.records import Analysis, Article

DATA_DIR_ENV = "NEWSDASH_DATA_DIR"
DEFAULT_DATA_DIR = "data"
DB_FILE = "articles.sqlite"

# Each entry upgrades the schema by one version; never edit a released entry, append one.
MIGRATIONS: list[str] = [
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
]


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


class Store:
    """All reads and writes of articles and their analyses."""

    def __init__(self, path: str | Path | None = None):
        if path is None:
            path = data_dir() / DB_FILE
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._connection.row_factory = sqlite3.Row
        # one connection shared by the app's sessions (threads): one statement at a time
        self._lock = threading.RLock()
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA foreign_keys=ON")
        self.migrate()

    @property
    def schema_version(self) -> int:
        return self._rows("PRAGMA user_version")[0][0]

    def migrate(self) -> None:
        for version in range(self.schema_version, len(MIGRATIONS)):
            script = f"BEGIN; {MIGRATIONS[version]}; PRAGMA user_version = {version + 1}; COMMIT;"
            try:
                self._connection.executescript(script)
            except sqlite3.Error:
                self._connection.rollback()
                raise

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._connection
        with self._lock:
            try:
                if not db.in_transaction:
                    db.execute("BEGIN")
                yield db
                db.commit()
            except BaseException:
                db.rollback()
                raise

    def _rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._connection.execute(sql, params).fetchall()

    def close(self) -> None:
        self._connection.close()

    def revision(self) -> int:
        """A number that changes with every write: the cache key of everything read."""
        return self._rows("SELECT value FROM revision")[0][0]

    def _bump(self, db: sqlite3.Connection) -> None:
        db.execute("UPDATE revision SET value = value + 1")

    def has(self, article_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM articles WHERE article_id = ?", (article_id,)))

    def add(self, article: Article, analysis: Analysis) -> bool:
        """Store an article with its analysis in one transaction; False if already stored."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.article_id,
                    article.title,
                    article.source,
                    article.url,
                    article.published,
                    article.text,
                    article.file,
                    article.added,
                ),
            )
            if cursor.rowcount == 0:
                return False
            self._write_analysis(db, article, analysis)
            self._bump(db)
        return True

    def save_analysis(self, article: Article, analysis: Analysis) -> None:
        with self._transaction() as db:
            self._write_analysis(db, article, analysis)
            self._bump(db)

    def _write_analysis(self, db: sqlite3.Connection, article: Article, analysis: Analysis):
        db.execute(
            "INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                article.article_id,
                analysis.pipeline_version,
                json.dumps(analysis.to_dict(), ensure_ascii=False),
                len(article.text.split()),
                len(analysis.entities),
                len(analysis.quotes),
                len(analysis.events),
            ),
        )

    def delete(self, article_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
            self._bump(db)

    def article(self, article_id: str) -> Article | None:
        rows = self._rows("SELECT * FROM articles WHERE article_id = ?", (article_id,))
        return Article(**dict(rows[0])) if rows else None

    def articles(self) -> list[Article]:
        rows = self._rows("SELECT * FROM articles ORDER BY added, article_id")
        return [Article(**dict(row)) for row in rows]

    def article_summaries(self) -> list[dict]:
        """One row per article for listings: metadata and counts, without the text."""
        rows = self._rows(
            """SELECT a.article_id, a.title, a.source, a.url, a.published, a.file,
                      COALESCE(n.words, 0) AS words, COALESCE(n.entities, 0) AS entities,
                      COALESCE(n.quotes, 0) AS quotes, COALESCE(n.events, 0) AS events, a.added
               FROM articles a LEFT JOIN analyses n USING (article_id)
               ORDER BY a.added, a.article_id"""
        )
        return [dict(row) for row in rows]

    def analysis(self, article_id: str) -> Analysis | None:
        rows = self._rows("SELECT payload FROM analyses WHERE article_id = ?", (article_id,))
        return Analysis.from_dict(json.loads(rows[0]["payload"])) if rows else None

    def stale_ids(self, pipeline_version: str) -> list[str]:
        """Articles whose stored analysis is missing or from another pipeline version."""
        rows = self._rows(
            """SELECT a.article_id FROM articles a LEFT JOIN analyses n USING (article_id)
               WHERE n.pipeline_version IS NULL OR n.pipeline_version != ?""",
            (pipeline_version,),
        )
        return [row[0] for row in rows]

    def setting(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))
