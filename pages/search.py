"""Search: ranked full-text search of the corpus with filters, highlighted snippets, a
Reader link per result at its matching sentence, and every result as CSV."""

from __future__ import annotations

import streamlit as st

from analysis.corpus import search
from analysis.ingest.library import article_sources
from analysis.output.highlight import markdown_escape, result_html, results_html
from pages._find import entity_index, entity_picker, reader_hit_link
from pages._shared import article_count, csv_download, library, page_picker, snapshot, store_key

SYNTAX = (
    'Words (all of them), "exact phrases", `OR` between two alternatives, `-word` or '
    '`-"phrase"` to leave out, `prefix*` for words beginning with it. Words match their '
    "forms (sanction finds sanctions); titles and the names of the articles' entities "
    "are searched too."
)


@st.cache_data(show_spinner=False, max_entries=64)
def results_page(key, query: str, filters: search.Filters, offset: int) -> search.Results:
    return search.search(snapshot(), query, filters, offset, search.PAGE_SIZE)


@st.cache_data(show_spinner=False)
def sources(key) -> list[str]:
    return article_sources(snapshot())


def follow_links() -> None:
    """A link (a batch search's, a dossier's) sets the query and entity it names once;
    after that the widgets keep what the analyst changes."""
    params = st.query_params
    link = (params.get("q", ""), params.get("entity", ""))
    if link != ("", "") and st.session_state.get("search_link") != link:
        st.session_state["search_link"] = link
        st.session_state["search_q"] = link[0]
        if link[1]:
            st.session_state["search_entities"] = [link[1]]


key = store_key()
if not article_count(key):
    st.info("The store has no articles yet.")
    st.stop()
follow_links()

st.title("Search")
query_text = st.text_input(
    "Search the articles",
    key="search_q",
    placeholder='e.g. "harbour authority" strike OR walkout -festival negotiat*',
    help=SYNTAX,
)
st.caption(SYNTAX)

with st.expander("Filters", expanded=bool(st.query_params.get("entity"))):
    source_column, since_column, until_column = st.columns([2, 1, 1])
    chosen_sources = source_column.multiselect(
        "Sources", sources(key), key="search_sources", placeholder="any"
    )
    since = since_column.date_input("Published from", value=None, key="search_since")
    until = until_column.date_input("Published until", value=None, key="search_until")
    entity_column, mode_column = st.columns([3, 1])
    with entity_column:
        chosen_entities = entity_picker(
            key, "Entities", "search_entities",
            "Articles naming these entities, by any of their names (the corrections apply).",
        )  # fmt: skip
    match_any = mode_column.radio(
        "Articles naming", ["all of them", "any of them"], key="search_entity_mode"
    )
    type_column, speaker_column = st.columns([1, 3])
    all_types = sorted({e.type for e in entity_index(key)[0]})
    chosen_types = type_column.multiselect(
        "Entity types", all_types, key="search_types", placeholder="any",
        help="Articles naming an entity of one of these types.",
    )  # fmt: skip
    with speaker_column:
        chosen_speakers = entity_picker(
            key, "Speakers", "search_speakers",
            "Articles quoting one of them (direct, indirect or 'according to'; not stances).",
        )  # fmt: skip

filters = search.Filters(
    sources=tuple(chosen_sources),
    since=since.isoformat() if since else "",
    until=until.isoformat() if until else "",
    entities=tuple((i,) for i in chosen_entities),
    any_entity=match_any == "any of them",
    types=tuple(chosen_types),
    speakers=tuple(chosen_speakers),
)
if st.query_params.get("q", "") != query_text:  # the URL says what is searched
    st.query_params["q"] = query_text
    if st.query_params.get("entity", "") not in chosen_entities:
        st.query_params.pop("entity", None)
    st.session_state["search_link"] = (query_text, st.query_params.get("entity", ""))

if not query_text.strip() and filters == search.Filters():
    st.info("Type words to search for, or choose a filter to list the articles it keeps.")
    st.stop()
try:
    first_page = results_page(key, query_text, filters, 0)
except search.QueryError as error:
    st.error(markdown_escape(str(error)), icon=":material/help:")
    st.stop()

total = first_page.total
shown_query = first_page.query.show()
if not total:
    st.warning("No article matches" + (f" {markdown_escape(shown_query)}." if shown_query else "."))
    st.stop()
first, showing = page_picker(total, search.PAGE_SIZE, "search_page")
results = first_page if first == 0 else results_page(key, query_text, filters, first)
order = "best first" if shown_query else "newest first"
st.caption(
    f"{total:,} article(s) match{' ' + markdown_escape(shown_query) if shown_query else ''}"
    f" · {order}" + (f" · {showing}" if showing else "")
)
st.html(
    results_html(
        [
            result_html(
                first + number,
                hit.title or "Untitled article",
                reader_hit_link(hit.article_id, query_text, hit.at),
                " · ".join([hit.source or "unknown source", hit.published or "undated"]),
                hit.snippet,
            )
            for number, hit in enumerate(results.hits, 1)
        ]
    )
)
csv_download(
    lambda: search.results_frame(library(), query_text, filters),
    "search-results.csv",
    key="search_csv",
    label=f"Download all {total:,} results (CSV)",
)
