"""Corpus aggregates (issue 19): sums per key, changed by each article's share with its
rows (analysis.store.aggregates), so the views read a few rows instead of the corpus's;
filled here from the stored rows; and the index the Overview's latest events are read
along."""

from analysis.store import aggregates
from analysis.store.migrations import migration, run_script

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

SQL = """
    CREATE TABLE agg_entity_forms (
        entity_id TEXT NOT NULL, "name" TEXT NOT NULL, "type" TEXT NOT NULL,
        linked_country TEXT NOT NULL, articles INTEGER NOT NULL, mentions INTEGER NOT NULL,
        PRIMARY KEY (entity_id, "name", "type", linked_country)
    );
    CREATE TABLE agg_aliases (
        entity_id TEXT NOT NULL, "text" TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (entity_id, "text")
    );
    CREATE TABLE agg_entity_names (
        by_country INTEGER NOT NULL, "name" TEXT NOT NULL, "type" TEXT NOT NULL,
        articles INTEGER NOT NULL, mentions INTEGER NOT NULL,
        PRIMARY KEY (by_country, "name", "type")
    );
    CREATE INDEX agg_entity_names_top ON agg_entity_names(by_country, "type", mentions);
    CREATE TABLE agg_entity_days (
        by_country INTEGER NOT NULL, "name" TEXT NOT NULL, published TEXT NOT NULL,
        articles INTEGER NOT NULL, mentions INTEGER NOT NULL,
        PRIMARY KEY (by_country, "name", published)
    );
    CREATE TABLE agg_articles (
        source TEXT NOT NULL, published TEXT NOT NULL, articles INTEGER NOT NULL,
        PRIMARY KEY (source, published)
    );
    CREATE TABLE agg_counts ("name" TEXT PRIMARY KEY, n INTEGER NOT NULL);
    CREATE TABLE agg_speakers (
        countries INTEGER NOT NULL, speaker TEXT NOT NULL, quotes INTEGER NOT NULL,
        naming INTEGER NOT NULL, PRIMARY KEY (countries, speaker)
    );
    CREATE TABLE agg_links (
        countries INTEGER NOT NULL, "source" TEXT NOT NULL, "target" TEXT NOT NULL,
        "count" INTEGER NOT NULL, articles INTEGER NOT NULL,
        PRIMARY KEY (countries, "source", "target")
    );
    CREATE TABLE agg_first_links (
        countries INTEGER NOT NULL, "source" TEXT NOT NULL, "target" TEXT NOT NULL,
        added TEXT NOT NULL, article_id TEXT NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (countries, "source", "target")
    );
    CREATE INDEX agg_first_links_article ON agg_first_links(article_id);
    CREATE TABLE agg_pairs (
        countries INTEGER NOT NULL, a TEXT NOT NULL, b TEXT NOT NULL,
        articles INTEGER NOT NULL, sentences INTEGER NOT NULL, PRIMARY KEY (countries, a, b)
    );
    CREATE INDEX agg_pairs_top ON agg_pairs(countries, sentences);
    CREATE TABLE agg_actors (
        "name" TEXT NOT NULL, "type" TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY ("name", "type")
    );
    CREATE INDEX rows_events_latest ON rows_events("date");
    -- the keys whose count fell to 0, deleted after each change (normally none)
    CREATE INDEX agg_entity_forms_spent ON agg_entity_forms(articles) WHERE articles <= 0;
    CREATE INDEX agg_aliases_spent ON agg_aliases(n) WHERE n <= 0;
    CREATE INDEX agg_entity_names_spent ON agg_entity_names(articles) WHERE articles <= 0;
    CREATE INDEX agg_entity_days_spent ON agg_entity_days(articles) WHERE articles <= 0;
    CREATE INDEX agg_articles_spent ON agg_articles(articles) WHERE articles <= 0;
    CREATE INDEX agg_counts_spent ON agg_counts(n) WHERE n <= 0;
    CREATE INDEX agg_speakers_spent ON agg_speakers(quotes) WHERE quotes <= 0;
    CREATE INDEX agg_links_spent ON agg_links("count") WHERE "count" <= 0;
    CREATE INDEX agg_pairs_spent ON agg_pairs(articles) WHERE articles <= 0;
    CREATE INDEX agg_actors_spent ON agg_actors(n) WHERE n <= 0;
    """


def upgrade() -> None:
    run_script(SQL)
    aggregates.rebuild(migration())  # from the rows stored
