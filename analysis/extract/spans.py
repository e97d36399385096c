"""Mention cleaning: raw NER spans -> the story's mentions, with their edges trimmed.

What spaCy gets wrong on news text, fixed generally:
- anything analysis/layout.py masked (credits, bylines, furniture, the dateline) is no
  mention; the dateline's place is one, under the type GPE;
- a leading "the" or verb ("Citing Korea's"), a trailing possessive and a person's
  titles ("Rep", "President", "Mr") are not part of a name;
- a name found once is found wherever it stands alone in the same article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from analysis.extract import gazetteer
from analysis.extract.entity_types import retype, vote
from analysis.extract.layout import Layout, overlaps_masked
from analysis.extract.names import is_first_name
from analysis.extract.wordlists import word_list
from analysis.records import Mention, Parsed

ENTITY_LABELS = {
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
}
LOCATIVE_WORDS = {"at", "in", "inside", "outside", "near", "into", "to", "from", "within"}


@lru_cache(maxsize=1)
def _title_regex() -> re.Pattern:
    titles = sorted(word_list("person_titles.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(t) for t in titles)
    return re.compile(rf"(?:(?:{alternatives})\.?\s+)+(?=[A-Z])")


LEADING_ARTICLE = re.compile(r"(?:the|The|THE)\s+")
TRAILING_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def strip_person_titles(name: str) -> tuple[int, str]:
    """('Rep Kang Dae-sik') -> (4, 'Kang Dae-sik'): characters cut from the front and the rest."""
    match = _title_regex().match(name)
    if not match or match.end() >= len(name):
        return 0, name
    return match.end(), name[match.end() :]


def _trim(text: str, start: int, end: int, tokens_by_start: dict) -> tuple[int, int]:
    """Cut what is not part of a name off both edges of a span."""
    changed = True
    while changed and start < end:
        changed = False
        span = text[start:end]
        # an unbalanced bracket ends the name: "Kim (R" -> "Kim"
        if "(" in span and ")" not in span:
            end = start + span.index("(")
            changed = True
        elif match := LEADING_ARTICLE.match(span):
            start += match.end()
            changed = True
        elif match := TRAILING_POSSESSIVE.search(span):
            end = start + match.start()
            changed = True
        elif (token := tokens_by_start.get(start)) and _is_leading_noise(token, span):
            start = token.end
            changed = True
        else:
            stripped = span.strip(" \t\r\n-–—,.;:\"'“”‘’")
            # keep a final period of an abbreviation ("U.S.", "Inc.")
            if span.endswith(".") and re.search(
                r"(?:\b[A-Z]\.|\bInc|\bCo|\bLtd|\bJr|\bSr)\.$", span
            ):
                stripped = span.lstrip(" \t\r\n-–—,;:\"'“”‘’")
            if stripped != span:
                start += span.index(stripped) if stripped else len(span)
                end = start + len(stripped)
                changed = True
        start = min(start, end)
    return start, end


def _is_leading_noise(token, span: str) -> bool:
    """A first word that is a verb or lowercase ("Citing Korea's") is not part of the name."""
    rest = span[len(token.text) :].strip()
    if not rest:
        return False
    return (
        token.pos in ("VERB", "ADP", "DET", "PRON", "SCONJ")
        or token.text[:1].islower()
        or token.text in word_list("clause_openers.txt")
    )


def _looks_like_a_person(name: str, title: str = "") -> bool:
    """After a title: a first name and more ("Nurse Ada Kovacs"), not "General Motors"; or
    any name after a title only people have ("Justice Dunphy")."""
    words = name.split()
    if title.split()[-1:] and title.split()[-1] in word_list("person_only_titles.txt"):
        return bool(words)
    return len(words) >= 2 and is_first_name(words[0])


def clean_mentions(parsed: Parsed, layout: Layout) -> list[Mention]:
    """Raw NER spans -> cleaned mentions of the story (credits dropped, edges trimmed)."""
    text = parsed.text
    tokens_by_start = {t.start: t for t in parsed.tokens}
    sentence_starts = [s.start for s in parsed.sentences]
    mentions = []
    for raw in parsed.entities:
        if raw.label not in ENTITY_LABELS:
            continue
        start, end = _trim(text, raw.start, raw.end, tokens_by_start)
        label = raw.label
        cut, rest = strip_person_titles(text[start:end])
        if label == "PERSON" or cut and _looks_like_a_person(rest, text[start : start + cut]):
            start, label = start + cut, "PERSON"  # "Nurse Ada Kovacs" typed ORG by the model
        if end - start < 2 or overlaps_masked(start, end, layout) or not text[start:end].strip():
            continue
        for part_start, part_end, part_label in _possessive_parts(text, start, end, label):
            first, kind = _with_first_name(
                parsed, tokens_by_start, part_start, part_end, part_label
            )
            mentions.append(
                Mention(
                    start=first,
                    end=part_end,
                    text=text[first:part_end],
                    type=retype(text[first:part_end], kind, first, text),
                    sentence=_sentence_at(sentence_starts, first),
                )
            )
    if layout.dateline:
        start, end = layout.dateline
        sentence = _sentence_at(sentence_starts, start)
        mentions.append(Mention(start, end, text[start:end], "GPE", sentence))
        mentions.sort(key=lambda m: m.start)
    vote(mentions)
    return mentions


POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")


def _possessive_parts(text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """ "Justin Trudeau's Liberals" is two names: the owner, and what is his (an organisation,
    or a group when it is a plural: "Liberals"), never one person."""
    m = POSSESSIVE.search(text, start, end) if label == "PERSON" else None
    if m is None:  # "Children's Hospital", "People's Republic of China" are one name
        return [(start, end, label)]
    owner_end, owned_start = m.start(), m.end()
    owned = text[owned_start:end]
    owned_label = "NORP" if owned.endswith("s") and " " not in owned else "ORG"
    owner_label = (
        "PERSON" if label == "PERSON" or _looks_like_a_person(text[start:owner_end]) else label
    )
    return [(start, owner_end, owner_label), (owned_start, end, owned_label)]


def _with_first_name(
    parsed: Parsed, tokens_by_start: dict, start: int, end: int, label: str
) -> tuple[int, str]:
    """'Alexei Malashenko' when the model tagged only 'Malashenko' (perhaps as a place): a
    capitalised first name right before a one-word name that is no known place belongs to
    it, and makes it a person."""
    index = _token_index(parsed, tokens_by_start, start)
    if index is None or index == 0:
        return start, label
    token, before = parsed.tokens[index], parsed.tokens[index - 1]
    if (
        token.end == end
        and parsed.text[before.end : start] == " "
        and before.sentence == token.sentence
        and before.pos == "PROPN"
        and before.text.istitle()
        and is_first_name(before.text)
        and before.text not in word_list("person_titles.txt")  # "Justice Dunmore"
        and not gazetteer.linked_country(token.text)
    ):
        return before.start, "PERSON"
    return start, label


def _token_index(parsed: Parsed, tokens_by_start: dict, start: int) -> int | None:
    token = tokens_by_start.get(start)
    return token.i if token is not None else None


def propagate_names(parsed: Parsed, mentions: list[Mention]) -> list[Mention]:
    """Mark later uses of a name the model found once but missed elsewhere.

    Document-level consistency: a surface form found as an entity somewhere in the
    article (and the family name of a person's full name) is an entity wherever it
    stands alone as a proper noun in the same article.
    """
    known = _known_surfaces(mentions)
    if not known:
        return mentions
    covered = set()
    for mention in mentions:
        covered.update(range(mention.start, mention.end))
    sentence_starts = [s.start for s in parsed.sentences]
    tokens, text, added = parsed.tokens, parsed.text, []
    for index, token in enumerate(tokens):
        if token.start in covered or token.text not in known:
            continue
        for surface, entity_type in known[token.text]:
            end = token.start + len(surface)
            if text.startswith(surface, token.start) and _stands_alone(tokens, index, end, text):
                if not covered.intersection(range(token.start, end)):
                    sentence = _sentence_at(sentence_starts, token.start)
                    added.append(Mention(token.start, end, surface, entity_type, sentence))
                    covered.update(range(token.start, end))
                break
    return sorted(mentions + added, key=lambda m: m.start)


def _known_surfaces(mentions: list[Mention]) -> dict[str, list[tuple[str, str]]]:
    """First word -> (surface, type) of every name worth looking for, longest first."""
    surfaces: dict[str, str] = {}
    for mention in mentions:
        if mention.text[:1].isupper():
            surfaces.setdefault(mention.text, mention.type)
        words = mention.text.split()
        if mention.type == "PERSON" and len(words) > 1 and words[-1][:1].isupper():
            surfaces.setdefault(words[-1], "PERSON")
    known: dict[str, list[tuple[str, str]]] = {}
    for surface, entity_type in sorted(surfaces.items(), key=lambda kv: -len(kv[0])):
        known.setdefault(surface.split()[0], []).append((surface, entity_type))
    return known


def _stands_alone(tokens, index: int, end: int, text: str) -> bool:
    """The match ends on a word boundary and no other capitalised name word touches it."""
    if end < len(text) and (text[end].isalnum() or text[end] == "-"):
        return False
    before = tokens[index - 1] if index else None
    after = next((t for t in tokens[index:] if t.start >= end), None)
    glued_before = (
        before is not None
        and before.sentence == tokens[index].sentence
        and before.pos == "PROPN"
        and before.text[:1].isupper()
    )
    glued_after = after is not None and after.pos == "PROPN" and after.text[:1].isupper()
    return not glued_before and not glued_after


def _sentence_at(sentence_starts: list[int], offset: int) -> int:
    return max(0, bisect_right(sentence_starts, offset) - 1)
