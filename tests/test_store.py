"""The article store: persistence, duplicates, pipeline versions, migrations."""

import sqlite3

from analysis.library import add_document, article_id_for, open_library, refresh_stale
from analysis.ingest import Document
from analysis.pipeline import PIPELINE_VERSION
from analysis.store import MIGRATIONS, Store

TEXT = "Angela Merkel met Emmanuel Macron in Paris on Monday."


def test_first_start_loads_the_seed_and_restarts_lose_nothing(data_dir):
    store = open_library()
    seeded = store.article_summaries()
    assert len(seeded) == 1 and seeded[0]["published"] == "2024-10-08"
    add_document(store, Document(TEXT, "merkel.txt", title="Merkel in Paris"))
    store.close()
    again = open_library()
    assert len(again.article_summaries()) == 2  # the seed is not loaded a second time
    assert again.analysis(article_id_for(TEXT)).entities


def test_same_text_with_other_whitespace_is_not_stored_twice(tmp_path):
    store = Store(tmp_path / "a.sqlite")
    assert add_document(store, Document(TEXT, "a.txt"))[0] is True
    respaced = "  " + TEXT.replace(" ", "  \n") + "\n"
    assert add_document(store, Document(respaced, "b.txt"))[0] is False
    assert len(store.articles()) == 1


def test_analysis_from_another_pipeline_version_is_recomputed(tmp_path):
    store = Store(tmp_path / "a.sqlite")
    _, article_id = add_document(store, Document(TEXT, "a.txt"))
    article = store.article(article_id)
    old = store.analysis(article_id)
    old.pipeline_version = "old"
    store.save_analysis(article, old)
    assert store.stale_ids(PIPELINE_VERSION) == [article_id]
    assert refresh_stale(store) == 1
    assert store.analysis(article_id).pipeline_version == PIPELINE_VERSION


def test_revision_changes_with_every_write(tmp_path):
    store = Store(tmp_path / "a.sqlite")
    before = store.revision()
    _, article_id = add_document(store, Document(TEXT, "a.txt"))
    assert store.revision() > before
    middle = store.revision()
    store.delete(article_id)
    assert store.revision() > middle and store.articles() == []


def test_schema_is_versioned_and_wal(tmp_path):
    store = Store(tmp_path / "a.sqlite")
    assert store.schema_version == len(MIGRATIONS)
    mode = sqlite3.connect(tmp_path / "a.sqlite").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
