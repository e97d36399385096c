"""Events: candidates of one happening merge into one event; event ids; stored events."""

import pytest

from tests.extract.events.helpers import events_of


def test_caption_and_paragraph_telling_one_happening_are_one_event():
    text = (
        "Leaders meet at summit\n\n"
        "Joe Biden and Olaf Scholz shook hands when they met in Berlin in June. "
        "Photograph: Jane Roe/Reuters\n\n"
        "Officials said that Joe Biden's visit to Berlin in June had gone well."
    )
    june = [e for e in events_of(text, "2024-10-01") if e["date"] == "2024-06"]
    assert len(june) == 1
    assert len(june[0]["evidence"]) == 2
    assert {"Joe Biden", "Olaf Scholz", "Berlin"} <= set(june[0]["actors"])


@pytest.mark.parametrize(
    ("text", "events"),
    [
        # one actor, one day, two things done: two events
        ("Acme Corp. bought Widget Inc. on Monday.\n\nOn Monday, Acme Corp. also closed "
         "its plant in Ohio.", 2),
        # the same verb twice: one happening told twice
        ("Jane Smith visited Ottawa on Monday.\n\nHer aides said Jane Smith visited Ottawa "
         "on Monday to meet the premier.", 1),
    ],
)  # fmt: skip
def test_paragraphs_of_one_day_merge_only_the_same_happening(text, events):
    monday = [e for e in events_of(text, "2024-03-08") if e["date"] == "2024-03-04"]
    assert len(monday) == events, [e["description"] for e in monday]


def test_two_statements_on_one_day_stay_two_events():
    text = (
        "On Tuesday, Emmanuel Macron said taxes would fall. "
        "Separately on Tuesday, Emmanuel Macron said pensions would rise."
    )
    statements = [e for e in events_of(text, "2024-03-06") if e["date"] == "2024-03-05"]
    assert len(statements) == 2
    assert len({e["id"] for e in statements}) == 2


def test_same_date_and_actors_in_two_articles_share_an_event_id():
    first = events_of("Angela Merkel's visit to Paris in May 2019 was short.")
    second = events_of(
        "Nobody expected that Angela Merkel's visit to Paris in May 2019 would matter."
    )
    first_ids = {e["id"] for e in first if e["date"] == "2019-05"}
    second_ids = {e["id"] for e in second if e["date"] == "2019-05"}
    assert first_ids and first_ids == second_ids


def test_an_event_stored_before_readability_was_recorded_is_shown():
    from analysis.records import Analysis

    stored = {
        "pipeline_version": "old",
        "sentences": [],
        "mentions": [],
        "entities": [],
        "events": [
            {"event_id": "ev1", "date": "2024", "date_end": "", "precision": "year",
             "description": "Acme opens a plant", "actors": [], "evidence": []},
        ],
    }  # fmt: skip
    event = Analysis.from_dict(stored).events[0]
    assert (event.timeline, event.reason) == (True, "")
