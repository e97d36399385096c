"""Streamlit entry point: navigation over pages/ and the shared sidebar."""

import streamlit as st

from pages._shared import (
    article_count,
    articles_behind,
    corpus_tables,
    end_of_run,
    library,
    store_key,
    table_downloads,
)

st.set_page_config(
    page_title="News analyst dashboard", page_icon=":material/newspaper:", layout="wide"
)

PAGES = [
    # (file, title, icon, url path); the first is the home page
    ("pages/overview.py", "Overview", ":material/dashboard:", "overview"),
    ("pages/reader.py", "Reader", ":material/article:", "reader"),
    ("pages/entities.py", "Entities", ":material/hub:", "entities"),
    ("pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    ("pages/mentions.py", "Who mentions whom", ":material/forum:", "mentions"),
    ("pages/library.py", "Library", ":material/library_books:", "library"),
]
navigation = st.navigation(
    [
        st.Page(file, title=title, icon=icon, url_path=path, default=index == 0)
        for index, (file, title, icon, path) in enumerate(PAGES)
    ]
)

# the run's reads are of one revision of the store (pages/_shared.py: store_key)
with end_of_run():
    store, key = library(), store_key()
    with st.sidebar:
        st.caption(f"{article_count(key)} article(s) in the store · `{store.path}`")
        if pending := articles_behind(key):
            st.info(
                f"Bringing {pending} article(s) up to date with the current analysis pipeline: "
                "the pages show the stored results and update as articles finish.",
                icon=":material/sync:",
            )
        with st.expander("Download the corpus's tables"):
            table_downloads(corpus_tables, "", "corpus")

    navigation.run()
