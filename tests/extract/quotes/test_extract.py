"""extract_quotes end to end: attribution cases on sentences written for these tests."""

from __future__ import annotations

import pytest

from analysis.extract.nlp import parse
from analysis.extract.quotes import extract_quotes, find_quote_spans, reporting_verbs
from analysis.records import Entity, Mention

KEPT = ("PERSON", "ORG", "GPE", "NORP")


def mentions_of(parsed):
    """Mentions from the raw NER spans; a one-word PERSON that is the last word of an earlier
    full name joins that person (a stand-in for the project's entity resolution)."""
    mentions, entities, surname = [], {}, {}
    for span in parsed.entities:
        if span.label not in KEPT:
            continue
        text = parsed.text[span.start : span.end]
        words = text.split()
        eid = None
        if span.label == "PERSON" and len(words) == 1:
            eid = surname.get(words[0])
        if eid is None:
            eid = f"{span.label.lower()}:{text.lower()}"
            if span.label == "PERSON":
                surname.setdefault(words[-1], eid)
        entities.setdefault(eid, Entity(eid, text, span.label))
        mentions.append(Mention(span.start, span.end, text, span.label, 0, eid))
    return mentions, list(entities.values())


def quotes_of(text):
    parsed = parse(text)
    mentions, entities = mentions_of(parsed)
    return extract_quotes(parsed, mentions, entities)


def one_with(quotes, fragment):
    hits = [q for q in quotes if fragment in q.quote]
    assert hits, f"no quote contains {fragment!r}: {[(q.speaker, q.quote) for q in quotes]}"
    return hits[0]


@pytest.mark.parametrize(
    ("open_mark", "close_mark"),
    [("“", "”"), ('"', '"'), ("''", "''")],
    ids=["curly", "straight", "doubled-apostrophes"],
)
def test_direct_quote_curly_and_straight(open_mark, close_mark):
    text = (
        f"{open_mark}We will not close the harbour this winter,{close_mark} said Maria Lopez, "
        "the mayor of Springfield."
    )
    q = one_with(quotes_of(text), "We will not close the harbour")
    assert q.speaker == "Maria Lopez"
    assert q.kind == "direct"
    assert q.cue == "said"
    # the content span includes the quotation marks
    assert text[q.start : q.end].startswith(open_mark)
    assert text[q.start : q.end].endswith(close_mark)


@pytest.mark.parametrize(
    ("text", "fragment", "speaker", "cue"),
    [
        (
            "Governor Thomas Baker said the state would raise fuel taxes next year.",
            "the state would raise fuel taxes",
            "Thomas Baker",
            "said",
        ),
        (
            "Helen Marsh claimed that the audit had been rigged from the start.",
            "that the audit had been rigged",
            "Helen Marsh",
            "claimed",
        ),
        (
            "The new budget will cut school funding, Senator Paul Grant warned on Friday.",
            "The new budget will cut school funding",
            "Paul Grant",
            "warned",
        ),
        (
            "The port, David Okafor said, will reopen in March after the repairs.",
            "will reopen in March",
            "David Okafor",
            "said",
        ),
    ],
    ids=["said-clause", "claimed-that", "content-first", "parenthetical"],
)
def test_indirect_speech(text, fragment, speaker, cue):
    q = one_with(quotes_of(text), fragment)
    assert q.speaker == speaker
    assert q.kind == "indirect"
    assert q.cue == cue


def test_indirect_content_starts_at_that_and_stops_before_the_full_stop():
    text = "Helen Marsh claimed that the audit had been rigged."
    q = one_with(quotes_of(text), "rigged")
    assert q.quote == "that the audit had been rigged"


def test_pronoun_resolves_to_the_last_person_who_spoke():
    text = (
        "Anna Schmidt praised the new bridge over the river.\n\n"
        "“It changes everything for the people on the east bank,” she added."
    )
    q = one_with(quotes_of(text), "It changes everything")
    assert q.speaker == "Anna Schmidt"
    assert q.speaker_entity_id


def test_description_with_a_name_in_apposition():
    text = "A spokesman for the ministry, Peter Novak, said the talks had failed."
    q = one_with(quotes_of(text), "the talks had failed")
    assert q.speaker == "Peter Novak"


def test_unnamed_description_named_in_the_next_sentence():
    text = (
        "A senior lawmaker claimed on Monday that the army was preparing a new missile test.\n\n"
        "Rep Daniel Moore said the test could come within weeks."
    )
    q = one_with(quotes_of(text), "the army was preparing")
    assert q.speaker == "Daniel Moore"


def test_according_to():
    text = "According to the Financial Times, the steel plant will close in May."
    q = one_with(quotes_of(text), "the steel plant will close in May")
    assert q.kind == "according_to"
    assert "Financial Times" in q.speaker
    assert "According" not in q.quote


def test_source_chain_gives_the_speaker_and_the_outlets():
    text = (
        "According to Yonhap News quoting the state agency KCNA, Kim Jong Un praised the "
        'relations between both countries, saying they had become "invincible and eternal".'
    )
    quotes = quotes_of(text)
    q = one_with(quotes, "invincible and eternal")
    assert q.speaker == "Kim Jong Un"
    assert any("Yonhap" in v for v in q.via)
    assert any("KCNA" in v for v in q.via)
    assert all("Yonhap" not in x.speaker and "KCNA" not in x.speaker for x in quotes)


def test_quote_running_over_paragraphs():
    text = (
        "Senator John Carter spoke for an hour.\n\n"
        "“We need a new plan for the river. The old one has failed every town downstream.\n\n"
        "“Nobody here wants to live through another flood,” he said."
    )
    quotes = quotes_of(text)
    first, second = one_with(quotes, "We need a new plan"), one_with(quotes, "Nobody here")
    assert "Nobody here wants" not in first.quote  # one quote per paragraph
    assert first.speaker == second.speaker == "John Carter"
    assert first.kind == second.kind == "direct"


def test_interrupted_quote_is_two_segments_of_one_speaker():
    text = (
        '"The river is rising," said Nina Patel, who runs the shelter. '
        '"We have room for two hundred people."'
    )
    quotes = quotes_of(text)
    first, second = one_with(quotes, "The river is rising"), one_with(quotes, "two hundred")
    assert first.quote == '"The river is rising,"'
    assert second.quote == '"We have room for two hundred people."'
    assert first.speaker == second.speaker == "Nina Patel"


def test_partial_quote_inside_a_sentence():
    text = 'Rita Moreno called the merger "a historic mistake" during the hearing.'
    q = one_with(quotes_of(text), "a historic mistake")
    assert q.speaker == "Rita Moreno"


def test_scare_quote_is_not_speech():
    text = 'The two countries signed a pact against "aggression" in the region last year.'
    assert all("aggression" not in q.quote for q in quotes_of(text))


@pytest.mark.parametrize(
    "text",
    [
        'He said "this never ends and',
        "”Closing first“ then “opening twice “ and never closing",
        '"\n\n"\n"',
        "''",
        "",
        "She said: “",
        "It's the players' ball and 'the team’s' call",
    ],
)
def test_unbalanced_marks_never_crash(text):
    quotes = quotes_of(text) if text else []
    assert isinstance(quotes, list)
    for span in find_quote_spans(text):
        assert 0 <= span[0] < span[1] <= len(text)


def test_organisation_speaker():
    text = "The Kremlin said the talks with Ukraine would continue next week."
    q = one_with(quotes_of(text), "the talks with Ukraine would continue")
    assert "Kremlin" in q.speaker


def test_historical_figure_mentioned_is_no_speaker():
    text = (
        "The alliance goes back to Joseph Stalin and the early years of the Cold War, "
        "the Foreign Office said in a statement."
    )
    quotes = quotes_of(text)
    q = one_with(quotes, "Joseph Stalin")
    assert "Foreign Office" in q.speaker
    assert all("Stalin" not in x.speaker for x in quotes)
    assert any("stalin" in m for m in q.mentioned)


def test_mentioned_excludes_the_speaker():
    text = "Maria Lopez said Thomas Baker had misled the council."
    q = one_with(quotes_of(text), "misled the council")
    assert q.speaker == "Maria Lopez"
    assert q.speaker_entity_id not in q.mentioned
    assert any("baker" in m for m in q.mentioned)


def test_reporting_verbs_are_data():
    verbs = reporting_verbs()
    for lemma in ("say", "add", "claim", "praise", "warn"):
        assert lemma in verbs


# --------------------------------------------------------------------------- content rules


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "The bridge is unsafe; Maria Lopez says the city will close it in June.",
            "the city will close it in June",
            "Maria Lopez",
        ),
        (
            "Thomas Baker said the plant would close in May; the union disputes the date.",
            "the plant would close in May",
            "Thomas Baker",
        ),
        (
            "Maria Lopez called for a new bridge -- a plan the council rejected last year.",
            "a new bridge",
            "Maria Lopez",
        ),
        (
            "Maria Lopez questioned the cost of the new stadium, which opened in 1990.",
            "the cost of the new stadium",
            "Maria Lopez",
        ),
        (
            "Maria Lopez criticized the mayor for closing the public library.",
            "the mayor for closing the public library",
            "Maria Lopez",
        ),
        (
            "Thomas Baker accused the mayor of hiding the audit from the council.",
            "the mayor of hiding the audit from the council",
            "Thomas Baker",
        ),
        (
            "Maria Lopez urged residents to conserve water during the drought.",
            "residents to conserve water during the drought",
            "Maria Lopez",
        ),
    ],
    ids=[
        "semicolon-before-cue",
        "semicolon-after-content",
        "dash-comment",
        "relative-after-noun",
        "eval-for",
        "accuse-of",
        "urge-object-to",
    ],
)
def test_content_boundaries(text, content, speaker):
    quotes = quotes_of(text)
    q = one_with(quotes, content)
    assert q.quote == content
    assert q.speaker == speaker


def test_clause_that_is_the_content_keeps_its_relative_clause():
    text = "Thomas Baker said that the council had sold the old mill, which stood empty for years."
    q = one_with(quotes_of(text), "the council had sold")
    assert q.quote.endswith("which stood empty for years")


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            "Senator Paul Grant endorsed the new budget on Monday.",
            "the new budget",
            "Paul Grant",
            "endorsed",
        ),
        (
            "Maria Lopez opposed the plan to sell the harbour.",
            "the plan to sell the harbour",
            "Maria Lopez",
            "opposed",
        ),
        (
            "Thomas Baker proposed a tax on empty homes.",
            "a tax on empty homes",
            "Thomas Baker",
            "proposed",
        ),
        (
            "Maria Lopez declined to comment on the report.",
            "to comment on the report",
            "Maria Lopez",
            "declined",
        ),
        (
            "Thomas Baker encouraged voters to register before the deadline.",
            "voters to register before the deadline",
            "Thomas Baker",
            "encouraged",
        ),
    ],
    ids=["endorse", "oppose", "propose", "decline-to", "encourage-object-to"],
)
def test_stance_and_intent_verbs(text, content, speaker, cue):
    q = one_with(quotes_of(text), content)
    assert q.quote == content
    assert q.speaker == speaker
    assert q.cue == cue


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        (
            "Thomas Baker repeated his claim that the vote had been rigged.",
            "that the vote had been rigged",
            "Thomas Baker",
            "claim",
        ),
        (
            "Maria Lopez made a pledge to rebuild the flooded school.",
            "to rebuild the flooded school",
            "Maria Lopez",
            "pledge",
        ),
        (
            "Senator Paul Grant's warning that the dam could fail went unheeded.",
            "that the dam could fail",
            "Paul Grant",
            "warning",
        ),
    ],
    ids=["possessive-claim-that", "made-a-pledge-to", "possessive-warning-that"],
)
def test_noun_cues(text, content, speaker, cue):
    q = one_with(quotes_of(text), content)
    assert q.quote == content
    assert q.speaker == speaker
    assert q.cue == cue


def test_noun_cue_without_a_source_is_no_quote():
    text = "The claim that the vote had been rigged was false."
    assert quotes_of(text) == []


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Senator Paul Grant complained about the flood defences.",
            "the flood defences",
            "Paul Grant",
        ),
        (
            "Maria Lopez railed against the new parking fees.",
            "the new parking fees",
            "Maria Lopez",
        ),
        (
            "Maria Lopez warned against cuts to the fire service.",
            "cuts to the fire service",
            "Maria Lopez",
        ),
        (
            "Thomas Baker pointed to the falling crime rate.",
            "the falling crime rate",
            "Thomas Baker",
        ),
    ],
    ids=["complain-about", "rail-against", "warn-against", "point-to"],
)
def test_prepositional_cues(text, content, speaker):
    q = one_with(quotes_of(text), content)
    assert q.quote == content
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Senator Paul Grant spoke to reporters in Boston.",
        "Maria Lopez continued her campaign in Ohio.",
        "Thomas Baker found a new job in March.",
    ],
    ids=["spoke-to-addressee", "continue-object", "find-object"],
)
def test_no_content_without_a_clause_or_topic(text):
    assert quotes_of(text) == []
