"""Each article's rows of the per-article tables (analysis.output.tables: entities, mentions,
dates, events, quotes and the network's rows), with the analyst's corrections applied: the
repository the corpus views read and aggregate them from with indexes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.output.tables import ROW_TABLES, STORED_COLUMNS
from analysis.store import aggregates, search_index
from analysis.store.engine import contains_pattern, marks

if TYPE_CHECKING:  # imported by the reads that return DataFrames: listings start without it
    import pandas as pd


def _insert_sql(name: str) -> tuple[str, list[str]]:
    columns = [c for c in STORED_COLUMNS[name] if c != "article_id"]
    quoted = ", ".join(f'"{c}"' for c in columns)
    values = marks(["article_id", "seq", *columns])
    return f"INSERT INTO rows_{name} (article_id, seq, {quoted}) VALUES ({values})", columns


INSERTS = {name: _insert_sql(name) for name in ROW_TABLES}


class Rows:
    """The rows of the per-article tables (a part of Store)."""

    def replace_rows(self, article_id: str, rows: dict[str, list[dict]]) -> None:
        """An article's rows of every per-article table, replacing what it had."""
        with self._transaction() as db:
            if not db.execute(
                "SELECT 1 FROM analyses WHERE article_id = ?", (article_id,)
            ).fetchall():
                return  # deleted meanwhile
            aggregates.apply(db, article_id, -1, aggregates.ROWS)  # its old rows' share
            for name in ROW_TABLES:
                db.execute(f"DELETE FROM rows_{name} WHERE article_id = ?", (article_id,))
                sql, columns = INSERTS[name]
                for seq, row in enumerate(rows.get(name, [])):
                    db.execute(sql, (article_id, seq, *(row[c] for c in columns)))
            self._index_entity_names(db, article_id, rows.get("entities", []))
            aggregates.apply(db, article_id, +1, aggregates.ROWS)
            db.execute("UPDATE analyses SET rows_ready = 1 WHERE article_id = ?", (article_id,))
            self._bump(db)

    def _index_entity_names(self, db, article_id: str, entity_rows: list[dict]) -> None:
        """Full-text search finds an article by its entities' canonical names (corrections
        applied): the index follows this column (analysis.corpus.search)."""
        names = search_index.entity_names(entity_rows)
        db.execute(search_index.NAMES_UPDATE, (names, article_id, names))

    def ids_without_rows(self) -> list[str]:
        """Articles whose table rows are missing or older than their analysis."""
        rows = self._rows(
            """SELECT a.article_id FROM articles a JOIN analyses n USING (article_id)
               WHERE n.rows_ready = 0 ORDER BY a.added, a.article_id"""
        )
        return [row[0] for row in rows]

    def read_rows(self, name: str, article_ids: list[str] | None = None) -> pd.DataFrame:
        """The stored rows of one per-article table (or "articles"), in corpus order."""
        if name == "articles":
            sql = """SELECT a.article_id, a.title, a.source, a.url,
                            COALESCE(a.published, '') AS published, a.file, a.added,
                            COALESCE(n.words, 0) AS words
                     FROM articles a LEFT JOIN analyses n USING (article_id)"""
            order = " ORDER BY a.added, a.article_id"
            alias = "a"
        else:
            columns = ", ".join(f'r."{c}"' for c in STORED_COLUMNS[name])
            sql = f"SELECT {columns} FROM rows_{name} r JOIN articles a USING (article_id)"
            order = " ORDER BY a.added, a.article_id, r.seq"
            alias = "r"
        params: tuple = ()
        if article_ids is not None:
            sql += f" WHERE {alias}.article_id IN ({marks(article_ids)})"
            params = tuple(article_ids)
        rows = self._rows(sql + order, params)
        import pandas as pd

        return pd.DataFrame([tuple(row) for row in rows], columns=STORED_COLUMNS[name])

    def entity_forms(self) -> pd.DataFrame:
        """Per entity id, each (name, type, linked country) it carries in some article, with
        its mentions and articles there: about one row per distinct entity of the corpus
        (analysis.store.aggregates keeps it with each article's rows)."""
        return self.frame(  # the aggregate kept with each article's rows
            """SELECT entity_id, "name", "type", linked_country, mentions, articles
               FROM agg_entity_forms""",
            columns=["entity_id", "name", "type", "linked_country", "mentions", "articles"],
        )

    def ids_naming(self, entity_ids: list[str], texts: list[str]) -> list[str]:
        """Articles whose rows name any of these entity ids, or have a mention or a word
        sequence in their text equal to one of `texts` (to find what a correction touches)."""
        found: set[str] = set()
        if entity_ids:
            sql = (
                "SELECT DISTINCT article_id FROM rows_mentions "
                f"WHERE entity_id IN ({marks(entity_ids)})"
            )
            found |= {row[0] for row in self._rows(sql, tuple(entity_ids))}
        for text in texts:
            rows = self._rows(
                r"SELECT article_id FROM articles WHERE LOWER(text) LIKE ? ESCAPE '\'",
                (contains_pattern(text),),
            )
            found |= {row[0] for row in rows}
        return sorted(found)
