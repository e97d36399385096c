"""Events: dated happenings with actors, descriptions and evidence."""

import pytest

from analysis.events import timeline_value
from tests.conftest import analysed


def events_of(text, published="2024-03-06", title=None):
    analysis = analysed(text, published, title)
    names = {e.entity_id: e.name for e in analysis.entities}
    return [
        {
            "date": e.date,
            "precision": e.precision,
            "description": e.description,
            "actors": [names[a] for a in e.actors],
            "evidence": [v.text for v in e.evidence],
            "id": e.event_id,
        }
        for e in analysis.events
    ]


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


def test_the_main_clause_shares_the_date_of_a_during_phrase():
    text = (
        "During a visit by Xi Jinping to Moscow in March 2023, "
        "Vladimir Putin promised to sell more gas."
    )
    dated = [e for e in events_of(text) if e["date"] == "2023-03"]
    descriptions = {e["description"] for e in dated}
    assert "Xi Jinping visits Moscow" in descriptions
    assert any(d.startswith("Vladimir Putin promises") for d in descriptions)


def test_caption_and_paragraph_telling_one_happening_are_one_event():
    text = (
        "Leaders meet at summit\n\n"
        "Joe Biden and Olaf Scholz shook hands when they met in Berlin in June\n\n"
        "Officials said that Joe Biden's visit to Berlin in June had gone well."
    )
    june = [e for e in events_of(text, "2024-10-01") if e["date"] == "2024-06"]
    assert len(june) == 1
    assert len(june[0]["evidence"]) == 2
    assert {"Joe Biden", "Olaf Scholz", "Berlin"} <= set(june[0]["actors"])


def test_two_statements_on_one_day_stay_two_events():
    text = (
        "On Tuesday, Emmanuel Macron said taxes would fall. "
        "Separately on Tuesday, Emmanuel Macron said pensions would rise."
    )
    statements = [e for e in events_of(text, "2024-03-06") if e["date"] == "2024-03-05"]
    assert len(statements) == 2
    assert len({e["id"] for e in statements}) == 2


def test_a_news_lead_without_a_date_tells_of_the_publication_day():
    text = (
        "Emmanuel Macron has named Michel Barnier as prime minister.\n\nThe choice surprised many."
    )
    lead = events_of(text, "2024-09-05")[0]
    assert (lead["date"], lead["precision"]) == ("2024-09-05", "day")
    assert lead["description"].startswith("Emmanuel Macron names")


def test_a_happening_without_a_date_is_undated():
    text = (
        "Prices rose sharply.\n\nSince the start of the war, Russia has attacked Ukrainian ports."
    )
    events = events_of(text, "2024-03-06")
    russia = [e for e in events if "Russia" in e["actors"]]
    assert russia and all(e["date"] == "" for e in russia)


def test_relative_dates_without_publication_date_give_no_made_up_date():
    events = events_of("On Monday, Emmanuel Macron visited Berlin.", None)
    assert events and all(e["date"] == "" for e in events)


def test_same_date_and_actors_in_two_articles_share_an_event_id():
    first = events_of("Angela Merkel's visit to Paris in May 2019 was short.")
    second = events_of(
        "Nobody expected that Angela Merkel's visit to Paris in May 2019 would matter."
    )
    first_ids = {e["id"] for e in first if e["date"] == "2019-05"}
    second_ids = {e["id"] for e in second if e["date"] == "2019-05"}
    assert first_ids and first_ids == second_ids


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
