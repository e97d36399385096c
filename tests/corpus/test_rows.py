"""The corpus views read: stored, corrected table rows, equal to what the records give."""

import pytest

from analysis.corpus import corrections as C
from analysis.corpus.rows import load_corpus, store_tables
from analysis.ingest.library import (
    add_document,
    materialise,
    open_library,
    save_correction,
    set_correction_undone,
    to_article,
)
from analysis.ingest.readers import Document
from analysis.output.export import csv_bytes
from analysis.output.tables import all_tables
from analysis.store import Store
from tests.conftest import analysed
from tests.store.test_core import location, postgres_url  # noqa: F401 - fixtures over both backends

KOREA = "Kim Jong Un spoke in Pyongyang. North Korea said Seoul was wrong, Kim added."
FRANCE = "Emmanuel Macron met Olaf Scholz in Paris on Monday. Macron said Europe must act."


def same_tables(store: Store) -> None:
    """The stored rows give byte for byte the tables the corrected records give."""
    from_rows = store_tables(store)
    from_records = all_tables(load_corpus(store))
    for name, table in from_records.items():
        assert csv_bytes(from_rows[name]) == csv_bytes(table), name


@pytest.fixture
def store(location):  # noqa: F811
    store = Store(location)
    for name, text in (("korea.txt", KOREA), ("france.txt", FRANCE)):
        add_document(store, Document(text, name, title=name, published="2024-03-06"))
    yield store
    store.close()


def test_added_articles_have_rows_equal_to_their_records(store):
    assert store.ids_without_rows() == []
    assert set(store_tables(store)["mentions"]["text"]) >= {"Kim Jong Un", "Macron", "Paris"}
    same_tables(store)


def test_a_correction_rewrites_only_the_articles_it_touches(store, monkeypatch):
    korea = next(s["article_id"] for s in store.article_summaries() if s["file"] == "korea.txt")
    analysis = store.analysis(korea)
    pyongyang = next(e for e in analysis.entities if e.name == "Pyongyang")
    north_korea = next(e for e in analysis.entities if e.name == "North Korea")
    rewritten = []
    original = store.replace_rows
    monkeypatch.setattr(
        store, "replace_rows", lambda aid, rows: (rewritten.append(aid), original(aid, rows))
    )
    correction_id = save_correction(store, C.merge(pyongyang, north_korea), "test", "now")
    assert rewritten == [korea]
    mentions = store_tables(store)["mentions"]
    assert set(mentions.loc[mentions["text"] == "Pyongyang", "name"]) == {"North Korea"}
    same_tables(store)

    rewritten.clear()
    set_correction_undone(store, correction_id)
    assert rewritten == [korea]
    mentions = store_tables(store)["mentions"]
    assert set(mentions.loc[mentions["text"] == "Pyongyang", "name"]) == {"Pyongyang"}
    same_tables(store)


def test_a_correction_by_text_touches_every_article_with_that_text(store):
    save_correction(store, C.add("Europe", "LOC", name="Europe"), "test", "now")
    same_tables(store)
    save_correction(store, C.reject(alias="Seoul"), "test", "now")
    mentions = store_tables(store)["mentions"]
    assert "Seoul" not in set(mentions["text"])
    same_tables(store)


def test_corrections_apply_to_articles_added_later(store):
    analysis = store.analysis(next(iter(store.ids_naming(["person:kim-jong-un"], []))))
    kim = next(e for e in analysis.entities if e.name == "Kim Jong Un")
    save_correction(store, C.rename(kim, "Kim Jong-un"), "test", "now")
    add_document(store, Document("Kim Jong Un inspected a factory.", "later.txt"))
    names = set(store_tables(store)["entities"]["name"])
    assert "Kim Jong-un" in names and "Kim Jong Un" not in names
    same_tables(store)


def test_rows_missing_after_a_crash_are_written_on_the_next_start(location):  # noqa: F811
    store = Store(location)
    text = "Angela Merkel visited Paris."
    article = to_article(Document(text, "merkel.txt"))
    store.add(article, analysed(text))  # as if the process died before writing the rows
    assert store.ids_without_rows() == [article.article_id]
    store.close()
    reopened = open_library(location)  # seeds, then writes what is missing
    assert reopened.ids_without_rows() == []
    assert "Angela Merkel" in set(store_tables(reopened)["mentions"]["name"])
    reopened.close()


def test_deleting_an_article_deletes_its_rows(store):
    korea = next(s["article_id"] for s in store.article_summaries() if s["file"] == "korea.txt")
    store.delete(korea)
    tables = store_tables(store)
    assert korea not in set(tables["mentions"]["article_id"])
    assert materialise(store) == 0
    same_tables(store)


def test_export_of_some_articles(store):
    france = next(s["article_id"] for s in store.article_summaries() if s["file"] == "france.txt")
    tables = store_tables(store, [france])
    assert set(tables["articles"]["article_id"]) == {france}
    assert set(tables["mentions"]["article_id"]) == {france}


@pytest.mark.parametrize("table", ["entities", "mentions"])
def test_entity_rows_are_the_tables_rows_of_those_entities(store, table):
    from analysis.corpus.rows import entity_rows

    wanted = {"person:kim-jong-un", "gpe:paris"}
    rows = store_tables(store)[table]
    expected = rows[rows["entity_id"].isin(wanted)].reset_index(drop=True)
    assert csv_bytes(entity_rows(store, table, wanted)) == csv_bytes(expected)
    assert set(entity_rows(store, table, wanted)["entity_id"]) == wanted
