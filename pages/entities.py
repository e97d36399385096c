"""Entities: every canonical entity of the corpus, where it is mentioned, and corrections."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import plotly.express as px
import streamlit as st

from analysis.corpus.entities import CorpusEntity
from analysis.corpus.rows import corpus_entities, corpus_link_candidates, entity_rows, mention_sites
from analysis.output.highlight import TYPE_COLOURS, markdown_escape
from analysis.records import Entity
from pages._corrections import (
    add_controls,
    author_field,
    confirm_merge_button,
    corrections_log,
    entity_controls,
    show_notice,
)
from pages._find import DOSSIER_COLUMN, dossier_link
from pages._shared import (
    article_count,
    corpus_view,
    corrections,
    csv_download,
    library,
    page_picker,
    snapshot,
    store_key,
)

TOP_N = 15
PAGE_SIZE = 250  # entities listed at once (and offered to open): long lists are paginated
MAX_SITES = 300  # mentions listed with their sentence (each needs its article read)


@corpus_view()
def corpus_entity_list(key) -> tuple[list[CorpusEntity], dict[str, list[str]]]:
    """The corpus's entities (aggregated in SQL) and link candidates: computed once per
    change of the store."""
    store = snapshot()
    return corpus_entities(store), corpus_link_candidates(store)


key = store_key()
articles = article_count(key)
if not articles:
    st.info("The store has no articles yet.")
    st.stop()

entities, candidates = corpus_entity_list(key)
by_id = {e.entity_id: e for e in entities}


def as_entity(entity: CorpusEntity) -> Entity:
    return Entity(
        entity.entity_id,
        entity.name,
        entity.type,
        entity.mentions,
        list(entity.aliases),
        entity.linked_country,
    )


def matches(entity: CorpusEntity, query: str) -> bool:
    needle = query.strip().casefold()
    return not needle or any(needle in n.casefold() for n in [entity.name, *entity.aliases])


def reader_link(article_id: str, sentence: int) -> str:
    return "/reader?" + urlencode({"article": article_id, "sentence": sentence})


st.title("Entities")
st.caption(
    f"{len(entities)} entities in {articles} article(s) · the same name is one entity "
    "in every article · corrections apply to every page, chart and CSV"
)
show_notice()

search_column, type_column = st.columns([2, 1])
query = search_column.text_input("Search names and aliases", key="entity_search")
all_types = sorted({e.type for e in entities})
# a type that appears (a correction, a new article) is shown until the analyst hides it
known = st.session_state.get("entity_types_known", all_types)
if "entity_types" in st.session_state and set(all_types) != set(known):
    kept = [t for t in st.session_state["entity_types"] if t in all_types]
    st.session_state["entity_types"] = kept + [t for t in all_types if t not in known]
st.session_state["entity_types_known"] = all_types
shown_types = type_column.multiselect(
    "Types",
    all_types,
    default=None if "entity_types" in st.session_state else all_types,
    key="entity_types",
)
shown = [e for e in entities if e.type in shown_types and matches(e, query)]

table_column, chart_column = st.columns([1.4, 1], gap="large")
with table_column:
    first, showing = page_picker(len(shown), PAGE_SIZE, "entity_page")
    on_page = shown[first : first + PAGE_SIZE]
    if showing:
        st.caption(f"{len(shown)} entities, most mentioned first · {showing}")
    st.dataframe(
        pd.DataFrame(
            {
                "entity": [e.name for e in on_page],
                "type": [e.type for e in on_page],
                "articles": [e.articles for e in on_page],
                "mentions": [e.mentions for e in on_page],
                "aliases": ["; ".join(e.aliases) for e in on_page],
                "country": [e.linked_country for e in on_page],
                "id": [e.entity_id for e in on_page],
                "dossier": [dossier_link(e.entity_id) for e in on_page],
            }
        ),
        hide_index=True,
        width="stretch",
        height=420,
        key="entity_table",
        column_config={"dossier": DOSSIER_COLUMN},
    )
with chart_column:
    top = shown[:TOP_N]
    if top:
        chart = pd.DataFrame(
            {
                "entity": [e.name for e in top],
                "mentions": [e.mentions for e in top],
                "type": [e.type for e in top],
            }
        )
        figure = px.bar(
            chart,
            x="mentions",
            y="entity",
            color="type",
            orientation="h",
            color_discrete_map=TYPE_COLOURS,
            title=f"Most mentioned ({len(top)} of {len(shown)})",
        )
        figure.update_layout(
            yaxis={"categoryorder": "total ascending", "title": None},
            height=420,
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            legend_title_text="",
        )
        figure.update_traces(marker_line_color="#555", marker_line_width=0.5)
        st.plotly_chart(figure, key="top_entities", width="stretch")

shown_ids = {e.entity_id for e in shown}
left, right = st.columns(2)
with left:
    csv_download(lambda: entity_rows(library(), "entities", shown_ids), "entities.csv",
                 key="entities_csv", label="Entities shown (CSV, one row per article)")  # fmt: skip
with right:
    csv_download(lambda: entity_rows(library(), "mentions", shown_ids), "mentions.csv",
                 key="mentions_csv", label="Their mentions (CSV)")  # fmt: skip

if candidates:
    st.subheader("Short names that may be someone named in full elsewhere")
    st.caption(
        "Never merged automatically. Open the short name below to confirm a link "
        "(offered when the corpus has exactly one candidate) or merge it by hand."
    )
    candidate_table = pd.DataFrame(
        {
            "short name": [by_id[s].name for s in candidates],
            "type": [by_id[s].type for s in candidates],
            "articles": [by_id[s].articles for s in candidates],
            "could be": ["; ".join(by_id[c].name for c in cs) for cs in candidates.values()],
        }
    )
    st.dataframe(candidate_table, hide_index=True, width="stretch")
    csv_download(candidate_table, "link-candidates.csv", key="candidates_csv")

st.subheader("Open an entity")
author_field()
requested = st.query_params.get("entity")
if requested in by_id and "open_entity" not in st.session_state:
    st.session_state["open_entity"] = requested
options = [""] + [e.entity_id for e in on_page]  # those of the table's page
current = st.session_state.get("open_entity")
if current and current in by_id and current not in options:
    options.append(current)  # keep what is open when a filter hides it
if current and current not in by_id:
    st.session_state["open_entity"] = ""
opened = st.selectbox(
    "Entity",
    options,
    format_func=lambda i: "—" if not i else f"{by_id[i].name} ({by_id[i].type})",
    key="open_entity",
    help="The entities of the table's page: search names and aliases above to find others.",
)

if opened:
    entity = by_id[opened]
    facts = [
        entity.type,
        f"{entity.mentions} mention(s) in {entity.articles} article(s)",
        "aliases: " + "; ".join(entity.aliases),
    ]
    if entity.linked_country:
        facts.append(f"country: {entity.linked_country}")
    st.subheader(markdown_escape(entity.name), anchor=False)
    st.caption(markdown_escape(" · ".join(facts)))
    st.markdown(f"[Open its dossier]({dossier_link(entity.entity_id)})")

    if opened in candidates:
        names = [by_id[c].name for c in candidates[opened]]
        st.warning(
            markdown_escape(f"“{entity.name}” may be: {', '.join(names)}.")
            + " It is kept apart until you decide."
        )
        if len(names) == 1:
            confirm_merge_button(as_entity(entity), as_entity(by_id[candidates[opened][0]]))

    sites, total = mention_sites(snapshot(), opened, MAX_SITES)
    if total > len(sites):
        st.caption(f"The first {len(sites)} of {total} mentions; the CSV below has them all.")
    st.dataframe(
        pd.DataFrame(
            {
                "article": [s.title for s in sites],
                "sentence": [s.sentence for s in sites],
                "text": [s.text for s in sites],
                "in context": [s.sentence_text for s in sites],
                "reader": [reader_link(s.article_id, s.sentence) for s in sites],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "reader": st.column_config.LinkColumn("Reader", display_text="open"),
        },
        key="entity_mentions",
    )
    csv_download(
        lambda: entity_rows(library(), "mentions", {opened}), "mentions-of-entity.csv",
        key="entity_mentions_csv", label="These mentions (CSV)",
    )  # fmt: skip

    with st.expander("Correct this entity", expanded=True):
        entity_controls(
            as_entity(entity), [as_entity(e) for e in entities], "entities", "open_entity"
        )

with st.expander("Add a missed entity (every article)"):
    add_controls("entities")

st.subheader("Corrections")
corrections_log("entities", corrections(key))
