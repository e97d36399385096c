"""Build analysis/data/subdivisions.json: provinces, states and regions, each with its country.

How to run (from the repository root; pycountry is build-time only, in a throwaway venv):

    uv venv /tmp/gaz && uv pip install --python /tmp/gaz/bin/python pycountry==26.2.16
    /tmp/gaz/bin/python analysis/data/build_subdivisions.py

Sources:
- pycountry (ISO 3166-2): every first-level subdivision (a province, state, territory,
  region, autonomous community, Land, ...). Its name is cleaned the way news writes it:
  the part in brackets and generic words of the local name ("Sheng", "oblast") dropped,
  "Madrid, Comunidad de" read as "Madrid".
- HAND_NAMES below: English names of regions news uses that ISO lists under a local name
  ("Bavaria" for Bayern, "Crimea" for Avtonomna Respublika Krym, "Catalonia").
- HAND_ABBREVIATIONS below: the abbreviations of provinces and states in news style
  (AP and Canadian Press: "Ont.", "N.B.", "Calif.", "Mass.") that qualify a place name
  ("Kingston, Ont.").
The country of each is its canonical name in analysis/data/countries.json.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pycountry

HERE = Path(__file__).parent
GENERIC = re.compile(
    r"\s+(?:sheng|shi|zizhiqu|oblast|oblasti|kraj|krai|kray|voivodeship|governorate|"
    r"province|region|prefecture|ken|to|fu|do|county|district)$",
    re.IGNORECASE,
)
# names made only of these words are too common to read as a place ("Central", "Northern")
GENERIC_WORDS = set(
    [
        "north",
        "south",
        "east",
        "west",
        "central",
        "northern",
        "southern",
        "eastern",
        "western",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "upper",
        "lower",
        "capital",
        "coast",
        "coastal",
        "islands",
        "island",
        "lakes",
        "lake",
        "mountain",
        "mountains",
        "river",
        "valley",
        "delta",
        "centre",
        "center",
        "greater",
        "new",
        "saint",
        "st",
        "middle",
        "highland",
        "highlands",
        "plains",
        "city",
        "district",
    ]
)
HAND_NAMES = {
    "Crimea": "UA",
    "Donbas": "UA",
    "Donbass": "UA",
    "Bavaria": "DE",
    "Saxony": "DE",
    "Lower Saxony": "DE",
    "Hesse": "DE",
    "North Rhine-Westphalia": "DE",
    "Catalonia": "ES",
    "Andalusia": "ES",
    "Basque Country": "ES",
    "Lombardy": "IT",
    "Tuscany": "IT",
    "Sicily": "IT",
    "Sardinia": "IT",
    "Tibet": "CN",
    "Xinjiang": "CN",
    "Inner Mongolia": "CN",
    "Kashmir": "IN",
    "Punjab": "IN",
    "Chechnya": "RU",
    "Dagestan": "RU",
    "Siberia": "RU",
    "Wales": "GB",
    "Flanders": "BE",
    "Wallonia": "BE",
    "Brittany": "FR",
    "Normandy": "FR",
    "Corsica": "FR",
    "Quebec": "CA",
    "Québec": "CA",
    "Yukon": "CA",
}
HAND_ABBREVIATIONS = {
    "CA": ["Ont.", "Que.", "B.C.", "N.B.", "N.S.", "P.E.I.", "Alta.", "Sask.", "Man.",
           "N.L.", "Nfld.", "N.W.T.", "Y.T."],
    "US": ["Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Del.", "Fla.", "Ga.", "Ill.",
           "Ind.", "Kan.", "Ky.", "La.", "Md.", "Mass.", "Mich.", "Minn.", "Miss.", "Mo.",
           "Mont.", "Neb.", "Nev.", "N.H.", "N.J.", "N.M.", "N.Y.", "N.C.", "N.D.", "Okla.",
           "Ore.", "Pa.", "R.I.", "S.C.", "S.D.", "Tenn.", "Vt.", "Va.", "Wash.", "W.Va.",
           "Wis.", "Wyo.", "D.C."],
    "AU": ["NSW", "Qld", "Vic.", "Tas."],
}  # fmt: skip


def fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", name).strip().lower()


def news_name(iso_name: str) -> str:
    name = re.sub(r"\s*\[.*?\]", "", iso_name)
    name = re.sub(r"\s*\(.*?\)", "", name)
    if "," in name:  # "Madrid, Comunidad de" -> "Madrid"
        name = name.split(",")[0]
    return GENERIC.sub("", name).strip()


def main() -> None:
    countries = json.loads((HERE / "countries.json").read_text(encoding="utf-8"))["countries"]
    country_of = {c["iso2"]: c["name"] for c in countries if c.get("iso2")}
    known = {fold(n) for c in countries for n in [c["name"], *c["aliases"], *c["capitals"]]}
    names: dict[str, dict] = {}
    for sub in pycountry.subdivisions:
        country = country_of.get(sub.country_code)
        if sub.parent_code is not None or country is None:
            continue
        name = news_name(sub.name)
        generic = set(fold(name).split()) <= GENERIC_WORDS
        if len(name) > 2 and fold(name) not in known and not generic:
            names.setdefault(fold(name), {"name": name, "country": country})
    for name, code in HAND_NAMES.items():
        names[fold(name)] = {"name": name, "country": country_of[code]}
    abbreviations = {
        abbreviation: country_of[code]
        for code, listed in HAND_ABBREVIATIONS.items()
        for abbreviation in listed
    }
    out = {
        "meta": {"source": "pycountry " + pycountry.__version__ + " (ISO 3166-2) + hand lists"},
        "subdivisions": dict(sorted(names.items())),
        "abbreviations": abbreviations,
    }
    text = json.dumps(out, ensure_ascii=False, indent=1)
    (HERE / "subdivisions.json").write_text(text + "\n", encoding="utf-8")
    print(f"{len(names)} subdivisions, {len(abbreviations)} abbreviations")


if __name__ == "__main__":
    main()
