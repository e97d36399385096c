"""One parsed article as event extraction sees it: its dependency tree, the entity under
each token, and the subject of a verb."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from analysis.records import Entity, Mention, Parsed, Token

ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
AGENT_TYPES = {"PERSON", "ORG"}
NAME_TYPES = {"PERSON", "ORG", "GPE", "FAC", "LOC"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
MAX_CLIMB = 6
AUX_DEPS = ("aux", "auxpass")
RELATIVE_PRONOUNS = {"which", "who", "that", "whom"}


@dataclass
class EventDoc:
    """Indexes over one parsed article shared by the extraction steps."""

    parsed: Parsed
    entity_at: dict[int, str]
    entities: dict[str, Entity]
    children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    starts: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.starts = [token.start for token in self.parsed.tokens]
        for token in self.parsed.tokens:
            if token.head != token.i:
                self.children[token.head].append(token.i)

    @classmethod
    def of(cls, parsed: Parsed, mentions: list[Mention], entities: list[Entity]) -> EventDoc:
        """The indexes of an article, each token of a mention under the mention's entity."""
        entity_at = {}
        by_start = {t.start: t.i for t in parsed.tokens}
        for mention in mentions:
            for token in parsed.tokens[by_start.get(mention.start, 0) :]:
                if token.start >= mention.end:
                    break
                if token.start >= mention.start:
                    entity_at[token.i] = mention.entity_id
        return cls(parsed, entity_at, {e.entity_id: e for e in entities})

    def token(self, i: int) -> Token:
        return self.parsed.tokens[i]

    def subtree(self, i: int, stop: set[int] = frozenset()) -> list[int]:
        out, todo = [], [i]
        while todo:
            current = todo.pop()
            out.append(current)
            todo += [c for c in self.children[current] if c not in stop]
        return sorted(out)

    def names_in(self, indices: list[int], types: set[str] = ACTOR_TYPES) -> list[str]:
        ids = []
        for i in indices:
            eid = self.entity_at.get(i)
            if eid and eid not in ids and self.entities[eid].type in types:
                ids.append(eid)
        return ids


def subject_of(doc: EventDoc, verb: int) -> int | None:
    """The verb's subject; a pronoun subject of a subordinate clause ("when they met")
    stands for the subject of the clause it depends on, a relative pronoun ("the bank,
    which has six offices") for the noun the clause is about."""
    subject = next((c for c in doc.children[verb] if doc.token(c).dep in SUBJECT_DEPS), None)
    token = doc.token(verb)
    if subject is not None and doc.token(subject).text.lower() in RELATIVE_PRONOUNS:
        return token.head if token.dep == "relcl" else None
    if (subject is None or doc.token(subject).pos == "PRON") and token.dep in ("advcl", "conj"):
        outer = subject_of(doc, token.head) if token.head != verb else None
        if outer is not None and doc.token(outer).pos != "PRON":
            return outer
    return subject
