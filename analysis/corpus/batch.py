"""Batch search: a list of names or terms, one a line, each searched across the corpus
with what an analyst asks of it first: in how many articles, how many times, first and
last publication date, and the entities named most often beside it."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from analysis.corpus import search
from analysis.store import Store

MAX_TERMS = 500  # a longer list is cut, and the page says so
TOP_COOCCURRING = 5
COLUMNS = ["term", "searched_as", "articles", "mentions", "first_published", "last_published",
           "top_cooccurring", "problem"]  # fmt: skip


@dataclass(frozen=True)
class TermResult:
    """One line of the list. `cooccurring`: (entity id, name, articles naming both), most
    first; `problem`: why the line could not be searched (nothing else is then set)."""

    term: str
    query: str
    articles: int = 0
    mentions: int = 0
    first: str = ""
    last: str = ""
    cooccurring: list[tuple[str, str, int]] = field(default_factory=list)
    problem: str = ""


def terms_from_text(text: str, is_csv: bool = False) -> list[str]:
    """The terms of a pasted list or uploaded file: one a line (a CSV's first column),
    blank lines and repeats (any case) left out, in order."""
    terms: dict[str, str] = {}
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = csv.reader(io.StringIO(lines)) if is_csv else ([line] for line in lines.split("\n"))
    for row in rows:
        term = " ".join(row[0].split()) if row else ""
        if term and term.casefold() not in terms:
            terms[term.casefold()] = term
    return list(terms.values())


def term_query(term: str, as_phrase: bool) -> str:
    """What a line is searched as: an exact phrase (a name), or a query as typed."""
    return f'"{term.replace(chr(34), " ").strip()}"' if as_phrase else term


def batch_search(
    store: Store,
    terms: list[str],
    as_phrase: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[TermResult]:
    """Each term (at most MAX_TERMS) searched, in order."""
    from analysis.corpus.rows import corpus_entities

    names = {e.entity_id: e.name for e in corpus_entities(store)}
    results = []
    for number, term in enumerate(terms[:MAX_TERMS]):
        if progress:
            progress(number, min(len(terms), MAX_TERMS))
        results.append(_one_term(store, term, term_query(term, as_phrase), names))
    return results


def _one_term(store: Store, term: str, query: str, names: dict[str, str]) -> TermResult:
    try:
        subquery, params = search.matching_subquery(store, query)
    except search.QueryError as error:
        return TermResult(term, query, problem=str(error))
    count, first, last = store.query(
        f"""SELECT COUNT(*), MIN(NULLIF(published, '')), MAX(NULLIF(published, ''))
            FROM articles WHERE article_id IN ({subquery})""",
        params,
    )[0]
    if not count:
        return TermResult(term, query)
    ids = [row[0] for row in store.query(subquery, params)]
    mentions = sum(search.mention_counts(store, query, ids).values())
    own = {e.entity_id for e in search.entities_named(store, term)}
    rows = store.query(
        f"""SELECT entity_id, COUNT(DISTINCT article_id) AS n FROM rows_entities
            WHERE article_id IN ({subquery}) GROUP BY entity_id
            ORDER BY n DESC, entity_id LIMIT {TOP_COOCCURRING + len(own)}""",
        params,
    )
    cooccurring = [(row[0], names.get(row[0], row[0]), int(row[1])) for row in rows]
    cooccurring = [c for c in cooccurring if c[0] not in own][:TOP_COOCCURRING]
    return TermResult(term, query, int(count), mentions, first or "", last or "", cooccurring)


def results_frame(results: list[TermResult]) -> pd.DataFrame:
    """The batch as a table (CSV): one row per term; co-occurring entities as
    'name (articles)' joined by '; '."""
    rows = [
        {
            "term": r.term,
            "searched_as": r.query,
            "articles": r.articles,
            "mentions": r.mentions,
            "first_published": r.first,
            "last_published": r.last,
            "top_cooccurring": "; ".join(f"{name} ({n})" for _, name, n in r.cooccurring),
            "problem": r.problem,
        }
        for r in results
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def found_counts(results: list[TermResult]) -> Counter:
    """How many terms were found, not found, or could not be searched."""
    return Counter(
        "unreadable" if r.problem else ("found" if r.articles else "not found") for r in results
    )
