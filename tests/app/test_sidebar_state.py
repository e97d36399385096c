"""The sidebar tells the truth about background work: articles being brought up to date
(until they are), articles that failed (with the reason in the Library), and background
tasks that fail."""

import time

from streamlit.testing.v1 import AppTest

from analysis.ingest import jobs
from analysis.ingest.library import add_document, article_id_for, backlog, open_library
from analysis.ingest.readers import Document
from analysis.store import DB_FILE, Store
from tests.conftest import ROOT, STORY


def sidebar_texts(at) -> list[str]:
    """The sidebar's notes, from a first run (AppTest keeps the sidebar of an app's first
    run only: each check opens the app anew, as a new visitor)."""
    assert at.sidebar.caption, "no sidebar in this run"
    return [e.value.replace("\\", "") for e in [*at.sidebar.info, *at.sidebar.warning]]


def stale_store(data_dir) -> Store:
    store = open_library(catch_up=False)  # seeded
    add_document(store, Document(STORY, "story.txt"))
    analysis = store.analysis(article_id_for(STORY))
    analysis.pipeline_version = "old"
    store.save_analysis(store.article(article_id_for(STORY)), analysis)
    return store


def app(data_dir) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_sidebar_counts_articles_behind_until_the_worker_has_caught_up(data_dir):
    store = stale_store(data_dir)
    at = app(data_dir)
    assert any(t.startswith("Bringing 1 article(s) up to date") for t in sidebar_texts(at))
    deadline = time.monotonic() + 240
    while backlog(store):
        assert time.monotonic() < deadline, "the worker did not catch up"
        time.sleep(0.3)
    assert not any(t.startswith("Bringing") for t in sidebar_texts(app(data_dir)))
    store.close()


def test_a_failed_article_is_counted_apart_and_the_library_says_why(data_dir):
    store = stale_store(data_dir)
    jobs.record_failure(store, article_id_for(STORY), KeyError("speaker"))  # retried later
    at = app(data_dir)
    texts = sidebar_texts(at)
    assert any(t.startswith("1 article(s) could not be analysed") for t in texts)
    assert not any(t.startswith("Bringing") for t in texts)  # nothing is being done about it
    at.switch_page("pages/library.py").run()
    at.selectbox(key="manage").set_value(article_id_for(STORY)).run()
    (error,) = [e.value.replace("\\", "") for e in at.error]
    assert error.startswith("The analysis with the current pipeline failed: KeyError: 'speaker'")
    store.close()


def test_a_failing_background_task_is_shown_until_it_recovers(data_dir):
    from pages._shared import _open_services

    assert not [t for t in sidebar_texts(app(data_dir)) if t.startswith("Background")]
    services = _open_services(str((data_dir / DB_FILE).resolve()))
    # a task of its own: the real ones report recovery as soon as they work again
    services.health.failed("refresh", ConnectionError("server closed the connection"))
    (warning,) = [t for t in sidebar_texts(app(data_dir)) if t.startswith("Background")]
    assert "refresh failing since" in warning
    assert warning.endswith("(1x): ConnectionError: server closed the connection. Retrying.")
    services.health.recovered("refresh")
    assert not [t for t in sidebar_texts(app(data_dir)) if t.startswith("Background")]
