"""Batch search on both backends: a list's lines read, each searched with its articles,
mentions, dates and company."""

import pytest

from analysis.corpus import batch
from analysis.ingest.library import add_document
from analysis.store import Store
from tests.corpus.test_search import DOCUMENTS
from tests.store.test_core import location  # noqa: F401 - the fixture over both backends


@pytest.mark.parametrize(
    ("text", "is_csv", "terms"),
    [
        ("Dario Fenwick\n\n  harbour   authority \r\ndario fenwick\n", False,
         ["Dario Fenwick", "harbour authority"]),
        ('"harbour\nKim, Jong Un\n', False, ['"harbour', "Kim, Jong Un"]),  # lines as typed
        ('name,role\n"Fenwick, Dario",union\nTornquist,mayor\n', True,
         ["name", "Fenwick, Dario", "Tornquist"]),
        ("", False, []),
    ],
)  # fmt: skip
def test_lists_are_read_one_term_a_line(text, is_csv, terms):
    assert batch.terms_from_text(text, is_csv) == terms


@pytest.mark.parametrize(
    ("term", "as_phrase", "query"),
    [
        ("Dario Fenwick", True, '"Dario Fenwick"'),
        ('say "no" now', True, '"say  no  now"'),
        ("negotiat* -festival", False, "negotiat* -festival"),
    ],
)
def test_a_line_is_searched_as_a_phrase_or_as_typed(term, as_phrase, query):
    assert batch.term_query(term, as_phrase) == query


@pytest.fixture
def store(location):  # noqa: F811
    store = Store(location)
    for document in DOCUMENTS:
        add_document(store, document)
    yield store
    store.close()


def test_each_term_gets_articles_mentions_dates_and_company(store):
    fenwick, harbour, nobody = batch.batch_search(
        store, ["Dario Fenwick", "harbour", "Nobody Atall"]
    )
    assert (fenwick.articles, fenwick.mentions) == (2, 2)
    assert (fenwick.first, fenwick.last) == ("2024-02-06", "2024-03-11")
    company = {name: n for _, name, n in fenwick.cooccurring}
    assert "Dario Fenwick" not in company and company.get("Ilse Tornquist") == 1
    assert (harbour.articles, harbour.mentions) == (2, 3)  # twice in one text, once in another
    assert (nobody.articles, nobody.mentions, nobody.first, nobody.cooccurring) == (0, 0, "", [])


def test_a_line_that_cannot_be_read_says_why_and_the_others_go_on(store):
    bad, good = batch.batch_search(store, ['"harbour', "negotiat*"], as_phrase=False)
    assert "quotation mark is not closed" in bad.problem and bad.articles == 0
    assert good.articles == 1 and not good.problem
    table = batch.results_frame([bad, good])
    assert list(table.columns) == batch.COLUMNS
    assert batch.found_counts([bad, good]) == {"unreadable": 1, "found": 1}


def test_the_list_is_capped(store, monkeypatch):
    monkeypatch.setattr(batch, "MAX_TERMS", 2)
    assert len(batch.batch_search(store, ["harbour", "budget", "festival"])) == 2
