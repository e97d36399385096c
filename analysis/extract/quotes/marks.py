"""Stage 1 of quote extraction: paragraphs and quotation marks.

`find_quote_spans(text)` finds the spans between straight or curly quotation marks (also '' as
a double mark), marks included, one span per paragraph: a paragraph that opens a quotation
without closing it gives a span to its end, and the next paragraph that reopens with the same
kind of mark goes on with its own span (news prints a long quotation that way). Lines with no
letter or digit (" ." separators of some feeds) are not paragraphs. Single-quoted spans count
outside double quotes ('closest comrade' in a headline). Never fails on unbalanced marks.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"

DOUBLE_CLOSE = "”»"

SINGLE_OPEN = "‘"

SINGLE_CLOSE = "’"

QUOTE_CHARS = set(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + "\"'`")

OPEN_CONTEXT = set(" \t\n\xa0([{—–-/:;,") | set(DOUBLE_OPEN) | set(SINGLE_OPEN)

CLOSE_CONTEXT = set(" \t\n\xa0)]}—–-/.,;:!?…") | set(DOUBLE_CLOSE) | set(SINGLE_CLOSE)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, end excluding trailing whitespace."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        seg = text[pos:end]
        stripped = seg.strip()
        if any(ch.isalnum() for ch in stripped):  # " ." separator lines are no paragraphs
            s = pos + (len(seg) - len(seg.lstrip()))
            out.append((s, s + len(stripped)))
        pos = end + 1
    return out


DOUBLE_MARK = re.compile("[" + DOUBLE_OPEN + DOUBLE_CLOSE + '"]|' + "''|``")


def _double_marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(position, length, role) of the double quotation marks in text[start:end];
    role is open / close / either."""
    marks = []
    for m in DOUBLE_MARK.finditer(text, start, end):
        ch = m.group()[0]
        if ch in DOUBLE_OPEN or ch == "`":
            role = "open"
        elif ch in DOUBLE_CLOSE:
            role = "close"
        else:
            role = "either"
        marks.append((m.start(), m.end() - m.start(), role))
    return marks


def _style(ch: str) -> str:
    """Typographic family of a mark: a continued quotation reopens with the same kind."""
    if ch in DOUBLE_OPEN + DOUBLE_CLOSE:
        return "curly"
    if ch == '"':
        return "straight"
    if ch in "'`":
        return "doubled"
    return "other"


def _role(text: str, pos: int, length: int, role: str, is_open: bool) -> str:
    """Decide whether a mark opens or closes from the characters around it."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + length] if pos + length < len(text) else " "
    opens = before in OPEN_CONTEXT and not after.isspace()
    closes = after in CLOSE_CONTEXT and not before.isspace()
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    if role != "either":
        return role
    return "close" if is_open else "open"


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quoted span, marks included; `continues` when it goes on from the paragraph above
    (that paragraph opened the quotation and never closed it)."""

    start: int
    end: int
    continues: bool = False


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, marks included. Never fails on unbalanced marks."""
    return [(q.start, q.end) for q in find_quotations(text)]


def find_quotations(text: str) -> list[Quotation]:
    """Quotations in text order, one per paragraph they run through."""
    lines = paragraphs(text)
    found: list[Quotation] = []
    carried = False  # a quotation left open in the paragraph above goes on in this one
    for k, (pstart, pend) in enumerate(lines):
        marks = _double_marks(text, pstart, pend)
        skip_first = carried and bool(marks) and marks[0][0] == pstart
        open_at = pstart if skip_first else None
        continues = skip_first
        carried = False
        for j, (pos, length, role) in enumerate(marks):
            if skip_first and j == 0:
                continue  # the mark that reopens a continued quotation
            r = _role(text, pos, length, role, open_at is not None)
            if r == "open":
                open_at, continues = pos, False  # an earlier opening mark was never closed
            elif open_at is not None:
                found.append(Quotation(open_at, pos + length, continues))
                open_at, continues = None, False
        if open_at is not None:
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            carried = nxt is not None and _style(text[nxt[0]]) == _style(text[open_at])
            if pend - open_at > 2:  # each paragraph of a long quotation is its own span
                found.append(Quotation(open_at, pend, continues))
    doubles = [(q.start, q.end) for q in found]
    found.extend(Quotation(s, e) for s, e in _single_quote_spans(text, lines, doubles))
    found.sort(key=lambda q: (q.start, q.end))
    return found


def _single_quote_spans(
    text: str, paragraphs: list[tuple[int, int]], doubles: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Single-quoted spans outside double quotes ('closest comrade' in a headline)."""
    out = []
    starts = [s for s, _ in doubles]
    for pstart, pend in paragraphs:
        open_at = None
        i = pstart
        while i < pend:
            ch = text[i]
            if ch in "‘’'":
                k = bisect.bisect_right(starts, i) - 1
                inside = k >= 0 and doubles[k][0] <= i < doubles[k][1]
                before = text[i - 1] if i > 0 else " "
                after = text[i + 1] if i + 1 < len(text) else " "
                if inside or (before == "'" or after == "'"):
                    i += 1
                    continue
                if open_at is None:
                    if ch != "’" and before in OPEN_CONTEXT and after.isalnum():
                        open_at = i
                elif before not in " \t" and after in CLOSE_CONTEXT and ch != "‘":
                    if i - open_at <= 160:
                        out.append((open_at, i + 1))
                    open_at = None
            i += 1
    return out
