"""Entities across the corpus: one record per canonical entity (its id is the same in
every article), where each is mentioned, and the longer names a lone short name could
stand for (candidates for the analyst to link, never merged here)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from analysis.extract.entities import NAME_LIKE_TYPES, LongerForms, in_gazetteer, name_tokens
from analysis.records import Entity
from analysis.store.views import stored_record


@stored_record
@dataclass(slots=True)
class CorpusEntity(Entity):
    """One canonical entity of the corpus: the same id in every article it appears in,
    its mentions and aliases summed over them, and the number of articles."""

    articles: int = 0


@dataclass(slots=True)
class MentionSite:
    """One mention of an entity, located for the Reader (article and sentence)."""

    article_id: str
    title: str
    sentence: int
    sentence_text: str
    text: str
    start: int
    end: int


def link_candidates(entities: list[CorpusEntity]) -> dict[str, list[str]]:
    """Entity id of a lone short name -> ids of the corpus entities it could stand for.

    A one-word person ("Smith") could be any person of the corpus whose full name
    starts or ends with it; a short organisation name or acronym could be any longer
    organisation it is the prefix or acronym of. Nothing is merged here: one candidate
    still needs the analyst's confirmation."""
    # indexes, so a corpus of many thousand entities is one pass: people by first and last
    # name, organisations by each proper prefix of their name and by their acronym
    people_by_end: dict[str, list[str]] = defaultdict(list)
    for person in entities:
        tokens = name_tokens(person.name.casefold())
        if person.type == "PERSON" and len(name_tokens(person.name)) > 1:
            for end in dict.fromkeys((tokens[0], tokens[-1])):
                people_by_end[end].append(person.entity_id)
    organisations = [e for e in entities if e.type == "ORG"]
    longer_forms = LongerForms(e.name for e in organisations)
    out: dict[str, list[str]] = {}
    for entity in entities:
        if entity.type not in NAME_LIKE_TYPES or in_gazetteer(entity.name):
            continue
        found = []
        # a one-word name the model may have typed as anything ("Miliband" as an ORG)
        if len(name_tokens(entity.name)) == 1:
            found += people_by_end.get(entity.name.casefold(), [])
        if entity.type in ("ORG", "PERSON"):
            longer = longer_forms.of(entity.name)
            found += [o.entity_id for o in organisations if o.name in longer] if longer else []
        if found:
            out[entity.entity_id] = found
    return out
