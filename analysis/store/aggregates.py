"""Corpus aggregates kept as tables, updated with each article's rows (issue 19).

The corpus views (analysis.store.views) used to aggregate every article's rows (a GROUP BY over
the whole corpus's entities, mentions, links, pairs, events) after each change, so the
refresh after one new article grew with the corpus. Here each aggregate is a table of
sums per key, changed by one article's share whenever its rows or its metadata change:
the store subtracts the article's share before the change and adds it after, in the same
transaction (`apply`, called by analysis.store), so a table always equals the sum of the
shares of the articles stored. A view reads a few of its rows along an index.

An aggregate is its table, its key columns, its summed columns (the first counts what was
summed: a key whose first sum falls to 0 is deleted) and the SQL of one article's share
(`share`: key columns then sums, one row per key; every `?` is the article's id). Some
read the article's metadata (`metadata`: its source or publication date), so an edit of
those moves the article's share too. The same SQL summed over every article fills a table
when it is created (`rebuild`, by Alembic revision 0014) and checks it in the tests.

One more aggregate keeps, per edge of the who-mentions-whom network, its first quote in
corpus order (the edge's example): a minimum, not a sum, kept by `_keep_first_links`.

The SQL is written once for both backends (`?` placeholders, adapted to the driver by
analysis.store.engine.driver_sql); `db` is the store's connection in a transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.quote_kinds import SPEECH_KINDS

_SPEECH_SQL = ", ".join(f"'{kind}'" for kind in SPEECH_KINDS)
_SPEECH = f'"kind" IN ({_SPEECH_SQL})'  # a network row of a speech quote (not a stance)
COUNTRY_TYPES = ("GPE", "LOC", "NORP")  # = analysis.corpus.overview.KIND_TYPES["countries"]
_COUNTRY_TYPES_SQL = ", ".join(f"'{t}'" for t in COUNTRY_TYPES)
# an entity row's name and type when capitals, demonyms and countries count for their
# country (analysis.corpus.overview: by_country)
_LINKED = f"linked_country <> '' AND \"type\" IN ({_COUNTRY_TYPES_SQL})"
COUNTRY_NAME = f'CASE WHEN {_LINKED} THEN linked_country ELSE "name" END'
COUNTRY_TYPE = f"CASE WHEN {_LINKED} THEN 'GPE' ELSE \"type\" END"


@dataclass(frozen=True, slots=True)
class Aggregate:
    table: str
    keys: tuple[str, ...]
    sums: tuple[str, ...]
    share: str
    metadata: bool = False  # reads the article's source or publication date
    rows: bool = True  # reads the article's rows

    def apply_sql(self, sign: int) -> str:
        keys = ", ".join(f'"{k}"' for k in self.keys)
        columns = ", ".join(f'"{c}"' for c in (*self.keys, *self.sums))
        summed = ", ".join(f'{sign} * "{s}"' for s in self.sums)
        updates = ", ".join(f'"{s}" = {self.table}."{s}" + excluded."{s}"' for s in self.sums)
        # (WHERE 1 = 1: SQLite's parser needs a WHERE before an upsert's ON CONFLICT)
        return f"""INSERT INTO {self.table} ({columns})
                   SELECT {keys}, {summed} FROM ({self.share}) AS share WHERE 1 = 1
                   ON CONFLICT ({keys}) DO UPDATE SET {updates}"""

    def prune_sql(self) -> str:
        """Delete the keys whose count fell to 0 (a partial index holds just those)."""
        return f'DELETE FROM {self.table} WHERE "{self.sums[0]}" <= 0'

    def summed_sql(self) -> str:
        """Every article's share summed, by key: what the table holds. (Each share groups
        by article, so that it reads every article at once once its `?` is gone.)"""
        keys = ", ".join(f'"{k}"' for k in self.keys)
        sums = ", ".join(f'SUM("{s}") AS "{s}"' for s in self.sums)
        every = re.sub(r"\b(\w+\.)?article_id = \?", "1 = 1", self.share)
        return f"SELECT {keys}, {sums} FROM ({every}) AS share GROUP BY {keys}"

    @property
    def placeholders(self) -> int:
        return self.share.count("?")


AGGREGATES = [
    # each entity id's names, types and countries with its mentions and articles: the
    # Entities list and the network's nodes (analysis.corpus.rows, analysis.corpus.network)
    Aggregate(
        "agg_entity_forms",
        ("entity_id", "name", "type", "linked_country"),
        ("articles", "mentions"),
        """SELECT entity_id, "name", "type", linked_country, COUNT(*) AS articles,
                  SUM(mentions) AS mentions
           FROM rows_entities WHERE article_id = ?
           GROUP BY article_id, entity_id, "name", "type", linked_country""",
    ),
    # the texts an entity is mentioned by (its aliases, most frequent first)
    Aggregate(
        "agg_aliases",
        ("entity_id", "text"),
        ("n",),
        """SELECT entity_id, "text", COUNT(*) AS n FROM rows_mentions WHERE article_id = ?
           GROUP BY article_id, entity_id, "text" """,
    ),
    # the Overview's most mentioned people, organisations and countries, as they are
    # (by_country 0) and with capitals and demonyms counted for their country (1)
    Aggregate(
        "agg_entity_names",
        ("by_country", "name", "type"),
        ("articles", "mentions"),
        f"""SELECT 0 AS by_country, "name", "type", 1 AS articles, SUM(mentions) AS mentions
            FROM rows_entities WHERE article_id = ? GROUP BY article_id, "name", "type"
            UNION ALL
            SELECT 1, {COUNTRY_NAME}, {COUNTRY_TYPE}, 1, SUM(mentions)
            FROM rows_entities WHERE article_id = ?
            GROUP BY article_id, {COUNTRY_NAME}, {COUNTRY_TYPE}""",
    ),
    # mentions of each name per publication day: the Overview's trend
    Aggregate(
        "agg_entity_days",
        ("by_country", "name", "published"),
        ("articles", "mentions"),
        f"""SELECT 0 AS by_country, e."name", a.published, 1 AS articles,
                   SUM(e.mentions) AS mentions
            FROM rows_entities e JOIN articles a ON a.article_id = e.article_id
            WHERE e.article_id = ? AND COALESCE(a.published, '') <> ''
            GROUP BY e.article_id, e."name", a.published
            UNION ALL
            SELECT 1, {COUNTRY_NAME.replace('"name"', 'e."name"')}, a.published, 1,
                   SUM(e.mentions)
            FROM rows_entities e JOIN articles a ON a.article_id = e.article_id
            WHERE e.article_id = ? AND COALESCE(a.published, '') <> ''
            GROUP BY e.article_id, {COUNTRY_NAME.replace('"name"', 'e."name"')}, a.published""",
        metadata=True,
    ),
    # articles per source and publication day: the Overview's counts, sources and weeks
    Aggregate(
        "agg_articles",
        ("source", "published"),
        ("articles",),
        """SELECT source, COALESCE(published, '') AS published, 1 AS articles
           FROM articles WHERE article_id = ?""",
        metadata=True,
        rows=False,
    ),
    # counts of rows: quotes (of speech; all), and the Timeline's events dated, undated,
    # left off
    # (LENGTH keeps the planner on the article's rows, off the index of all dated events)
    Aggregate(
        "agg_counts",
        ("name",),
        ("n",),
        f"""SELECT 'quotes' AS "name", COUNT(*) AS n FROM rows_quotes
            WHERE article_id = ? AND "kind" IN ({_SPEECH_SQL})
           UNION ALL SELECT 'all_quotes', COUNT(*) FROM rows_quotes WHERE article_id = ?
           UNION ALL SELECT 'events_dated', COUNT(*) FROM rows_events
                     WHERE article_id = ? AND timeline = 'yes' AND LENGTH(first_day) > 0
           UNION ALL SELECT 'events_undated', COUNT(*) FROM rows_events
                     WHERE article_id = ? AND timeline = 'yes' AND LENGTH(first_day) = 0
           UNION ALL SELECT 'events_left_off', COUNT(*) FROM rows_events
                     WHERE article_id = ? AND timeline = 'no'""",
    ),
    # each speaker's quotes, and those naming someone (the network's speakers; speech only:
    # its stances and beliefs are counted from the rows when the analyst asks for them)
    Aggregate(
        "agg_speakers",
        ("countries", "speaker"),
        ("quotes", "naming"),
        f"""SELECT countries, speaker, SUM(quoted) AS quotes, SUM(naming) AS naming FROM (
               SELECT countries, speaker, 1 AS quoted, 0 AS naming FROM rows_speakers
               WHERE article_id = ? AND {_SPEECH}
               UNION ALL
               SELECT countries, "source", 0, 1 FROM (
                   SELECT DISTINCT article_id, countries, "source", quote_id FROM rows_links
                   WHERE article_id = ? AND {_SPEECH}) AS naming_quotes
           ) AS counted GROUP BY countries, speaker""",
    ),
    # each edge speaker -> node named: quotes of speech and articles (the network's edges)
    Aggregate(
        "agg_links",
        ("countries", "source", "target"),
        ("count", "articles"),
        f"""SELECT countries, "source", "target", COUNT(*) AS "count", 1 AS articles
            FROM rows_links WHERE article_id = ? AND {_SPEECH}
           GROUP BY article_id, countries, "source", "target" """,
    ),
    # each pair of nodes named in one sentence: sentences and articles (co-occurrence)
    Aggregate(
        "agg_pairs",
        ("countries", "a", "b"),
        ("articles", "sentences"),
        """SELECT countries, a, b, COUNT(*) AS articles, SUM(sentences) AS sentences
           FROM rows_pairs WHERE article_id = ? GROUP BY article_id, countries, a, b""",
    ),
    # the Timeline's actor names and types
    Aggregate(
        "agg_actors",
        ("name", "type"),
        ("n",),
        """SELECT "name", "type", COUNT(*) AS n FROM rows_actors WHERE article_id = ?
           GROUP BY article_id, "name", "type" """,
    ),
]


ROWS, METADATA, ARTICLE, EVERYTHING = "rows", "metadata", "article", "everything"


def apply(db, article_id: str, sign: int, what: str = EVERYTHING) -> None:
    """Add (`sign` 1) or subtract (-1) one article's share of the aggregates, inside the
    caller's transaction (`db`: the store's connection): those that read its `ROWS` (its
    rows are being replaced), its `METADATA` (source, publication date: being edited), the
    `ARTICLE` row alone (it is being added, without rows yet), or `EVERYTHING` (it is
    being deleted). Subtract before the change, add after it."""
    for aggregate in AGGREGATES:
        if what == ROWS and not aggregate.rows:
            continue
        if what == METADATA and not aggregate.metadata:
            continue
        if what == ARTICLE and aggregate.rows:
            continue
        params = (article_id,) * aggregate.placeholders
        db.execute(aggregate.apply_sql(sign), params)
        if sign < 0:
            db.execute(aggregate.prune_sql())
    if what in (ROWS, EVERYTHING):
        _keep_first_links(db, article_id, sign)


# -- the first quote of each edge (its example) --------------------------------------------


def _keep_first_links(db, article_id: str, sign: int) -> None:
    """agg_first_links: per edge, its first link in corpus order (the article's `added`,
    its id, the link's seq). Adding an article can only move an edge's first link earlier;
    subtracting one finds again the first link of the edges whose first was its own."""
    if sign > 0:
        db.execute(
            f"""INSERT INTO agg_first_links
                   (countries, "source", "target", added, article_id, seq)
               SELECT l.countries, l."source", l."target", a.added, l.article_id, MIN(l.seq)
               FROM rows_links l JOIN articles a ON a.article_id = l.article_id
               WHERE l.article_id = ? AND l.{_SPEECH}
               GROUP BY l.countries, l."source", l."target", a.added, l.article_id
               ON CONFLICT (countries, "source", "target") DO UPDATE SET
                   added = excluded.added, article_id = excluded.article_id, seq = excluded.seq
               WHERE (excluded.added, excluded.article_id, excluded.seq)
                     < (agg_first_links.added, agg_first_links.article_id, agg_first_links.seq)""",
            (article_id,),
        )
        return
    lost = db.execute(
        """SELECT countries, "source", "target" FROM agg_first_links WHERE article_id = ?""",
        (article_id,),
    ).fetchall()
    db.execute("DELETE FROM agg_first_links WHERE article_id = ?", (article_id,))
    for countries, source, target in lost:
        db.execute(
            f"""INSERT INTO agg_first_links
                   (countries, "source", "target", added, article_id, seq)
               SELECT l.countries, l."source", l."target", a.added, l.article_id, l.seq
               FROM rows_links l JOIN articles a ON a.article_id = l.article_id
               WHERE l.countries = ? AND l."source" = ? AND l."target" = ?
                 AND l.article_id <> ? AND l.{_SPEECH}
               ORDER BY a.added, l.article_id, l.seq LIMIT 1""",
            (countries, source, target, article_id),
        )


FIRST_LINKS = f"""SELECT countries, "source", "target", added, article_id, seq FROM (
    SELECT l.countries, l."source", l."target", a.added, l.article_id, l.seq,
           ROW_NUMBER() OVER (PARTITION BY l.countries, l."source", l."target"
                              ORDER BY a.added, l.article_id, l.seq) AS nth
    FROM rows_links l JOIN articles a ON a.article_id = l.article_id
    WHERE l.{_SPEECH}) AS ranked
WHERE nth = 1"""


def rebuild(db) -> None:
    """Fill every aggregate from the rows stored (when its table is created): one
    statement each over the whole corpus."""
    for aggregate in AGGREGATES:
        columns = ", ".join(f'"{c}"' for c in (*aggregate.keys, *aggregate.sums))
        db.execute(f"DELETE FROM {aggregate.table}")
        db.execute(f"INSERT INTO {aggregate.table} ({columns}) {aggregate.summed_sql()}")
    db.execute("DELETE FROM agg_first_links")
    db.execute(
        'INSERT INTO agg_first_links (countries, "source", "target", added, article_id, seq) '
        + FIRST_LINKS
    )
