"""AppTest: a page run reads the store at one revision, even when another process writes
between two of its reads (issue 15: at 10,000 articles, while the kept views were being
refreshed, Entities raised KeyError 'person:michelle' and Who mentions whom
'gpe:bay-of-pigs'), and a page never fails on an entity or a node it remembers that is gone.

The write is forced between two reads of one run: the second read is wrapped so that, before
it runs, another connection (as another process would) adds articles naming new entities."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis.corpus import network as net
from analysis.corpus import rows as corpus
from analysis.ingest.library import add_documents
from analysis.ingest.readers import Document
from analysis.store import DB_FILE, Store
from tests.conftest import ROOT


def new_app(page: str, article_id: str = "") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    if article_id:
        at.query_params["article"] = article_id
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def add_elsewhere(data_dir, *texts: str) -> None:
    """Articles added through a connection of their own, as another process would."""
    store = Store(data_dir / DB_FILE)
    add_documents(store, [Document(text, f"race-{n}.txt", published="2024-05-0" + str(n + 1))
                          for n, text in enumerate(texts)])  # fmt: skip
    store.close()


def write_before(monkeypatch, module, name: str, data_dir, *texts: str) -> list[int]:
    """Make `module.name` add `texts` before it runs, the first time it is called."""
    original, calls = getattr(module, name), []

    def racing(*args, **kwargs):
        if not calls:
            add_elsewhere(data_dir, *texts)
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, racing)
    return calls


def test_entities_reads_its_entities_and_their_links_at_one_revision(data_dir, monkeypatch):
    at = new_app("pages/entities.py")
    add_elsewhere(data_dir, "Angela Merkel spoke in Berlin on Monday.")  # a new revision
    calls = write_before(
        monkeypatch, corpus, "corpus_link_candidates", data_dir,
        "Michelle Bachelet spoke in Geneva on Monday about the report.",
        "Michelle said on Tuesday that the report would be published in June.",
    )  # fmt: skip
    at.run()
    assert calls, "the page did not read the link candidates"
    assert not at.exception, at.exception
    at.run()  # the next run shows the new revision, whole
    assert not at.exception, at.exception
    assert "Michelle Bachelet" in at.dataframe[0].value["entity"].tolist()


SPEECH = 'Kim Jong Un said the Bay of Pigs invasion was "a lesson for every small country".'


def test_mentions_reads_its_nodes_and_edges_at_one_revision(data_dir, monkeypatch):
    at = new_app("pages/mentions.py")
    add_elsewhere(data_dir, "Angela Merkel spoke in Berlin on Monday.")  # a new revision
    calls = write_before(monkeypatch, net, "edges", data_dir, SPEECH)
    at.run()
    assert calls, "the page did not read the edges"
    assert not at.exception, at.exception
    at.run()
    assert not at.exception, at.exception


@pytest.mark.parametrize(
    ("page", "key", "value"),
    [
        ("pages/entities.py", "open_entity", "person:angela-merkel"),
        ("pages/mentions.py", "mentions_pick", ("speaker", "person:angela-merkel")),
        ("pages/reader.py", "entity", "person:angela-merkel"),
    ],
)
def test_what_a_page_remembers_may_be_gone(data_dir, page, key, value):
    add_elsewhere(data_dir, 'Angela Merkel said on Monday that "Berlin will pay its share".')
    store = Store(data_dir / DB_FILE)
    merkel = store.article_summaries()[-1]["article_id"]
    store.close()
    at = new_app(page, merkel if page == "pages/reader.py" else "")
    at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    store = Store(data_dir / DB_FILE)
    store.delete(store.article_summaries()[-1]["article_id"])
    store.close()
    at.run()
    assert not at.exception, at.exception
