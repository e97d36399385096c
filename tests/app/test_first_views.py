"""AppTest: after `refresh_defaults`, every page's first run (fresh caches, as after a
restart or on another replica) reads the kept corpus views and computes none."""

import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.corpus import refresh
from analysis.ingest.library import open_library
from analysis.store import views
from tests.conftest import ROOT


def test_every_page_reads_the_views_kept_for_it(generated_store):
    store = open_library(catch_up=False)
    refresh.refresh_defaults(store)
    store.close()
    st.cache_data.clear()
    st.cache_resource.clear()
    computed = views.computed.copy()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    pages = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("[!_]*.py"))
    assert len(pages) == 9
    for file in pages:
        at.switch_page(file).run()
        assert not at.exception, (file, at.exception)
        assert views.computed == computed, f"{file} computed {views.computed - computed}"
