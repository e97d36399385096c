"""The analyst's corrections of entities (issue 3): applied on top of every analysis."""

from analysis.store.migrations import run_script

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE = """
    CREATE TABLE corrections (
        correction_id INTEGER PRIMARY KEY AUTOINCREMENT,
        action TEXT NOT NULL,
        payload TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    """
# PostgreSQL: BIGSERIAL for SQLite's AUTOINCREMENT
POSTGRESQL = """
    CREATE TABLE corrections (
        correction_id BIGSERIAL PRIMARY KEY,
        action TEXT NOT NULL,
        payload TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    """
SQL = {"sqlite": SQLITE, "postgresql": POSTGRESQL}


def upgrade() -> None:
    run_script(SQL)
