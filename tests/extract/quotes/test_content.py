"""Stage 3: content spans (analysis.extract.quotes.content): never the cue nor the speaker."""

import pytest

from tests.conftest import analysed


def contents(text: str) -> list[str]:
    return [q.quote for q in analysed(text).quotes if q.kind != "stance"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Canadian Press: the attribution inside the sentence leaves two fragments
        ("The drugs have a limited use, he says, and are meant for short-term care.",
         ["The drugs have a limited use", "are meant for short-term care"]),
        ("The real problem, according to nurses, is a shortage of beds.",
         ["The real problem", "is a shortage of beds"]),
        # a relative clause with its own attribution: the content is after the cue
        ("Police found a wound that officers said did not appear self-inflicted.",
         ["did not appear self-inflicted"]),
        # an apposition ending the content stays
        ("Li Na said the team had traded Rob Vance, its third trade this week.",
         ["the team had traded Rob Vance, its third trade this week"]),
        ("Carl Obi said that the port would close.", ["that the port would close"]),
    ],
)  # fmt: skip
def test_content_excludes_cue_and_speaker(text, expected):
    assert contents(text) == expected


def test_a_stance_around_a_statement_is_dropped():
    text = "Mayor Tom Hale repeated his claim that the vote had been rigged."
    quotes = analysed(text).quotes
    assert [(q.kind, q.quote) for q in quotes] == [("indirect", "that the vote had been rigged")]
