"""Same-article resolution of mentions into canonical entities."""

import pytest

from analysis.entities import acronym, entity_id
from tests.conftest import analysed, canonical_of

TWO_KIMS = (
    "Kim Jong Un inspected a missile launch. Kim later met officials. "
    "His grandfather Kim Il-sung founded the state. Kim Jong Un praised the army."
)


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        (
            "Vladimir Putin arrived on Monday. Putin then spoke to reporters.",
            "Putin",
            "Vladimir Putin",
        ),
        # family name first
        (
            "On Monday, Xi Jinping hosted the summit. Later Xi said trade would grow.",
            "Xi",
            "Xi Jinping",
        ),
        (TWO_KIMS, "Kim", "Kim Jong Un"),
        # a title in front of the short form
        (
            "Jeffrey Lewis is an analyst. Mr Lewis said the tests were real.",
            "Lewis",
            "Jeffrey Lewis",
        ),
        # the short form may come before the full name
        ("Merkel speaks out\nAngela Merkel said Europe must act.", "Merkel", "Angela Merkel"),
    ],
)
def test_short_forms_join_the_full_name(text, surface, expected):
    assert canonical_of(analysed(text), surface) == {expected}


def test_two_people_sharing_a_name_stay_apart():
    analysis = analysed(TWO_KIMS)
    people = {e.name for e in analysis.entities if e.type == "PERSON"}
    assert people == {"Kim Jong Un", "Kim Il-sung"}


def test_short_form_goes_to_the_most_frequent_full_name():
    text = (
        "Hillary Clinton campaigned in Ohio. Hillary Clinton spoke about jobs. "
        "Bill Clinton joined her later. Clinton told the crowd she would win."
    )
    analysis = analysed(text)
    assert canonical_of(analysis, "Clinton") == {"Hillary Clinton"}
    assert canonical_of(analysis, "Bill Clinton") == {"Bill Clinton"}


def test_a_lone_short_name_is_its_own_entity():
    analysis = analysed("Smith said the plan would fail.")
    assert canonical_of(analysis, "Smith") == {"Smith"}


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("The US and the U.S. Congress", "US", "United States"),
        ("Talks with the DPRK stalled. North Korea fired a missile.", "DPRK", "North Korea"),
        ("Britain left the EU. The UK economy slowed.", "Britain", "United Kingdom"),
    ],
)
def test_country_variants_resolve_to_one_country(text, surface, expected):
    assert canonical_of(analysed(text), surface) == {expected}


def test_capitals_and_demonyms_keep_their_name_and_link_their_country():
    analysis = analysed("Russian troops moved as Moscow denied it. Russia said nothing.")
    by_name = {e.name: e for e in analysis.entities}
    assert by_name["Moscow"].linked_country == "Russia"
    assert by_name["Russian"].linked_country == "Russia"
    assert by_name["Russia"].linked_country == "Russia"


def test_acronym_joins_its_expansion():
    text = (
        "The Korean Central News Agency published the speech. KCNA said the launch was a success."
    )
    assert canonical_of(analysed(text), "KCNA") == {"Korean Central News Agency"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Korean Central News Agency", "KCNA"),
        ("International Monetary Fund", "IMF"),
        ("Federal Bureau of Investigation", "FBI"),
        ("North Atlantic Treaty Organization", "NATO"),
    ],
)
def test_acronym(name, expected):
    assert acronym(name) == expected


def test_entity_ids_are_the_same_across_articles():
    first = analysed("Vladimir Putin spoke in Moscow.")
    second = analysed("Putin is the president. Vladimir Putin travelled to China.")
    ids = {e.entity_id for e in first.entities} & {e.entity_id for e in second.entities}
    assert entity_id("PERSON", "Vladimir Putin") in ids


def test_mentions_count_and_aliases_are_collected():
    analysis = analysed("Vladimir Putin arrived on Monday. Putin then spoke. Putin left.")
    putin = next(e for e in analysis.entities if e.name == "Vladimir Putin")
    assert putin.mentions == 3
    assert putin.aliases == ["Putin", "Vladimir Putin"]
