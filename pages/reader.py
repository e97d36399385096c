"""Reader: one article with every named entity highlighted, and its entities."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from analysis.output.highlight import (
    entity_sentences,
    highlight_html,
    legend_html,
    markdown_escape,
    safe_link,
    table_html,
)
from pages._corrections import add_controls, author_field, entity_controls, show_notice
from pages._find import dossier_link, scroll_to_sentence, search_hits
from pages._shared import (
    MAX_TITLES,
    article_count,
    article_titles,
    article_with_analysis,
    csv_download,
    store_key,
    table_downloads,
)

PICKED = "reader_article"  # the picker's value
SHOWN = "reader_article_shown"  # the article the last run showed (the query parameter's)

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
# The picker keeps its own state (a key): rebuilt from the query parameter on every run,
# it would become a new widget whenever the parameter changed and lose the next pick. The
# parameter sets the pick only when it names another article than the one last shown (a
# link to the Reader, the browser's back button), or when the picker is new.
state = st.session_state
if requested in titles and (requested != state.get(SHOWN) or PICKED not in state):
    state[PICKED] = requested
elif state.get(PICKED) not in titles:
    state[PICKED] = next(iter(titles))
article_id = st.selectbox("Article", list(titles), format_func=lambda i: titles[i], key=PICKED)
state[SHOWN] = article_id
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
all_types = sorted(type_counts)
# The types shown and the entity marked are the values of the panel's widgets, read here so
# that the article's text, what an analyst opens the Reader for, is sent first.
# A type a correction (or another article) brings in is shown until the analyst hides it.
known_types = state.get("types_known", all_types)
if "types" in state and set(known_types) != set(type_counts):
    state["types"] = [t for t in state["types"] if t in type_counts] + [
        t for t in all_types if t not in known_types
    ]
state["types_known"] = all_types
shown_types = [t for t in state.get("types", all_types) if t in type_counts]
entities = [e for e in analysis.entities if e.type in shown_types]
options = [""] + [e.entity_id for e in entities]
if state.get("entity") not in options:  # another article, or a type hidden
    state["entity"] = ""
selected = state.get("entity", "")

text_column, panel_column = st.columns([2.2, 1], gap="large")
with text_column:
    st.html(legend_html({t: type_counts[t] for t in all_types if t in shown_types}))
    focus = st.query_params.get("sentence")
    focus_sentence = int(focus) if focus and focus.isdigit() else None
    hits = search_hits(article_id, key, focus_sentence)  # a search result's (pages/search.py)
    opened_at = hits.sentence if hits.sentence is not None else focus_sentence
    st.html(
        highlight_html(
            article.text,
            analysis.sentences,
            analysis.mentions,
            names,
            set(shown_types),
            selected or None,
            opened_at,
            hits=hits.spans,
        )
    )
    scroll_to_sentence(opened_at)

with panel_column:
    st.subheader("Entities")
    st.multiselect("Entity types", all_types, default=all_types, key="types")
    st.selectbox(
        "Mark an entity",
        options,
        format_func=lambda i: "—" if not i else f"{names[i]} ({i.split(':')[0].upper()})",
        key="entity",
    )
    # an HTML table (escaped): st.dataframe would load pandas and pyarrow for 50 rows
    st.html(
        table_html(
            ["entity", "type", "mentions", "aliases", "country", "dossier"],
            [(e.name, e.type, e.mentions, "; ".join(e.aliases), e.linked_country,
              ("open", dossier_link(e.entity_id))) for e in entities],
            numeric={"mentions"},
            links={"dossier"},
        )
    )  # fmt: skip
    shown_ids = {e.entity_id for e in entities}

    def article_tables() -> dict:  # built when a download is clicked
        from analysis.output.tables import all_tables

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
