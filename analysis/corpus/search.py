"""Full-text search over the store: the query language, the index each backend keeps, and
ranked results with highlighted snippets.

Query language (`parse_query`), what an analyst types:
    words            every word must occur (in the title, the text or the article's
                     entity names); words are matched on their stems ("sanction" finds
                     "sanctions")
    "exact phrase"   the words in this order
    a OR b           either (OR in capitals; binds closer than the implicit AND)
    -word -"phrase"  leave out articles containing it (NOT word does the same)
    prefix*          words beginning with it ("negotiat*"; at least 2 letters or digits)
Bad syntax raises QueryError with a message to show as it is; nothing else is raised.

The index, one per backend (its schema is in analysis.store.search_index, the queries below):
  - SQLite: an FTS5 table `search_fts` over title, text and `search_names` (porter
    stemmer, diacritics folded), ranked with bm25(), marked with snippet()/highlight();
    external content read through the view `search_content`, whose stable rowids are
    `search_documents.doc_id` (an `articles` rowid may change on VACUUM);
  - PostgreSQL: `articles.search_vector`, a tsvector generated from the same three
    columns (English configuration), with a GIN index; queried with
    websearch_to_tsquery (to_tsquery for prefixes), ranked with ts_rank, marked with
    ts_headline. A tsvector holds at most 1 MB, so it covers an article's first
    200,000 characters (far beyond a news article; SQLite has no such limit).
Both stay in step with every add, edit and delete inside the database (SQLite triggers,
a PostgreSQL generated column); `articles.search_names` (the canonical names of the
article's entities, the analyst's corrections applied) is written by the store with each
article's rows (`Store.replace_rows`), so re-analyses and corrections reach it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.output.highlight import HIT_END, HIT_START, mark, plain_marks, unmark
from analysis.quote_kinds import SPEECH_KINDS
from analysis.store.search_index import PG_INDEXED_CHARS

if TYPE_CHECKING:
    import pandas as pd

    from analysis.store import Store

ELLIPSIS = "…"
PAGE_SIZE = 20
SNIPPET_TOKENS = 32

# -- the query language --------------------------------------------------------------------


class QueryError(ValueError):
    """A query that cannot be read; the message says why and what to type instead."""


@dataclass(frozen=True)
class Term:
    kind: str  # word / phrase / prefix
    text: str

    def show(self) -> str:
        return {"phrase": f'"{self.text}"', "prefix": f"{self.text}*"}.get(self.kind, self.text)


@dataclass(frozen=True)
class Query:
    """All `groups` must match (a group: any of its terms), none of `excluded`."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.groups

    def show(self) -> str:
        """The query as it is read, in the syntax it was typed in."""
        parts = [" OR ".join(t.show() for t in group) for group in self.groups]
        return " ".join(parts + [f"-{t.show()}" for t in self.excluded])

    def terms(self) -> list[Term]:
        return [t for group in self.groups for t in group]


_OR = object()
MIN_PREFIX = 2


def _word(token: str) -> Term:
    if "*" in token.rstrip("*"):
        raise QueryError(f"“{token}”: a * goes at the end of a word, to search its beginning.")
    if token.endswith("*"):
        stem = token.rstrip("*")
        if len(stem) < MIN_PREFIX or not stem.isalnum():
            raise QueryError(
                f"“{token}”: a prefix search needs at least {MIN_PREFIX} letters or digits "
                "(and nothing else) before the *."
            )
        return Term("prefix", stem.lower())
    return Term("word", token)


def _lex(text: str) -> list[tuple[bool, object]]:
    """(excluded?, Term or _OR) in the order typed."""
    items: list[tuple[bool, object]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        excluded = False
        if text[i] == "-":
            if i + 1 >= n or text[i + 1].isspace():
                raise QueryError(
                    "A - leaves out the word or phrase right after it: write -word or "
                    '-"a phrase", without a space.'
                )
            excluded, i = True, i + 1
        if text[i] == '"':
            close = text.find('"', i + 1)
            if close < 0:
                raise QueryError('A quotation mark is not closed: end the phrase with ".')
            phrase = " ".join(text[i + 1 : close].split())
            if not any(ch.isalnum() for ch in phrase):
                raise QueryError('An empty phrase ("") finds nothing: put words between the marks.')
            if close + 1 < n and text[close + 1] == "*":
                raise QueryError("A * makes a prefix of one word (negotiat*), not of a phrase.")
            items.append((excluded, Term("phrase", phrase)))
            i = close + 1
            continue
        end = i
        while end < n and not text[end].isspace() and text[end] != '"':
            end += 1
        token, i = text[i:end], end
        if token == "OR" and not excluded:
            items.append((False, _OR))
        elif token == "AND" and not excluded:
            continue  # what two terms side by side mean anyway
        elif any(ch.isalnum() for ch in token) or "*" in token:
            items.append((excluded, _word(token)))
        elif not text.strip(" -&|!+,;.:'()[]{}"):  # punctuation alone: say so
            raise QueryError(f"“{text.strip()}” has no letters or digits to search for.")
        # else: punctuation between words ('a & b'), which the index does not hold either
    return items


def parse_query(text: str) -> Query:
    """The query typed (see the module docstring); an empty query has no groups (a
    search by filters alone). QueryError for anything that cannot be read."""
    items = _lex(text or "")
    # NOT before a term is the same as a minus
    merged: list[tuple[bool, object]] = []
    negate_next = False
    for excluded, item in items:
        if isinstance(item, Term) and item.kind == "word" and item.text == "NOT":
            if negate_next:
                raise QueryError("NOT NOT: write the word to leave out once, after one NOT.")
            negate_next = True
            continue
        if negate_next:
            if item is _OR:
                raise QueryError("NOT must be followed by the word or phrase to leave out.")
            excluded, negate_next = True, False
        merged.append((excluded, item))
    if negate_next:
        raise QueryError("NOT must be followed by the word or phrase to leave out.")
    groups: list[list[Term]] = []
    excluded_terms: list[Term] = []
    joining, last_excluded = False, False
    for excluded, item in merged:
        if item is _OR:
            if not groups or joining or last_excluded:
                raise QueryError('OR goes between two words or phrases: a OR b, "a b" OR c.')
            joining = True
            continue
        if excluded:
            if joining:
                raise QueryError("OR cannot offer a left-out term (-word): move it apart.")
            excluded_terms.append(item)
        elif joining:
            groups[-1].append(item)
        else:
            groups.append([item])
        joining, last_excluded = False, excluded
    if joining:
        raise QueryError("OR needs a word or phrase after it.")
    if excluded_terms and not groups:
        raise QueryError("Say what to find as well: a query cannot only leave words out (-word).")
    unique_groups = dict.fromkeys(tuple(dict.fromkeys(g)) for g in groups)
    return Query(tuple(unique_groups), tuple(dict.fromkeys(excluded_terms)))


def _truncations(prefix: str) -> list[str]:
    """The prefix less one or two characters, as whole index terms: the index holds word
    stems, and a stem may be shorter than the prefix typed ("negotiat*": "negotiations"
    is indexed as "negoti")."""
    return [prefix[:-cut] for cut in (1, 2) if len(prefix) - cut >= 4]


# -- the query, per backend ---------------------------------------------------------------


def fts5_expression(query: Query) -> str:
    """The FTS5 MATCH expression of a query (every term a quoted string: nothing the
    analyst typed is read as FTS5 syntax)."""

    def string(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    def term(t: Term) -> str:
        if t.kind != "prefix":
            return string(t.text)
        return " OR ".join([string(t.text) + " *", *map(string, _truncations(t.text))])

    def group(terms) -> str:
        return "(" + " OR ".join(term(t) for t in terms) + ")"

    positive = " AND ".join(group(g) for g in query.groups)
    return "".join([f"({positive})", *(f" NOT {group([t])}" for t in query.excluded)])


def pg_tsquery(query: Query) -> tuple[str, list[str]]:
    """The tsquery of a query as an SQL expression and its parameters: words and phrases
    through websearch_to_tsquery, prefixes through to_tsquery (':*')."""
    params: list[str] = []

    def term(t: Term) -> str:
        if t.kind == "prefix":
            params.append(f"{t.text}:*")
            sql = "to_tsquery('english', ?)"
            if cut := _truncations(t.text):
                params.append(" | ".join(cut))
                sql = f"({sql} || to_tsquery('simple', ?))"
            return sql
        params.append(f'"{t.text}"' if t.kind == "phrase" else t.text)
        return "websearch_to_tsquery('english', ?)"

    groups = ["(" + " || ".join(term(t) for t in g) + ")" for g in query.groups]
    excluded = [f"!!{term(t)}" for t in query.excluded]
    return "(" + " && ".join(groups + excluded) + ")", params


# -- filters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What else a result must be: from one of `sources`; published within [since,
    until] (ISO days; an undated article is outside any range); naming the canonical
    entities of `entities` (each a group of ids, any of which will do: one entity, or
    every entity a name stands for), all groups or, with `any_entity`, any; naming an
    entity of one of `types`; holding a quote (speech) by one of `speakers` (entity ids)."""

    sources: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    entities: tuple[tuple[str, ...], ...] = ()
    any_entity: bool = False
    types: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()

    def where(self) -> tuple[list[str], list]:
        """SQL conditions on `articles a` (the same on both backends) and their parameters."""
        conditions: list[str] = []
        params: list = []

        def among(column: str, values) -> str:
            params.extend(values)
            return f"{column} IN ({', '.join('?' for _ in values)})"

        if self.sources:
            conditions.append(among("a.source", self.sources))
        for bound, operator in ((self.since, ">="), (self.until, "<=")):
            if bound:
                conditions.append(f"COALESCE(a.published, '') <> '' AND a.published {operator} ?")
                params.append(bound)
        naming = "a.article_id IN (SELECT article_id FROM rows_entities WHERE {})"
        groups = [g for g in self.entities if g]
        if groups and self.any_entity:
            every = tuple(dict.fromkeys(i for g in groups for i in g))
            conditions.append(naming.format(among("entity_id", every)))
        else:
            conditions += [naming.format(among("entity_id", g)) for g in groups]
        if self.types:
            conditions.append(naming.format(among('"type"', self.types)))
        if self.speakers:
            quoted = among("speaker_entity_id", self.speakers)
            kinds = among("kind", SPEECH_KINDS)
            conditions.append(
                f"a.article_id IN (SELECT article_id FROM rows_quotes WHERE {quoted} AND {kinds})"
            )
        return conditions, params


def entities_named(store: Store, name: str) -> list:
    """The canonical entities (analysis.corpus.rows.corpus_entities, corrections applied) whose
    name or one of whose aliases is `name`, in any case: "Kim" finds Kim Jong Un when an
    article calls him so."""
    from analysis.corpus.rows import corpus_entities

    wanted = " ".join(name.split()).casefold()
    return [
        entity
        for entity in corpus_entities(store)
        if any(" ".join(n.split()).casefold() == wanted for n in (entity.name, *entity.aliases))
    ]


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One result: `title` and `snippet` carry HIT_START/HIT_END around the hits
    (analysis.output.highlight makes them HTML); `at` is the offset in the text of the
    snippet's first hit (None: the hits are in the title or entity names only)."""

    article_id: str
    title: str
    source: str
    published: str
    snippet: str
    score: float
    url: str = ""
    at: int | None = None


@dataclass(frozen=True)
class Results:
    query: Query
    total: int
    hits: list[Hit] = field(default_factory=list)


def search(
    store: Store,
    query: str | Query,
    filters: Filters = Filters(),
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> Results:
    """One page of results, best first (an empty query: newest first), and how many
    there are in all. QueryError for a query that cannot be read."""
    parsed = parse_query(query) if isinstance(query, str) else query
    backend = _backend(store)
    # one pass ranks the matches and counts them (a page past the end counts apart); a
    # query that finds nothing may be one the backend cannot search (checked then only)
    ranked = backend.ranked(parsed, filters, offset, limit)
    if not ranked:
        backend.check(parsed)
    total = ranked[0][2] if ranked else (backend.count(parsed, filters) if offset else 0)
    details = backend.details(parsed, [article_id for article_id, *_ in ranked])
    hits = [details[article_id] | {"score": score} for article_id, score, _ in ranked]
    return Results(parsed, total, [Hit(**_located(hit)) for hit in hits])


def matching_ids(store: Store, query: str | Query, filters: Filters = Filters()) -> list[str]:
    """Every article matching, best first."""
    parsed = parse_query(query) if isinstance(query, str) else query
    backend = _backend(store)
    backend.check(parsed)
    return [article_id for article_id, *_ in backend.ranked(parsed, filters, 0, None)]


def matching_subquery(
    store: Store, query: str | Query, filters: Filters = Filters()
) -> tuple[str, list]:
    """SQL selecting the ids of the articles matching (and its parameters), for an
    aggregate over them: `... WHERE article_id IN (<it>)`."""
    parsed = parse_query(query) if isinstance(query, str) else query
    backend = _backend(store)
    backend.check(parsed)
    source, params = backend._matching(parsed, filters)
    return f"SELECT a.article_id {source}", params


def hit_spans(store: Store, article_id: str, query: str | Query) -> list[tuple[int, int]]:
    """Where the query's hits are in an article's text ((start, end) offsets, in order):
    what the Reader marks. Empty when the text has none (the article matched by its
    title or entity names, or not at all)."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if parsed.empty:
        return []
    backend = _backend(store)
    backend.check(parsed)
    marked = backend.marked_text(parsed, article_id)
    if marked is None:
        return []
    plain, spans = unmark(marked)
    return backend.kept(parsed, spans, plain)


def mention_counts(store: Store, query: str | Query, article_ids: list[str]) -> dict[str, int]:
    """How many times the query's terms occur in each article's title and text."""
    parsed = parse_query(query) if isinstance(query, str) else query
    backend = _backend(store)
    backend.check(parsed)
    return backend.mention_counts(parsed, article_ids)


def _located(hit: dict) -> dict:
    """A hit with the offset in its text of its snippet's first hit (found by the text
    around it; None when the snippet has no hit or cannot be placed)."""
    text = hit.pop("text")
    snippet = hit["snippet"]
    first = snippet.find(HIT_START)
    if first < 0:
        return hit | {"at": None}
    before = snippet[:first].split(ELLIPSIS)[-1].replace(HIT_END, "")
    plain_fragment = unmark(snippet[first:].split(ELLIPSIS)[0])[0]
    found = text.find(before + plain_fragment[:40])
    return hit | {"at": found + len(before) if found >= 0 else None}


# -- per-backend SQL ----------------------------------------------------------------------


def _backend(store: Store) -> _Backend:
    return _PostgreSQL(store) if store.dialect == "postgresql" else _SQLite(store)


class _Backend:
    def __init__(self, store: Store):
        self.store = store

    def check(self, query: Query) -> None:
        """QueryError when the backend cannot search for the query."""

    def kept(self, query: Query, spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
        return spans

    def count(self, query: Query, filters: Filters) -> int:
        source, params = self._matching(query, filters)
        return int(self.store.query(f"SELECT COUNT(*) {source}", params)[0][0])

    def _newest(self, filters: Filters, offset: int, limit: int | None) -> list[tuple]:
        source, params = self._matching(Query(), filters)
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        rows = self.store.query(
            f"""SELECT a.article_id, COUNT(*) OVER () {source}
                ORDER BY COALESCE(a.published, '') DESC, a.article_id{page}""",
            params,
        )
        return [(row[0], 0.0, int(row[1])) for row in rows]

    def _unranked_details(self, article_ids: list[str]) -> dict[str, dict]:
        marks = ", ".join("?" for _ in article_ids)
        rows = self.store.query(
            f"""SELECT article_id, title, source, COALESCE(published, ''),
                       text, url
                FROM articles WHERE article_id IN ({marks})""",
            article_ids,
        )
        return {
            row[0]: {"article_id": row[0], "title": row[1], "source": row[2],
                     "published": row[3], "snippet": _opening(row[4]), "text": row[4],
                     "url": row[5]}
            for row in rows
        }  # fmt: skip


def _opening(text: str) -> str:
    """The first words of a text, for a result listed without a query."""
    words = text[:2000].split()
    more = f" {ELLIPSIS}" if len(words) > SNIPPET_TOKENS else ""
    return " ".join(words[:SNIPPET_TOKENS]) + more


class _SQLite(_Backend):
    """FTS5: MATCH, bm25 (title 5x, entity names 2x, text 1x), snippet(), highlight()."""

    RANK = "bm25(search_fts, 5.0, 1.0, 2.0)"

    def _matching(self, query: Query, filters: Filters) -> tuple[str, list]:
        conditions, params = filters.where()
        if query.empty:
            where = " AND ".join(conditions) or "1 = 1"
            return f"FROM articles a WHERE {where}", params
        where = " AND ".join(["search_fts MATCH ?", *conditions])
        return (
            """FROM search_fts JOIN search_documents d ON d.doc_id = search_fts.rowid
               JOIN articles a ON a.article_id = d.article_id WHERE """
            + where,
            [fts5_expression(query), *params],
        )

    def ranked(self, query, filters, offset, limit):
        if query.empty:
            return self._newest(filters, offset, limit)
        source, params = self._matching(query, filters)
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        rows = self.store.query(
            # bm25() cannot run beside a window function: ranked first, then counted
            f"""WITH ranked AS MATERIALIZED (SELECT a.article_id, {self.RANK} AS score {source})
                SELECT article_id, score, COUNT(*) OVER () FROM ranked
                ORDER BY score, article_id{page}""",
            params,
        )
        return [(row[0], -float(row[1]), int(row[2])) for row in rows]  # bm25: lower is better

    def details(self, query, article_ids):
        if not article_ids:
            return {}
        if query.empty:
            return self._unranked_details(article_ids)
        marks = ", ".join("?" for _ in article_ids)
        rows = self.store.query(
            f"""SELECT d.article_id, highlight(search_fts, 0, ?, ?), a.source,
                       COALESCE(a.published, ''),
                       snippet(search_fts, 1, ?, ?, ?, {SNIPPET_TOKENS}),
                       snippet(search_fts, 2, ?, ?, ?, 8), a.text, a.url
                FROM search_fts JOIN search_documents d ON d.doc_id = search_fts.rowid
                JOIN articles a ON a.article_id = d.article_id
                WHERE search_fts MATCH ? AND d.article_id IN ({marks})""",
            [HIT_START, HIT_END, *[HIT_START, HIT_END, ELLIPSIS] * 2,
             fts5_expression(query), *article_ids],
        )  # fmt: skip
        return {row[0]: _detail(row) for row in rows}

    def marked_text(self, query, article_id):
        rows = self.store.query(
            """SELECT highlight(search_fts, 1, ?, ?) FROM search_fts
               WHERE search_fts MATCH ?
                 AND rowid = (SELECT doc_id FROM search_documents WHERE article_id = ?)""",
            (HIT_START, HIT_END, fts5_expression(query), article_id),
        )
        return rows[0][0] if rows else None

    def mention_counts(self, query, article_ids):
        """Marks counted in SQL: FTS5 marks a phrase's words as one hit."""
        counts: dict[str, int] = {}
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.store.query(
                f"""SELECT d.article_id,
                           length(highlight(search_fts, 0, ?, ''))
                             - length(replace(highlight(search_fts, 0, ?, ''), ?, ''))
                           + length(highlight(search_fts, 1, ?, ''))
                             - length(replace(highlight(search_fts, 1, ?, ''), ?, ''))
                    FROM search_fts JOIN search_documents d ON d.doc_id = search_fts.rowid
                    WHERE search_fts MATCH ? AND d.article_id IN ({marks})""",
                [*[HIT_START] * 6, fts5_expression(query), *chunk],
            )
            counts |= {row[0]: int(row[1]) for row in rows}
        return counts


class _PostgreSQL(_Backend):
    """tsvector: @@, ts_rank (normalised by document length), ts_headline."""

    # normalised by the text's size, read from its header: ts_rank's own normalisation
    # (1) counts every position of the vector, a quarter of the time of ranking 8,680 rows
    RANK = "ts_rank(a.search_vector, {expression}) / ln(2 + octet_length(a.text))"

    HEADLINE = f"StartSel={HIT_START}, StopSel={HIT_END}"
    SNIPPET = (
        f'{HEADLINE}, MaxFragments=2, MaxWords=20, MinWords=8, FragmentDelimiter=" {ELLIPSIS} "'
    )
    WHOLE = f"{HEADLINE}, HighlightAll=true"
    TEXT = f"left(a.text, {PG_INDEXED_CHARS})"

    def check(self, query):
        if query.empty:
            return
        expression, params = pg_tsquery(Query(query.groups))
        if not self.store.query(f"SELECT numnode({expression})", params)[0][0]:
            raise QueryError(
                "Only very common words (the, of, and …): PostgreSQL's index leaves them "
                "out. Add a word that says what the articles are about."
            )

    def _matching(self, query, filters):
        conditions, params = filters.where()
        if query.empty:
            return f"FROM articles a WHERE {' AND '.join(conditions) or '1 = 1'}", params
        # the tsquery written in place (not joined from a subquery): its functions are
        # immutable, so the planner folds it to a constant and estimates its matches
        expression, query_params = pg_tsquery(query)
        where = " AND ".join([f"a.search_vector @@ {expression}", *conditions])
        return f"FROM articles a WHERE {where}", [*query_params, *params]

    def ranked(self, query, filters, offset, limit):
        if query.empty:
            return self._newest(filters, offset, limit)
        source, params = self._matching(query, filters)
        expression, query_params = pg_tsquery(query)
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        rows = self.store.query(
            # ranked apart from the count: the window would hold every row's tsvector
            f"""WITH ranked AS MATERIALIZED (
                    SELECT a.article_id, {self.RANK.format(expression=expression)} AS score
                    {source})
                SELECT article_id, score, COUNT(*) OVER () FROM ranked
                ORDER BY score DESC, article_id{page}""",
            [*query_params, *params],
        )
        return [(row[0], float(row[1]), int(row[2])) for row in rows]

    def details(self, query, article_ids):
        """ts_headline parses the whole text it is given: it is given a window around
        the first place the query's first word seems to be (found in Python), and the
        whole text only when the window holds no hit."""
        if not article_ids:
            return {}
        if query.empty:
            return self._unranked_details(article_ids)
        marks = ", ".join("?" for _ in article_ids)
        rows = self.store.query(
            f"""SELECT article_id, title, source, COALESCE(published, ''), text, url,
                       search_names
                FROM articles WHERE article_id IN ({marks})""",
            article_ids,
        )
        probe = _probe(query)
        windows = [(row, _window(row[4], probe)) for row in rows]
        marked = self._headlines(
            query, [(row[0], row[1], window, row[6]) for row, window in windows]
        )
        whole = [
            (row[0], row[1], row[4][:PG_INDEXED_CHARS], row[6])
            for row, window in windows
            if HIT_START not in marked[row[0]][1] and len(window) < len(row[4])
        ]
        marked |= self._headlines(query, whole)
        return {
            row[0]: self._as_hits(query, _detail((row[0], marked[row[0]][0], row[2], row[3],
                                                  marked[row[0]][1], marked[row[0]][2],
                                                  row[4], row[5])))
            for row in rows
        }  # fmt: skip

    def _headlines(self, query: Query, documents: list[tuple]) -> dict[str, tuple[str, str, str]]:
        """id -> marked (title, snippet of the body, entity names) of (id, title, body,
        names) documents. The snippet marks any of the query's terms: a window (or a
        fragment) holding one term is not a 'cover' of an AND query, and ts_headline
        would mark nothing in it."""
        if not documents:
            return {}
        expression, params = pg_tsquery(Query((tuple(query.terms()),)))
        values = ", ".join("(?, ?, ?, ?)" for _ in documents)
        rows = self.store.query(
            f"""SELECT d.id, ts_headline('english', d.title, q.q, ?),
                       ts_headline('english', d.body, q.q, ?),
                       CASE WHEN d.names = '' THEN ''
                            ELSE ts_headline('english', d.names, q.q, ?) END
                FROM (VALUES {values}) AS d(id, title, body, names),
                     (SELECT {expression} AS q) q""",
            [self.WHOLE, self.SNIPPET, self.WHOLE, *[v for d in documents for v in d], *params],
        )
        return {row[0]: (row[1], row[2], row[3]) for row in rows}

    def _as_hits(self, query: Query, detail: dict) -> dict:
        """A result's title and snippet marked hit by hit (`_phrase_runs`)."""
        for name in ("title", "snippet"):
            plain, spans = unmark(detail[name])
            detail[name] = mark(plain, _phrase_runs(query, spans, plain))
        return detail

    def marked_text(self, query, article_id):
        expression, params = pg_tsquery(query)
        rows = self.store.query(
            f"""SELECT ts_headline('english', {self.TEXT}, q.q, ?)
                FROM articles a, (SELECT {expression} AS q) q
                WHERE a.article_id = ? AND a.search_vector @@ q.q""",
            [self.WHOLE, *params, article_id],
        )
        return rows[0][0] if rows else None

    def kept(self, query, spans, text):
        return _phrase_runs(query, spans, text)

    def mention_counts(self, query, article_ids):
        """ts_headline marks every word of a phrase wherever it is: runs counted here."""
        expression, params = pg_tsquery(query)
        counts: dict[str, int] = {}
        for start in range(0, len(article_ids), 200):
            chunk = article_ids[start : start + 200]
            marks = ", ".join("?" for _ in chunk)
            rows = self.store.query(
                f"""SELECT a.article_id, ts_headline('english', a.title, q.q, ?),
                           ts_headline('english', {self.TEXT}, q.q, ?)
                    FROM articles a, (SELECT {expression} AS q) q
                    WHERE a.article_id IN ({marks}) AND a.search_vector @@ q.q""",
                [self.WHOLE, self.WHOLE, *params, *chunk],
            )
            for article_id, *marked_columns in rows:
                counts[article_id] = 0
                for marked in marked_columns:
                    plain, spans = unmark(marked)
                    counts[article_id] += len(_phrase_runs(query, spans, plain))
        return counts


WINDOW_BEFORE, WINDOW_AFTER = 400, 800  # characters of text around a probable hit


def _probe(query: Query) -> str:
    """What the first hit of a query probably starts with, in lower case: the first
    word of its first term, less the ending a stem may lose ("sanctions": "sanctio")."""
    words = re.findall(r"\w+", query.groups[0][0].text.lower()) if query.groups else []
    if not words:
        return ""
    word = words[0]
    return word if len(word) <= 4 else word[: max(4, len(word) - 2)]


def _window(text: str, probe: str) -> str:
    """The part of a text around the first place `probe` starts a word (whole words; the
    whole text when it is not found or the text is short)."""
    if len(text) <= WINDOW_BEFORE + WINDOW_AFTER or not probe:
        return text
    found = re.search(rf"(?<!\w){re.escape(probe)}", text.lower())
    if found is None:
        return text
    start = max(0, found.start() - WINDOW_BEFORE)
    end = min(len(text), found.start() + WINDOW_AFTER)
    start = text.find(" ", start) + 1 if start else 0
    end = text.rfind(" ", 0, end) if end < len(text) else end
    return text[start:end]


def _detail(row) -> dict:
    """A result's fields from a details row (article_id, marked title, source, published,
    text snippet, names snippet, text): the names' snippet stands in for a text snippet
    without a hit (the article matched by the name of one of its entities)."""
    article_id, title, source, published, snippet, names, text, url = row
    if HIT_START not in snippet and HIT_START in (names or ""):
        marked = [line for line in names.splitlines() if HIT_START in line]
        snippet = "Names: " + "; ".join(marked[:5])
    return {"article_id": article_id, "title": title, "source": source,
            "published": published, "snippet": snippet, "text": text, "url": url}  # fmt: skip


# what may stand between two marked words of one hit: spaces, a hyphen or apostrophe, or a
# short lower-case word (a stop word of a phrase: 'Bank of England'); not a full stop
_HIT_GAP = re.compile(r"\s+|\s*[-'’]\s*|\s+[a-z]{1,4}\s+")


def _phrase_runs(query: Query, spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """PostgreSQL's marks as hits: words marked next to each other (apart by a space, a
    hyphen or a short word, such as a stop word inside a phrase) make one hit; when every
    term of the query is a phrase, a hit of fewer words than the shortest phrase (a word
    of the phrase on its own) is dropped."""
    runs: list[list[int]] = []  # [start, end, words]
    for start, end in spans:
        if runs and _HIT_GAP.fullmatch(text[runs[-1][1] : start]):
            runs[-1][1:] = [end, runs[-1][2] + 1]
        else:
            runs.append([start, end, 1])
    terms = query.terms()
    if terms and all(t.kind == "phrase" for t in terms):
        shortest = min(len(re.findall(r"\w+", t.text)) for t in terms)
        least = min(shortest, 2) if shortest > 1 else 1
        runs = [run for run in runs if run[2] >= least]
    return [(start, end) for start, end, _ in runs]


def results_frame(store: Store, query: str | Query, filters: Filters = Filters()) -> pd.DataFrame:
    """Every result as a table for CSV (best first): rank, title, source, published,
    article id, url and the snippet (hits between « and »)."""
    import pandas as pd

    parsed = parse_query(query) if isinstance(query, str) else query
    ids = matching_ids(store, parsed, filters)
    backend = _backend(store)
    rows = []
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        details = backend.details(parsed, chunk)
        rows += [
            {
                "rank": start + number + 1,
                "title": plain_marks(details[article_id]["title"], "", ""),
                "source": details[article_id]["source"],
                "published": details[article_id]["published"],
                "article_id": article_id,
                "url": details[article_id]["url"],
                "snippet": plain_marks(details[article_id]["snippet"]),
            }
            for number, article_id in enumerate(chunk)
        ]
    columns = ["rank", "title", "source", "published", "article_id", "url", "snippet"]
    return pd.DataFrame(rows, columns=columns)
