"""Scale (issue 8): rows the corpus views aggregate in SQL, so no page holds the corpus's
rows in memory: each event's days and actors, and the who-mentions-whom network per
article under both groupings (countries 0/1). Every article's rows are rewritten."""

from analysis.store.migrations import run_script

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQL = """
    ALTER TABLE rows_events ADD COLUMN "first_day" TEXT NOT NULL DEFAULT '';
    ALTER TABLE rows_events ADD COLUMN "last_day" TEXT NOT NULL DEFAULT '';
    CREATE INDEX rows_events_day ON rows_events(first_day);
    CREATE TABLE rows_actors (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "event_id" TEXT NOT NULL DEFAULT '',
        "entity_id" TEXT NOT NULL DEFAULT '',
        "name" TEXT NOT NULL DEFAULT '',
        "type" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_actors_article ON rows_actors(article_id, seq);
    CREATE INDEX rows_actors_event ON rows_actors(article_id, event_id);
    CREATE INDEX rows_actors_name ON rows_actors("name");
    CREATE TABLE rows_speakers (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "countries" INTEGER NOT NULL DEFAULT 0,
        "quote_id" TEXT NOT NULL DEFAULT '',
        "speaker" TEXT NOT NULL DEFAULT '',
        "speaker_name" TEXT NOT NULL DEFAULT '',
        "speaker_type" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_speakers_article ON rows_speakers(article_id, seq);
    CREATE INDEX rows_speakers_speaker ON rows_speakers(countries, speaker);
    CREATE TABLE rows_links (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "countries" INTEGER NOT NULL DEFAULT 0,
        "quote_id" TEXT NOT NULL DEFAULT '',
        "source" TEXT NOT NULL DEFAULT '',
        "source_name" TEXT NOT NULL DEFAULT '',
        "source_type" TEXT NOT NULL DEFAULT '',
        "target" TEXT NOT NULL DEFAULT '',
        "target_name" TEXT NOT NULL DEFAULT '',
        "target_type" TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX rows_links_article ON rows_links(article_id, seq);
    CREATE INDEX rows_links_edge ON rows_links(countries, source, target);
    CREATE INDEX rows_links_target ON rows_links(countries, target);
    CREATE TABLE rows_pairs (
        article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        "countries" INTEGER NOT NULL DEFAULT 0,
        "a" TEXT NOT NULL DEFAULT '',
        "a_name" TEXT NOT NULL DEFAULT '',
        "a_type" TEXT NOT NULL DEFAULT '',
        "b" TEXT NOT NULL DEFAULT '',
        "b_name" TEXT NOT NULL DEFAULT '',
        "b_type" TEXT NOT NULL DEFAULT '',
        "sentences" INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX rows_pairs_article ON rows_pairs(article_id, seq);
    CREATE INDEX rows_pairs_pair ON rows_pairs(countries, a, b);
    UPDATE analyses SET rows_ready = 0;
    """


def upgrade() -> None:
    run_script(SQL)
