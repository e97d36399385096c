"""Stage 2: the cue lexicon (data files) and cue detection, on invented sentences."""

import pytest

from analysis.extract.quotes.cues import cue_nouns, cue_verbs, data_sources
from tests.conftest import analysed


def test_the_lexicon_is_data_with_a_reason_for_each_verb():
    verbs = cue_verbs()
    assert {"say", "tell", "add", "write", "warn", "argue"} <= {
        v for v, cue in verbs.items() if cue.kind == "speech"
    }
    assert {"believe", "show", "promise", "intend", "support", "discuss"} <= {
        v for v, cue in verbs.items() if cue.kind == "stance"
    }
    assert {cue.frame for cue in verbs.values()} <= {"speech", "belief", "eval", "intent", "topic"}
    assert cue_nouns()["claim"] == "speech"
    assert cue_nouns()["pledge"] == "stance"
    assert {"chart", "video", "report", "figures"} <= data_sources()


def kinds(text: str) -> list[tuple[str, str]]:
    return [(q.kind, q.cue) for q in analysed(text).quotes]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Security experts believe the attack came from abroad.", "stance"),
        ("The chart showed a decline in sales after March.", "stance"),
        ("It promised to continue publishing the paper.", "stance"),
        ("The minister intends to sell the utility next year.", "stance"),
        # a noun phrase after a verb of saying is a position, not a statement
        ("Jonas Berg added a goal and an assist in the third period.", "stance"),
        ("Apex Mining reported a profit of $3 billion.", "stance"),
        ("Carla Mendes asked the board to delay the vote.", "stance"),
        # what data shows is never speech, even with a verb of saying
        ("The study suggests that the vaccine works in older adults.", "stance"),
        ("Mayor Ruth Ames said the bridge would reopen in June.", "indirect"),
        ("Ruth Ames told reporters that the bridge would reopen.", "indirect"),
    ],
)
def test_speech_and_stance(text, kind):
    assert {k for k, _ in kinds(text)} == {kind}


@pytest.mark.parametrize(
    "text",
    [
        "ENERGY: Benchmark crude fell 40 cents to $52 a barrel.",
        "WATCH: Crews clear trees after the storm",
    ],
)
def test_section_labels_are_no_speakers(text):
    assert analysed(text).quotes == []


def test_transcript_line_of_a_person():
    text = (
        "Anchor Chris Dalton questioned Governor Mia Stroud on Sunday.\n\n"
        "DALTON: Will you sign the bill?\n\nSTROUD: I will sign it this week."
    )
    speakers = {q.speaker for q in analysed(text).quotes if q.cue == ":"}
    assert speakers == {"Chris Dalton", "Mia Stroud"}


def test_a_signed_post_is_its_author_s():
    text = (
        "Power crews worked through the night.\n\n"
        "Crews are restoring power street by street. Thanks for your patience! "
        "pic.twitter.com/AbC123 — Coastal Hydro (@coastalhydro) December 22, 2018"
    )
    posts = [q for q in analysed(text).quotes if q.cue == "posted"]
    assert [(q.speaker, q.quote) for q in posts] == [
        ("Coastal Hydro", "Crews are restoring power street by street. Thanks for your patience")
    ]
