"""What every page shares: the store and the NLP pipeline (once per process) and
cached reads keyed on the store's path and revision, so a rerun never recomputes
analysis and a write is seen at once."""

from __future__ import annotations

import gc
import runpy
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from analysis.access import Access, access_for
from analysis.background import Health, supervised
from analysis.corpus import corrections as entity_corrections
from analysis.corpus.refresh import keep_fresh
from analysis.extract.nlp import load_pipeline
from analysis.ingest.jobs import Supervisor
from analysis.ingest.library import article_titles as library_titles
from analysis.ingest.library import backlog, open_library, titles_matching
from analysis.output.export import ZIP_NAME, csv_bytes, zip_bytes
from analysis.output.tables import TABLE_NAMES
from analysis.records import Analysis, Article
from analysis.store import Store, default_location, is_database_url

if TYPE_CHECKING:  # pages that draw import pandas, plotly, networkx; the Reader's text not
    import pandas as pd

StoreKey = tuple[str, int]
MAX_TITLES = 200  # articles a list or filter offers at once; a title search finds the others


_frozen_modules = 0


def _freeze_new_modules() -> None:
    global _frozen_modules
    if len(sys.modules) != _frozen_modules:
        gc.freeze()
        _frozen_modules = len(sys.modules)


# Until app.py has called st.navigation once in a server process, Streamlit treats pages/
# as its legacy folder of stand-alone pages: the process's first run lists the folder's
# modules ("app, corrections, shared…") as navigation, and for a page's URL (/reader) runs
# that page alone, without app.py. .streamlit/config.toml hides that navigation; it is
# turned on again here for app.py's own (st.navigation ends the legacy mode), and a page
# run alone runs app.py in its place when it asks for its store key, before it shows
# anything (`_app_in_place_of_a_legacy_page`). Restarting the run instead (st.rerun) cost
# its first paint about 0.5 s. (AppTest runs every run in the legacy mode: its page runs
# go through app.py this way too, as the server's do.)
def _legacy_mode() -> bool:
    from streamlit.runtime.pages_manager import PagesManager

    return bool(PagesManager.uses_pages_directory)


if _legacy_mode():  # this import is in the process's first run
    st.set_option("client.showSidebarNavigation", True)


def _app_in_place_of_a_legacy_page() -> None:
    """In the process's first run, for a page's URL: run app.py (its sidebar, its
    navigation, and through it the page asked for), then end this run of the page alone."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if not _legacy_mode() or ctx is None:
        return
    PagesManager.uses_pages_directory = False
    runpy.run_path(ctx.main_script_path, run_name="__main__")
    st.stop()


# What is loaded by now (Streamlit, plotly: about half a million objects) lives as long as
# the server: keep it out of the garbage collector's full passes, which otherwise walk it
# all (50-100 ms) in whichever page run happens to trigger one (end_of_run does the same
# for what pages load later: pandas, networkx).
_freeze_new_modules()


@st.cache_resource(show_spinner="Loading the language model…")
def nlp_pipeline():
    """The spaCy pipeline of this process (analysis.extract.nlp keeps the same one for the
    analysis functions): pages call it before analysing, so its first load shows."""
    return load_pipeline()


@dataclass(frozen=True)
class Services:
    """The store of this process and its background work: the analysis worker's
    supervisor (uploads, re-analyses and catch-up run in a worker process, never in a page)
    and the views refresh thread; `health` keeps what failed for the sidebar."""

    store: Store
    supervisor: Supervisor
    health: Health


@st.cache_resource(show_spinner="Opening the article store…")
def _open_services(location: str) -> Services:
    """The store, open at once: articles of an older pipeline version (or without their
    rows) are brought up to date by the analysis worker while the pages show what is
    stored; a thread keeps the pages' first views computed (analysis.store.views)."""
    store = open_library(location, catch_up=False)
    health = Health()
    supervisor = Supervisor(store, location, health).start()
    # after each change (here or by another process), the views every page shows first
    # are computed once and kept in the store, before anyone asks for them
    supervised(health, "views", lambda: keep_fresh(store, health=health))
    return Services(store, supervisor, health)


def services() -> Services:
    """The services of this process: on DATABASE_URL (a team's PostgreSQL) or the SQLite
    file in the data folder."""
    location = default_location()
    if not is_database_url(location):
        location = str(Path(location).resolve())
    return _open_services(location)


def library() -> Store:
    """The store of this process."""
    return services().store


def access() -> Access:
    """Who is looking: a viewer or an editor (everyone edits when no login is configured)."""
    try:
        secrets = st.secrets.to_dict()
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        secrets = {}
    return access_for(secrets, st.user.to_dict())


def require_editor() -> Access:
    """The editor's access, or stop the page run with why (a viewer's session cannot
    change the store, whatever widget it sends)."""
    current = access()
    if not current.can_edit:
        st.error("Only editors can change the store: log in with an editor's account.")
        st.stop()
    return current


_run = threading.local()  # the pinned reads of the script run in this thread


def store_key() -> StoreKey:
    """Pin the store for the reads that follow in this script run, and return their cache
    key (the store and its revision): `snapshot()` then reads the store as it was here,
    whatever other sessions, the background threads or other processes write meanwhile, so
    that what a run caches and combines is of one revision (two reads of two revisions
    failed on ids that only one of them knew). app.py calls it for the sidebar and each
    page once at its top; the previous pin of the thread ends here, the last at the end of
    the run (`end_of_run`). (A page run alone, as the first run of a server runs it, runs
    app.py in its place here: pages call this before they show anything.)"""
    _app_in_place_of_a_legacy_page()
    _release_pin()
    pin = library().pinned()
    _run.store, _run.pin = pin.__enter__(), pin
    return str(_run.store.path), _run.store.revision()


def snapshot() -> Store:
    """What a script run reads: the store as of its `store_key()`; outside a run (a
    download built when clicked) the store itself. Writes go to `library()`."""
    return getattr(_run, "store", None) or library()


@contextmanager
def end_of_run() -> Iterator[None]:
    """Around a script run (app.py): its pinned reads end with it, and the modules it
    imported for the first time (pages import pandas, plotly, networkx when they draw) are
    kept out of the garbage collector's full passes, as those loaded at start are."""
    try:
        yield
    finally:
        _release_pin()
        _freeze_new_modules()


def _release_pin() -> None:
    pin = getattr(_run, "pin", None)
    _run.store = _run.pin = None
    if pin is not None:
        pin.__exit__(None, None, None)


@st.cache_data(show_spinner=False, max_entries=32)
def article_titles(key: StoreKey, words: str = "", also: tuple[str, ...] = ()) -> dict[str, str]:
    """What the Reader lists: the first MAX_TITLES articles whose title contains `words`
    (store order), and the articles `also`; read from an index."""
    return library_titles(snapshot(), words, MAX_TITLES, also)


@st.cache_data(show_spinner=False)
def articles_behind(key: StoreKey) -> int:
    """Articles the background catch-up has still to bring up to date (each it finishes
    changes the store's revision, so this is read again)."""
    return backlog(snapshot())


@st.cache_data(show_spinner=False)
def article_count(key: StoreKey) -> int:
    return snapshot().article_count()


@st.cache_data(show_spinner=False)
def article_with_analysis(article_id: str, key: StoreKey) -> tuple[Article, Analysis] | None:
    store = snapshot()
    article = store.article(article_id)
    analysis = store.analysis(article_id)
    if not (article and analysis):
        return None
    # the analyst's corrections apply on every read (issue 3)
    return article, entity_corrections.apply(analysis, corrections(key), article.text, article_id)


@st.cache_data(show_spinner=False)
def corrections(key: StoreKey) -> list[entity_corrections.Correction]:
    """Every correction of entities in the store (undone ones too), oldest first."""
    return entity_corrections.load(snapshot())


def corpus_view(max_entries: int = 2, show_spinner: bool | str = False):
    """Cache for what corpus views compute from the store (SQL aggregates, the figures
    drawn from them), keyed on the store revision and the filters: one shared object,
    never pickled or copied, so a rerun runs no query and costs no unpickling; old
    revisions are dropped. What it returns must not be changed in place."""
    return st.cache_resource(show_spinner=show_spinner, max_entries=max_entries)


def corpus_tables() -> dict[str, pd.DataFrame]:
    """The CSV schema's tables over the whole (corrected) corpus, read from the stored rows
    when a download is clicked (never cached: it is the whole corpus)."""
    from analysis.corpus.rows import store_tables

    return store_tables(library())


def csv_download(
    df: pd.DataFrame | Callable[[], pd.DataFrame],
    file_name: str,
    key: str,
    label: str = "Download CSV",
) -> None:
    """A download of exactly `df` (or what `df()` returns: a query run only on click); the
    CSV is built only when clicked, and clicking does not rerun the page."""
    st.download_button(
        label,
        data=lambda: csv_bytes(df() if callable(df) else df),
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )


def article_filter(container, titles: dict[str, str], key: str, help: str) -> list[str]:
    """The Articles filter of a corpus view: every article when there are at most
    MAX_TITLES, else those whose title contains the words typed above it (the first
    MAX_TITLES) and those chosen (ten thousand options would be sent on every run, and
    none could be found by scrolling)."""
    words = ""
    if len(titles) > MAX_TITLES:
        words = container.text_input(
            "Find articles by title",
            key=f"{key}_words",
            placeholder=f"{len(titles):,} articles: type words of a title",
        )
    found = titles_matching(titles, words, MAX_TITLES)
    if words.strip() and not found:
        container.caption("No article title contains these words.")
    elif len(found) == MAX_TITLES < len(titles):
        container.caption(f"The first {MAX_TITLES} articles matching: type words to narrow.")
    # what is chosen stays offered, whatever the words
    options = found | {i: titles[i] for i in st.session_state.get(key, []) if i in titles}
    return container.multiselect(
        "Articles",
        list(options),
        format_func=lambda i: options.get(i) or i,
        placeholder="All articles",
        key=key,
        help=help,
    )


def page_picker(count: int, size: int, key: str) -> tuple[int, str]:
    """The first row of the page the analyst picked of `count` rows, `size` a page (long
    lists are paginated), and what a caption says of it ("" when one page holds them all).
    The page box shows only when there is more than one page; a page past the end (a
    filter narrowed the list) becomes the last."""
    pages = max(1, -(-count // size))
    if pages == 1:
        return 0, ""
    if st.session_state.get(key, 1) > pages:
        st.session_state[key] = pages
    page = int(st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, key=key))
    first = (page - 1) * size
    return first, f"showing {first + 1}–{min(first + size, count)}"


def reader_link(article_id: str, sentence: int | None = None) -> str:
    """A relative link to the Reader at an article (and sentence)."""
    query = {"article": article_id} | ({"sentence": str(sentence)} if sentence is not None else {})
    return "reader?" + urlencode(query)


def table_downloads(build, prefix: str, key: str) -> None:
    """Every table of the schema and the zip of them all (with its README), built only
    when a button is clicked; `build()` returns the tables of the current selection."""
    st.download_button(
        "All tables (zip with a README of every column)",
        data=lambda: zip_bytes(build()),
        file_name=f"{prefix}{ZIP_NAME}",
        mime="application/zip",
        key=f"{key}_zip",
        on_click="ignore",
        icon=":material/folder_zip:",
        width="stretch",
    )
    for name in TABLE_NAMES:
        st.download_button(
            f"{name}.csv",
            data=lambda name=name: csv_bytes(build()[name]),
            file_name=f"{prefix}{name}.csv",
            mime="text/csv",
            key=f"{key}_{name}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )
