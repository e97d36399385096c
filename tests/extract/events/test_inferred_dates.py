"""Dates from the story: the lead and the present tense tell of the publication day, a
reported present of its statement's day, an undated statement of its speaker's reporting day."""

import pytest

from tests.conftest import analysed
from tests.extract.events.helpers import FRIDAY, events_of, one_event


def test_a_news_lead_without_a_date_tells_of_the_publication_day():
    text = (
        "Emmanuel Macron has named Michel Barnier as prime minister.\n\nThe choice surprised many."
    )
    lead = events_of(text, "2024-09-05")[0]
    assert (lead["date"], lead["precision"]) == ("2024-09-05", "day")
    assert lead["description"].startswith("Emmanuel Macron names")


@pytest.mark.parametrize(
    ("text", "description", "date_text"),
    [
        # a present-tense clause of the story is of the publication day
        ("Prices fell in March.\n\nAcme Corp. says it will close the plant.",
         "Acme Corp says it will close the plant", "publication date (present tense)"),
        ("Prices fell in March.\n\nThe union is negotiating with Acme Corp.",
         "Union negotiates with Acme Corp", "publication date (present tense)"),
        ("Prices fell in March.\n\nThe ministry does not recognize the court.",
         "Ministry does not recognize court", "publication date (present tense)"),
    ],
)  # fmt: skip
def test_the_present_tense_tells_of_the_publication_day(text, description, date_text):
    event = one_event(text, FRIDAY)
    assert (event.description, event.date_text, event.precision) == (
        description,
        date_text,
        "day",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Prices fell in March.\n\nThe mayor has resigned.",  # the perfect: a past happening
        "Prices fell in March.\n\nThe mayor will resign.",  # a modal: ahead
        "Prices fell in March.\n\nThe mayor is going to resign.",
        "Prices fell in March.\n\n\u201cThe mayor is resigning,\u201d Jane Smith said.",  # quoted
    ],
)
def test_what_the_present_tense_rule_leaves_alone(text):
    on_the_day = [e for e in analysed(text, FRIDAY, None).events if e.date == FRIDAY]
    assert on_the_day == [], [(e.description, e.date_text) for e in on_the_day]


def test_a_reported_present_is_of_the_statements_day():
    text = "Prices fell in March.\n\nOn Tuesday, Jane Smith said the union is on strike."
    events = analysed(text, FRIDAY, None).events
    union = next(e for e in events if e.description.startswith("Union"))
    assert (union.date, union.date_text) == ("2024-03-05", "day of the statement (Tuesday)")
    assert union.description == "Union is on strike"
    assert not [e for e in events if e.date == FRIDAY]  # neither is of the publication day


def test_a_speakers_undated_statement_is_of_their_dated_statements_day():
    text = (
        "Jane Smith said on Sunday that talks had failed.\n\n"
        "Prices fell in March.\n\n"
        "Later, Smith said the union would strike.\n\n"
        "John Brown said the union was wrong."
    )
    events = analysed(text, FRIDAY, None).events
    strike = next(e for e in events if "strike" in e.description)
    assert (strike.date, strike.date_text) == ("2024-03-03", "reporting day of Jane Smith (Sunday)")
    brown = next(e for e in events if e.description.startswith("John Brown"))
    assert brown.date == ""  # another speaker: no day of theirs was given


def test_a_supposition_in_the_present_is_no_happening_of_the_day():
    text = "Prices fell in March.\n\nThe port will close if the union strikes."
    strikes = [e for e in analysed(text, FRIDAY, None).events if "strike" in e.description]
    assert strikes == [], [(e.date, e.description) for e in strikes]
