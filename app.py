"""Streamlit entry point: navigation over pages/ and the shared sidebar."""

import streamlit as st

from pages._shared import library

st.set_page_config(page_title="News analyst dashboard", page_icon="🗞️", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/reader.py", title="Reader", icon="📰", url_path="reader", default=True),
        st.Page("pages/entities.py", title="Entities", icon="🧩", url_path="entities"),
        st.Page("pages/timeline.py", title="Timeline", icon="🗓️", url_path="timeline"),
        st.Page("pages/library.py", title="Library", icon="📚", url_path="library"),
    ]
)

store = library()
with st.sidebar:
    st.caption(f"{len(store.article_summaries())} article(s) in the store · `{store.path}`")

navigation.run()
