"""Shared helpers of the event tests: the events of a text, or its one event on a date."""

from __future__ import annotations

from tests.conftest import analysed

FRIDAY = "2024-03-08"  # the publication date unless a test says otherwise


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


def one_event(text, date, published=FRIDAY):
    found = [e for e in analysed(text, published, None).events if e.date == date]
    assert len(found) == 1, [(e.date, e.description) for e in found]
    return found[0]
