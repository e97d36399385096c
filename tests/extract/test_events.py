"""Events: dated happenings with actors, descriptions and evidence."""

import pytest

from analysis.extract.events import timeline_value
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


# Events an analyst can read: a "who did what" description of the clause, or left off the
# timeline with the reason (issue 14). Published on a Friday unless said otherwise.
FRIDAY = "2024-03-08"


def one_event(text, date, published=FRIDAY):
    found = [e for e in analysed(text, published, None).events if e.date == date]
    assert len(found) == 1, [(e.date, e.description) for e in found]
    return found[0]


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


def test_a_supposition_in_the_present_is_no_happening_of_the_day():
    text = "Prices fell in March.\n\nThe port will close if the union strikes."
    strikes = [e for e in analysed(text, FRIDAY, None).events if "strike" in e.description]
    assert strikes == [], [(e.date, e.description) for e in strikes]
