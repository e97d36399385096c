"""Events an analyst can read (issue 14): whether an event is shown on the Timeline (a
who-did-what description) and, when not, why; every article's rows are rewritten."""

from analysis.store.migrations import run_script

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SQL = """
    ALTER TABLE rows_events ADD COLUMN "timeline" TEXT NOT NULL DEFAULT 'yes';
    ALTER TABLE rows_events ADD COLUMN "reason" TEXT NOT NULL DEFAULT '';
    UPDATE analyses SET rows_ready = 0;
    """


def upgrade() -> None:
    run_script(SQL)
