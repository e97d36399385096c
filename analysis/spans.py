"""Span cleaning for news layout: photo credits, headline and captions, entity edges.

What spaCy gets wrong on pages copied from news sites, fixed generally:
- a photo credit glued to a caption ("...in PyongyangGetty Images") is layout, not story:
  it is masked (replaced by spaces of the same length, so offsets stay exact) before
  spaCy runs, and never becomes an entity;
- a leading "the" or verb ("Citing Korea's"), a trailing possessive and a person's
  titles ("Rep", "President", "Mr") are not part of a name;
- the headline and captions are their own sentences with their own kind.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from analysis import gazetteer
from analysis.records import Mention, Parsed
from analysis.wordlists import word_list

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
HEADLINE_MAX_WORDS = 25


@dataclass(slots=True)
class Line:
    start: int
    end: int
    kind: str = "body"


@dataclass(slots=True)
class Layout:
    masked_text: str
    credits: list[tuple[int, int]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


@lru_cache(maxsize=1)
def _credit_pattern() -> str:
    credits = sorted(word_list("photo_credits.txt"), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(c) for c in credits) + ")"


@lru_cache(maxsize=1)
def _credit_regexes() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    credit = _credit_pattern()
    prefix = r"(?:(?:Image source|Image caption|Photo|Picture|Credit|Source)\s*[:,]\s*)?"
    whole_line = re.compile(rf"{prefix}{credit}(?:\s*/\s*[^\n/]{{1,60}})?\s*")
    # glued to the last word ("PyongyangGetty Images") or standing after it at line end
    at_end = re.compile(rf"(?:(?<=[a-z\d.)\]])|\s+){credit}\s*$")
    at_start = re.compile(rf"{prefix}{credit}(?=\s+[A-Z])")
    return whole_line, at_end, at_start


def _split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(Line(pos, pos + len(body)))
        pos += len(raw)
    return lines


def _find_credits(text: str, lines: list[Line]) -> list[tuple[int, int]]:
    whole_line, at_end, at_start = _credit_regexes()
    credits = []
    for line in lines:
        content = text[line.start : line.end]
        if not content.strip():
            continue
        if whole_line.fullmatch(content.strip()):
            offset = len(content) - len(content.lstrip())
            credits.append((line.start + offset, line.start + len(content.rstrip())))
            line.kind = "credit"
            continue
        end_match = at_end.search(content)
        if not end_match:
            continue
        credit_start = end_match.start() + len(end_match.group()) - len(end_match.group().lstrip())
        credits.append((line.start + credit_start, line.start + len(content.rstrip())))
        line.kind = "caption"
        # BBC-style pages print the credit at both ends of the caption line
        start_match = at_start.match(content)
        if start_match and start_match.end() < end_match.start():
            credits.append((line.start + start_match.start(), line.start + start_match.end()))
    return sorted(credits)


def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _mark_headline_and_captions(text: str, lines: list[Line], title: str | None) -> None:
    content_lines = [line for line in lines if text[line.start : line.end].strip()]
    story_lines = [line for line in content_lines if line.kind == "body"]
    if not story_lines:
        return
    first = story_lines[0]
    first_text = text[first.start : first.end].strip()
    if (
        title
        and _normalised(title) == _normalised(first_text)
        or (
            first is content_lines[0]
            and len(content_lines) > 1
            and not first_text.endswith((".", "!", "?", '"', "”", ":"))
            and len(first_text.split()) <= HEADLINE_MAX_WORDS
        )
    ):
        first.kind = "headline"
    # a short unpunctuated line right after a credited caption continues the caption
    for previous, line in zip(content_lines, content_lines[1:], strict=False):
        line_text = text[line.start : line.end].strip()
        if (
            previous.kind in ("caption", "credit")
            and line.kind == "body"
            and not line_text.endswith((".", "!", "?"))
            and len(line_text.split()) <= HEADLINE_MAX_WORDS * 2
        ):
            line.kind = "caption"


def read_layout(text: str, title: str | None = None) -> Layout:
    """Find credits, the headline and captions; return a same-length masked copy for spaCy."""
    lines = _split_lines(text)
    credits = _find_credits(text, lines)
    _mark_headline_and_captions(text, lines, title)
    chars = list(text)
    for start, end in credits:
        chars[start:end] = " " * (end - start)
    return Layout("".join(chars), credits, lines)


def apply_layout(parsed: Parsed, layout: Layout) -> None:
    """Give each sentence the kind of the line it starts on."""
    line_index = 0
    for sentence in parsed.sentences:
        while line_index + 1 < len(layout.lines) and layout.lines[line_index].end < sentence.start:
            line_index += 1
        if layout.lines:
            sentence.kind = layout.lines[line_index].kind
        if sentence.kind == "caption" and _inside_credit(sentence.start, sentence.end, layout):
            sentence.kind = "credit"


def _inside_credit(start: int, end: int, layout: Layout) -> bool:
    return any(c_start <= start and end <= c_end for c_start, c_end in layout.credits)


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


def _retype(text: str, label: str, start: int, parsed_text: str) -> str:
    if gazetteer.country_of(text) or gazetteer.capital_country(text):
        return "GPE"
    if gazetteer.demonym_country(text):
        return "NORP"
    if label == "ORG" and _names_a_facility(text, start, parsed_text):
        return "FAC"
    return label


@lru_cache(maxsize=1)
def _facility_heads() -> frozenset[str]:
    return frozenset(w.split()[-1] for w in word_list("facility_words.txt"))


def _names_a_facility(name: str, start: int, text: str) -> bool:
    head = name.split()[-1] if name.split() else ""
    if head not in _facility_heads():
        return False
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 20) : start])
    words = [w.lower() for w in before if w.lower() != "the"]
    return bool(words) and words[-1] in LOCATIVE_WORDS


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
        if raw.label == "PERSON":
            cut, _ = strip_person_titles(text[start:end])
            start += cut
        if end - start < 2 or _inside_credit(start, end, layout) or not text[start:end].strip():
            continue
        surface = text[start:end]
        mentions.append(
            Mention(
                start=start,
                end=end,
                text=surface,
                type=_retype(surface, raw.label, start, text),
                sentence=_sentence_at(sentence_starts, start),
            )
        )
    return mentions


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
