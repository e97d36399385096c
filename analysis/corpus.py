"""The corpus as every view sees it: stored analyses with the analyst's corrections applied."""

from __future__ import annotations

from analysis import corrections as entity_corrections
from analysis.records import Analysis, Article
from analysis.store import Store


def load_corpus(
    store: Store, article_ids: list[str] | None = None
) -> list[tuple[Article, Analysis]]:
    """(article, corrected analysis) for the given ids (default: every article, store order)."""
    corrections = entity_corrections.load(store)
    ids = article_ids or [summary["article_id"] for summary in store.article_summaries()]
    corpus = []
    for article_id in ids:
        article, analysis = store.article(article_id), store.analysis(article_id)
        if article and analysis:
            corrected = entity_corrections.apply(analysis, corrections, article.text, article_id)
            corpus.append((article, corrected))
    return corpus
