"""Speed (issue 8): corpus views computed once per revision and kept
(analysis.store.kept_views), so a page's first run after a restart, or on another
replica, reads a few rows."""

from analysis.store.migrations import run_script

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SQL = """
    CREATE TABLE corpus_views (
        name TEXT NOT NULL,
        params TEXT NOT NULL,
        code TEXT NOT NULL,
        revision INTEGER NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (name, params, code)
    );
    """


def upgrade() -> None:
    run_script(SQL)
