"""One refresher at a time (issue 19): the holder of a store-wide lock on SQLite (on
PostgreSQL an advisory lock serves, released by the server when its session ends)."""

from analysis.store.migrations import run_script

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

SQL = """
    CREATE TABLE locks (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires DOUBLE PRECISION NOT NULL
    );
    """


def upgrade() -> None:
    run_script(SQL)
