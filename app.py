"""Streamlit entry point: navigation over pages/ and the shared sidebar."""

import streamlit as st

from pages._shared import library

st.set_page_config(
    page_title="News analyst dashboard", page_icon=":material/newspaper:", layout="wide"
)

navigation = st.navigation(
    [
        st.Page(
            "pages/reader.py",
            title="Reader",
            icon=":material/article:",
            url_path="reader",
            default=True,
        ),
        st.Page(
            "pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview"
        ),
        st.Page("pages/entities.py", title="Entities", icon=":material/hub:", url_path="entities"),
        st.Page(
            "pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"
        ),
        st.Page(
            "pages/mentions.py",
            title="Who mentions whom",
            icon=":material/forum:",
            url_path="mentions",
        ),
        st.Page(
            "pages/library.py", title="Library", icon=":material/library_books:", url_path="library"
        ),
    ]
)

store = library()
with st.sidebar:
    st.caption(f"{len(store.article_summaries())} article(s) in the store · `{store.path}`")

navigation.run()
