"""Country gazetteer: name variants, capitals and demonyms -> one canonical country."""

import re

import pytest

from analysis.extract import gazetteer


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("North Korea", "North Korea"),
        ("N Korea", "North Korea"),
        ("N. Korea", "North Korea"),
        ("N KOREA", "North Korea"),
        ("DPRK", "North Korea"),
        ("D.P.R.K.", "North Korea"),
        ("Democratic People's Republic of Korea", "North Korea"),
        ("Democratic People’s Republic of Korea", "North Korea"),
        ("the Democratic People's Republic of Korea", "North Korea"),
        ("The Democratic People's Republic of Korea", "North Korea"),
        ("North Korea's", "North Korea"),
        ("North Korea’s", "North Korea"),
        ("  North   Korea ", "North Korea"),
        ("US", "United States"),
        ("U.S.", "United States"),
        ("the U.S.", "United States"),
        ("USA", "United States"),
        ("U.S.A.", "United States"),
        ("United States", "United States"),
        ("the United States", "United States"),
        ("United States of America", "United States"),
        ("America", "United States"),
        ("America's", "United States"),
        ("UK", "United Kingdom"),
        ("U.K.", "United Kingdom"),
        ("Britain", "United Kingdom"),
        ("Great Britain", "United Kingdom"),
        ("United Kingdom", "United Kingdom"),
        ("Russia", "Russia"),
        ("RUSSIA", "Russia"),
        ("Russian Federation", "Russia"),
        ("the Russian Federation", "Russia"),
        ("S Korea", "South Korea"),
        ("S. Korea", "South Korea"),
        ("South Korea", "South Korea"),
        ("Republic of Korea", "South Korea"),
        ("ROK", "South Korea"),
        # coco's convention: a bare "Korea" is South Korea
        ("Korea", "South Korea"),
        ("China", "China"),
        ("PRC", "China"),
        ("People's Republic of China", "China"),
        ("Republic of China", "Taiwan"),
        ("Ukraine", "Ukraine"),
        ("Soviet Union", "Soviet Union"),
        ("the Soviet Union", "Soviet Union"),
        ("USSR", "Soviet Union"),
        ("U.S.S.R.", "Soviet Union"),
        ("Yugoslavia", "Yugoslavia"),
        ("Czechoslovakia", "Czechoslovakia"),
        ("East Germany", "East Germany"),
        ("E. Germany", "East Germany"),
        ("German Democratic Republic", "East Germany"),
        ("West Germany", "West Germany"),
        ("W Germany", "West Germany"),
        ("Germany", "Germany"),
        ("Federal Republic of Germany", "Germany"),
        ("S. Africa", "South Africa"),
        ("E Timor", "Timor-Leste"),
        ("UAE", "United Arab Emirates"),
        ("DRC", "DR Congo"),
        ("Democratic Republic of the Congo", "DR Congo"),
        ("Democratic Republic of Congo", "DR Congo"),
        ("Zaire", "DR Congo"),
        ("Burma", "Myanmar"),
        ("Turkey", "Türkiye"),
        ("Czech Republic", "Czechia"),
        ("Ivory Coast", "Côte d'Ivoire"),
        ("Cote d'Ivoire", "Côte d'Ivoire"),
        ("Holland", "Netherlands"),
        ("the Netherlands", "Netherlands"),
        ("Philippines'", "Philippines"),
        ("St Kitts and Nevis", "St. Kitts and Nevis"),
        ("Iran", "Iran"),
        ("Islamic Republic of Iran", "Iran"),
        ("Georgia", "Georgia"),
        # formal names the data lacks verbatim: designators + coco's regex
        ("Korea, Dem. People's Rep.", "North Korea"),
        ("Korea, Rep.", "South Korea"),
        ("Iran (Islamic Republic of)", "Iran"),
        ("China, People's Republic of", "China"),
        ("Micronesia (Federated States of)", "Micronesia, Fed. Sts."),
    ],
)
def test_country_of(surface, expected):
    assert gazetteer.country_of(surface) == expected


@pytest.mark.parametrize(
    "surface",
    [
        "",
        "   ",
        "Kim",
        "Kim Jong Un",
        "Putin",
        "Reuters",
        "Korean Central News Agency",
        "KCNA",
        "West",
        "the West",
        "Asia",
        "Europe",
        "Pyongyang",  # a capital is not the country
        "Moscow",
        "Washington",
        "Russian",  # a demonym is not the country
        "Russians",
        "North Korean",
        "American",
        "Georgia Tech",
        "Georgia State",
        "State of Georgia",
        "New Mexico State",
        "New Mexico",
        "New Jersey",
        "Jordan Peterson",
        "Latin America",
        "South America",
        "North America",
        "Central America",
        "S. America",
        "Bank of America",
        "Americas",
        "us",  # the pronoun
        "Us",
        "United Nations",
        "European Union",
        "Islamic State",
        "Democratic Republic",
        "Republic of",
        "Federal Reserve",
        "State Department",
        "United States Army",
        "US Navy",
        "Korean",
        "Koreas",
        "IT",  # an ISO code is not a news abbreviation
        "IN",
        "CAN",
        "Congolese",
    ],
)
def test_country_of_non_countries(surface):
    assert gazetteer.country_of(surface) is None


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Pyongyang", "North Korea"),
        ("Pyongyang's", "North Korea"),
        ("Moscow", "Russia"),
        ("Seoul", "South Korea"),
        ("Washington", "United States"),
        ("Washington, D.C.", "United States"),
        ("Kyiv", "Ukraine"),
        ("Kiev", "Ukraine"),
        ("Beijing", "China"),
        ("London", "United Kingdom"),
        ("Tokyo", "Japan"),
        ("Tehran", "Iran"),
        ("Astana", "Kazakhstan"),
        ("Taipei", "Taiwan"),
        ("St. George's", "Grenada"),
        ("Jerusalem", "Israel"),  # as GeoNames lists capitals
        ("East Jerusalem", "Palestine"),
    ],
)
def test_capital_country(surface, expected):
    assert gazetteer.capital_country(surface) == expected


@pytest.mark.parametrize(
    "surface",
    [
        "North Korea",  # a country is not a capital
        "Russia",
        "Kim",
        "Texas",
        "New York",
        "Pyongyang Times",
        # capitals of territories do not link: these are mostly people
        "Hamilton",
        "Douglas",
        "Stanley",
        "The Valley",
        "Plymouth",
        "",
    ],
)
def test_capital_country_non_capitals(surface):
    assert gazetteer.capital_country(surface) is None


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Russian", "Russia"),
        ("Russians", "Russia"),
        ("North Korean", "North Korea"),
        ("North Koreans", "North Korea"),
        ("N. Korean", "North Korea"),
        ("South Korean", "South Korea"),
        ("South Koreans", "South Korea"),
        ("American", "United States"),
        ("Americans", "United States"),
        ("British", "United Kingdom"),
        ("the British", "United Kingdom"),
        ("Briton", "United Kingdom"),
        ("Chinese", "China"),
        ("Ukrainian", "Ukraine"),
        ("Ukrainians", "Ukraine"),
        ("Soviet", "Soviet Union"),
        ("Soviets", "Soviet Union"),
        ("East German", "East Germany"),
        ("Japanese", "Japan"),
        ("Swiss", "Switzerland"),
        ("Iraqis", "Iraq"),
        ("Saudi", "Saudi Arabia"),
        ("Dominican", "Dominican Republic"),
        ("Indian", "India"),  # not the British Indian Ocean Territory
    ],
)
def test_demonym_country(surface, expected):
    assert gazetteer.demonym_country(surface) == expected


@pytest.mark.parametrize(
    "surface",
    [
        "Russia",
        "North Korea",
        "Pyongyang",
        "Kim",
        "Korean",  # North or South: links to neither
        "Koreans",
        "Congolese",
        "Reuters",
        "Asian",
        "European",
        "Christmas Island",  # countryinfo lists it as a demonym; it is a name
        "",
    ],
)
def test_demonym_country_non_demonyms(surface):
    assert gazetteer.demonym_country(surface) is None


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("North Korea", "North Korea"),
        ("DPRK", "North Korea"),
        ("Pyongyang", "North Korea"),
        ("North Koreans", "North Korea"),
        ("Kremlin", None),
        ("Moscow", "Russia"),
        ("Russian", "Russia"),
        ("Soviet", "Soviet Union"),
        ("Kim", None),
        ("Reuters", None),
        ("West", None),
    ],
)
def test_linked_country(surface, expected):
    assert gazetteer.linked_country(surface) == expected


def test_every_country_has_a_name_and_code():
    data = gazetteer.load_data()
    countries = data["countries"]
    assert len(countries) >= 190
    for record in countries:
        assert record["name"].strip()
        assert re.fullmatch(r"[A-Z0-9]{3}", record["iso3"]), record
    assert len({r["iso3"] for r in countries}) == len(countries)
    assert sum(r["sovereign"] for r in countries) >= 193
    for record in data["former_states"]:
        assert record["name"].strip()
        assert record["capitals"] == []


def test_every_record_resolves_to_itself():
    data = gazetteer.load_data()
    for record in data["countries"] + data["former_states"]:
        re.compile(record["regex"])
        assert gazetteer.country_of(record["name"]) == record["name"]
        for alias in record["aliases"]:
            assert gazetteer.country_of(alias) == record["name"], alias
        for demonym in record["demonyms"]:
            assert gazetteer.demonym_country(demonym) == record["name"], demonym
        if record["sovereign"]:
            for capital in record["capitals"]:
                assert gazetteer.capital_country(capital) == record["name"], capital


@pytest.mark.parametrize(
    ("function", "surface"),
    [
        (gazetteer.country_of, "N. Korea's"),
        (gazetteer.capital_country, "Pyongyang"),
        (gazetteer.demonym_country, "North Koreans"),
        (gazetteer.linked_country, "Korean Central News Agency"),
    ],
)
def test_a_call_takes_microseconds(function, surface):
    import timeit

    function.cache_clear()
    function(surface)  # warm the data and the cache
    per_call = timeit.timeit(lambda: function(surface), number=10_000) / 10_000
    assert per_call < 20e-6
    uncached = timeit.timeit(lambda: function.__wrapped__(surface), number=1_000) / 1_000
    assert uncached < 200e-6
