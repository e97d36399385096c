"""The store: articles, their analyses and rows, corrections, kept views, in SQLite or
PostgreSQL. It holds the schema and its migrations (core), the corpus aggregates kept with
each article's rows (aggregates), the full-text index's SQL (search_index) and the
kept-views cache, a mechanism that knows no view (views). It may import the base modules
and analysis.output (the CSV schema of the stored rows), never analysis.corpus."""

from analysis.store.core import (
    DATABASE_URL_ENV,
    DB_FILE,
    MIGRATIONS,
    ROW_COUNTS,
    Store,
    StoreError,
    contains_pattern,
    default_location,
    is_database_url,
    marks,
    portable_sql,
    redact,
    statements,
)

__all__ = [
    "DATABASE_URL_ENV",
    "DB_FILE",
    "MIGRATIONS",
    "ROW_COUNTS",
    "Store",
    "StoreError",
    "contains_pattern",
    "default_location",
    "is_database_url",
    "marks",
    "portable_sql",
    "redact",
    "statements",
]
