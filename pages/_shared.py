"""What every page shares: the store and the NLP pipeline (once per process) and
cached reads keyed on the store's path and revision, so a rerun never recomputes
analysis and a write is seen at once."""

from __future__ import annotations

import streamlit as st

from analysis import corrections as entity_corrections
from analysis.library import open_library
from analysis.nlp import load_pipeline
from analysis.records import Analysis, Article
from analysis.store import DB_FILE, Store, data_dir

StoreKey = tuple[str, int]


@st.cache_resource(show_spinner="Loading the language model…")
def nlp_pipeline():
    return load_pipeline()


@st.cache_resource(show_spinner="Opening the article store…")
def _open_store(folder: str) -> Store:
    return open_library(f"{folder}/{DB_FILE}")


def library() -> Store:
    return _open_store(str(data_dir().resolve()))


def store_key() -> StoreKey:
    store = library()
    return str(store.path), store.revision()


@st.cache_data(show_spinner=False)
def article_summaries(key: StoreKey) -> list[dict]:
    return library().article_summaries()


@st.cache_data(show_spinner=False)
def article_with_analysis(article_id: str, key: StoreKey) -> tuple[Article, Analysis] | None:
    store = library()
    article = store.article(article_id)
    analysis = store.analysis(article_id)
    if not (article and analysis):
        return None
    # the analyst's corrections apply on every read (issue 3)
    return article, entity_corrections.apply(analysis, corrections(key), article.text, article_id)


@st.cache_data(show_spinner=False)
def corrections(key: StoreKey) -> list[entity_corrections.Correction]:
    """Every correction of entities in the store (undone ones too), oldest first."""
    return entity_corrections.load(library())


@st.cache_data(show_spinner=False)
def corpus(key: StoreKey) -> list[tuple[Article, Analysis]]:
    """Every article with its (corrected) analysis."""
    pairs = (article_with_analysis(s["article_id"], key) for s in article_summaries(key))
    return [pair for pair in pairs if pair is not None]
