"""Streamlit entry point: navigation over pages/ and the shared sidebar."""

import streamlit as st

from pages._shared import library

st.set_page_config(page_title="News analyst dashboard", page_icon="🗞️", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/reader.py", title="Reader", icon="📰", url_path="reader", default=True),
    ]
)

store = library()
with st.sidebar:
    st.caption(f"{len(store.article_summaries())} article(s) in the store · `{store.path}`")

navigation.run()
