"""Candidate events: the clauses a date expression dates, and undated ones never given a
made-up date."""

from tests.extract.events.helpers import events_of


def test_the_main_clause_shares_the_date_of_a_during_phrase():
    text = (
        "During a visit by Xi Jinping to Moscow in March 2023, "
        "Vladimir Putin promised to sell more gas."
    )
    dated = [e for e in events_of(text) if e["date"] == "2023-03"]
    descriptions = {e["description"] for e in dated}
    assert "Xi Jinping visits Moscow" in descriptions
    assert any(d.startswith("Vladimir Putin promises") for d in descriptions)


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
