"""Which clause a date dates: dated events, baselines and modifiers, timeline values."""

import pytest

from analysis.extract.events import timeline_value
from tests.conftest import analysed
from tests.extract.events.helpers import FRIDAY, events_of, one_event


@pytest.mark.parametrize(
    ("text", "published", "date", "precision", "description", "actors"),
    [
        # a noun event with a possessor and a destination
        (
            "Officials praised Angela Merkel's visit to Paris in May 2019.",
            "2024-03-06",
            "2019-05",
            "month",
            "Angela Merkel visits Paris",
            {"Angela Merkel", "Paris"},
        ),
        # a weekday read back from the publication date (a Wednesday) in a past-tense clause
        (
            "On Monday, Emmanuel Macron visited Berlin.",
            "2024-03-06",
            "2024-03-04",
            "day",
            "Emmanuel Macron visits Berlin",
            {"Emmanuel Macron", "Berlin"},
        ),
        # a year-precision date from "earlier this year"; two subjects
        (
            "Earlier this year, Joe Biden and Rishi Sunak signed a trade agreement.",
            "2024-10-01",
            "2024",
            "year",
            "Joe Biden and Rishi Sunak sign a trade agreement",
            {"Joe Biden", "Rishi Sunak"},
        ),
    ],
)
def test_dated_event(text, published, date, precision, description, actors):
    dated = [e for e in events_of(text, published) if e["date"]]
    assert len(dated) == 1
    event = dated[0]
    assert (event["date"], event["precision"], event["description"]) == (
        date,
        precision,
        description,
    )
    assert set(event["actors"]) == actors
    assert event["evidence"] == [text]


@pytest.mark.parametrize(
    ("text", "baseline"),
    [
        ("Canada will cut emissions 30 per cent below 2005 levels by 2030.", "2005"),
        ("Leaders reaffirmed the 1987 treaty on Monday.", "1987"),
        ("Exports have grown steadily since 2015.", "2015"),
        ("Exports rose 5 per cent in March compared with 2010.", "2010"),
        ("Sales were higher than in 2019, the company said on Monday.", "2019"),
        ("Profit rose to $5 million in March from $4 million in 2019.", "2019"),
        ("Friday's trading volume was the highest this year.", "2024-03-08"),
    ],
)
def test_a_baseline_comparison_or_modifier_date_dates_no_clause(text, baseline):
    events = analysed(text, FRIDAY, None).events
    dated = [e for e in events if e.date == baseline and e.timeline]
    assert dated == [], [(e.date, e.description) for e in dated]


@pytest.mark.parametrize(
    ("text", "date", "description"),
    [
        ("Leaders signed the treaty in 1987.", "1987", "Leaders sign treaty"),  # not a modifier
        ("Rivals moved to Ottawa from Toronto in 2019.", "2019", "Rivals move to Ottawa"),
        # a date inside a noun phrase dates the happening the noun names
        ("Angela Merkel's 2019 visit to Paris was short.", "2019", "Angela Merkel visits Paris"),
        ("Last year's election was close.", "2023", "Hold an election"),
    ],
)
def test_a_date_that_does_date_the_happening(text, date, description):
    assert one_event(text, date).description == description


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", "2024"),
        ("2024-06", "2024-06"),
        ("2024-10-08", "2024-10-08"),
        ("2024-10-08T15:00", "2024-10-08"),
        ("2024-W41", "2024-W41"),
        ("2024-Q3", "2024-Q3"),
        ("2024-SU", "2024-SU"),
        ("201X", "201X"),
        ("PAST_REF", None),
        ("P3Y", None),
        ("", None),
    ],
)
def test_timeline_value(value, expected):
    assert timeline_value(value) == expected
