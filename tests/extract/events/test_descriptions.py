"""Events an analyst can read: a "who did what" description of the clause, or left off the
timeline with the reason (issue 14)."""

import pytest

from tests.extract.events.helpers import one_event


@pytest.mark.parametrize(
    ("text", "date", "description"),
    [
        # subject, verb and object, "the" dropped as a headline drops it
        ("On Monday, the city council approved a new budget.", "2024-03-04",
         "City council approves a new budget"),
        # negation and modals are part of what happened
        ("The premier did not sign the bill on Tuesday.", "2024-03-05",
         "Premier does not sign bill"),
        ("Officials will visit Paris on Monday.", "2024-03-11", "Officials will visit Paris"),
        # a passive, and a participle that borrows its subject, stay passive
        ("The bill was passed on Tuesday.", "2024-03-05", "Bill is passed"),
        ("Founded in 1998, the firm now employs 300 people.", "1998", "Firm is founded"),
        ("Smith, who was elected in 2019, resigned on Monday.", "2019", "Smith is elected"),
        # a relative pronoun stands for the noun the clause is about
        ("Acme Corp., which employs 300 people, hired Lorna Diaz in 2021.", "2021",
         "Acme Corp hires Lorna Diaz"),
        # names coordinated with the subject, not names inside its modifiers
        ("Conservative Leader Andrew Scheer of Canada criticized Justin Trudeau on Monday.",
         "2024-03-04", "Andrew Scheer criticizes Justin Trudeau"),
        ("On Tuesday, Olaf Scholz and Emmanuel Macron met in Berlin.", "2024-03-05",
         "Olaf Scholz and Emmanuel Macron meet in Berlin"),
        # a statement says what was said: the quotation when the clause has no content
        ("\u201cPrices are rising,\u201d Jane Smith said on Monday.", "2024-03-04",
         "Jane Smith says \u201cPrices are rising\u201d"),
        # an intransitive verb takes its short prepositional phrase, never the date's
        ("The rebels went into hiding on Wednesday.", "2024-03-06", "Rebels go into hiding"),
        # a support verb's subject does the happening its object names
        ("Acme Corp. posted a third-quarter loss.", "2023-Q3", "Acme Corp posts a loss"),
    ],
)  # fmt: skip
def test_readable_descriptions(text, date, description):
    event = one_event(text, date)
    assert (event.description, event.timeline, event.reason) == (description, True, "")


@pytest.mark.parametrize(
    ("text", "date", "reason"),
    [
        # no one does it: once a bare verb ("Remain", "Imprison")
        ("Remaining in Moscow in 2019 was hard for Jane Smith.", "2019", "no subject"),
        # who "she" is, the clause does not say
        ("On Monday, she resigned.", "2024-03-04", "the subject is a pronoun ('she')"),
        # a statement without what was said, a verb without its object
        ("On Monday, Acme Corp. responded.", "2024-03-04", "a statement without what was said"),
        ("On Monday, the ministry outlined.", "2024-03-04", "no object"),
        # the subject is no noun phrase (a fragment)
        ("Most of the funding was spent in 2019.", "2019", "the subject ('Most')"),
        # a happening named by a noun, without who did it
        ("The 2019 election changed everything.", "2019", "no actor"),
        ("Leaders reaffirmed the 1987 treaty on Monday.", "1987", "no actor"),
    ],
)
def test_unreadable_events_are_left_off_the_timeline_with_a_reason(text, date, reason):
    event = one_event(text, date)
    assert not event.timeline
    assert event.reason.startswith(reason)


def test_descriptions_are_never_shortened():
    text = (
        "On Monday, Jane Smith said the council would repair every bridge, road, school, "
        "library, swimming pool and community centre in the northern half of the city."
    )
    event = one_event(text, "2024-03-04")
    assert "…" not in event.description
    assert event.description.endswith("community centre in the northern half of the city")
