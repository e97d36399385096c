"""The parsed article as quote extraction sees it: a dependency tree with subtree edges, the
mentions under each token, paragraphs and quotation spans; and the attribution being built."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from analysis.extract.quotes.marks import QUOTE_CHARS, paragraphs
from analysis.records import Entity, Mention, Parsed, Token

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


@dataclass
class Attribution:
    cue: int  # token index of the cue (-1 for a floating quote)
    cue_text: str
    kind: str  # direct / indirect / according_to (a stance is flagged, see `stance`)
    speaker_tok: int  # token index of the speaker's head, -1 when unknown
    start: int = -1
    end: int = -1
    via: list[str] = field(default_factory=list)
    via_toks: list[int] = field(default_factory=list)
    speaker: str = ""
    entity_id: str = ""
    speaker_type: str = ""
    stance: bool = False  # a belief, intention, evaluation or finding, not speech
    quotation: int = -1  # index of the quotation this is (direct quotes only)


class QuoteDoc:
    def __init__(self, parsed: Parsed, mentions: list[Mention], entities: list[Entity]):
        self.text = parsed.text
        self.tokens: list[Token] = parsed.tokens
        self.sentences = parsed.sentences
        self.starts = [t.start for t in self.tokens]
        n = len(self.tokens)
        self.children: list[list[int]] = [[] for _ in range(n)]
        for t in self.tokens:
            if t.head != t.i and 0 <= t.head < n:
                self.children[t.head].append(t.i)
        self.left, self.right = _subtree_edges(self.tokens, self.children)
        self.entities = {e.entity_id: e for e in entities}
        # token -> mention
        self.mention_of: list[Mention | None] = [None] * n
        for m in mentions:
            a = bisect.bisect_left(self.starts, m.start)
            if a > 0 and self.tokens[a - 1].end > m.start:
                a -= 1
            b = a
            while b < n and self.tokens[b].start < m.end:
                if self.mention_of[b] is None:
                    self.mention_of[b] = m
                b += 1
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.qspans: list[tuple[int, int]] = []
        # computed on first use by speakers.py: titles before each entity's mentions, the
        # paragraphs naming each entity, where each noun is first introduced ("a man")
        self.titles: dict | None = None
        self.paragraphs_naming: dict | None = None
        self.introduced: dict | None = None
        self.qstarts: list[int] = []
        self.paragraph_spans = paragraphs(self.text)
        self.paragraph_starts = [s for s, _ in self.paragraph_spans]

    # ---- small helpers
    def in_quote(self, char: int) -> bool:
        k = bisect.bisect_right(self.qstarts, char) - 1
        return k >= 0 and self.qspans[k][0] < char < self.qspans[k][1]

    def token_at(self, char: int) -> int:
        k = bisect.bisect_right(self.starts, char) - 1
        return max(k, 0)

    def paragraph(self, char: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, char) - 1

    def lower(self, i: int) -> str:
        return self.tokens[i].text.lower()

    def entity_of(self, i: int) -> tuple[Mention | None, Entity | None]:
        m = self.mention_of[i] if 0 <= i < len(self.tokens) else None
        if m is None:
            return None, None
        e = self.entities.get(m.entity_id)
        return m, e

    def sentence_kind(self, i: int) -> str:
        s = self.tokens[i].sentence
        return self.sentences[s].kind if 0 <= s < len(self.sentences) else "body"


def _subtree_edges(tokens: list[Token], children: list[list[int]]) -> tuple[list[int], list[int]]:
    """First and last token index of every token's subtree, children before their heads."""
    n = len(tokens)
    left, right = list(range(n)), list(range(n))
    roots = [t.i for t in tokens if t.head == t.i or not 0 <= t.head < n]
    order: list[int] = []
    stack = list(roots)
    while stack:  # heads before their children; reversed below
        i = stack.pop()
        order.append(i)
        stack.extend(children[i])
    for i in reversed(order):
        for c in children[i]:
            if left[c] < left[i]:
                left[i] = left[c]
            if right[c] > right[i]:
                right[i] = right[c]
    return left, right


def is_quote_token(tok: Token) -> bool:
    return bool(tok.text) and all(ch in QUOTE_CHARS for ch in tok.text)


def subtree(doc: QuoteDoc, i: int) -> range:
    return range(doc.left[i], doc.right[i] + 1)


def has_mark(doc: QuoteDoc, i: int, word: str) -> bool:
    return any(doc.tokens[c].dep == "mark" and doc.lower(c) == word for c in doc.children[i])


def has_dep(doc: QuoteDoc, i: int, dep: str) -> bool:
    return any(doc.tokens[c].dep == dep for c in doc.children[i])


def sentence_first(doc: QuoteDoc, s: int) -> int:
    return doc.token_at(doc.sentences[s].start)


def sentence_last(doc: QuoteDoc, s: int) -> int:
    k = bisect.bisect_left(doc.starts, doc.sentences[s].end) - 1
    return max(k, 0)


def is_passive(doc: QuoteDoc, v: int) -> bool:
    """'X was told ...', 'it is said': the subject is not the speaker."""
    return any(doc.tokens[c].dep in ("auxpass", "nsubjpass") for c in doc.children[v])


def trim_span(doc: QuoteDoc, toks: list[int]) -> tuple[int, int] | None:
    """Character span of sorted token indices, without edge punctuation (quote marks kept)."""
    if not toks:
        return None
    a, b = 0, len(toks) - 1
    while a <= b:
        t = doc.tokens[toks[a]]
        if (t.pos in ("PUNCT", "SPACE") and not is_quote_token(t)) or (t.dep == "cc" and a < b):
            a += 1
        else:
            break
    while b >= a:
        t = doc.tokens[toks[b]]
        if t.pos in ("PUNCT", "SPACE") and not is_quote_token(t):
            b -= 1
        else:
            break
    if a > b:
        return None
    # a closing quote mark keeps the punctuation in front of it (",”"), an opening one stays
    return doc.tokens[toks[a]].start, doc.tokens[toks[b]].end
