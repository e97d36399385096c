"""Corpus-at-a-glance figures from the schema tables."""

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
from analysis.tables import all_tables
from tests.conftest import analysed

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


@pytest.fixture(scope="module")
def tables():
    corpus = []
    for name, source, published, text in ARTICLES:
        document = Document(text, name, title=name, source=source, published=published or None)
        corpus.append((to_article(document), analysed(text, published or None, name)))
    return all_tables(corpus)


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
