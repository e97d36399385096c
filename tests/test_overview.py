"""Corpus-at-a-glance figures, aggregated in SQL over a store's rows."""

import pytest

from analysis.ingest import Document
from analysis.library import to_article
from analysis.overview import (
    COUNTRIES,
    ORGANISATIONS,
    PEOPLE,
    articles_per_source,
    articles_per_week,
    corpus_stats,
    latest_events,
    mentions_over_time,
    top_entities,
)
from tests.conftest import analysed, store_of
from tests.test_store import location  # noqa: F401 - fixture over both backends

ARTICLES = [
    (
        "a.txt",
        "Wire",
        "2024-03-04",
        "Vladimir Putin spoke in Moscow. Putin praised Russian troops.",
    ),
    ("b.txt", "Wire", "2024-03-12", "Angela Merkel met Vladimir Putin in Berlin on Monday."),
    ("c.txt", "", "", "The Kremlin said Russia would respond. NATO disagreed."),
]


@pytest.fixture
def tables(location):  # noqa: F811
    """A store (SQLite, PostgreSQL) of the three articles."""
    corpus = []
    for n, (name, source, published, text) in enumerate(ARTICLES):
        document = Document(text, name, title=name, source=source, published=published or None)
        article = to_article(document)
        article.added = f"2024-04-01T00:00:0{n}Z"  # store order = list order
        corpus.append((article, analysed(text, published or None, name)))
    store = store_of(corpus, location)
    yield store
    store.close()


def test_stats(tables):
    stats = corpus_stats(tables)
    assert (stats["articles"], stats["sources"], stats["first"], stats["last"]) == (
        3,
        1,
        "2024-03-04",
        "2024-03-12",
    )


def test_top_people(tables):
    top = top_entities(tables, PEOPLE)
    assert top.iloc[0][["name", "mentions", "articles"]].tolist() == ["Vladimir Putin", 3, 2]
    assert "Angela Merkel" in set(top["name"])


def test_capitals_and_demonyms_count_for_their_country(tables):
    countries = top_entities(tables, COUNTRIES).set_index("name")
    assert countries.loc["Russia", "mentions"] == 3  # Moscow, Russian, Russia
    plain = top_entities(tables, COUNTRIES, by_country=False).set_index("name")
    assert plain.loc["Russia", "mentions"] == 1 and "Moscow" in plain.index


def test_top_organisations(tables):
    assert set(top_entities(tables, ORGANISATIONS)["name"]) >= {"NATO"}


def test_mentions_over_time_by_week(tables):
    trend = mentions_over_time(tables, ["Vladimir Putin"])
    assert trend["mentions"].tolist() == [2, 1]
    assert [str(p.date()) for p in trend["period"]] == ["2024-03-04", "2024-03-11"]


def test_articles_per_source_and_week(tables):
    assert articles_per_source(tables).values.tolist() == [["Wire", 2], ["(unknown source)", 1]]
    assert articles_per_week(tables)["articles"].tolist() == [1, 1]


def test_latest_events_are_dated_and_newest_first(tables):
    events = latest_events(tables)
    assert list(events["date"]) == sorted(events["date"], reverse=True)
    assert (events["date"] != "").all()


def test_an_empty_store_has_no_figures(location):  # noqa: F811
    store = store_of([], location)
    stats = corpus_stats(store)
    assert (stats["articles"], stats["first"], stats["entities"], stats["events"]) == (0, "", 0, 0)
    assert top_entities(store, PEOPLE).empty and articles_per_week(store).empty
    assert mentions_over_time(store, []).empty and latest_events(store).empty


@pytest.mark.parametrize(
    ("names", "by_country", "expected"),
    [
        (["Russia"], True, [("2024-03-04", "Russia", 2)]),  # Moscow and Russian
        (["Russia", "Moscow"], False, [("2024-03-04", "Moscow", 1)]),
        (["Angela Merkel", "Vladimir Putin"], True,
         [("2024-03-04", "Vladimir Putin", 2), ("2024-03-11", "Angela Merkel", 1),
          ("2024-03-11", "Vladimir Putin", 1)]),
        (["Nobody"], True, []),
    ],
)  # fmt: skip
def test_mentions_over_time_table(tables, names, by_country, expected):
    trend = mentions_over_time(tables, names, by_country=by_country)
    found = [(str(r.period.date()), r.name, r.mentions) for r in trend.itertuples()]
    assert found == expected
