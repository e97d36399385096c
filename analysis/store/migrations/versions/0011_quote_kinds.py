"""Issues 13 and 15: the kind of each quote (analysis.quote_kinds) beside the network's
rows, so that its counts leave stances out (or take them in) over a covering index;
filled from the quotes' own rows, no article is rewritten."""

from analysis.store.migrations import run_script

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SQL = """
    ALTER TABLE rows_speakers ADD COLUMN "kind" TEXT NOT NULL DEFAULT '';
    ALTER TABLE rows_links ADD COLUMN "kind" TEXT NOT NULL DEFAULT '';
    UPDATE rows_speakers SET "kind" = COALESCE((SELECT q."kind" FROM rows_quotes q
        WHERE q.article_id = rows_speakers.article_id AND q.quote_id = rows_speakers.quote_id),
        '');
    UPDATE rows_links SET "kind" = COALESCE((SELECT q."kind" FROM rows_quotes q
        WHERE q.article_id = rows_links.article_id AND q.quote_id = rows_links.quote_id), '');
    DROP INDEX rows_speakers_speaker;
    CREATE INDEX rows_speakers_speaker ON rows_speakers(countries, speaker, "kind");
    DROP INDEX rows_links_cover;
    CREATE INDEX rows_links_cover
        ON rows_links(countries, "source", "target", "kind", article_id, seq, quote_id);
    """


def upgrade() -> None:
    run_script(SQL)
