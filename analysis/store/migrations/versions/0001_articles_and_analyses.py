"""The articles, their analyses, the settings and the store's revision (the first release)."""

from analysis.store.migrations import run_script

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQL = """
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
    """


def upgrade() -> None:
    run_script(SQL)
