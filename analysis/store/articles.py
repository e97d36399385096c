"""The articles and their analyses (and the store's settings): the repository `Store` reads
and writes them with. Each change of an article moves its share of the corpus aggregates
(analysis.store.aggregates) in the same transaction, and bumps the store's revision."""

from __future__ import annotations

import json

from analysis.records import Analysis, Article
from analysis.store import aggregates
from analysis.store.engine import contains_pattern

# an Article's columns (not the search index's: PostgreSQL would send its tsvector along)
ARTICLE_COLUMNS = ", ".join(Article.field_names())
# metadata columns of `articles` an analyst may edit
EDITABLE = ("title", "source", "url", "published", "author")
# each article's number of rows per table: the counts of listings and of articles.csv
ROW_COUNTS = ", ".join(
    f"(SELECT COUNT(*) FROM rows_{name} r WHERE r.article_id = a.article_id) AS {name}"
    for name in ("entities", "quotes", "events")
)


class Articles:
    """Articles, analyses and settings (a part of Store: its `_rows`, `_transaction`,
    `_bump`)."""

    def has(self, article_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM articles WHERE article_id = ?", (article_id,)))

    def add(self, article: Article, analysis: Analysis, author: str = "") -> bool:
        """Store an article with its analysis in one transaction; False if already stored."""
        with self._transaction() as db:
            cursor = db.execute(
                """INSERT INTO articles
                       (article_id, title, source, url, published, text, file, added, author)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (article_id) DO NOTHING""",
                (
                    article.article_id,
                    article.title,
                    article.source,
                    article.url,
                    article.published,
                    article.text,
                    article.file,
                    article.added,
                    getattr(article, "author", "") or author,
                ),
            )
            if cursor.rowcount == 0:
                return False
            self._write_analysis(db, article, analysis)
            aggregates.apply(db, article.article_id, +1, aggregates.ARTICLE)
            self._bump(db)
        return True

    def save_analysis(self, article: Article, analysis: Analysis) -> None:
        with self._transaction() as db:
            self._write_analysis(db, article, analysis)
            self._bump(db)

    def _write_analysis(self, db, article: Article, analysis: Analysis) -> None:
        db.execute(
            """INSERT INTO analyses (article_id, pipeline_version, payload, words, entities,
                                     quotes, events, entity_names)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (article_id) DO UPDATE SET
                   pipeline_version = excluded.pipeline_version, payload = excluded.payload,
                   words = excluded.words, entities = excluded.entities,
                   quotes = excluded.quotes, events = excluded.events,
                   entity_names = excluded.entity_names, rows_ready = 0""",
            (
                article.article_id,
                analysis.pipeline_version,
                json.dumps(analysis.to_dict(), ensure_ascii=False),
                len(article.text.split()),
                len(analysis.entities),
                len(analysis.quotes),
                len(analysis.events),
                names_and_aliases(analysis.entities),
            ),
        )

    def update_metadata(self, article_id: str, **fields: str | None) -> bool:
        """Change an article's title, source, url, published or author; False if no such
        article. The caller recomputes the analysis when the change matters to it."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        if not fields:
            return self.has(article_id)
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._transaction() as db:
            # the aggregates that read the article's source or date move with the edit
            aggregates.apply(db, article_id, -1, aggregates.METADATA)
            cursor = db.execute(
                f"UPDATE articles SET {assignments} WHERE article_id = ?",
                (*fields.values(), article_id),
            )
            if cursor.rowcount == 0:
                return False
            aggregates.apply(db, article_id, +1, aggregates.METADATA)
            self._bump(db)
        return True

    def delete(self, article_id: str) -> None:
        with self._transaction() as db:
            aggregates.apply(db, article_id, -1, aggregates.EVERYTHING)
            db.execute("DELETE FROM analyses WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
            self._bump(db)

    # -- reads -----------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        rows = self._rows(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE article_id = ?", (article_id,)
        )
        return _article(rows[0]) if rows else None

    def articles(self) -> list[Article]:
        rows = self._rows(f"SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY added, article_id")
        return [_article(row) for row in rows]

    def author(self, article_id: str) -> str:
        rows = self._rows("SELECT author FROM articles WHERE article_id = ?", (article_id,))
        return rows[0][0] if rows else ""

    def article_count(self) -> int:
        return self._rows("SELECT COUNT(*) FROM articles")[0][0]

    def article_summaries(self) -> list[dict]:
        """One row per article for listings: metadata and counts, without the text. The
        counts are those of its stored rows (the analyst's corrections applied), as in
        articles.csv."""
        listing = self._rows(
            f"""SELECT a.article_id, a.title, a.source, a.url, a.published, a.file, {ROW_COUNTS},
                       a.added, a.author
                FROM articles a ORDER BY a.added, a.article_id"""
        )
        # read apart: looked up one by one, the words would be read from the analyses' rows
        words = {row[0]: row[1] for row in self._rows("SELECT article_id, words FROM analyses")}
        return [dict(row) | {"words": words.get(row[0], 0)} for row in listing]

    def search(self, query: str) -> list[str]:
        """Ids of the articles whose title, text or entity names contain `query` (any case)."""
        needle = query.strip().lower()
        if not needle:
            return [row[0] for row in self._rows("SELECT article_id FROM articles")]
        pattern = contains_pattern(needle)
        rows = self._rows(
            r"""SELECT a.article_id FROM articles a LEFT JOIN analyses n USING (article_id)
               WHERE LOWER(a.title) LIKE ? ESCAPE '\'
                  OR LOWER(a.text) LIKE ? ESCAPE '\'
                  OR LOWER(COALESCE(n.entity_names, '')) LIKE ? ESCAPE '\'
               ORDER BY a.added, a.article_id""",
            (pattern, pattern, pattern),
        )
        return [row[0] for row in rows]

    def analysis(self, article_id: str) -> Analysis | None:
        rows = self._rows("SELECT payload FROM analyses WHERE article_id = ?", (article_id,))
        return Analysis.from_dict(json.loads(rows[0]["payload"])) if rows else None

    def backlog(self, pipeline_version: str) -> int:
        """Articles whose analysis is missing or of another pipeline version, or whose rows
        are missing or older than their analysis."""
        return self._rows(  # every analysis has its article: count the complete ones
            """SELECT (SELECT COUNT(*) FROM articles) - (SELECT COUNT(*) FROM analyses
                      WHERE pipeline_version = ? AND rows_ready = 1)""",
            (pipeline_version,),
        )[0][0]

    def stale_ids(self, pipeline_version: str) -> list[str]:
        """Articles whose stored analysis is missing or from another pipeline version."""
        rows = self._rows(
            """SELECT a.article_id FROM articles a LEFT JOIN analyses n USING (article_id)
               WHERE n.pipeline_version IS NULL OR n.pipeline_version != ?
               ORDER BY a.added, a.article_id""",
            (pipeline_version,),
        )
        return [row[0] for row in rows]

    # -- settings ----------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_setting(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute(
                """INSERT INTO settings (key, value) VALUES (?, ?)
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value""",
                (key, value),
            )


def _article(row) -> Article:
    known = set(Article.field_names())
    return Article(**{key: row[key] for key in row.keys() if key in known})  # noqa: SIM118 - sqlite3.Row


def names_and_aliases(entities: list) -> str:
    """Entity names and aliases, one a line: what search over entity names reads."""
    names: list[str] = []
    for entity in entities:
        name = entity["name"] if isinstance(entity, dict) else entity.name
        aliases = entity.get("aliases", []) if isinstance(entity, dict) else entity.aliases
        names += [name, *aliases]
    return "\n".join(dict.fromkeys(n for n in names if n))
