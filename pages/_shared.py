"""What every page shares: the store and the NLP pipeline (once per process) and
cached reads keyed on the store's revision, so a rerun never recomputes analysis."""

from __future__ import annotations

import streamlit as st

from analysis.library import open_library
from analysis.nlp import load_pipeline
from analysis.records import Analysis, Article
from analysis.store import Store


@st.cache_resource(show_spinner="Loading the language model…")
def nlp_pipeline():
    return load_pipeline()


@st.cache_resource(show_spinner="Opening the article store…")
def library() -> Store:
    return open_library()


@st.cache_data(show_spinner=False)
def article_summaries(revision: int) -> list[dict]:
    return library().article_summaries()


@st.cache_data(show_spinner=False)
def article_with_analysis(article_id: str, revision: int) -> tuple[Article, Analysis] | None:
    store = library()
    article = store.article(article_id)
    analysis = store.analysis(article_id)
    return (article, analysis) if article and analysis else None
