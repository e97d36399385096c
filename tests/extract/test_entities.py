"""Same-article resolution of mentions into canonical entities."""

import pytest

from analysis.extract.entities import (
    acronym,
    entity_id,
)
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


# --- more kinds of articles: every rule, and what must NOT merge -------------------------

MILIBANDS = (
    "Ed Miliband and David Miliband are brothers. David Miliband lost the leadership race. "
    "Miliband said he was proud of his brother."
)
KIMS_BY_PARAGRAPH = (
    "Kim Jong Un inspected a missile launch. Kim Jong Un praised the army. "
    "Kim later met officials.\n\n"
    "His grandfather Kim Il-sung founded the country in 1948. Kim ruled it until 1994."
)
SAMSUNGS = (
    "Samsung Electronics reported profits. Samsung Heavy Industries lost money. "
    "Samsung said it would invest."
)


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        # sport: a family name, then a relative with the same family name named later
        (
            "Serena Williams won the final in New York. Williams said the crowd carried her. "
            "Her sister Venus Williams watched.",
            "Williams",
            "Serena Williams",
        ),
        (
            "Lionel Messi scored twice for Inter Miami. Messi now has 20 goals.",
            "Messi",
            "Lionel Messi",
        ),
        # business: possessive and "Mr." stripped
        (
            "Tesla chief executive Elon Musk said that Musk's companies would cooperate. "
            "Mr. Musk declined to comment further.",
            "Musk",
            "Elon Musk",
        ),
        # science: "Dr." stripped
        (
            "Dr. Jennifer Doudna won the Nobel Prize. "
            "Doudna shared it with Emmanuelle Charpentier.",
            "Doudna",
            "Jennifer Doudna",
        ),
        # politics, family name first
        (
            "Prime Minister Shinzo Abe visited Beijing. Abe met Chinese officials.",
            "Abe",
            "Shinzo Abe",
        ),
        # a family name the model tagged as a place still joins the person
        (
            "Prime Minister Narendra Modi met President Joe Biden in Washington. "
            "Modi praised Biden.",
            "Biden",
            "Joe Biden",
        ),
        # two people share the short form: the most frequent one...
        (MILIBANDS, "Miliband", "David Miliband"),
        # ... the nearest one when frequencies tie
        (
            "George W. Bush spoke in Texas. Bush praised the troops. "
            "George H. W. Bush, his father, had served before him.",
            "Bush",
            "George W. Bush",
        ),
    ],
)
def test_short_forms_in_other_kinds_of_articles(text, surface, expected):
    assert canonical_of(analysed(text), surface) == {expected}


def test_a_short_form_goes_to_the_person_named_in_its_paragraph():
    analysis = analysed(KIMS_BY_PARAGRAPH)
    names = {e.entity_id: e.name for e in analysis.entities}
    kims = [names[m.entity_id] for m in analysis.mentions if m.text == "Kim"]
    assert kims == ["Kim Jong Un", "Kim Il-sung"]


def test_a_modifier_says_the_other_person_is_meant():
    # "the current Kim" right after Kim Il-sung is not Kim Il-sung
    text = (
        "Kim Jong Un met Vladimir Putin. Kim Jong Un praised him. "
        "Ties go back to Stalin and Kim Il-sung, the current Kim's grandfather."
    )
    assert canonical_of(analysed(text), "Kim") == {"Kim Jong Un"}


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (MILIBANDS, {"Ed Miliband", "David Miliband"}),
        (KIMS_BY_PARAGRAPH, {"Kim Jong Un", "Kim Il-sung"}),
        (
            "George W. Bush spoke in Texas. Bush praised the troops. "
            "George H. W. Bush, his father, had served before him.",
            {"George W. Bush", "George H. W. Bush"},
        ),
    ],
)
def test_people_who_share_a_name_never_merge(text, people):
    analysis = analysed(text)
    assert {e.name for e in analysis.entities if e.type == "PERSON"} == people


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Microsoft Corporation reported revenue. Microsoft said sales grew.", "Microsoft",
         "Microsoft Corporation"),
        ("The European Central Bank raised rates. The ECB said inflation was high.", "ECB",
         "European Central Bank"),
        ("The World Health Organization declared an emergency. The WHO urged action.", "WHO",
         "World Health Organization"),
        # an outlet the model tagged as a person joins its longer name
        ("Yonhap News Agency reported the launch. Yonhap said Seoul was on alert.", "Yonhap",
         "Yonhap News Agency"),
        # a leading "the" is no part of the name
        ("The Korean Central News Agency said so. KCNA agreed.", "Korean Central News Agency",
         "Korean Central News Agency"),
    ],
)  # fmt: skip
def test_organisation_short_forms_and_acronyms(text, surface, expected):
    assert canonical_of(analysed(text), surface) == {expected}


def test_a_short_form_two_organisations_share_stays_apart():
    analysis = analysed(SAMSUNGS)
    assert canonical_of(analysis, "Samsung") == {"Samsung"}
    assert {e.name for e in analysis.entities} == {
        "Samsung",
        "Samsung Electronics",
        "Samsung Heavy Industries",
    }


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Officials in the UK and Britain said the United Kingdom would act.", "UK",
         "United Kingdom"),
        ("The United States, America and the USA are one country.", "America", "United States"),
        ("The United States, America and the USA are one country.", "USA", "United States"),
        ("N Korea and the Democratic People's Republic of Korea are the same.", "N Korea",
         "North Korea"),
        ("N Korea and the Democratic People's Republic of Korea are the same.",
         "Democratic People's Republic of Korea", "North Korea"),
        ("Seoul said South Korea would respond. The Republic of Korea's army was on alert.",
         "Republic of Korea", "South Korea"),
    ],
)  # fmt: skip
def test_more_country_variants(text, surface, expected):
    assert canonical_of(analysed(text), surface) == {expected}


@pytest.mark.parametrize(
    ("text", "surface", "linked"),
    [
        ("British diplomats met in London.", "British", "United Kingdom"),
        ("British diplomats met in London.", "London", "United Kingdom"),
        ("Americans voted. Washington said so.", "Washington", "United States"),
        ("North Korean soldiers were seen. Pyongyang denied it.", "North Korean", "North Korea"),
        ("Ukrainian forces hit Russian positions.", "Ukrainian", "Ukraine"),
    ],
)
def test_demonyms_and_capitals_keep_their_name_and_link_a_country(text, surface, linked):
    analysis = analysed(text)
    [entity] = [e for e in analysis.entities if surface in e.aliases]
    assert entity.name == surface  # not merged into the country
    assert entity.linked_country == linked


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Latin America grew.", "Latin America"),
        ("Bank of America reported profits.", "Bank of America"),
    ],
)
def test_names_containing_a_country_are_not_that_country(text, surface):
    assert canonical_of(analysed(text), surface) == {surface}
