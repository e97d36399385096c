"""Events laid out for the timeline: spans by precision, filters, lanes."""

from datetime import date

import pytest

from analysis.ingest import Document
from analysis.library import to_article
from analysis.timeline import filter_events, lanes, span_of, timeline_frame
from tests.conftest import analysed


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2024-10-08", date(2024, 10, 8), date(2024, 10, 8)),
        ("2024-06", date(2024, 6, 1), date(2024, 6, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-W41", date(2024, 10, 7), date(2024, 10, 13)),
        ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-SU", date(2024, 6, 1), date(2024, 8, 31)),
        ("2024-WI", date(2024, 12, 1), date(2025, 2, 28)),
        ("201X", date(2010, 1, 1), date(2019, 12, 31)),
    ],
)
def test_span_of(value, first, last):
    assert span_of(value) == (first, last)


def test_span_with_an_end_date():
    assert span_of("2019", "2024-10") == (date(2019, 1, 1), date(2024, 10, 31))


@pytest.mark.parametrize("value", ["", "PAST_REF", "P3Y", "XXXX-06"])
def test_no_span_for_values_off_the_timeline(value):
    assert span_of(value) is None


TEXTS = {
    "a": "Earlier this year, Joe Biden and Rishi Sunak signed a trade agreement.",
    "b": "On Monday, Emmanuel Macron visited Berlin.",
}


@pytest.fixture(scope="module")
def frame():
    corpus = []
    for name, text in TEXTS.items():
        article = to_article(
            Document(text, f"{name}.txt", title=f"Article {name}", published="2024-03-06")
        )
        corpus.append((article, analysed(text, "2024-03-06", f"Article {name}")))
    return timeline_frame(corpus)


def test_frame_rows(frame):
    rows = frame.set_index("date")
    assert rows.loc["2024", "actors"] == ["Joe Biden", "Rishi Sunak"]
    assert rows.loc["2024-03-04", "precision"] == "day"
    assert str(rows.loc["2024", "start"].date()) == "2024-01-01"
    assert str(rows.loc["2024", "finish"].date()) == "2025-01-01"  # exclusive end


def test_filters(frame):
    assert filter_events(frame, entities=["Emmanuel Macron"])["date"].tolist() == ["2024-03-04"]
    assert len(filter_events(frame, types=["PERSON"])) == 2
    only_march = filter_events(frame, date_range=(date(2024, 3, 1), date(2024, 3, 31)))
    assert set(only_march["date"]) == {"2024", "2024-03-04"}  # the year overlaps March
    assert filter_events(frame, date_range=(date(2023, 1, 1), date(2023, 12, 31))).empty


def test_lanes(frame):
    by_actor = lanes(frame, "actor")
    assert set(by_actor["lane"]) >= {"Joe Biden", "Rishi Sunak", "Emmanuel Macron"}
    by_article = lanes(frame, "article")
    assert set(by_article["lane"]) == {"Article a", "Article b"}
