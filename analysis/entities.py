"""Resolution of mentions into the article's canonical entities.

Rules (general, no names of any article):
- countries: every name variant resolves to one canonical country (gazetteer);
  capitals and demonyms keep their own entity but are linked to their country;
- people: a short form ("Putin", "Kim", "Mr Lewis") joins the full name of the
  article it is a prefix or suffix of; when two people share it, the most frequent
  full name wins and then the nearest one; different full names never merge;
- organisations: a shorter name that is a prefix of a longer one ("Yonhap" /
  "Yonhap News") and an acronym of an expansion ("KCNA" / "Korean Central News
  Agency") join the longer form.

Entity ids are derived from type and canonical name, so the same canonical entity has
the same id in every article of the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from analysis import gazetteer
from analysis.records import Entity, Mention, Parsed

ACRONYM_STOPWORDS = {"of", "the", "for", "and", "on", "in", "de", "des", "du", "la", "le", "&"}
# spaCy types that name the same kind of thing: one canonical entity may be tagged either way
TYPE_FAMILY = {"GPE": "GPE", "LOC": "GPE"}


@dataclass(slots=True)
class Resolved:
    mentions: list[Mention]
    entities: list[Entity]


def normalise_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name).replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", name).strip()


def entity_id(entity_type: str, name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", normalise_name(name).lower()).strip("-")
    return f"{TYPE_FAMILY.get(entity_type, entity_type).lower()}:{slug}"


def name_tokens(name: str) -> list[str]:
    return normalise_name(name).split(" ")


def _is_affix(short: list[str], full: list[str]) -> bool:
    n = len(short)
    return 0 < n < len(full) and (full[:n] == short or full[-n:] == short)


def _person_names(mentions: list[Mention]) -> dict[int, str]:
    """Index of each PERSON mention -> the full name it stands for in this article."""
    people = [(i, m) for i, m in enumerate(mentions) if m.type == "PERSON"]
    full_counts = Counter(normalise_name(m.text) for _, m in people)
    full_names = [n for n in full_counts if len(name_tokens(n)) > 1]
    resolved = {}
    for i, mention in people:
        name = normalise_name(mention.text)
        candidates = [f for f in full_names if _is_affix(name_tokens(name), name_tokens(f))]
        # a full name that is itself a short form of a longer one ("Jong Un") joins it too
        if not candidates:
            resolved[i] = name
            continue
        resolved[i] = _best_candidate(candidates, full_counts, mention, people)
    return resolved


def _best_candidate(candidates, full_counts, mention, people) -> str:
    def distance(full: str) -> int:
        return min(
            abs(m.start - mention.start) for _, m in people if normalise_name(m.text) == full
        )

    return min(candidates, key=lambda f: (-full_counts[f], distance(f), f))


def acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ACRONYM_STOPWORDS]
    return "".join(w[0] for w in words if w[0].isupper())


def _org_names(mentions: list[Mention]) -> dict[int, str]:
    orgs = [(i, normalise_name(m.text)) for i, m in enumerate(mentions) if m.type == "ORG"]
    names = {n for _, n in orgs}
    resolved = {}
    for i, name in orgs:
        longer = [
            other
            for other in names
            if other != name
            and (
                _is_affix(name_tokens(name), name_tokens(other))
                and name_tokens(other)[:1] == name_tokens(name)[:1]
                or (name.isupper() and len(name) >= 2 and acronym(other) == name)
            )
        ]
        resolved[i] = max(longer, key=len) if longer else name
    return resolved


def canonical_names(mentions: list[Mention]) -> list[tuple[str, str, str]]:
    """(name, type, linked_country) of each mention, in mention order."""
    person = _person_names(mentions)
    org = _org_names(mentions)
    out = []
    for i, mention in enumerate(mentions):
        surface = normalise_name(mention.text)
        country = gazetteer.country_of(surface)
        if country:
            out.append((country, "GPE", country))
        elif mention.type == "PERSON":
            out.append((person[i], "PERSON", ""))
        elif mention.type == "ORG":
            out.append((org[i], "ORG", ""))
        else:
            linked = gazetteer.linked_country(surface) or ""
            out.append((surface, mention.type, linked))
    return out


def resolve(mentions: list[Mention], parsed: Parsed | None = None) -> Resolved:
    """Give every mention a canonical entity id and collect the article's entities."""
    entities: dict[str, Entity] = {}
    aliases: dict[str, Counter] = defaultdict(Counter)
    for mention, (name, entity_type, linked) in zip(
        mentions, canonical_names(mentions), strict=True
    ):
        eid = entity_id(entity_type, name)
        mention.entity_id = eid
        entity = entities.setdefault(eid, Entity(eid, name, entity_type, linked_country=linked))
        entity.mentions += 1
        aliases[eid][mention.text] += 1
    for eid, entity in entities.items():
        entity.aliases = [alias for alias, _ in aliases[eid].most_common()]
    ordered = sorted(entities.values(), key=lambda e: (-e.mentions, e.name))
    return Resolved(mentions, ordered)
