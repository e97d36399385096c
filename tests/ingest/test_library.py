"""The library: batches of documents, outcomes, metadata edits, re-analysis, workers, CLI.

Store-backed tests run on SQLite and PostgreSQL (the `location` fixture of test_store).
"""

import json
import subprocess
import sys

import pytest

from analysis.extract.pipeline import PIPELINE_VERSION, analyze
from analysis.ingest.library import (
    ADDED,
    PRESENT,
    REJECTED,
    Listing,
    add_documents,
    analyze_in_workers,
    article_id_for,
    article_sources,
    count_listed,
    edit_metadata,
    listed_articles,
    reanalyse,
    refresh_stale,
    titles_matching,
    with_text_warnings,
)
from analysis.ingest.readers import NOT_ENGLISH, Document, read_bytes
from analysis.output.tables import frame
from analysis.store import Store
from analysis.store.views import CODE_VERSION
from tests.conftest import ROOT
from tests.store.test_core import location  # noqa: F401 - the fixture over both backends

STORY = "Angela Merkel met Emmanuel Macron in Paris on Monday to discuss the budget."
OTHER = "Olaf Scholz met Giorgia Meloni in Rome on Tuesday, officials said."
GERMAN = (
    "Bundeskanzlerin Angela Merkel hat am Montag in Paris den französischen Präsidenten "
    "Emmanuel Macron getroffen. Die beiden sprachen über den Haushalt der Europäischen Union."
)


@pytest.fixture
def store(location):  # noqa: F811
    store = Store(location)
    yield store
    store.close()


def test_a_batch_reports_each_outcome_and_progress(store):
    steps = []
    outcomes = add_documents(
        store,
        [
            Document(STORY, "a.txt", published="2024-01-02"),
            Document(OTHER, "b.txt"),
            Document("  " + STORY.replace(" ", "\n"), "copy.txt"),
        ],
        progress=lambda done, total, what: steps.append((done, total, what)),
    )
    assert [(o.file, o.status) for o in outcomes] == [
        ("a.txt", ADDED),
        ("b.txt", ADDED),
        ("copy.txt", PRESENT),
    ]
    assert outcomes[2].detail == "same text as a.txt"
    assert outcomes[1].warnings == ["no publication date: the timeline cannot place it"]
    assert steps[0] == (0, 3, f"Analysing a.txt ({len(STORY.split())} words)")
    assert steps[-1] == (3, 3, "Done")
    again = add_documents(store, [Document(OTHER + "\n", "again.txt")])
    assert (again[0].status, again[0].detail) == (PRESENT, "same text already stored")


def test_a_document_that_breaks_the_analysis_is_rejected_alone(store, monkeypatch):
    import analysis.ingest.library as library

    real = library.analyze

    def fragile(text, published=None, title=None, **options):
        if "Scholz" in text:
            raise RuntimeError("boom")
        return real(text, published, title, **options)

    monkeypatch.setattr(library, "analyze", fragile)
    outcomes = add_documents(store, [Document(OTHER, "bad.txt"), Document(STORY, "good.txt")])
    assert [o.status for o in outcomes] == [REJECTED, ADDED]
    assert "analysis failed (RuntimeError: boom)" in outcomes[0].detail
    assert [s["file"] for s in store.article_summaries()] == ["good.txt"]


def test_changing_the_date_recomputes_the_analysis_and_the_source_does_not(store):
    add_documents(store, [Document(STORY, "a.txt")])
    article_id = article_id_for(STORY)
    assert edit_metadata(store, article_id, source="Wire", author="Jane Doe") is False
    assert (store.article(article_id).source, store.author(article_id)) == ("Wire", "Jane Doe")
    assert edit_metadata(store, article_id, published="2024-01-08") is True
    assert store.article(article_id).published == "2024-01-08"
    assert edit_metadata(store, article_id, published="2024-01-08") is False  # no change
    assert edit_metadata(store, article_id, published=None) is True  # date removed
    assert store.article(article_id).published is None
    with pytest.raises(KeyError):
        edit_metadata(store, "missing", title="x")


def test_reanalyse_replaces_an_outdated_analysis(store):
    add_documents(store, [Document(STORY, "a.txt")])
    article_id = article_id_for(STORY)
    old = store.analysis(article_id)
    old.pipeline_version, old.entities = "old", []
    store.save_analysis(store.article(article_id), old)
    assert reanalyse(store, article_id) is True
    assert store.analysis(article_id).pipeline_version == PIPELINE_VERSION
    assert store.analysis(article_id).entities
    assert reanalyse(store, "missing") is False


def test_non_english_text_is_analysed_and_keeps_its_warning(store):
    document = read_bytes("bericht.txt", GERMAN.encode("latin-1"))
    assert document.text == GERMAN and NOT_ENGLISH in document.warnings
    (outcome,) = add_documents(store, [document])
    assert outcome.status == ADDED and NOT_ENGLISH in outcome.warnings
    article_id = article_id_for(GERMAN)
    assert NOT_ENGLISH in store.analysis(article_id).warnings
    old = store.analysis(article_id)
    old.pipeline_version = "old"
    store.save_analysis(store.article(article_id), old)
    assert refresh_stale(store) == 1
    assert NOT_ENGLISH in store.analysis(article_id).warnings  # kept when recomputed


def test_a_hundred_thousand_word_article_is_analysed_with_progress(tmp_path):
    paragraph = (
        "Angela Merkel met Emmanuel Macron in Paris on Monday. The two leaders discussed "
        "the budget of the European Union, officials said after the meeting.\n\n"
    )
    data = (paragraph * (100_000 // len(paragraph.split()) + 1)).encode()
    document = read_bytes("long.txt", data)
    assert len(document.text.split()) >= 100_000
    store = Store(tmp_path / "a.sqlite")
    steps = []
    (outcome,) = add_documents(store, [document], lambda *step: steps.append(step))
    assert outcome.status == ADDED
    assert steps[0][2].startswith("Analysing long.txt (100,0") and steps[-1][:2] == (1, 1)
    summary = store.article_summaries()[0]
    assert summary["words"] >= 100_000 and summary["entities"] >= 3


def test_workers_give_the_same_analyses_in_the_same_order():
    texts = [STORY, OTHER, GERMAN, "Kim Jong Un met Vladimir Putin in Pyongyang."]
    documents = [(text, "2024-01-02", None) for text in texts]
    alone = list(analyze_in_workers(documents, workers=1))
    together = list(analyze_in_workers(documents, workers=2))
    assert [a.to_dict() for a in together] == [a.to_dict() for a in alone]
    expected = with_text_warnings(analyze(GERMAN, "2024-01-02"), GERMAN)
    assert alone[2].to_dict() == expected.to_dict() and NOT_ENGLISH in expected.warnings


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )


def test_cli_ingests_files_and_folders_with_progress_and_a_summary(tmp_path, monkeypatch):
    import os

    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    (folder / "a.meta.json").write_text(json.dumps({"published": "2024-01-02"}))
    (folder / "sub" / "b.md").write_text(f"# Rome\n\n{OTHER}", encoding="utf-8")
    (folder / "sub" / "copy.txt").write_text(STORY + "\n\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    loose = tmp_path / "german.txt"
    loose.write_bytes(GERMAN.encode("cp1252"))
    env = {**os.environ, "NEWSDASH_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    result = run_cli("ingest", str(folder), str(loose), "--workers", "2", env=env)
    assert result.returncode == 1  # one file was rejected
    lines = result.stderr.splitlines()
    assert lines[-1] == "3 added, 1 already present, 1 rejected"
    assert any(line.startswith("[") and "] 5/5 " in line for line in lines)
    assert any("rejected: empty.txt: the file has no text" in line for line in lines)
    assert any(f"german.txt: {NOT_ENGLISH}" in line for line in lines)
    store = Store(tmp_path / "data" / "articles.sqlite")
    stored = {s["file"]: s for s in store.article_summaries()}
    assert set(stored) == {"000_3a2b0fa7b6977883.txt", "a.txt", "b.md", "german.txt"}
    assert stored["a.txt"]["published"] == "2024-01-02" and stored["b.md"]["title"] == "Rome"
    # the views every page shows first are ready for the app
    assert "computed the corpus views the pages show first" in lines
    for part in ("figures", "lists"):
        assert store.kept_view(
            f"analysis.corpus.refresh.{part}", "", CODE_VERSION, store.revision()
        )
    again = run_cli("ingest", str(folder / "a.txt"), env=env)
    assert again.returncode == 0 and again.stderr.splitlines()[-1] == (
        "0 added, 1 already present, 0 rejected"
    )


# -- the Library's list in SQL ----------------------------------------------------------

LISTED = [  # file, source, published, text
    ("a.txt", "Wire", "2024-03-04", "Angela Merkel met Emmanuel Macron in Paris on Monday."),
    ("b.txt", "Daily", "", "Olaf Scholz spoke in Berlin. Scholz said Germany would help."),
    ("c.txt", "Wire", "2024-01-10", "Kim Jong Un visited Moscow."),
    ("d.txt", "", "2024-05-20", "Pedro Sanchez met Giorgia Meloni in Rome and Madrid."),
]


@pytest.fixture
def listed_store(location):  # noqa: F811
    from analysis.ingest.library import add_document

    store = Store(location)
    for n, (name, source, published, text) in enumerate(LISTED):
        add_document(store, Document(text, name, title=name, source=source,
                                     published=published or None))  # fmt: skip
        # added in this order (within one second, ties would go by id)
        store.write("UPDATE articles SET added = ? WHERE file = ?", (f"2024-06-0{n + 1}", name))
    yield store
    store.close()


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        (Listing(sort="added", ascending=True), ["a.txt", "b.txt", "c.txt", "d.txt"]),
        (Listing(), ["d.txt", "c.txt", "b.txt", "a.txt"]),  # newest added first
        (Listing(sort="published"), ["d.txt", "a.txt", "c.txt", "b.txt"]),  # undated last
        (Listing(sort="published", ascending=True), ["c.txt", "a.txt", "d.txt", "b.txt"]),
        (Listing(sort="title", ascending=True), ["a.txt", "b.txt", "c.txt", "d.txt"]),
        (Listing(sources=("Wire",), sort="added", ascending=True), ["a.txt", "c.txt"]),
        (Listing(since="2024-02-01", sort="added", ascending=True), ["a.txt", "d.txt"]),
        (Listing(until="2024-03-04", sort="added", ascending=True), ["a.txt", "c.txt"]),
        (Listing(undated=True), ["b.txt"]),
        (Listing(ids=()), []),  # a search that found nothing
    ],
)
def test_the_list_is_filtered_and_sorted_in_sql(listed_store, listing, expected):
    assert listed_articles(listed_store, listing)["file"].tolist() == expected
    assert count_listed(listed_store, listing) == len(expected)


def test_the_list_is_read_a_page_at_a_time_with_the_rows_counts(listed_store):
    from analysis.corpus.rows import store_tables

    listing = Listing(sort="added", ascending=True)
    page = listed_articles(listed_store, listing, offset=1, limit=2)
    assert page["file"].tolist() == ["b.txt", "c.txt"]
    articles = store_tables(listed_store)["articles"]  # what articles.csv says
    assert frame("articles", listed_articles(listed_store, listing)).equals(articles)
    found = tuple(listed_store.search("scholz"))
    assert listed_articles(listed_store, Listing(ids=found))["file"].tolist() == ["b.txt"]
    assert article_sources(listed_store) == ["Daily", "Wire"]
    with pytest.raises(ValueError):
        Listing(sort="text; DROP TABLE articles").order()


@pytest.mark.parametrize(
    ("words", "limit", "also", "expected"),
    [
        ("", None, (), ["a.txt", "b.txt", "c.txt", "d.txt"]),
        ("", 2, (), ["a.txt", "b.txt"]),
        ("C.TX", None, (), ["c.txt"]),  # any case
        ("%", None, (), []),  # LIKE's wildcards are searched as themselves
        ("", 1, ("d.txt",), ["a.txt", "d.txt"]),  # the open article stays listed
        ("nothing", None, (), []),
    ],
)
def test_the_readers_list_of_titles(listed_store, words, limit, also, expected):
    from analysis.ingest.library import article_titles

    ids = {s["file"]: s["article_id"] for s in listed_store.article_summaries()}
    titles = article_titles(listed_store, words, limit, tuple(ids[f] for f in also))
    assert list(titles.values()) == expected  # the titles are the file names here


TITLES = {"a": "Summit in Paris", "b": "Budget talks", "c": "Paris summit ends", "d": ""}


@pytest.mark.parametrize(
    ("words", "limit", "expected"),
    [
        ("", 10, ["a", "b", "c", "d"]),  # every one, in order
        ("PARIS", 10, ["a", "c"]),  # any case
        ("  summit ", 1, ["a"]),  # the first `limit`
        ("nothing", 5, []),
    ],
)
def test_titles_matching(words, limit, expected):
    found = titles_matching(TITLES, words, limit)
    assert list(found) == expected and all(found[i] == TITLES[i] for i in found)
