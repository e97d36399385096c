"""Reader: one article with every named entity highlighted, and its entities."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from analysis.highlight import (
    entity_sentences,
    highlight_html,
    legend_html,
    markdown_escape,
    safe_link,
)
from analysis.tables import all_tables
from pages._corrections import add_controls, author_field, entity_controls, show_notice
from pages._find import DOSSIER_COLUMN, dossier_link, scroll_to_sentence, search_hits
from pages._shared import (
    MAX_TITLES,
    article_count,
    article_titles,
    article_with_analysis,
    csv_download,
    store_key,
    table_downloads,
)

key = store_key()
total = article_count(key)
if not total:
    st.info("The store has no articles yet.")
    st.stop()

requested = st.query_params.get("article")
words = st.text_input(
    "Find an article", key="reader_find", placeholder="words of its title"
).strip()
# the open article stays listed, unless the analyst is searching for another one
titles = article_titles(key, words, (requested,) if requested and not words else ())
if not titles:
    st.info("No article title contains these words.")
    st.stop()
article_id = st.selectbox(
    "Article",
    list(titles),
    index=list(titles).index(requested) if requested in titles else 0,
    format_func=lambda i: titles[i],
)
if article_id != requested:
    st.query_params["article"] = article_id
    for stale in ("q", "hit", "sentence"):  # a search's hits belonged to the other article
        st.query_params.pop(stale, None)
if len(titles) >= MAX_TITLES:
    st.caption(
        f"The first {MAX_TITLES} articles whose title has these words: add words to narrow."
        if words
        else f"The first {MAX_TITLES} of {total} articles: type words of a title to find others."
    )

loaded = article_with_analysis(article_id, key)
if loaded is None:
    st.error("This article has no stored analysis.")
    st.stop()
article, analysis = loaded
names = {e.entity_id: e.name for e in analysis.entities}

st.title(markdown_escape(article.title) or "Untitled article", anchor=False)
details = [article.source or "unknown source", article.published or "publication date unknown"]
st.caption(markdown_escape(" · ".join(details)))
if link := safe_link(article.url):
    st.markdown(f"[Original article]({link})")

type_counts = Counter(m.type for m in analysis.mentions)
text_column, panel_column = st.columns([2.2, 1], gap="large")

with panel_column:
    st.subheader("Entities")
    # a type a correction (or another article) brings in is shown until the analyst hides it
    known_types = st.session_state.get("types_known", sorted(type_counts))
    if "types" in st.session_state and set(known_types) != set(type_counts):
        st.session_state["types"] = [t for t in st.session_state["types"] if t in type_counts] + [
            t for t in sorted(type_counts) if t not in known_types
        ]
    st.session_state["types_known"] = sorted(type_counts)
    shown_types = st.multiselect(
        "Entity types", sorted(type_counts), default=sorted(type_counts), key="types"
    )
    entities = [e for e in analysis.entities if e.type in shown_types]
    options = [""] + [e.entity_id for e in entities]
    selected = st.selectbox(
        "Mark an entity",
        options,
        format_func=lambda i: "—" if not i else f"{names[i]} ({i.split(':')[0].upper()})",
        key="entity",
    )
    table = pd.DataFrame(
        {
            "entity": [e.name for e in entities],
            "type": [e.type for e in entities],
            "mentions": [e.mentions for e in entities],
            "aliases": ["; ".join(e.aliases) for e in entities],
            "country": [e.linked_country for e in entities],
            "dossier": [dossier_link(e.entity_id) for e in entities],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=320,
        column_config={"dossier": DOSSIER_COLUMN},
    )
    shown_ids = {e.entity_id for e in entities}

    def article_tables() -> dict:  # built when a download is clicked
        return all_tables([(article, analysis)])

    def shown_entity_rows():
        rows = article_tables()["entities"]
        return rows[rows["entity_id"].isin(shown_ids)]

    csv_download(
        shown_entity_rows,
        f"{article.article_id}-entities-shown.csv",
        key="reader_entities_csv",
        label="Download the entities shown (CSV)",
    )
    with st.expander("Tables of this article"):
        table_downloads(article_tables, f"{article.article_id}-", "article")

with text_column:
    st.html(legend_html({t: type_counts[t] for t in sorted(type_counts) if t in shown_types}))
    focus = st.query_params.get("sentence")
    focus_sentence = int(focus) if focus and focus.isdigit() else None
    hits = search_hits(article_id, key, focus_sentence)  # a search result's (pages/search.py)
    st.html(
        highlight_html(
            article.text,
            analysis.sentences,
            analysis.mentions,
            names,
            set(shown_types),
            selected or None,
            hits.sentence if hits.sentence is not None else focus_sentence,
            hits=hits.spans,
        )
    )
    scroll_to_sentence(hits.sentence if hits.sentence is not None else focus_sentence)

if selected:
    with panel_column:
        sentences = entity_sentences(analysis, selected)
        st.markdown(f"**{len(sentences)} sentence(s) naming {markdown_escape(names[selected])}**")
        st.markdown(f"[Open its dossier]({dossier_link(selected)})")
        st.html(
            highlight_html(
                article.text,
                sentences,
                [m for m in analysis.mentions if m.sentence in {s.index for s in sentences}],
                names,
                set(shown_types),
                selected,
                excerpt=True,
            )
        )

# the analyst's corrections (issue 3): stored with who/when, applied on every page
with panel_column:
    show_notice()
    with st.expander("Correct entities", expanded=bool(selected)):
        author_field()
        if selected:
            st.markdown(f"**{markdown_escape(names[selected])}**")
            entity_controls(
                next(e for e in analysis.entities if e.entity_id == selected),
                analysis.entities,
                "reader",
                "entity",
                article,
                analysis,
            )
        st.markdown("**Add a missed entity**")
        add_controls("reader", article, analysis)
