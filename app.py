"""Streamlit entry point: navigation over pages/ and the shared sidebar."""

import time

import streamlit as st

from analysis.ingest.jobs import QUEUED, RUNNING, failures, queue_counts
from analysis.output.highlight import markdown_escape
from pages._shared import (
    access,
    article_count,
    articles_behind,
    corpus_tables,
    end_of_run,
    library,
    services,
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
    ("pages/search.py", "Search", ":material/search:", "search"),
    ("pages/batch.py", "Batch search", ":material/checklist:", "batch"),
    ("pages/dossier.py", "Entity dossier", ":material/badge:", "dossier"),
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


def who_is_looking() -> None:
    """Who is logged in and may do what; or that there is no login at all."""
    if not visitor.login:
        st.caption(
            "No login (local use): whoever opens this app can add, correct and delete "
            "articles. A team deployment configures a login: see docs/deploy.md."
        )
    elif visitor.logged_in:
        rights = (
            "editor: reads, uploads, corrects, deletes"
            if visitor.can_edit
            else ("viewer: reads and downloads")
        )
        st.caption(markdown_escape(f"Signed in as {visitor.signature} ({rights})"))
        st.button("Log out", on_click=st.logout, key="logout")


def background_state() -> None:
    """What the background work is doing, and what went wrong, as it is now."""
    queue = queue_counts(store)
    if queue[QUEUED] or queue[RUNNING]:
        st.info(
            f"Analysing uploads: {queue[RUNNING]} running, {queue[QUEUED]} queued.",
            icon=":material/hourglass_top:",
        )
    failed = len(failures(store))
    if pending := articles_behind(key) - failed:
        st.info(
            f"Bringing {pending} article(s) up to date with the current analysis pipeline: "
            "the pages show the stored results and update as articles finish.",
            icon=":material/sync:",
        )
    if failed:
        st.warning(
            f"{failed} article(s) could not be analysed with the current pipeline (the "
            "Library says why); they are tried again later.",
            icon=":material/error:",
        )
    worker = services().supervisor.status()
    if worker.restarting_in:
        st.warning(
            markdown_escape(f"{worker.last_death}. Restarting it in {worker.restarting_in:.0f} s."),
            icon=":material/restart_alt:",
        )
    for problem in services().health.problems():
        if problem.task == "worker" and worker.running:
            continue  # restarted since: the warning above (or nothing) tells the truth
        since = time.strftime("%H:%M", time.localtime(problem.since))
        st.warning(
            markdown_escape(
                f"Background {problem.task} failing since {since} ({problem.count}x): "
                f"{problem.reason}. Retrying."
            ),
            icon=":material/warning:",
        )


# the run's reads are of one revision of the store (pages/_shared.py: store_key)
with end_of_run():
    store, key = library(), store_key()
    visitor = access()
    if visitor.login and not visitor.logged_in:
        st.title("News analyst dashboard")
        st.write("This team's dashboard needs a login.")
        st.button("Log in", type="primary", on_click=st.login, key="login")
        st.stop()
    with st.sidebar:
        st.caption(f"{article_count(key)} article(s) in the store · `{store.path}`")
        who_is_looking()
        background_state()
        with st.expander("Download the corpus's tables"):
            table_downloads(corpus_tables, "", "corpus")

    navigation.run()
