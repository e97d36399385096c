"""Entity types from more than the small NER model: the gazetteer, name heads, context, votes.

In order, for each mention:
- the gazetteer: a country or a capital is a GPE, a demonym a NORP, a province or state
  (ISO 3166-2, analysis/data/subdivisions.json) a GPE when the model said ORG, LOC, FAC
  or NORP ("Crimea" typed ORG);
- the last word of the name (analysis/data/name_heads.tsv): "Levada Center", "Reckitt
  Benckiser Group", "Westgate Ltd" are organisations whatever the model said; a name that
  starts with a first name the dictionary is sure of ("Anne Marie Cerato") is a person's
  when the model called it a place or an organisation;
- context: an organisation named for a building after "at", "in", ... is a facility
  ("spoke at the Kennedy Center");
- votes: every mention of one name in an article takes the type most of them have
  (the model types "Pernod Ricard" a person once and a company twice).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from analysis.extract import gazetteer
from analysis.extract.names import gender_of_first_name, is_first_name
from analysis.extract.wordlists import DATA_DIR, word_list
from analysis.records import Mention

LOCATIVE_WORDS = {"at", "in", "inside", "outside", "near", "into", "to", "from", "within"}
PLACE_TYPES = {"ORG", "LOC", "FAC", "NORP"}  # what the model calls a province it missed


@lru_cache(maxsize=1)
def organisation_heads() -> frozenset[str]:
    lines = (DATA_DIR / "name_heads.tsv").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("\t")[0] for line in lines if line.strip() and line[0] != "#")


@lru_cache(maxsize=1)
def _facility_heads() -> frozenset[str]:
    return frozenset(w.split()[-1] for w in word_list("facility_words.txt"))


def retype(surface: str, label: str, start: int, text: str) -> str:
    """The type of one mention from the gazetteer, its head word and the words before it."""
    if gazetteer.country_of(surface) or gazetteer.capital_country(surface):
        return "GPE"
    if gazetteer.demonym_country(surface):
        return "NORP"
    if gazetteer.subdivision_country(surface) and (
        label in PLACE_TYPES or label == "PERSON" and not is_first_name(surface)
    ):
        return "GPE"  # "Nova Scotia" typed a person; "Alberta" alone may be a first name
    words = surface.split()
    if len(words) > 1 and words[-1] in organisation_heads() and label != "GPE":
        label = "ORG"
    elif label in PLACE_TYPES | {"GPE"} and _a_person_s_name(words):
        label = "PERSON"
    if label == "ORG" and _names_a_facility(surface, start, text):
        return "FAC"
    return label


def _a_person_s_name(words: list[str]) -> bool:
    """ "Anne Marie Cerato" typed an organisation: two to four capitalised words, the first a
    first name the name dictionary is sure of, none a known place."""
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and gender_of_first_name(words[0]) != ""
        and not any(gazetteer.linked_country(w) for w in words)
    )


def _names_a_facility(name: str, start: int, text: str) -> bool:
    head = name.split()[-1] if name.split() else ""
    if head not in _facility_heads():
        return False
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 20) : start])
    words = [w.lower() for w in before if w.lower() != "the"]
    return bool(words) and words[-1] in LOCATIVE_WORDS


def vote(mentions: list[Mention]) -> None:
    """Give every mention of a name the type most of its mentions have (ties: the first)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        votes[m.text.casefold()][m.type] += 1
    for m in mentions:
        counts = votes[m.text.casefold()]
        if len(counts) > 1:
            m.type = counts.most_common(1)[0][0]
