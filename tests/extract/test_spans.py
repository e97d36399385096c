"""Mention cleaning (analysis.extract.spans): names' edges, titles, facilities (credits:
test_layout)."""

import pytest

from analysis.extract.spans import strip_person_titles
from tests.conftest import analysed, mention_pairs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # titles are not part of a name
        (
            "Rep Alexandria Ocasio-Cortez said the bill would pass.",
            [("Alexandria Ocasio-Cortez", "PERSON")],
        ),
        ("Dr Anthony Fauci warned of a new wave.", [("Anthony Fauci", "PERSON")]),
        # a trailing possessive and a title in one span
        ("President Emmanuel Macron's government fell.", [("Emmanuel Macron", "PERSON")]),
        # a clause opener the model glues to a name, then a possessive
        (
            "Citing Japan's defence ministry, Mr Tanaka said the missile landed at sea.",
            [("Japan", "GPE"), ("Tanaka", "PERSON")],
        ),
        # a named building used as a place is a facility
        (
            "Ms Harris spoke at the Kennedy Center.",
            [("Harris", "PERSON"), ("Kennedy Center", "FAC")],
        ),
    ],
)
def test_cleaned_mentions(text, expected):
    assert mention_pairs(analysed(text)) == expected


def test_a_title_given_by_metadata_marks_the_headline_even_with_a_period():
    text = "Markets fall after rate rise.\nShares fell sharply on Friday."
    analysis = analysed(text, None, "Markets fall after rate rise.")
    assert analysis.sentences[0].kind == "headline"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Rep Kang Dae-sik", "Kang Dae-sik"),
        ("Prime Minister Keir Starmer", "Keir Starmer"),
        ("Mr. Smith", "Smith"),
        ("Gen. Mark Milley", "Mark Milley"),
        ("Prince", "Prince"),  # nothing left: a title alone is kept as the name
        ("Maria Sharapova", "Maria Sharapova"),
    ],
)
def test_strip_person_titles(name, expected):
    assert strip_person_titles(name)[1] == expected


def test_sentences_never_cross_a_line_break():
    analysis = analysed("Headline without a stop\nBody text starts here. And goes on.")
    for sentence in analysis.sentences:
        assert "\n" not in sentence.text
