"""The store: articles, their analyses and rows, corrections, kept views, in SQLite or
PostgreSQL, on SQLAlchemy (the engine and its connections: engine, database) with Alembic
migrations (migrations/: one revision per schema change, run under a lock when a store
opens; schema: the tables they build, declared in SQLAlchemy Core). `Store` (store) is made
of its repositories: articles, rows, corrections, locks, kept_views. Beside them: the
corpus aggregates kept with each article's rows (aggregates), the full-text index's SQL
(search_index) and the kept-views cache, a mechanism that knows no view (views). It may
import the base modules, analysis.extract and analysis.output (the CSV schema of the stored
rows), never analysis.corpus or analysis.ingest."""

from analysis.store.articles import ROW_COUNTS
from analysis.store.engine import (
    DATABASE_URL_ENV,
    DB_FILE,
    StoreError,
    contains_pattern,
    default_location,
    is_database_url,
    marks,
    redact,
)
from analysis.store.migrations import HEAD
from analysis.store.store import Store

__all__ = [
    "DATABASE_URL_ENV",
    "DB_FILE",
    "HEAD",
    "ROW_COUNTS",
    "Store",
    "StoreError",
    "contains_pattern",
    "default_location",
    "is_database_url",
    "marks",
    "redact",
]
