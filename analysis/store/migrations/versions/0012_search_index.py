"""Full-text search (issue 18): FTS5 on SQLite, a tsvector column with a GIN index on
PostgreSQL, built here for the articles stored (analysis.store.search_index holds the
SQL; analysis.corpus.search the queries)."""

from analysis.store.migrations import run_script
from analysis.store.search_index import INDEX_MIGRATION

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run_script(INDEX_MIGRATION)
