"""Speed (issue 8): listings (the Library, the Reader's list, the app's start) read the
articles' metadata and the analyses' state from covering indexes: a row of these tables
also holds a whole text or analysis, which a listing must not read."""

from analysis.store.migrations import run_script

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SQL = """
    DROP INDEX articles_order;
    CREATE INDEX articles_listing
        ON articles(added, article_id, title, source, url, published, file, author);
    CREATE INDEX analyses_listing ON analyses(article_id, pipeline_version, rows_ready, words);
    """


def upgrade() -> None:
    run_script(SQL)
