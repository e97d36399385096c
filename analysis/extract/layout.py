"""News layout read by its shape: photo credits, captions, bylines, datelines, page furniture.

Pages copied from news sites carry more than the story. What this module finds is masked
(replaced by spaces of the same length, so offsets stay exact) before spaCy runs, so it
never becomes an entity, a speaker or an event actor:
- photo credits: "Chris Young/The Canadian Press", "(Andrew Vaughan/CBC)", "REUTERS/Jane Doe",
  "Jane Doe / PA Images via Getty Images" at the start of a caption, "(Photo: Jane Doe)",
  "Courtesy of ...", a credit glued to the caption's last word ("...in BeirutGetty Images")
  or printed at both ends of it. A credit is only read at the edge of a line or a sentence or
  inside brackets: "an interview with the BBC" or "Pittsburgh, PA" in a sentence stay;
- page furniture (analysis/data/layout_furniture.txt): "Story continues below
  advertisement", "Open this photo in gallery", "READ MORE: ...", "With files from ...";
- bylines near the top or the end: "By Jane Doe", "Jane Doe, The Canadian Press";
- the dateline: "MOSCOW —", "TROUT BROOK, N.B. —", "OTTAWA (Reuters) -". Its place is kept
  as `Layout.dateline`: the article's location, one mention under its proper-case name.
Lines get a kind: headline, caption (a line with a credit, and a short line right after
one), credit (nothing but a credit), byline, furniture, body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.extract.wordlists import word_list
from analysis.records import Parsed

HEADLINE_MAX_WORDS = 25
BYLINE_MAX_WORDS = 10
EDGE_LINES = 4  # bylines and datelines sit within the first or last lines of a page

# a capitalised word or an initial ("J."): a word ending a sentence ("Scheer.") ends the name
WORD = r"[A-Z](?:[\w'’-]*|\.)"
NAME = rf"{WORD}(?: {WORD}){{0,4}}"
# an agency or desk: capitalised words, with "via", "and", "of", "&" inside
DESK = rf"(?:[Tt]he )?{WORD}(?: (?:{WORD}|via|and|of|&)){{0,6}}"
SLASH = r"\s?/\s?"
# "Name/Agency", "Name / Agency via Getty Images", "AGENCY/Name/File Photo"
SLASH_CREDIT = rf"{NAME}{SLASH}{DESK}(?:{SLASH}{DESK})*"
CREDIT_WORDS = (
    r"(?:Photo(?:graph)?s?(?: illustration)?(?: by|:)|Credit:|Images?:|Illustration:|"
    r"Courtesy(?: of)?|Image source,?|Picture:|Source:)"
)
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'’.]{2,}(?:[ -][A-Z][A-Z'’.]+)*)"
    r"(?P<region>,\s*[A-Z][A-Za-z.]{1,14}(?: [A-Z][A-Za-z.]{1,14})?)?"
    r"\s*(?:\([^)\n]{1,40}\)\s*)?(?:\s*(?:—|–|--|_)|\s+-|(?<=\))-)\s*(?=[A-Z0-9\"“‘']|$)"
)
PERSON_NAME = rf"{WORD}(?: {WORD}){{1,3}}"
ROLE = r"(?: (?:producer|reporter|correspondent|writer|editor|columnist|contributor|staff))*"
BYLINE = re.compile(
    rf"(?:(?:By|BY) {NAME}(?:,? (?:and|&) {NAME})*(?:,.{{1,60}})?"
    rf"|{PERSON_NAME}(?: (?:and|&) {PERSON_NAME})?(?:,| -| —| \|) {DESK}{ROLE})\.?"
)
ENDS_SENTENCE = '.!?"”’)'


@dataclass(slots=True)
class Line:
    start: int
    end: int
    kind: str = "body"


@dataclass(slots=True)
class Layout:
    masked_text: str
    credits: list[tuple[int, int]] = field(default_factory=list)  # every masked span
    lines: list[Line] = field(default_factory=list)
    dateline: tuple[int, int] | None = None  # the dateline's place, e.g. "TROUT BROOK"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    agencies = sorted(word_list("news_agencies.txt"), key=len, reverse=True)
    agency = "(?:" + "|".join(re.escape(a) for a in agencies) + ")"
    at_edge = rf"(?:{SLASH_CREDIT}|[A-Z]{{2,}}/{NAME}(?:/{NAME})*)"
    return {
        # "(Jane Doe/CBC)", "( Jane Doe / The Record )", "(Photo: Jane Doe)"
        "bracketed": re.compile(rf"\(\s*(?:{CREDIT_WORDS}\s*[^()\n]{{1,80}}|{at_edge})\s*\)"),
        # "... in Calgary. Jane Doe/The Canadian Press" (one or more credits end the line)
        "line_end": re.compile(rf"(?:^|(?<=[{re.escape(ENDS_SENTENCE)}] ))(?:{at_edge}\s*)+\.?$"),
        # "Jane Doe / PA Images via Getty Images Kevin Smith at ..." (the agency list says
        # where the credit ends and the caption begins)
        "line_start": re.compile(rf"^(?:{NAME}{SLASH}{agency}(?:{SLASH}{agency})*|{at_edge}$)"),
        "agency_start": re.compile(rf"^[A-Z]{{2,}}/{NAME}(?=\s)"),
        "credit_words": re.compile(
            rf"(?:^|(?<=[{re.escape(ENDS_SENTENCE)}] )){CREDIT_WORDS}\s*[^\n]{{1,80}}$"
        ),
        "whole_agency": re.compile(rf"{agency}(?:{SLASH}{agency})*\.?"),
        "image_source": re.compile(rf"(?:Image source|Photo|Credit)\s*[:,]\s*{DESK}"),
    }


@lru_cache(maxsize=1)
def _furniture() -> tuple[re.Pattern, re.Pattern]:
    whole, prefixes = [], []
    for entry in word_list("layout_furniture.txt"):
        if entry.startswith("prefix\t"):
            prefixes.append(entry.split("\t", 1)[1])
        else:
            whole.append(entry)
    return (
        re.compile("(?:" + "|".join(whole) + ")", re.IGNORECASE),
        re.compile(r"\s*(?:" + "|".join(prefixes) + r")\s*", re.IGNORECASE),
    )


def _split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(Line(pos, pos + len(body)))
        pos += len(raw)
    return lines


def _content(text: str, line: Line) -> tuple[int, str]:
    """Offset of the first visible character of the line, and the stripped line."""
    raw = text[line.start : line.end]
    return line.start + len(raw) - len(raw.lstrip()), raw.strip()


def _credits_in_line(offset: int, content: str) -> list[tuple[int, int]]:
    p = _patterns()
    found = [(m.start(), m.end()) for m in p["bracketed"].finditer(content)]
    for name in ("line_end", "credit_words"):
        if m := p[name].search(content):
            found.append((m.start(), len(content)))
    if m := p["line_start"].match(content) or p["agency_start"].match(content):
        found.append((m.start(), m.end()))
    found += _glued_credits(content)
    return [(offset + s, offset + e) for s, e in _merged(found)]


def _glued_credits(content: str) -> list[tuple[int, int]]:
    """'...in PyongyangGetty Images' (a credit glued to the caption's last word) and, when the
    same credit opens the line, that one too (BBC pages print it at both ends)."""
    if content.endswith(tuple(ENDS_SENTENCE)) or content.endswith(":"):
        return []
    m = re.search(rf"(?:^|(?<=\s))[A-Z]?[a-z]{{4,}}({WORD}(?: (?:{WORD}|via)){{0,4}})$", content)
    if not m:
        return []
    found = [(m.start(1), len(content))]
    if content.startswith(m.group(1) + " "):
        found.append((0, len(m.group(1))))
    return found


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _read_line(
    text: str, line: Line, index: int, count: int, title: str | None
) -> list[tuple[int, int]]:
    """Classify one line and return the spans to mask in it."""
    offset, content = _content(text, line)
    if not content:
        return []
    whole, prefix = _furniture()
    if whole.fullmatch(content):
        line.kind = "furniture"
        return [(offset, offset + len(content))]
    masked = []
    if m := prefix.match(content):
        masked.append((offset, offset + m.end()))
        line.kind = "caption"
        offset, content = offset + m.end(), content[m.end() :]
    p = _patterns()
    if p["whole_agency"].fullmatch(content) or p["image_source"].fullmatch(content):
        line.kind = "credit"
        return [*masked, (offset, offset + len(content))]
    near_edge = index < EDGE_LINES or index >= count - EDGE_LINES
    if near_edge and _is_byline(content) and _normalised(content) != _normalised(title or ""):
        line.kind = "byline"
        return [*masked, (offset, offset + len(content))]
    credits = _credits_in_line(offset, content)
    if credits:
        covered = sum(e - s for s, e in credits)
        line.kind = "credit" if covered >= len(content.rstrip(".")) else "caption"
    return masked + credits


def _is_byline(content: str) -> bool:
    return len(content.split()) <= BYLINE_MAX_WORDS and bool(BYLINE.fullmatch(content))


def _find_dateline(text: str, lines: list[Line]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(the place's span, the whole dateline's span) at the start of an early body line."""
    body = [line for line in lines if line.kind == "body" and text[line.start : line.end].strip()]
    for line in body[:EDGE_LINES]:
        offset, content = _content(text, line)
        m = DATELINE.match(content)
        if m and not content[m.end() :].isupper():
            return (offset + m.start("place"), offset + m.end("place")), (offset, offset + m.end())
    return None


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
    # a short unpunctuated line right under a credited caption continues the caption
    for previous, line in zip(lines, lines[1:], strict=False):
        line_text = text[line.start : line.end].strip()
        if (
            line_text
            and previous.kind in ("caption", "credit")
            and line.kind == "body"
            and not line_text.endswith((".", "!", "?"))
            and len(line_text.split()) <= HEADLINE_MAX_WORDS * 2
        ):
            line.kind = "caption"


def read_layout(text: str, title: str | None = None) -> Layout:
    """Find credits, furniture, bylines, the dateline, the headline and captions; return a
    same-length masked copy of the text for spaCy."""
    lines = _split_lines(text)
    visible = [line for line in lines if text[line.start : line.end].strip()]
    masked: list[tuple[int, int]] = []
    for index, line in enumerate(visible):
        masked += _read_line(text, line, index, len(visible), title)
    dateline = _find_dateline(text, lines)
    if dateline:
        masked.append(dateline[1])
    _mark_headline_and_captions(text, lines, title)
    chars = list(text)
    for start, end in masked:
        chars[start:end] = " " * (end - start)
    return Layout("".join(chars), sorted(masked), lines, dateline[0] if dateline else None)


def apply_layout(parsed: Parsed, layout: Layout) -> None:
    """Give each sentence the kind of the line it starts on."""
    line_index = 0
    for sentence in parsed.sentences:
        while line_index + 1 < len(layout.lines) and layout.lines[line_index].end < sentence.start:
            line_index += 1
        if layout.lines:
            sentence.kind = layout.lines[line_index].kind
        if sentence.kind == "caption" and inside_masked(sentence.start, sentence.end, layout):
            sentence.kind = "credit"


def inside_masked(start: int, end: int, layout: Layout) -> bool:
    return any(m_start <= start and end <= m_end for m_start, m_end in layout.credits)


def overlaps_masked(start: int, end: int, layout: Layout) -> bool:
    return any(m_start < end and start < m_end for m_start, m_end in layout.credits)
