"""The words of a description: names as their canonical form, phrases as the text wrote
them without "the", a verb in the third person, one sentence-cased line."""

from __future__ import annotations

import re

from analysis.extract.events.document import NAME_TYPES, EventDoc
from analysis.records import Token

MAX_PREPOSITIONAL_WORDS = 5
PREMODIFIER_DEPS = {"compound", "amod", "nummod", "det", "poss", "quantmod", "nmod"}
EDGE_PUNCTUATION = " ,;:—–-"
IRREGULAR_THIRD_PERSON = {"be": "is", "have": "has", "do": "does", "go": "goes"}


def third_person(lemma: str) -> str:
    if lemma in IRREGULAR_THIRD_PERSON:
        return IRREGULAR_THIRD_PERSON[lemma]
    if re.search(r"(s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def phrase(doc: EventDoc, head: int, max_words: int = 6) -> str:
    """A name phrase as canonical names ("Putin and Kim" -> both full names); any other
    phrase as its own words ("Relations between Pyongyang and Moscow"), or when longer than
    `max_words` its head with the words before it ("A dozen individuals")."""
    token = doc.token(head)
    names = _coordinated_names(doc, head)
    if names:
        return " and ".join(names)
    if token.pos in ("NOUN", "PROPN", "NUM", "ADJ"):  # "dependent on Quebec voters"
        words = [doc.token(i) for i in doc.subtree(head)]
        if len(words) <= max_words:
            return as_written(doc, [w for w in words if not _dropped(w)])
    if token.pos == "PRON":
        return token.text
    before = [
        doc.token(i)
        for c in doc.children[head]
        if c < head and doc.token(c).dep in PREMODIFIER_DEPS
        for i in doc.subtree(c)
    ]
    return as_written(doc, [t for t in before if not _dropped(t)] + [token])


def _coordinated_names(doc: EventDoc, head: int) -> list[str]:
    return [doc.entities[e].name for e in coordinated(doc, head)]


def coordinated(doc: EventDoc, head: int, types: set[str] = NAME_TYPES) -> list[str]:
    """Entity ids of a name and the names coordinated with it ("Putin and Kim"), when each
    of them is a name; else []. Names inside its modifiers ("Scheer of Canada", "Harris
    from Milwaukee") are not coordinated with it."""
    heads, todo = [], [head]
    while todo:
        current = todo.pop()
        heads.append(current)
        todo += [c for c in doc.children[current] if doc.token(c).dep == "conj"]
    ids = []
    for current in sorted(heads):
        entity = doc.entity_at.get(current)
        if entity is None or doc.entities[entity].type not in types:
            return []
        ids.append(entity)
    return list(dict.fromkeys(ids))


def _dropped(token: Token) -> bool:
    """Words a headline-style description leaves out: "the"."""
    return token.dep == "det" and token.text.lower() == "the"


def as_written(doc: EventDoc, tokens: list[Token]) -> str:
    """Tokens as the text spaced them, names replaced by their canonical form, without
    punctuation at either end ("some grooming —")."""
    out, previous = [], None
    for token in tokens:
        word = _surface(doc, token)
        if word:
            gap = previous is not None and token.start > previous.end
            out.append((" " if gap else "") + word)
        previous = token
    return "".join(out).strip(EDGE_PUNCTUATION)


def _surface(doc: EventDoc, token: Token) -> str:
    """A word, or the canonical name for the first word of a name."""
    entity = doc.entity_at.get(token.i)
    if entity is None:
        return token.text
    previous = doc.entity_at.get(token.i - 1)
    return "" if previous == entity else doc.entities[entity].name


def prepositional(doc: EventDoc, prep: int) -> str:
    """A short prepositional phrase as written ("into hiding"), or the preposition and the
    names it reaches ("to Vladimir Putin"), else ""."""
    words = [doc.token(i) for i in doc.subtree(prep)]
    if len(words) <= MAX_PREPOSITIONAL_WORDS:
        return as_written(doc, [w for w in words if not _dropped(w)])
    objects = [c for c in doc.children[prep] if doc.token(c).dep == "pobj"]
    names = [name for o in objects for name in _coordinated_names(doc, o)]
    return f"{doc.token(prep).text} {' and '.join(names)}" if names else ""


def tidy(words: list[str]) -> str:
    """Words as one sentence-cased line; never shortened (pages shorten what they show)."""
    text = re.sub(r"\s+", " ", " ".join(w for w in words if w)).strip()
    return text[:1].upper() + text[1:]
