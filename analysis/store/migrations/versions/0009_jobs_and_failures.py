"""Reliability (issue 16): uploads and re-analyses queued for the analysis worker (a
process of its own: analysis never runs in a page), and the articles whose analysis
failed, with the reason the Library shows and when to try again."""

from analysis.store.migrations import run_script, with_serial_key

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SQL = with_serial_key(
    """
        CREATE TABLE jobs (
            job_id {serial_key},
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
        """
)


def upgrade() -> None:
    run_script(SQL)
