"""News layout read by its shape: credits, furniture, bylines, datelines, line kinds.

Every text here is invented, in the layouts of several outlets."""

import pytest

from analysis.extract.layout import read_layout
from tests.conftest import analysed, mention_pairs

WIRE_PHOTO = (
    "Fire crews fight blaze in port district\n\n"
    "Getty Images Firefighters battle a blaze near the port in BeirutGetty Images\n"
    "Smoke rose over the city on Monday\n\n"
    "Reuters reported that the minister resigned."
)
GLUED_ONLY = (
    "Protesters gather outside parliament in LondonReuters\nPolice said 12 people were held."
)
CREDIT_LINE = (
    "Image source, EPA\nThe European Union and Britain’s government agreed a deal in Brussels."
)
GALLERY = (
    "Premiers meet over carbon levy\n\n"
    "Open this photo in gallery Premier Dana Whitfield speaks in Regina. "
    "Marta Kowalczyk/The Canadian Press\n\n"
    "Story continues below advertisement\n\n"
    "The premiers met on Tuesday to discuss the levy."
)


def masked(text: str, title: str | None = None) -> list[str]:
    layout = read_layout(text, title)
    return [text[start:end] for start, end in layout.credits]


def kinds(text: str, title: str | None = None) -> list[str]:
    layout = read_layout(text, title)
    return [line.kind for line in layout.lines if text[line.start : line.end].strip()]


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        # Globe and Mail: the caption, then Name/Agency
        (
            "Mayor Li Wen opens the bridge in Halifax. Owen Brandt/The Canadian Press",
            "Owen Brandt/The Canadian Press",
        ),
        # CBC: in brackets at the end
        ("Crews clear snow in Sudbury. (Kara Lindqvist/CBC)", "(Kara Lindqvist/CBC)"),
        # Toronto Star: spaced, in brackets
        ("A market stall in Kitchener. ( Joel Amari / Waterloo Region Record )",
         "( Joel Amari / Waterloo Region Record )"),
        # Reuters: AGENCY/Name, a file photo credited twice
        ("A refinery in Sarnia. REUTERS/Ana Petrova/File Photo", "REUTERS/Ana Petrova/File Photo"),
        # HuffPost: the credit opens the caption; the agency list says where it ends
        ("Ines Moreau / PA Images via Getty Images Ferdinand Ruiz at a ceremony in Dublin.",
         "Ines Moreau / PA Images via Getty Images"),
        ("Photo: Sam Okafor", "Photo: Sam Okafor"),
        ("The old mill in 1952 (Courtesy of the Elm County Archives)",
         "(Courtesy of the Elm County Archives)"),
    ],
)  # fmt: skip
def test_credits_by_shape(line, credit):
    assert masked(f"Story of the day\n\n{line}\n\nThe body follows here.") == [credit]


@pytest.mark.parametrize(
    "sentence",
    [
        "Trump administration sues EPA",  # a headline ending with an agency's name
        "She moved to Pittsburgh, PA",
        "He gave an interview with the BBC",
        "The deal needs NAFTA/USMCA approval before it takes effect.",
        "Exports of grain and/or oilseeds fell 4/5 of a point.",
        "Contact the author on Twitter at @KathrynHudson",
    ],
)
def test_running_text_is_never_a_credit(sentence):
    assert masked(f"{sentence}\n\nMore text of the story follows here.") == []


def test_credit_names_are_no_entities_and_captions_keep_theirs():
    pairs = mention_pairs(analysed(GALLERY))
    assert ("Marta Kowalczyk", "PERSON") not in pairs
    assert ("Dana Whitfield", "PERSON") in pairs
    assert "Regina" in {text for text, _ in pairs}


def test_gallery_and_advertising_lines_are_furniture():
    assert kinds(GALLERY) == ["headline", "caption", "furniture", "body"]
    assert "Open this photo in gallery " in masked(GALLERY)
    assert "Story continues below advertisement" in masked(GALLERY)


@pytest.mark.parametrize(
    "line",
    [
        "READ MORE: Province says the budget will balance by 2031",
        "WATCH | Highlights from the overtime win",
        "Also on HuffPost:",
        "With files from The Associated Press",
        "– With files from Priya Nair and Tom Beck",
        "Article Continued Below",
        "Lena Ortiz in Lagos contributed to this report.",
    ],
)
def test_furniture_lines(line):
    text = f"A headline of the day\n\nThe mayor spoke on Monday.\n\n{line}\n\nShe left at noon."
    assert masked(text) == [line]


@pytest.mark.parametrize(
    ("first_lines", "byline"),
    [
        ("Sheryl Okonkwo, The Canadian Press\n\n", "Sheryl Okonkwo, The Canadian Press"),
        ("By Daniel Strauss\n\n", "By Daniel Strauss"),
        ("Rachel Lind, Power Play producer\n\n", "Rachel Lind, Power Play producer"),
    ],
)
def test_bylines(first_lines, byline):
    text = first_lines + "Council votes down transit plan\n\nThe council voted on Monday."
    assert byline in masked(text)
    reporter = byline.removeprefix("By ").split(",")[0]
    assert reporter not in {m.text for m in analysed(text).mentions}


def test_a_headline_with_a_comma_is_no_byline():
    text = "Angela Mertens, Paolo Conti Meet In Paris\n\nThe two leaders met on Monday."
    assert masked(text, "Angela Mertens, Paolo Conti Meet In Paris") == []


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("MOSCOW — The Kremlin said on Monday", "MOSCOW"),
        ("TROUT RIVER, N.B. — A fisherman said on Monday", "TROUT RIVER"),
        ("OTTAWA (Reuters) - The minister said on Monday", "OTTAWA"),
        ("MILWAUKEE—Brewers said on Monday", "MILWAUKEE"),
        ("DETROIT -- Carmakers said on Monday", "DETROIT"),
    ],
)
def test_datelines(opening, place):
    text = f"A headline of the day\n\n{opening} that talks would resume."
    layout = read_layout(text)
    assert text[slice(*layout.dateline)] == place
    analysis = analysed(text)
    places = [m for m in analysis.mentions if m.start == layout.dateline[0]]
    assert [m.type for m in places] == ["GPE"]
    names = {e.entity_id: e.name for e in analysis.entities}
    assert names[places[0].entity_id] == place.title()
    assert all(q.speaker.upper() != place for q in analysis.quotes)


@pytest.mark.parametrize(
    "text",
    [
        "AVON RENT-A-CAR posted a loss.\n\nThe company said so.",
        "NATO - the alliance - met on Monday.",
    ],
)
def test_no_dateline(text):
    assert read_layout(text).dateline is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # BBC: a credit glued to the last word of a caption, and printed at its start too
        (WIRE_PHOTO, [("Beirut", "GPE"), ("Reuters", "ORG")]),
        (GLUED_ONLY, [("London", "GPE")]),
        (CREDIT_LINE, [("European Union", "ORG"), ("Britain", "GPE"), ("Brussels", "GPE")]),
    ],
)
def test_bbc_credits(text, expected):
    assert mention_pairs(analysed(text)) == expected


def test_body_mentions_of_an_agency_stay_entities():
    assert ("Reuters", "ORG") in mention_pairs(analysed(WIRE_PHOTO))


@pytest.mark.parametrize("text", [WIRE_PHOTO, GLUED_ONLY, CREDIT_LINE, GALLERY])
def test_credits_are_masked_with_same_length(text):
    layout = read_layout(text)
    assert len(layout.masked_text) == len(text)
    assert layout.credits
    for start, end in layout.credits:
        assert layout.masked_text[start:end].strip() == ""


def test_credit_at_start_of_caption_line_is_found():
    assert masked(WIRE_PHOTO) == ["Getty Images", "Getty Images"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (WIRE_PHOTO, ["headline", "caption", "caption", "body"]),
        (CREDIT_LINE, ["credit", "body"]),
        ("The vote was held on Sunday. Turnout was low.", ["body"]),
    ],
)
def test_line_kinds(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (WIRE_PHOTO, ["headline", "caption", "caption", "body"]),
        (CREDIT_LINE, ["credit", "body"]),
        ("The vote was held on Sunday. Turnout was low.", ["body", "body"]),
    ],
)
def test_sentence_kinds(text, expected):
    assert [s.kind for s in analysed(text).sentences] == expected
