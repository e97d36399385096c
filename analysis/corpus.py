"""The corpus as every view sees it: stored analyses with the analyst's corrections applied."""

from __future__ import annotations

import pandas as pd

from analysis import corrections as entity_corrections
from analysis.entities import MentionSite
from analysis.network import article_view_rows as network_view_rows
from analysis.records import Analysis, Article
from analysis.store import Store
from analysis.tables import STORED_COLUMNS, article_rows, corpus_tables
from analysis.timeline import event_view_rows


def load_corpus(
    store: Store, article_ids: list[str] | None = None
) -> list[tuple[Article, Analysis]]:
    """(article, corrected analysis) for the given ids (default: every article, store order).
    Parses every analysis: for views of a few articles; corpus views read `store_rows`."""
    corrections = entity_corrections.load(store)
    ids = article_ids or [summary["article_id"] for summary in store.article_summaries()]
    corpus = []
    for article_id in ids:
        article, analysis = store.article(article_id), store.analysis(article_id)
        if article and analysis:
            corrected = entity_corrections.apply(analysis, corrections, article.text, article_id)
            corpus.append((article, corrected))
    return corpus


def stored_rows(article: Article, analysis: Analysis) -> dict[str, list[dict]]:
    """Every row the store keeps for one (corrected) article: the per-article tables of the
    CSV schema and the rows the corpus views aggregate in SQL."""
    rows = article_rows(article, analysis)
    rows |= event_view_rows(rows)
    rows |= network_view_rows(rows)
    return rows


def store_rows(store: Store, article_ids: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The stored (corrected) rows of every per-article table, read with indexes."""
    return {name: store.read_rows(name, article_ids) for name in STORED_COLUMNS}


def store_tables(store: Store, article_ids: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the schema for the store (or some of its articles): what the app
    downloads and `python -m analysis export` writes, byte for byte."""
    return corpus_tables(store_rows(store, article_ids))


def mention_sites(
    store: Store, rows: dict[str, pd.DataFrame], entity_id: str, limit: int
) -> tuple[list[MentionSite], int]:
    """The first `limit` mentions of an entity across the corpus with their sentences (only
    those articles are read), and how many mentions it has in all."""
    mentions = rows["mentions"]
    mentions = mentions[mentions["entity_id"] == entity_id]
    titles = dict(zip(rows["articles"]["article_id"], rows["articles"]["title"], strict=True))
    sites, sentences = [], {}
    for row in mentions.head(limit).itertuples(index=False):
        if row.article_id not in sentences:
            analysis = store.analysis(row.article_id)
            sentences[row.article_id] = (
                {s.index: s.text for s in analysis.sentences} if analysis else {}
            )
        sites.append(
            MentionSite(
                article_id=row.article_id,
                title=titles.get(row.article_id, ""),
                sentence=int(row.sentence),
                sentence_text=sentences[row.article_id].get(int(row.sentence), ""),
                text=row.text,
                start=int(row.start),
                end=int(row.end),
            )
        )
    return sites, len(mentions)
