"""The full-text index's schema, one migration per backend, and the one write the store
makes for it; analysis.corpus.search holds the query language and the queries.

SQLite: an FTS5 table `search_fts` over title, text and `search_names` (porter stemmer,
diacritics folded), external content read through the view `search_content`, kept in
step by triggers. PostgreSQL: `articles.search_vector`, a generated tsvector (English
configuration) over the same three columns with a GIN index; a tsvector holds at most
1 MB, so it covers an article's first PG_INDEXED_CHARS characters."""

PG_INDEXED_CHARS = 200_000

# SQLite: FTS5 with external content (no second copy of the texts), kept in step by
# triggers on `articles`; search_names filled from the stored entity rows of each article
_SQLITE_INDEX = """
ALTER TABLE articles ADD COLUMN search_names TEXT NOT NULL DEFAULT '';
UPDATE articles SET search_names = COALESCE((
    SELECT group_concat("name", char(10)) FROM (
        SELECT DISTINCT r."name" FROM rows_entities r WHERE r.article_id = articles.article_id)
), '');
CREATE TABLE search_documents (
    doc_id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE REFERENCES articles(article_id) ON DELETE CASCADE
);
INSERT INTO search_documents (article_id)
    SELECT article_id FROM articles ORDER BY added, article_id;
CREATE VIEW search_content AS
    SELECT d.doc_id, a.title, a.text, a.search_names
    FROM search_documents d JOIN articles a ON a.article_id = d.article_id;
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, text, search_names,
    content='search_content', content_rowid='doc_id',
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
CREATE TRIGGER search_article_added AFTER INSERT ON articles BEGIN
    INSERT INTO search_documents (article_id) VALUES (NEW.article_id);
    INSERT INTO search_fts (rowid, title, text, search_names)
        SELECT doc_id, NEW.title, NEW.text, NEW.search_names
        FROM search_documents WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER search_article_changed AFTER UPDATE OF title, text, search_names ON articles
BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, text, search_names)
        SELECT 'delete', doc_id, OLD.title, OLD.text, OLD.search_names
        FROM search_documents WHERE article_id = OLD.article_id;
    INSERT INTO search_fts (rowid, title, text, search_names)
        SELECT doc_id, NEW.title, NEW.text, NEW.search_names
        FROM search_documents WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER search_article_deleted BEFORE DELETE ON articles BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, text, search_names)
        SELECT 'delete', doc_id, OLD.title, OLD.text, OLD.search_names
        FROM search_documents WHERE article_id = OLD.article_id;
END;
CREATE INDEX rows_quotes_speaker ON rows_quotes(speaker_entity_id, kind, article_id);
"""
# PostgreSQL: a generated tsvector column (recomputed by every insert and update of the
# row) and its GIN index; weights rank the title (A) over entity names (B) over text (C).
# The vector is kept in the row (STORAGE MAIN; the update below writes every row so):
# out of line, ranking 8,000 matches read it through TOAST twice, 3x slower. Statistics
# of 1,000 lexemes let the planner estimate a word's matches (a filter's join follows).
_POSTGRESQL_INDEX = f"""
ALTER TABLE articles ADD COLUMN search_names TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A')
    || setweight(to_tsvector('english', search_names), 'B')
    || setweight(to_tsvector('english', left(text, {PG_INDEXED_CHARS})), 'C')
) STORED;
ALTER TABLE articles ALTER COLUMN search_vector SET STORAGE MAIN;
ALTER TABLE articles ALTER COLUMN search_vector SET STATISTICS 1000;
UPDATE articles a SET search_names = COALESCE((
    SELECT string_agg(DISTINCT r."name", E'\\n') FROM rows_entities r
    WHERE r.article_id = a.article_id), '');
CREATE INDEX articles_search ON articles USING GIN (search_vector);
CREATE INDEX rows_quotes_speaker ON rows_quotes(speaker_entity_id, kind, article_id);
ANALYZE articles;
"""
INDEX_MIGRATION = {"sqlite": _SQLITE_INDEX, "postgresql": _POSTGRESQL_INDEX}
# the one write the store makes for the index (same SQL on both backends): an article's
# canonical entity names, written with its rows; unchanged names rewrite nothing
NAMES_UPDATE = "UPDATE articles SET search_names = ? WHERE article_id = ? AND search_names <> ?"


def entity_names(entity_rows: list[dict]) -> str:
    """What `search_names` holds: the distinct canonical names of an article's entity rows
    (the analyst's corrections applied), one a line."""
    return "\n".join(dict.fromkeys(row["name"] for row in entity_rows if row.get("name")))
