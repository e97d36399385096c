"""Resolution of mentions into canonical entities: in one article, then across the corpus.

Rules (general, no names of any article):
- countries: every name variant resolves to one canonical country (gazetteer);
  capitals and demonyms keep their own entity but are linked to their country;
- people: a short form ("Putin", "Kim", "Mr Lewis") joins the full name of the
  article it is a prefix or suffix of. When two people share it, a short form goes to
  the only one of them named earlier in the same paragraph (unless a modifier says
  another one is meant: "the current Kim"), else to the most frequent full name and
  then the nearest one. Different full names never merge;
- organisations: a shorter name that is a prefix of a longer one ("Yonhap" /
  "Yonhap News") and an acronym of an expansion ("KCNA" / "Korean Central News
  Agency") join the longer form, unless two unrelated longer forms share it;
- a short form the model typed wrongly (a family name tagged as a place, an outlet
  tagged as a person) still joins the one full name it is a part of, and takes its type.

Entity ids are derived from type and canonical name, so the same canonical entity has
the same id in every article of the corpus (`analysis.corpus.rows.corpus_entities`).
A lone short name is
never merged across articles automatically: `link_candidates` lists the full names of
the corpus it could stand for, for the analyst to decide.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from analysis.extract import gazetteer
from analysis.extract.wordlists import word_list
from analysis.records import Entity, Mention, Parsed

ACRONYM_STOPWORDS = {"of", "the", "for", "and", "on", "in", "de", "des", "du", "la", "le", "&"}
# spaCy types that name the same kind of thing: one canonical entity may be tagged either way
TYPE_FAMILY = {"GPE": "GPE", "LOC": "GPE"}
# model types a mistyped short form of a person or an organisation may carry
NAME_LIKE_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
# parts of speech before a short name that say which of several people is meant
CONTRASTIVE_POS = {"DET", "ADJ", "NUM"}
PARAGRAPH_BREAK = re.compile(r"\n")


@dataclass(slots=True)
class Resolved:
    mentions: list[Mention]
    entities: list[Entity]


@lru_cache(maxsize=65536)  # called for every pair of mentions an article's names compare
def normalise_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name).replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", name).strip()


def entity_id(entity_type: str, name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", normalise_name(name).lower()).strip("-")
    return f"{TYPE_FAMILY.get(entity_type, entity_type).lower()}:{slug}"


def name_tokens(name: str) -> list[str]:
    return list(_name_tokens(name))


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(normalise_name(name).split(" "))


def _is_affix(short: list[str], full: list[str]) -> bool:
    n = len(short)
    return 0 < n < len(full) and (full[:n] == short or full[-n:] == short)


def in_gazetteer(surface: str) -> bool:
    return bool(gazetteer.linked_country(surface))


@lru_cache(maxsize=1)
def _kinship_words() -> frozenset[str]:
    return frozenset(word_list("kinship_words.txt"))


class _Context:
    """Where mentions stand in the text: paragraphs and the word before each one."""

    def __init__(self, parsed: Parsed | None):
        self.text = parsed.text if parsed else None
        self.tokens = parsed.tokens if parsed else []
        self.token_ends = [t.end for t in self.tokens]
        self.line_starts = [m.end() for m in PARAGRAPH_BREAK.finditer(self.text or "")]

    def paragraph(self, position: int) -> int:
        """Index of the line holding `position` (-1 without a text)."""
        if self.text is None:
            return -1
        return bisect_right(self.line_starts, position)

    def after_kinship(self, mention: Mention) -> bool:
        """A relation right before the name ("his father, Joseph", "her son Kody")."""
        index = bisect_right(self.token_ends, mention.start) - 1
        words = [t.text.lower() for t in self.tokens[max(0, index - 2) : index + 1]]
        return any(w in _kinship_words() for w in words)

    def contrastive(self, mention: Mention) -> bool:
        """A modifier right before the name ("the current Kim", "the elder Bush")."""
        index = bisect_right(self.token_ends, mention.start) - 1
        if index < 0:
            return False
        token = self.tokens[index]
        return token.pos in CONTRASTIVE_POS and self.text[token.end : mention.start].strip() == ""


class _Affixes:
    """Full names indexed by each proper prefix and suffix of their tokens (case-folded too,
    for all-caps short forms), so a short form finds its full names in one lookup."""

    def __init__(self, full_names: Iterable[str]):
        self.index: dict[tuple[tuple[str, ...], bool], list[tuple[str, bool]]] = defaultdict(list)
        for full in full_names:
            for fold in (False, True):
                tokens = name_tokens(full.casefold() if fold else full)
                for n in range(1, len(tokens)):
                    self.index[(tuple(tokens[:n]), fold)].append((full, False))
                    self.index[(tuple(tokens[-n:]), fold)].append((full, True))

    def of(self, mention: Mention, family_names_only: bool) -> list[str]:
        fold = mention.text.isupper()  # "WALLACE:" in a transcript is Chris Wallace
        tokens = name_tokens(mention.text.casefold() if fold else mention.text)
        found = self.index.get((tuple(tokens), fold), ())
        return list(dict.fromkeys(f for f, suffix in found if suffix or not family_names_only))


def _person_names(mentions: list[Mention], context: _Context) -> dict[int, str]:
    """Index of each person mention -> the full name it stands for in this article.

    Person mentions are those the model typed PERSON, and mistyped short forms of one of
    the article's full person names ("Biden" tagged as a place next to "Joe Biden")."""
    full_counts = Counter(normalise_name(m.text) for m in mentions if m.type == "PERSON")
    affixes = _Affixes(n for n in full_counts if len(name_tokens(n)) > 1)

    def candidates_of(mention: Mention) -> list[str]:
        # "Ontario" is no short form of "Ontario Proud", and "his father, Joseph" is not
        # Joseph Boinnet: only a family name (the end of a full name) joins then
        family_only = mention.type in ("GPE", "LOC") or context.after_kinship(mention)
        return affixes.of(mention, family_only)

    people = [
        i
        for i, m in enumerate(mentions)
        if m.type == "PERSON"
        or (
            m.type in NAME_LIKE_TYPES
            and not in_gazetteer(normalise_name(m.text))
            and candidates_of(m)
        )
    ]
    places = _Places(mentions, full_counts)
    resolved: dict[int, str] = {}
    for i in people:
        mention = mentions[i]
        name = normalise_name(mention.text)
        candidates = candidates_of(mention)
        if not candidates:
            resolved[i] = name
        elif len(candidates) == 1:
            resolved[i] = candidates[0]
        else:
            resolved[i] = _best_candidate(candidates, full_counts, mention, places, context)
        places.named(mention, resolved[i], context)
    return resolved


class _Places:
    """Where each full name stands, and which full names each paragraph has named so far."""

    def __init__(self, mentions: list[Mention], full_counts: Counter):
        self.starts: dict[str, list[int]] = defaultdict(list)
        for m in mentions:
            name = normalise_name(m.text)
            if name in full_counts:
                self.starts[name].append(m.start)
        self.by_paragraph: dict[int, set[str]] = defaultdict(set)

    def named(self, mention: Mention, name: str, context: _Context) -> None:
        self.by_paragraph[context.paragraph(mention.start)].add(name)

    def distance(self, full: str, position: int) -> int:
        starts = self.starts.get(full) or [position + 10**9]
        k = bisect_right(starts, position)
        near = starts[max(0, k - 1) : k + 1]
        return min(abs(s - position) for s in near)


def _best_candidate(candidates, full_counts, mention, places: _Places, context) -> str:
    if not context.contrastive(mention):
        # the only one of them named earlier in the same paragraph is the one meant
        earlier = places.by_paragraph[context.paragraph(mention.start)] & set(candidates)
        if len(earlier) == 1:
            return earlier.pop()
    return min(candidates, key=lambda f: (-full_counts[f], places.distance(f, mention.start), f))


def acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ACRONYM_STOPWORDS]
    return "".join(w[0] for w in words if w[0].isupper())


class LongerForms:
    """The longer forms of organisation names ("Yonhap" < "Yonhap News", "KCNA" < "Korean
    Central News Agency"), indexed: each name by its proper prefixes (in tokens) and its
    acronym."""

    def __init__(self, names: Iterable[str]):
        self.by_prefix: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.by_acronym: dict[str, set[str]] = defaultdict(set)
        for name in names:
            tokens = name_tokens(name)
            for n in range(1, len(tokens)):
                self.by_prefix[tuple(tokens[:n])].add(name)
            self.by_acronym[acronym(name)].add(name)

    def of(self, name: str) -> set[str]:
        found = set(self.by_prefix.get(tuple(name_tokens(name)), ()))
        if name.isupper() and len(name) >= 2:
            found |= self.by_acronym.get(name, set())
        return found - {name}


def _org_names(mentions: list[Mention], people: dict[int, str]) -> dict[int, str]:
    """Index of each organisation mention -> its longest form in this article.

    A short form two unrelated longer names share ("Samsung" beside "Samsung
    Electronics" and "Samsung Heavy Industries") stays itself. A mention the model
    typed PERSON that is the short form of an organisation and of no person joins it."""
    names = {normalise_name(m.text) for m in mentions if m.type == "ORG"}
    longer_forms = LongerForms(names)
    resolved = {}
    for i, mention in enumerate(mentions):
        name = normalise_name(mention.text)
        if mention.type != "ORG" and (
            mention.type != "PERSON" or people.get(i) != name or in_gazetteer(name)
        ):
            continue
        longer = longer_forms.of(name)
        if mention.type == "PERSON" and not longer:
            continue
        # the longest forms: a chain "Yonhap" < "Yonhap News" < "Yonhap News Agency" has one
        widest = [f for f in longer if not any(g != f and _contains(g, f) for g in longer)]
        resolved[i] = widest[0] if len(widest) == 1 else name
    return resolved


def _contains(longer: str, shorter: str) -> bool:
    return _is_affix(name_tokens(shorter), name_tokens(longer)) or acronym(longer) == shorter


def canonical_names(
    mentions: list[Mention], parsed: Parsed | None = None
) -> list[tuple[str, str, str]]:
    """(name, type, linked_country) of each mention, in mention order."""
    person = _person_names(mentions, _Context(parsed))
    org = _org_names(mentions, person)
    qualified = _qualified_places(mentions, parsed.text if parsed else None)
    out = []
    for i, mention in enumerate(mentions):
        surface = normalise_name(mention.text)
        country = gazetteer.country_of(surface)
        if country:
            out.append((country, "GPE", country))
        elif i in org and org[i] != surface:
            out.append((org[i], "ORG", ""))
        elif i in person and (person[i] != surface or mention.type == "PERSON"):
            out.append((person[i], "PERSON", ""))
        elif mention.type == "ORG":
            out.append((surface, "ORG", ""))
        else:
            linked = qualified.get(surface) or gazetteer.linked_country(surface) or ""
            out.append((_proper_case(surface, mention.type), mention.type, linked))
    return out


QUALIFIER = re.compile(r",\s*([A-Z][\w.]*(?: [A-Z][\w.]*){0,2})")


def _qualified_places(mentions: list[Mention], text: str | None) -> dict[str, str]:
    """Place name -> the country its qualifier names in this article: "Kingston, Ontario" is
    in Canada (not Jamaica's capital), "Paris, Texas" in the United States."""
    out: dict[str, str] = {}
    if text is None:
        return out
    for mention in mentions:
        if mention.type not in ("GPE", "LOC"):
            continue
        m = QUALIFIER.match(text, mention.end)
        words = m.group(1).split() if m else []
        # the longest run of capitalised words that names a country or a province
        for n in range(len(words), 0, -1):
            country = gazetteer.qualifier_country(" ".join(words[:n]))
            if country and country != gazetteer.country_of(normalise_name(mention.text)):
                out.setdefault(normalise_name(mention.text), country)
                break
    return out


def _proper_case(name: str, entity_type: str) -> str:
    """An all-caps place name (a dateline's "MOSCOW") is named in proper case."""
    if entity_type in ("GPE", "LOC") and name.isupper() and len(name) > 3 and "." not in name:
        return name.title()
    return name


def resolve(mentions: list[Mention], parsed: Parsed | None = None) -> Resolved:
    """Give every mention a canonical entity id and collect the article's entities."""
    entities: dict[str, Entity] = {}
    aliases: dict[str, Counter] = defaultdict(Counter)
    for mention, (name, entity_type, linked) in zip(
        mentions, canonical_names(mentions, parsed), strict=True
    ):
        eid = entity_id(entity_type, name)
        mention.entity_id = eid
        if entity_type in ("PERSON", "ORG"):
            mention.type = entity_type  # a mistyped short form takes its entity's type
        entity = entities.setdefault(eid, Entity(eid, name, entity_type, linked_country=linked))
        entity.mentions += 1
        aliases[eid][mention.text] += 1
    for eid, entity in entities.items():
        entity.aliases = [alias for alias, _ in aliases[eid].most_common()]
    ordered = sorted(entities.values(), key=lambda e: (-e.mentions, e.name))
    return Resolved(mentions, ordered)
