"""Scale (issue 8): each article's rows of the per-article tables, with the analyst's
corrections applied, so corpus views read and aggregate rows with indexes instead of
parsing every analysis; `rows_ready` says an article's rows match its analysis."""

from analysis.store.migrations import run_script

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQL = """
    ALTER TABLE analyses ADD COLUMN rows_ready INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE rows_entities (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "entity_id" TEXT NOT NULL DEFAULT '',
        "name" TEXT NOT NULL DEFAULT '',
        "type" TEXT NOT NULL DEFAULT '',
        "mentions" INTEGER NOT NULL DEFAULT 0,
        "aliases" TEXT NOT NULL DEFAULT '',
        "linked_country" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_entities_article ON rows_entities(article_id, seq);
    CREATE INDEX rows_entities_entity ON rows_entities(entity_id);
    CREATE TABLE rows_mentions (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "entity_id" TEXT NOT NULL DEFAULT '',
        "name" TEXT NOT NULL DEFAULT '',
        "type" TEXT NOT NULL DEFAULT '',
        "text" TEXT NOT NULL DEFAULT '',
        "start" INTEGER NOT NULL DEFAULT 0,
        "end" INTEGER NOT NULL DEFAULT 0,
        "sentence" INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX rows_mentions_article ON rows_mentions(article_id, seq);
    CREATE INDEX rows_mentions_entity ON rows_mentions(entity_id);
    CREATE INDEX rows_mentions_text ON rows_mentions("text");
    CREATE TABLE rows_dates (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "text" TEXT NOT NULL DEFAULT '',
        "start" INTEGER NOT NULL DEFAULT 0,
        "end" INTEGER NOT NULL DEFAULT 0,
        "type" TEXT NOT NULL DEFAULT '',
        "value" TEXT NOT NULL DEFAULT '',
        "precision" TEXT NOT NULL DEFAULT '',
        "sentence" INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX rows_dates_article ON rows_dates(article_id, seq);
    CREATE TABLE rows_events (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "event_id" TEXT NOT NULL DEFAULT '',
        "date" TEXT NOT NULL DEFAULT '',
        "date_end" TEXT NOT NULL DEFAULT '',
        "precision" TEXT NOT NULL DEFAULT '',
        "description" TEXT NOT NULL DEFAULT '',
        "actors" TEXT NOT NULL DEFAULT '',
        "evidence" TEXT NOT NULL DEFAULT '',
        "start" INTEGER NOT NULL DEFAULT 0,
        "end" INTEGER NOT NULL DEFAULT 0,
        "date_text" TEXT NOT NULL DEFAULT '',
        "actor_ids" TEXT NOT NULL DEFAULT '',
        "actor_types" TEXT NOT NULL DEFAULT '',
        "evidence_json" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_events_article ON rows_events(article_id, seq);
    CREATE TABLE rows_quotes (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "quote_id" TEXT NOT NULL DEFAULT '',
        "speaker" TEXT NOT NULL DEFAULT '',
        "speaker_entity_id" TEXT NOT NULL DEFAULT '',
        "speaker_type" TEXT NOT NULL DEFAULT '',
        "cue" TEXT NOT NULL DEFAULT '',
        "quote" TEXT NOT NULL DEFAULT '',
        "kind" TEXT NOT NULL DEFAULT '',
        "start" INTEGER NOT NULL DEFAULT 0,
        "end" INTEGER NOT NULL DEFAULT 0,
        "sentence" INTEGER NOT NULL DEFAULT 0,
        "via" TEXT NOT NULL DEFAULT '',
        "mentioned_ids" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_quotes_article ON rows_quotes(article_id, seq);
    CREATE INDEX articles_order ON articles(added, article_id);
    """


def upgrade() -> None:
    run_script(SQL)
