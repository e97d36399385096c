"""AppTest of the Library page: uploading, metadata, duplicates, bad input, search, edit,
re-analyse, delete (on a fresh store seeded with the seed article)."""

import datetime as dt
import logging
import sqlite3
import time
from contextlib import closing

import pytest
from streamlit.testing.v1 import AppTest

from analysis.ingest import readers as ingest
from analysis.ingest.library import article_id_for
from analysis.ingest.readers import NOT_ENGLISH
from analysis.store import DB_FILE, Store
from tests.conftest import PAGE, ROOT, STORY


@pytest.fixture
def app(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("pages/library.py").run()
    assert not at.exception, at.exception
    return at


def store(data_dir) -> Store:
    return Store(data_dir / DB_FILE)


def upload(at, *files):
    at.file_uploader[0].set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    )
    at.run()
    assert not at.exception, at.exception
    return at


def pending_jobs(data_dir) -> int:
    with closing(sqlite3.connect(data_dir / DB_FILE, timeout=30)) as db:
        return db.execute(
            "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')"
        ).fetchone()[0]


def reanalysis_jobs(data_dir) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(data_dir / DB_FILE, timeout=30)) as db:
        return db.execute("SELECT article_id, state FROM jobs WHERE kind = 'reanalyse'").fetchall()


def settle(at, data_dir, timeout: float = 240):
    """Run the page until the analysis worker has finished what it was given (it runs in
    a process of its own), then once more: the page shows the outcome. `at.shown` has the
    success messages of every run (a notice is shown once)."""
    deadline = time.monotonic() + timeout
    at.shown = []
    while True:
        done = not pending_jobs(data_dir)
        at.run()
        assert not at.exception, at.exception
        at.shown += [s.value.replace("\\", "") for s in at.success]
        if done:
            return at
        assert time.monotonic() < deadline, "the analysis worker did not finish"
        time.sleep(0.3)


def button(at, label):
    return next(b for b in at.button if b.label.startswith(label))


def table(at, key="articles"):
    """The articles table (the one with an entities column)."""
    return next(d.value for d in at.dataframe if "entities" in d.value.columns)


def outcomes(at):
    frames = [d.value for d in at.dataframe if "outcome" in d.value.columns]
    return frames[0] if frames else None


def test_table_lists_the_seed_with_a_reader_link_and_states_the_upload_limit(app, data_dir):
    (article,) = store(data_dir).article_summaries()
    rows = table(app, "articles")
    assert rows["title"].tolist() == [article["title"]]
    assert rows["open"].tolist() == [f"/reader?article={article['article_id']}"]
    assert list(rows.columns) == [
        "title", "source", "published", "words", "entities", "quotes", "added", "open"
    ]  # fmt: skip
    assert any("up to 25 MB each" in c.value for c in app.caption)


def test_upload_many_files_fills_metadata_and_lists_each_outcome(app, data_dir):
    upload(app, ("story.txt", STORY.encode()), ("page.html", PAGE.encode()), ("empty.txt", b""))
    cannot = outcomes(app)
    assert cannot.to_dict("records")[0] | {"open": None} == {
        "file": "empty.txt",
        "outcome": "rejected",
        "why / notes": "empty.txt: the file has no text (it is empty)",
        "open": None,
    }
    titles = [
        t.value for t in app.text_input if (t.key or "").startswith("meta-") and t.label == "Title"
    ]
    assert titles[:2] == [STORY, "Scholz visits Rome"]
    assert [t.value for t in app.text_input if (t.key or "").endswith("-source")][
        1
    ] == "Example News"
    assert [t.value for t in app.text_input if (t.key or "").endswith("-url")][1] == (
        "https://news.example.org/scholz-rome"
    )
    dates = [d.value for d in app.date_input if d.key.startswith("meta-")]
    assert dates[:2] == [None, dt.date(2024, 3, 5)]  # none found: empty, never today
    assert any("No publication date found" in c.value for c in app.caption)

    button(app, "Analyse and add 2").click().run()
    settle(app, data_dir)
    result = outcomes(app).set_index("file")
    assert result["outcome"].to_dict() == {
        "empty.txt": "rejected",
        "story.txt": "added",
        "page.html": "added",
    }
    assert "no publication date" in result.loc["story.txt", "why / notes"]
    stored = {s["file"]: s for s in store(data_dir).article_summaries()}
    assert stored["story.txt"]["published"] is None
    assert stored["page.html"]["published"] == "2024-03-05"
    assert stored["page.html"]["source"] == "Example News"
    assert len(table(app, "articles")) == 3


def test_analyst_sets_the_missing_date(app, data_dir):
    upload(app, ("story.txt", STORY.encode()))
    next(d for d in app.date_input if d.key.startswith("meta-")).set_value(dt.date(2023, 11, 2))
    settle(button(app, "Analyse and add 1").click().run(), data_dir)
    assert store(data_dir).article(article_id_for(STORY)).published == "2023-11-02"


def test_same_text_with_other_whitespace_and_name_is_already_present(app, data_dir):
    upload(app, ("a.txt", STORY.encode()))
    settle(button(app, "Analyse and add 1").click().run(), data_dir)
    respaced = ("  " + STORY.replace(" ", "\n  ") + "\r\n").encode("utf-16")
    upload(app, ("copy of a.txt", respaced), ("again.md", STORY.encode()))
    rows = outcomes(app).set_index("file")
    assert rows["outcome"].to_dict() == {
        "copy of a.txt": "already present",
        "again.md": "already present",
    }
    assert not [b for b in app.button if b.label.startswith("Analyse and add 1")]
    assert len(store(data_dir).article_summaries()) == 2


def test_bad_file_leaves_the_store_untouched_and_the_page_working(app, data_dir):
    before = store(data_dir).article_summaries()
    upload(app, ("nul.txt", b"\x00\x01binary" * 100), ("scan.pdf", b"%PDF-1.4 broken"))
    rows = outcomes(app).set_index("file")
    assert rows["outcome"].tolist() == ["rejected", "rejected"]
    assert "binary" in rows.loc["nul.txt", "why / notes"]
    assert "scan.pdf: the PDF is corrupt" in rows.loc["scan.pdf", "why / notes"]
    assert store(data_dir).article_summaries() == before
    app.text_input(key="search").set_value("Kim").run()
    assert not app.exception and len(table(app, "articles")) == 1


def test_non_english_upload_is_analysed_with_a_visible_warning(app, data_dir):
    german = (
        "Bundeskanzlerin Angela Merkel hat am Montag in Paris den französischen Präsidenten "
        "Emmanuel Macron getroffen. Die beiden sprachen über den Haushalt der Europäischen Union."
    )
    upload(app, ("bericht.txt", german.encode("cp1252")))
    assert NOT_ENGLISH in [w.value.replace("\\", "") for w in app.warning]
    settle(button(app, "Analyse and add 1").click().run(), data_dir)
    assert any(NOT_ENGLISH in w.value.replace("\\", "") for w in app.warning)
    assert NOT_ENGLISH in store(data_dir).analysis(article_id_for(german)).warnings


def test_hostile_file_name_is_shown_as_plain_text(app, data_dir):
    name = "../../<img src=x onerror=alert(1)>[link](javascript:alert(2))\x1b.txt"
    upload(app, (name, STORY.encode()))
    shown = "<img src=x onerror=alert(1)>[link](javascript:alert(2)) .txt"
    assert any(shown in t.value for t in app.text)
    assert not any("onerror" in m.value for m in app.markdown)
    settle(button(app, "Analyse and add 1").click().run(), data_dir)
    assert outcomes(app)["file"].tolist() == [shown]


def test_paste_text(app, data_dir):
    app.text_area(key="paste-text").set_value(STORY)
    app.text_input(key="paste-source").set_value("Notes")
    settle(button(app, "Analyse and add the text").click().run(), data_dir)
    assert outcomes(app)["outcome"].tolist() == ["added"]
    article = store(data_dir).article(article_id_for(STORY))
    assert (article.source, article.file) == ("Notes", "pasted text")


def test_pasting_only_whitespace_says_so(app, data_dir):
    app.text_area(key="paste-text").set_value("   \n  ")
    button(app, "Analyse and add the text").click().run()
    assert any(
        "The pasted text: the file has no text" in e.value.replace("\\", "") for e in app.error
    )
    assert len(store(data_dir).article_summaries()) == 1


def test_search_filters_and_sorting(app, data_dir):
    upload(app, ("story.txt", STORY.encode()))
    settle(button(app, "Analyse and add 1").click().run(), data_dir)
    app.text_input(key="search").set_value("emmanuel macron").run()  # an entity name
    assert table(app, "articles")["title"].str.startswith("Angela Merkel").tolist() == [True]
    app.text_input(key="search").set_value("").run()
    app.checkbox(key="undated").check().run()
    assert len(table(app, "articles")) == 1
    app.checkbox(key="undated").uncheck().run()
    app.selectbox(key="sort").set_value("published (oldest first)").run()
    assert table(app, "articles")["published"].tolist() == ["2024-10-08", ""]
    app.date_input(key="since").set_value(dt.date(2024, 1, 1)).run()
    assert table(app, "articles")["published"].tolist() == ["2024-10-08"]


def test_editing_the_date_recomputes_the_analysis(app, data_dir):
    (article,) = store(data_dir).article_summaries()
    article_id = article["article_id"]
    old = Store(data_dir / DB_FILE)
    analysis = old.analysis(article_id)
    analysis.pipeline_version = "marker"  # any recomputation replaces it
    old.save_analysis(old.article(article_id), analysis)
    app.run()
    next(d for d in app.date_input if d.key == f"edit-date-{article_id}").set_value(
        dt.date(2024, 10, 9)
    )
    button(app, "Save metadata").click().run()
    assert any("analysis is being recomputed" in s.value.replace("\\", "") for s in app.success)
    shown = settle(app, data_dir).shown
    assert any("analysis was recomputed" in s for s in shown)
    assert reanalysis_jobs(data_dir) == [(article_id, "done")]
    again = store(data_dir)
    assert again.article(article_id).published == "2024-10-09"
    assert again.analysis(article_id).pipeline_version != "marker"


def test_editing_the_source_only_keeps_the_analysis(app, data_dir):
    (article,) = store(data_dir).article_summaries()
    next(t for t in app.text_input if t.label == "Source" and t.value == "BBC News").set_value(
        "BBC"
    )
    button(app, "Save metadata").click().run()
    assert any(s.value.replace("\\", "") == "Metadata saved." for s in app.success)
    assert store(data_dir).article(article["article_id"]).source == "BBC"


def test_reanalyse(app, data_dir):
    (article,) = store(data_dir).article_summaries()
    old = Store(data_dir / DB_FILE)
    analysis = old.analysis(article["article_id"])
    analysis.pipeline_version = "marker"
    old.save_analysis(old.article(article["article_id"]), analysis)
    app.button(key="reanalyse").click().run()
    assert reanalysis_jobs(data_dir) in ([(article["article_id"], "queued")],
                                         [(article["article_id"], "running")])  # fmt: skip
    assert "The analysis was recomputed." in settle(app, data_dir).shown
    assert reanalysis_jobs(data_dir) == [(article["article_id"], "done")]
    assert store(data_dir).analysis(article["article_id"]).pipeline_version != "marker"


def test_delete_asks_first(app, data_dir):
    app.button(key="delete").click().run()
    assert any("cannot be undone" in w.value for w in app.warning)
    app.button(key="delete-no").click().run()
    assert len(store(data_dir).article_summaries()) == 1
    app.button(key="delete").click().run()
    app.button(key="delete-yes").click().run()
    assert not app.exception
    assert store(data_dir).article_summaries() == []
    assert any("library is empty" in i.value for i in app.info)


def test_a_bug_while_reading_an_upload_is_logged_and_not_blamed_on_the_file(
    app, data_dir, monkeypatch, caplog
):
    def buggy(name, data):
        raise TypeError("'NoneType' object is not subscriptable")

    monkeypatch.setitem(ingest.READERS, ".txt", buggy)
    with caplog.at_level(logging.ERROR):
        upload(app, ("story.txt", STORY.encode()))
    (why,) = outcomes(app)["why / notes"]
    assert why == (
        "story.txt: not read because of an unexpected error (TypeError) in this app or a "
        "library it uses, not a known problem of the file; it is logged for the developers"
    )
    (record,) = [r for r in caplog.records if "story.txt" in r.getMessage()]
    assert record.exc_info[0] is TypeError  # with its traceback
    assert len(store(data_dir).article_summaries()) == 1
