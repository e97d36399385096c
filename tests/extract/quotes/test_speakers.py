"""Stage 5: speakers and their resolution (analysis.extract.quotes.speakers), on invented news."""

import pytest

from analysis.extract.names import gender_of_first_name
from tests.conftest import analysed


def speakers(text: str) -> list[str]:
    return [q.speaker for q in analysed(text).quotes if q.kind != "stance"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # pronouns follow gender across paragraphs, and skip people of photo captions
        ("Lisa Harmon met Kevin Doyle in Halifax.\n\n"
         "Harmon said Doyle would be a strong candidate, and she said they talked for an hour.",
         ["Lisa Harmon", "Lisa Harmon"]),
        ("Coach Ben Ortiz praised his team.\n\n"
         "Jane Moss / The Canadian Press Prime Minister Lena Park greets fans in Ottawa.\n\n"
         '"We earned it," he said.',
         ["Ben Ortiz"]),
        # a definite description stands for the person or organisation named before
        ("Defenceman Luc Girard signed a new contract on Friday.\n\n"
         "The rookie defenceman said he was thrilled.",
         ["Luc Girard"]),
        ("Northshore Power restored service to 5,000 homes.\n\n"
         "The utility said crews would work through the weekend.",
         ["Northshore Power"]),
        ("Veridia Telecom cut 300 jobs. It said the market had shrunk.", ["Veridia Telecom"]),
        # an unnamed description never becomes the next name...
        ("A government spokesman said the talks would resume. "
         "Chancellor Anna Weber said she hoped for a deal.",
         ["A government spokesman", "Anna Weber"]),
        # ... unless that name's title says it is the one
        ("A lawmaker said the bill would pass. Rep Tom Alder said it had the votes.",
         ["Tom Alder", "Tom Alder"]),
        # an office says who holds it: "the judge" is no other person named before
        ("Rask appeared before Judge Carla Mendes on Monday. "
         "The judge said the sentence would come in March.",
         ["Carla Mendes"]),
        ("Tom Rask pleaded guilty on Monday. The judge said the sentence would come in March.",
         ["The judge"]),
        # an unnamed person introduced before stays as worded
        ("A man who lives nearby heard shots. The man said he called police.", ["The man"]),
    ],
)  # fmt: skip
def test_speakers(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize(
    ("text", "not_speaker"),
    [
        ("MOSCOW — The Kremlin said on Monday that talks would go on.", "MOSCOW"),
        ("Flood waters rise in Dorval. Tom Reyes/The Canadian Press\n\n"
         '"It came so fast," said resident Ivy Chen.', "Tom Reyes"),
        ("Sheryl Ubel, The Canadian Press\n\n"
         "Health officials said the outbreak was over.", "Sheryl Ubel"),
    ],
)  # fmt: skip
def test_datelines_credits_and_bylines_never_speak(text, not_speaker):
    assert all(not_speaker.lower() not in s.lower() for s in speakers(text))


@pytest.mark.parametrize(
    ("name", "gender"), [("Kevin", "he"), ("Lisa", "she"), ("Kim", ""), ("Xq", "")]
)
def test_gender_of_first_name(name, gender):
    assert gender_of_first_name(name) == gender
