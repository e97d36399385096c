"""The analyst's corrections of entities (issue 3): applied on top of every analysis."""

from analysis.store.migrations import run_script, with_serial_key

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQL = with_serial_key(
    """
        CREATE TABLE corrections (
            correction_id {serial_key},
            action TEXT NOT NULL,
            payload TEXT NOT NULL,
            author TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0
        );
        """
)


def upgrade() -> None:
    run_script(SQL)
