"""Corpus-at-a-glance figures, aggregated in SQL over a store's rows."""

import pytest

from analysis.corpus.overview import (
    COUNTRIES,
    ORGANISATIONS,
    PEOPLE,
    articles_per_period,
    articles_per_source,
    corpus_stats,
    latest_events,
    mentions_over_time,
    period_of,
    top_entities,
)
from analysis.ingest.library import to_article
from analysis.ingest.readers import Document
from tests.conftest import analysed, store_of
from tests.store.test_core import location  # noqa: F401 - fixture over both backends

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
    periods = articles_per_period(tables)
    assert periods["articles"].tolist() == [1, 1] and set(periods["unit"]) == {"week"}


def test_latest_events_are_dated_and_newest_first(tables):
    events = latest_events(tables)
    assert list(events["date"]) == sorted(events["date"], reverse=True)
    assert (events["date"] != "").all()


def test_an_empty_store_has_no_figures(location):  # noqa: F811
    store = store_of([], location)
    stats = corpus_stats(store)
    assert (stats["articles"], stats["first"], stats["entities"], stats["events"]) == (0, "", 0, 0)
    assert top_entities(store, PEOPLE).empty and articles_per_period(store).empty
    assert mentions_over_time(store, []).empty and latest_events(store).empty


@pytest.mark.parametrize(
    ("names", "by_country", "expected"),
    [
        # a week with articles but no mention has 0: no line drawn straight across it
        (["Russia"], True, [("2024-03-04", "Russia", 2), ("2024-03-11", "Russia", 0)]),
        (["Russia", "Moscow"], False, [("2024-03-04", "Moscow", 1), ("2024-03-11", "Moscow", 0)]),
        (["Angela Merkel", "Vladimir Putin"], True,
         [("2024-03-04", "Angela Merkel", 0), ("2024-03-04", "Vladimir Putin", 2),
          ("2024-03-11", "Angela Merkel", 1), ("2024-03-11", "Vladimir Putin", 1)]),
        (["Nobody"], True, []),
    ],
)  # fmt: skip
def test_mentions_over_time_table(tables, names, by_country, expected):
    trend = mentions_over_time(tables, names, by_country=by_country)
    found = [(str(r.period.date()), r.name, r.mentions) for r in trend.itertuples()]
    assert found == expected


@pytest.mark.parametrize(
    ("first", "last", "period"),
    [
        ("2024-03-04", "2024-03-04", "week"),
        ("2024-01-01", "2025-02-01", "week"),  # 57 weeks
        ("2024-01-01", "2025-03-01", "month"),  # 61 weeks: 15 months
        ("2020-01-01", "2024-11-30", "month"),  # 59 months
        ("2020-01-01", "2025-02-01", "year"),
        ("1988-05-02", "2024-10-08", "year"),
        ("", "", "week"),
    ],
)
def test_the_period_is_chosen_from_the_span(first, last, period):
    assert period_of(first, last) == period


SPREAD = [  # two articles nine years apart, one between
    ("d.txt", "2015-06-01", "Angela Merkel spoke in Berlin."),
    ("e.txt", "2019-02-11", "Olaf Scholz spoke in Berlin."),
    ("f.txt", "2024-03-12", "Angela Merkel met Olaf Scholz in Berlin."),
]


@pytest.fixture
def spread(location):  # noqa: F811
    corpus = []
    for n, (name, published, text) in enumerate(SPREAD):
        article = to_article(Document(text, name, title=name, published=published))
        article.added = f"2024-04-01T00:00:0{n}Z"
        corpus.append((article, analysed(text, published, name)))
    store = store_of(corpus, location)
    yield store
    store.close()


def test_a_span_of_years_is_counted_by_year_with_every_year_shown(spread):
    periods = articles_per_period(spread)
    assert set(periods["unit"]) == {"year"}
    assert [(str(p.date()), n) for p, n in zip(periods["period"], periods["articles"],
                                                strict=True)] == [
        ("2015-01-01", 1), ("2019-01-01", 1), ("2024-01-01", 1)]  # fmt: skip
    trend = mentions_over_time(spread, ["Angela Merkel"])
    assert [str(p.year) for p in trend["period"]] == [str(y) for y in range(2015, 2025)]
    assert trend["mentions"].tolist() == [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    by_month = mentions_over_time(spread, ["Angela Merkel"], period="month")
    assert len(by_month) == (2024 - 2015) * 12 + (3 - 6) + 1 and by_month["mentions"].sum() == 2
