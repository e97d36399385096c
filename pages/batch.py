"""Batch search: paste or upload a list of names or terms; for each, the articles and
mentions, first and last publication date, the entities named most beside it, and a
link to its results. The table downloads as CSV."""

from __future__ import annotations

import streamlit as st

from analysis.corpus import batch
from analysis.output.highlight import markdown_escape
from pages._find import search_link
from pages._shared import article_count, csv_download, snapshot, store_key

MAX_UPLOAD_BYTES = 1_000_000


@st.cache_data(show_spinner="Searching every term…", max_entries=8)
def run_batch(key, terms: tuple[str, ...], as_phrase: bool) -> list[batch.TermResult]:
    return batch.batch_search(snapshot(), list(terms), as_phrase)


def uploaded_text(upload) -> str | None:
    """An uploaded list as text, or None (and a message) when it cannot be read."""
    data = upload.getvalue()
    if len(data) > MAX_UPLOAD_BYTES:
        st.error(f"{markdown_escape(upload.name)} is over 1 MB: a list of names is far smaller.")
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    st.error(f"{markdown_escape(upload.name)} is not text: upload a .txt or .csv list.")
    return None


key = store_key()
if not article_count(key):
    st.info("The store has no articles yet.")
    st.stop()

st.title("Batch search")
st.caption(
    "Search a list of names or terms at once: one a line (a CSV's first column). Each "
    "is searched across every article; the table says where and when it appears."
)
paste_column, upload_column = st.columns([2, 1])
pasted = paste_column.text_area(
    "Names or terms, one a line", key="batch_text", height=180,
    placeholder="Kim Jong Un\nharbour authority\nsanction*",
)  # fmt: skip
upload = upload_column.file_uploader("…or upload a list", type=["txt", "csv"], key="batch_file")
mode = upload_column.radio(
    "Each line is",
    ["an exact name or phrase", 'a query (words, "phrases", OR, -word, prefix*)'],
    key="batch_mode",
)
terms = batch.terms_from_text(pasted)
if upload is not None and (uploaded := uploaded_text(upload)) is not None:
    is_csv = upload.name.lower().endswith(".csv")
    terms = list(dict.fromkeys(terms + batch.terms_from_text(uploaded, is_csv)))
if not terms:
    st.info("Paste names or terms above, or upload a list, to search them all.")
    st.stop()
if len(terms) > batch.MAX_TERMS:
    st.warning(f"{len(terms)} terms: the first {batch.MAX_TERMS} are searched.")
    terms = terms[: batch.MAX_TERMS]

results = run_batch(key, tuple(terms), mode.startswith("an exact"))
counts = batch.found_counts(results)
st.caption(
    f"{len(results)} term(s): {counts['found']} found, {counts['not found']} not found"
    + (
        f", {counts['unreadable']} could not be read (see 'problem')"
        if counts["unreadable"]
        else ""
    )
)
table = batch.results_frame(results)
shown = table.assign(results=[search_link(r.query) if not r.problem else "" for r in results])
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    column_order=[
        "term",
        "articles",
        "mentions",
        "first_published",
        "last_published",
        "top_cooccurring",
        "results",
        "problem",
    ],  # fmt: skip
    column_config={
        "results": st.column_config.LinkColumn("results", display_text="open the results"),
        "first_published": "first published",
        "last_published": "last published",
        "top_cooccurring": st.column_config.TextColumn(
            "named most beside it (articles)", width="large"
        ),
    },
    key="batch_table",
)
csv_download(table, "batch-search.csv", key="batch_csv", label="Download this table (CSV)")
