"""Entity types beyond the small model, and identity that needs evidence (invented text)."""

import pytest

from analysis.extract.layout import apply_layout, read_layout
from analysis.extract.nlp import parse
from analysis.extract.spans import clean_mentions
from analysis.records import RawEntity
from tests.conftest import analysed


def types(text: str) -> dict[str, str]:
    return {m.text: m.type for m in analysed(text).mentions}


def names(text: str) -> dict[str, str]:
    analysis = analysed(text)
    canonical = {e.entity_id: e.name for e in analysis.entities}
    return {m.text: canonical[m.entity_id] for m in analysis.mentions}


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # the gazetteer's provinces and regions (ISO 3166-2)
        ("Troops moved into Crimea on Monday.", "Crimea", "GPE"),
        ("Voters in Saskatchewan went to the polls.", "Saskatchewan", "GPE"),
        # organisation heads
        ("The Varga Research Center published a poll.", "Varga Research Center", "ORG"),
        ("Halden Brothers Ltd cut 40 jobs in March.", "Halden Brothers Ltd", "ORG"),
        # a title only people carry, and a first name after a title
        ("Justice Dunmore ruled on Friday.", "Dunmore", "PERSON"),
        ("Nurse Ada Kovacs worked the night shift.", "Ada Kovacs", "PERSON"),
        # a first name before a family name the model tagged alone
        # a name that starts with a sure first name is a person's, whatever the model said
        ("Analyst Ivan Pell said so. Tatiana Stanovik said more.", "Tatiana Stanovik", "PERSON"),
    ],
)
def test_types(text, surface, expected):
    assert types(text).get(surface) == expected


def test_a_first_name_before_a_family_name_tagged_alone_joins_it():
    text = "Alexei Varnikov, a political analyst, said so."
    parsed = parse(text)
    start = text.index("Varnikov")
    parsed.entities = [RawEntity(start, start + len("Varnikov"), "FAC")]  # as the model may
    layout = read_layout(text)
    apply_layout(parsed, layout)
    assert [(m.text, m.type) for m in clean_mentions(parsed, layout)] == [
        ("Alexei Varnikov", "PERSON")
    ]


def test_a_person_s_party_is_not_the_person():
    found = types("Justin Trudeau's Liberals won the vote.")
    assert found.get("Justin Trudeau") == "PERSON"
    assert "Justin Trudeau's Liberals" not in found


def test_a_place_is_never_merged_into_an_organisation_named_after_it():
    text = "Ontario Vanguard ran ads against the plan. Voters in Ontario were unmoved."
    assert names(text)["Ontario"] == "Ontario"


def test_a_relative_with_the_same_given_name_is_another_person():
    text = (
        "Police Chief Joseph Bramwell said the case was closed. "
        "The victim grew up in Houston, his father, Joseph, said."
    )
    assert names(text)["Joseph"] == "Joseph"
    assert names(text)["Joseph Bramwell"] == "Joseph Bramwell"


def test_a_family_name_still_joins_its_full_name():
    text = "Police Chief Joseph Bramwell spoke on Monday. Bramwell said the case was closed."
    assert names(text)["Bramwell"] == "Joseph Bramwell"


@pytest.mark.parametrize(
    ("text", "place", "country"),
    [
        ("The rally was held in Kingston, Ontario on Monday.", "Kingston", "Canada"),
        ("The rally was held in Kingston, Ont. on Monday.", "Kingston", "Canada"),
        ("He flew home to Kingston, Jamaica on Monday.", "Kingston", "Jamaica"),
    ],
)
def test_a_place_follows_its_qualifier(text, place, country):
    linked = {e.name: e.linked_country for e in analysed(text).entities}
    assert linked[place] == country


def test_a_dateline_city_is_named_in_proper_case():
    analysis = analysed("MOSCOW — The Kremlin said on Monday that Moscow would reply.")
    assert "Moscow" in {e.name for e in analysis.entities}
    assert "MOSCOW" not in {e.name for e in analysis.entities}
