"""Quotations and reported speech: who said what, where the content is, and the cue.

`extract_quotes(parsed, mentions, entities)` finds
- direct quotes between straight or curly quotation marks (also '' as a double mark), across
  sentences and across paragraphs (a paragraph that opens a quote without closing it continues in
  the next one when that one opens with a quotation mark), and partial quotes inside a sentence;
- reported speech around a reporting verb kept as data (`data/reporting_verbs.txt`):
  "X said (that) ...", "..., X said", "..., X often says, ...", "X praised ...", "X vowed to ...";
- stances and intentions: "X endorsed / opposed / proposed Y", "X urged Y to ...", "X criticized
  Y for Z", "X accused Y of Z"; prepositional cues ("talked about Y", "warned against Y",
  "pointed to Y");
- noun cues kept as data (`data/quote_nouns.txt`) completed by a that-clause or a to-infinitive,
  with the source as possessive or as subject of a light verb: "X's claim that ...", "X made a
  pledge to ...";
- "according to X, ..." (and "..., according to X"); when the sentence has its own speaker, the
  "according to" outlets (and whoever they quote or cite) become the source chain (`via`).

Speakers are resolved to canonical entities: a name mention, a pronoun (the most recent person
who was a subject or a speaker before it), a description with a name in apposition ("a spokesman,
John Doe, said"), a bare description followed by the named person ("A lawmaker claimed ...
Rep Jane Doe said ..."), a relative pronoun ("Smith, who said ..."). Otherwise the speaker is the
phrase as worded ("sources", "a senior official").

The content span follows the usual annotation conventions (PolNeAR): for indirect speech it
starts at the complementizer ("that ...") and stops before the sentence's final punctuation; for
direct speech it includes the quotation marks; a quotation interrupted by its attribution
('"A," she said. "B."') is one span. A semicolon (or one spaced dash after reported speech) ends
the content; a relative clause after a comma is cut from nominal content ('questioned the cost,
which ...') but kept in a that-clause. Quotes of a word or two that no reporting verb governs are
scare quotes, not speech. Everything here is linear in the text; no regex is compiled per call.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.records import Entity, Mention, Parsed, Quote, Token

VERBS_FILE = Path(__file__).parent / "data" / "reporting_verbs.txt"
NOUNS_FILE = Path(__file__).parent / "data" / "quote_nouns.txt"

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
QUOTE_CHARS = set(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + "\"'`")
OPEN_CONTEXT = set(" \t\n\xa0([{—–-/:;,") | set(DOUBLE_OPEN) | set(SINGLE_OPEN)
CLOSE_CONTEXT = set(" \t\n\xa0)]}—–-/.,;:!?…") | set(DOUBLE_CLOSE) | set(SINGLE_CLOSE)

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
CLAUSE_DEPS = ("ccomp",)
PARENTHETICAL_DEPS = ("parataxis", "advcl", "ccomp", "conj", "relcl")
INHERIT_DEPS = ("conj", "advcl", "xcomp", "acl", "pcomp")
PERSONAL = {"he", "she", "him", "her", "his"}
PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "us", "me"}
RELATIVE = {"who", "which", "that", "whom"}
WH_RELATIVE = {"who", "which", "whom", "whose", "where"}
SOURCE_VERBS = {"quote", "cite"}
MALE_TITLES = {"mr", "mr.", "sir", "lord", "king", "prince", "father"}
FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady", "queen", "princess", "dame"}
SPEAKER_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
INTRO_DETERMINERS = {"a", "an", "one", "another"}
SCARE_MAX_WORDS = 4
# verbs whose direct object is the person addressed, not what was said
ADDRESSEE_VERBS = {
    "tell",
    "ask",
    "inform",
    "remind",
    "assure",
    "reassure",
    "answer",
    "warn",
    "urge",
}
# objects that stand for the speech act, not its content ("said the same thing")
EMPTY_OBJECTS = {
    "thing",
    "nothing",
    "something",
    "anything",
    "everything",
    "much",
    "lot",
    "little",
    "word",
    "statement",
    "remark",
    "comment",
    "speech",
    "interview",
    "question",
    "answer",
    "way",
    "time",
}
# cues that report only with a clause ("continued that ..."), never with an object
CLAUSE_ONLY = {"continue", "find"}
# verbs whose object noun cue belongs to their subject ("X made the claim that ...")
NOUN_CUE_VERBS = {
    "make",
    "issue",
    "sign",
    "reach",
    "have",
    "send",
    "express",
    "voice",
    "raise",
    "announce",
    "repeat",
    "reiterate",
    "renew",
    "unveil",
    "offer",
    "deliver",
    "release",
    "outline",
    "file",
    "level",
    "lodge",
    "put",
    "share",
    "give",
    "stand",
    "break",
    "keep",
    "fulfill",
    "push",
    "float",
    "back",
}
TOPIC_PREPS = {"about", "of", "on", "against", "over", "to"}
POINTING = {"point", "refer"}  # "pointed to X": the only cues where "to" is not the addressee
FLOATING_MIN_WORDS = 6
DASHES = "―—–"


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, str]:
    """lemma -> class (speech / belief / eval / intent), read once from the data file."""
    verbs: dict[str, str] = {}
    for line in VERBS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        lemma, _, cls = line.partition("\t")
        verbs[lemma.strip().lower()] = cls.strip() or "speech"
    return verbs


@lru_cache(maxsize=1)
def reporting_nouns() -> frozenset[str]:
    """Noun cues ("claim", "pledge", ...), read once from the data file."""
    lines = NOUNS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


# --------------------------------------------------------------------------- quotation marks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, end excluding trailing whitespace."""
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        seg = text[pos:end]
        stripped = seg.strip()
        if stripped:
            s = pos + (len(seg) - len(seg.lstrip()))
            out.append((s, s + len(stripped)))
        pos = end + 1
    return out


def _double_marks(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(position, length, role) of the double quotation marks in text[start:end];
    role is open / close / either."""
    marks = []
    i = start
    while i < end:
        ch = text[i]
        if ch in DOUBLE_OPEN:
            marks.append((i, 1, "open"))
        elif ch in DOUBLE_CLOSE:
            marks.append((i, 1, "close"))
        elif ch == '"':
            marks.append((i, 1, "either"))
        elif ch in "'`" and i + 1 < end and text[i + 1] == ch:
            marks.append((i, 2, "open" if ch == "`" else "either"))
            i += 2
            continue
        i += 1
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


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, marks included. Never fails on unbalanced marks."""
    paragraphs = _paragraphs(text)
    spans: list[tuple[int, int]] = []
    carried: int | None = None  # opening position of a quote continued from a paragraph above
    for k, (pstart, pend) in enumerate(paragraphs):
        marks = _double_marks(text, pstart, pend)
        open_at = carried
        skip_first = carried is not None and bool(marks) and marks[0][0] == pstart
        carried = None
        for j, (pos, length, role) in enumerate(marks):
            if skip_first and j == 0:
                continue  # the mark that reopens a continued quotation
            r = _role(text, pos, length, role, open_at is not None)
            if r == "open":
                if open_at is None or open_at >= pstart:
                    open_at = pos  # an earlier opening mark in this paragraph was never closed
            elif open_at is not None:
                spans.append((open_at, pos + length))
                open_at = None
        if open_at is not None:
            nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
            if nxt is not None and _style(text[nxt[0]]) == _style(text[open_at]):
                carried = open_at
            elif pend - open_at > 2:
                spans.append((open_at, pend))  # unbalanced: close at the paragraph's end
    spans.extend(_single_quote_spans(text, paragraphs, spans))
    spans.sort()
    return spans


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


# --------------------------------------------------------------------------- the document


@dataclass
class _Attribution:
    cue: int  # token index of the cue (-1 for a floating quote)
    cue_text: str
    kind: str  # direct / indirect / according_to
    speaker_tok: int  # token index of the speaker's head, -1 when unknown
    start: int = -1
    end: int = -1
    via: list[str] = field(default_factory=list)
    via_toks: list[int] = field(default_factory=list)
    speaker: str = ""
    entity_id: str = ""
    speaker_type: str = ""


class _Doc:
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
        # subtree edges: walk up from every token (parse trees are shallow)
        self.left = list(range(n))
        self.right = list(range(n))
        for t in self.tokens:
            j = t.i
            seen = 0
            while True:
                h = self.tokens[j].head
                if h == j or not 0 <= h < n or seen > 200:
                    break
                if t.i < self.left[h]:
                    self.left[h] = t.i
                if t.i > self.right[h]:
                    self.right[h] = t.i
                j = h
                seen += 1
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
        self.qstarts: list[int] = []
        self.paragraph_spans = _paragraphs(self.text)
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


def _is_quote_token(tok: Token) -> bool:
    return bool(tok.text) and all(ch in QUOTE_CHARS for ch in tok.text)


def _trim(doc: _Doc, toks: list[int]) -> tuple[int, int] | None:
    """Character span of sorted token indices, without edge punctuation (quote marks kept)."""
    if not toks:
        return None
    a, b = 0, len(toks) - 1
    while a <= b:
        t = doc.tokens[toks[a]]
        if (t.pos in ("PUNCT", "SPACE") and not _is_quote_token(t)) or (t.dep == "cc" and a < b):
            a += 1
        else:
            break
    while b >= a:
        t = doc.tokens[toks[b]]
        if t.pos in ("PUNCT", "SPACE") and not _is_quote_token(t):
            b -= 1
        else:
            break
    if a > b:
        return None
    # a closing quote mark keeps the punctuation in front of it (",”"), an opening one stays
    return doc.tokens[toks[a]].start, doc.tokens[toks[b]].end


def _cut_tail(doc: _Doc, toks: list[int], nominal: bool = False) -> list[int]:
    """Drop what the writer tacked on after a comma at the end of the content: an apposition
    ('..., the presumed favorite'), a non-restrictive relative clause ('..., which forced ...'),
    or a participle that is a cue of its own ('..., arguing that ...'); after a noun phrase
    (nominal content: 'questioned the health of X, who is 70'), a relative clause too."""
    if len(toks) < 4:
        return toks
    last = toks[-1]
    while last > toks[0] and doc.tokens[last].pos in ("PUNCT", "SPACE"):
        last -= 1
    verbs = reporting_verbs()
    for k in range(1, len(toks)):
        t = toks[k]
        prev = doc.tokens[t - 1]
        comma = prev.text == "," or (
            _is_quote_token(prev)
            and t > 1
            and doc.tokens[t - 2].text == ","
            and prev.end <= doc.tokens[t].start
        )
        if not comma or doc.in_quote(doc.tokens[t].start):
            continue
        # the phrase that starts here: the highest token whose subtree starts at t
        h = t
        while True:
            up = doc.tokens[h].head
            if up == h or doc.left[up] != t:
                break
            h = up
        if doc.right[h] < last:
            continue
        tok = doc.tokens[h]
        tail = (
            tok.dep == "appos"
            or tok.dep in ("advcl", "conj")
            and tok.tag == "VBG"
            and tok.lemma.lower() in verbs
            or nominal
            and tok.dep == "relcl"
            and doc.lower(t) in WH_RELATIVE
        )
        if tail:
            return [u for u in toks if u < t - (prev.text == ",")]
    return toks


def _subtree(doc: _Doc, i: int) -> range:
    return range(doc.left[i], doc.right[i] + 1)


# --------------------------------------------------------------------------- cues


def _subject(doc: _Doc, v: int, depth: int = 0) -> int:
    """Speaker head for verb v: its own subject, else the subject of the verb it hangs on."""
    subjects = [c for c in doc.children[v] if doc.tokens[c].dep in SUBJECT_DEPS]
    if subjects:
        # two subjects ('Citing the agency, Rep Kang said'): the one next to the verb
        before = [c for c in subjects if c < v]
        return max(before) if before else min(subjects)
    if doc.tokens[v].dep == "acl" and doc.tokens[doc.tokens[v].head].pos in ("NOUN", "PROPN"):
        return doc.tokens[v].head  # "an agreement pledging that ...": the document speaks
    if doc.tokens[v].dep == "relcl":  # "Smith, who said ..." -> nsubj handled above; bare relcl
        return -1
    if depth < 3 and doc.tokens[v].dep in INHERIT_DEPS:
        h = doc.tokens[v].head
        if h != v:
            return _subject(doc, h, depth + 1)
    return -1


def _complements(doc: _Doc, v: int, cls: str) -> list[int]:
    kids = doc.children[v]
    comps = [c for c in kids if doc.tokens[c].dep in CLAUSE_DEPS]
    if cls == "intent" and not comps:
        comps = [c for c in kids if doc.tokens[c].dep == "xcomp"]
        if comps:  # "urged X to ...": the person urged belongs to the content
            comps += [c for c in kids if doc.tokens[c].dep == "dobj" and c < comps[0]]
        else:  # the infinitive hangs on the object sometimes
            comps = [
                c for c in kids if doc.tokens[c].dep in ("dobj",) and _has_dep(doc, c, "xcomp")
            ]
    if doc.tokens[v].lemma.lower() == "call" and not comps:
        return _call_content(doc, v)
    if doc.tokens[v].lemma.lower() in ("accuse", "charge") and not comps:
        # "accused X of doing Y": what X is accused of
        of = [c for c in kids if doc.tokens[c].dep == "prep" and doc.lower(c) == "of"]
        objs = [c for c in kids if doc.tokens[c].dep == "dobj"]
        if of and objs:  # "accused X of Y": X and what X is accused of
            return objs + of[:1]
        if of:
            return [c for c in doc.children[of[0]] if doc.tokens[c].dep in ("pobj", "pcomp")]
        if any(doc.lower(k) == "of" for o in objs for k in doc.children[o]):
            return objs  # the parser hung "of Y" on X
        if doc.tokens[v].lemma.lower() == "accuse":
            return []
    if cls == "eval" and not comps:
        comps = [c for c in kids if doc.tokens[c].dep in ("dobj", "oprd", "xcomp")]
        if comps:  # "attacked her opponent as a fraud"
            comps += [
                c
                for c in kids
                if c > v and doc.tokens[c].dep == "prep" and doc.lower(c) in ("as", "for")
            ]
    if not comps and cls in ("topic", "speech"):
        # "talked about X", "pointed to X", "warned against X": the object of the preposition
        preps = [c for c in kids if c > v and doc.tokens[c].dep == "prep"]
        prep = doc.lower(preps[0]) if preps else ""
        if prep == "to" and doc.tokens[v].lemma.lower() not in POINTING:
            prep = ""  # "spoke to X": the person addressed
        if prep in TOPIC_PREPS:
            kids0 = doc.children[preps[0]]
            comps = [k for k in kids0 if doc.tokens[k].dep in ("pobj", "pcomp")]
    if cls == "speech" and not comps and doc.tokens[v].lemma.lower() not in CLAUSE_ONLY:
        # "X says of Clinton, ..." / "X said: ..." hang the content on odd relations
        comps = [c for c in kids if doc.tokens[c].dep in ("xcomp",) and doc.tokens[c].pos == "VERB"]
        if not comps and doc.tokens[v].lemma.lower() not in ADDRESSEE_VERBS:
            # "stressed the need to ...", "announced a plan": the object is the content
            comps = [
                c
                for c in kids
                if doc.tokens[c].dep == "dobj"
                and doc.tokens[c].pos in ("NOUN", "PROPN")
                and doc.tokens[c].lemma.lower() not in EMPTY_OBJECTS
            ]
    return comps


def _noun_cue(doc: _Doc, n: int) -> tuple[int, list[int]] | None:
    """'Trump's claim that ...', 'X made a pledge to ...': (speaker head, content tokens) of a
    noun cue completed by a that-clause or a to-infinitive; None without both."""
    comp = -1
    for c in doc.children[n]:
        t = doc.tokens[c]
        if c <= n or t.dep not in ("acl", "ccomp") or t.pos not in ("VERB", "AUX"):
            continue
        kids = doc.children[c]
        if _has_mark(doc, c, "that") or any(
            doc.tokens[k].dep == "aux" and doc.lower(k) == "to" and k < c for k in kids
        ):
            comp = c
            break
    if comp < 0:
        return None
    speaker = -1
    for c in doc.children[n]:
        if doc.tokens[c].dep == "poss":
            speaker = c
    tok = doc.tokens[n]
    if speaker < 0 and tok.dep in ("dobj", "attr") and tok.head != n:
        verb = doc.tokens[tok.head]
        if verb.lemma.lower() in NOUN_CUE_VERBS or verb.lemma.lower() in reporting_verbs():
            speaker = _subject(doc, tok.head)
    if speaker < 0:
        return None
    toks = list(_subtree(doc, comp))
    # 'that' / 'to' before the clause head belong to the content
    return speaker, _cut_tail(doc, toks)


def _call_content(doc: _Doc, v: int) -> list[int]:
    """'call for X' -> X; 'call on X to Y' -> X to Y; 'called X "Y" (to Z)' -> X "Y" (to Z);
    'what she called "a rant"' -> the whole relative; a bare 'called Smith' is a phone call."""
    kids = doc.children[v]
    preps = {doc.lower(c): c for c in kids if doc.tokens[c].dep == "prep" and c > v}
    if "for" in preps:
        return [c for c in doc.children[preps["for"]] if doc.tokens[c].dep in ("pobj", "pcomp")]
    if "on" in preps:
        return [preps["on"]] + [c for c in kids if doc.tokens[c].dep == "xcomp"]
    named = [c for c in kids if doc.tokens[c].dep in ("oprd", "xcomp", "ccomp")]
    if not named:
        return []
    objs = [c for c in kids if doc.tokens[c].dep in ("dobj",)]
    out = (
        objs
        + named
        + [
            c
            for c in kids
            if c > v and doc.tokens[c].dep == "prep" and doc.lower(c) in ("to", "as")
        ]
    )
    return out


def _has_mark(doc: _Doc, i: int, word: str) -> bool:
    return any(doc.tokens[c].dep == "mark" and doc.lower(c) == word for c in doc.children[i])


def _has_dep(doc: _Doc, i: int, dep: str) -> bool:
    return any(doc.tokens[c].dep == dep for c in doc.children[i])


def _cue_text(doc: _Doc, v: int) -> str:
    prt = [c for c in doc.children[v] if doc.tokens[c].dep == "prt"]
    words = [doc.tokens[v].text] + [doc.tokens[c].text for c in prt]
    return " ".join(words)


def _parenthetical(doc: _Doc, v: int) -> tuple[int, int] | None:
    """'A, he said, B' / 'A, said Jane Doe, B': the attribution sits between commas inside
    the sentence, and the content is the whole sentence around it."""
    subj = [c for c in doc.children[v] if doc.tokens[c].dep in ("nsubj",)]
    if len(subj) != 1:
        return None
    s = subj[0]
    lo = min(doc.left[s], v)
    hi = max(doc.right[s], v) if s > v else v
    # trailing adverbials of the cue: 'said Tuesday', 'said in an interview'
    for c in doc.children[v]:
        if c > hi and doc.tokens[c].dep in ("npadvmod", "advmod", "prep") and c == hi + 1:
            hi = doc.right[c]
    sent = doc.tokens[v].sentence
    first, last = _sentence_first(doc, sent), _sentence_last(doc, sent)
    while (
        last > first
        and doc.tokens[last].pos in ("PUNCT", "SPACE")
        and not _is_quote_token(doc.tokens[last])
    ):
        last -= 1
    if lo - 1 <= first or hi + 1 >= last:
        return None
    if doc.tokens[lo - 1].text != "," or doc.tokens[hi + 1].text != ",":
        return None
    if _is_quote_token(doc.tokens[hi + 2]):  # 'As for X, he said, "..."': a quotation follows
        return None
    return _trim(doc, list(range(first, last + 1)))


def _indirect_content(doc: _Doc, v: int, cls: str) -> tuple[int, int] | None:
    if cls == "speech":
        span = _parenthetical(doc, v)
        if span is not None:
            return span
    comps = _complements(doc, v, cls)
    sent = doc.tokens[v].sentence
    if any(c < v for c in comps) and any(c > v for c in comps):
        comps = [c for c in comps if c > v]  # "A; X says B": B is what X says
    if comps:
        toks: set[int] = set()
        for c in comps:
            toks.update(_subtree(doc, c))
        ordered = sorted(t for t in toks if doc.tokens[t].sentence == sent)
        if not ordered:
            return None
        # "he said he would X and warned Y": the second cue's clause is not the first's content
        verbs = reporting_verbs()
        for t in ordered:
            tt = doc.tokens[t]
            if (
                t > v
                and tt.dep == "conj"
                and tt.pos == "VERB"
                and tt.lemma.lower() in verbs
                and not any(doc.tokens[c].dep in SUBJECT_DEPS for c in doc.children[t])
            ):
                ordered = [u for u in ordered if u < doc.left[t]]
                break
        nominal = all(doc.tokens[c].pos in ("NOUN", "PROPN", "PRON") for c in comps)
        ordered = _cut_tail(doc, ordered, nominal)
        # "[content], another source said": the content runs from the sentence's start
        subj = [c for c in doc.children[v] if doc.tokens[c].dep in SUBJECT_DEPS]
        if ordered and ordered[-1] < v and all(ordered[-1] < s for s in subj):
            first = _sentence_first(doc, sent)
            ordered = list(range(first, ordered[-1] + 1))
        return _trim(doc, ordered)
    # parenthetical "X, Mr. Obama often says, is Y" / "Y, as aides pointed out": the head clause
    tok = doc.tokens[v]
    h = tok.head
    if (
        cls in ("speech", "belief")
        and h != v
        and tok.dep in PARENTHETICAL_DEPS
        and doc.tokens[h].pos in ("VERB", "AUX")
        and doc.tokens[h].lemma.lower() not in reporting_verbs()
        and (h < v or tok.dep in ("parataxis", "ccomp") or _has_mark(doc, v, "as"))
    ):
        own = set(_subtree(doc, v))
        toks = [t for t in _subtree(doc, h) if t not in own]
        if tok.dep == "conj":
            return None
        return _trim(doc, _cut_tail(doc, toks))
    return None


# --------------------------------------------------------------------------- main entry point


def extract_quotes(parsed: Parsed, mentions: list[Mention], entities: list[Entity]) -> list[Quote]:
    """Quotes and reported speech of one article, in text order."""
    if not parsed.tokens:
        return []
    doc = _Doc(parsed, mentions, entities)
    verbs = reporting_verbs()
    nouns = reporting_nouns()
    qspans = find_quote_spans(doc.text)
    qstarts = [s for s, _ in qspans]
    doc.qspans, doc.qstarts = qspans, qstarts
    in_quote = doc.in_quote

    attrs: list[_Attribution] = []
    by_cue: dict[int, _Attribution] = {}
    according: list[tuple[int, int, int]] = []  # (token "according", phrase end token, source tok)
    for tok in doc.tokens:
        low = tok.text.lower()
        if low == "according" and tok.i + 1 < len(doc.tokens) and doc.lower(tok.i + 1) == "to":
            if not in_quote(tok.start):
                according.append(_according(doc, tok.i))
            continue
        if tok.pos == "NOUN" and tok.lemma.lower() in nouns and not in_quote(tok.start):
            found = _noun_cue(doc, tok.i)
            if found is not None:
                speaker, toks = found
                span = _trim(doc, toks)
                if span is not None:
                    attrs.append(_Attribution(tok.i, tok.text, "indirect", speaker, *span))
            continue
        if tok.pos not in ("VERB", "AUX") or tok.tag == "VBN" and _passive(doc, tok.i):
            continue
        cls = verbs.get(tok.lemma.lower())
        if cls is None or in_quote(tok.start) or doc.sentence_kind(tok.i) == "credit":
            continue
        if tok.dep == "amod" or tok.tag == "VBN" and tok.dep in ("acl",):
            continue  # "the so-called", "a reported ..."
        if tok.tag == "VBG" and tok.lemma.lower() in SOURCE_VERBS:
            continue  # "citing X", "quoting X": a source in a chain, not a statement
        speaker = _subject(doc, tok.i)
        span = _indirect_content(doc, tok.i, cls)
        a = _Attribution(tok.i, _cue_text(doc, tok.i), "indirect", speaker)
        if span:
            a.start, a.end = span
        a.via_toks = _cited_sources(doc, tok.i)
        attrs.append(a)
        by_cue[tok.i] = a

    # direct quotes: widen the content that overlaps them, else find their cue
    quote_owner: dict[int, _Attribution] = {}
    for qi, (qs, qe) in enumerate(qspans):
        best, best_ov = None, 0
        for a in attrs:
            if a.start < 0 or doc.tokens[a.cue].start in range(qs, qe):
                continue
            ov = min(a.end, qe) - max(a.start, qs)
            if ov > best_ov:
                best, best_ov = a, ov
        if best is not None:
            best.start, best.end = min(best.start, qs), max(best.end, qe)
            quote_owner[qi] = best
    for qi, (qs, qe) in enumerate(qspans):
        if qi not in quote_owner:
            a = _cue_for_quote(doc, attrs, qs, qe)
            if a is not None:
                a.start, a.end, a.kind = qs, qe, "direct"
                quote_owner[qi] = a
    for qi, (qs, qe) in enumerate(qspans):
        if qi in quote_owner:
            continue
        # '"A," she said. "B."' and '"A," she said, "B."': one quotation, one span
        a = _continued(doc, attrs, qs, qe)
        if a is not None:
            a.start, a.end = min(a.start, qs), max(a.end, qe)
            quote_owner[qi] = a
            continue
        a = _dash_signed(doc, qs, qe)
        if a is not None:
            attrs.append(a)
            quote_owner[qi] = a
            continue
        prev = _floating(doc, qspans, quote_owner, qi)
        if prev is not None:  # the quotation goes on in the next paragraph: one span
            prev.end = max(prev.end, qe)
            quote_owner[qi] = prev
    attrs.extend(_transcript_lines(doc, attrs))

    # "according to X": a source chain when the sentence has its own speaker, else the speaker
    for acc, phrase_end, src in according:
        sent = doc.tokens[acc].sentence
        same = [
            a
            for a in attrs
            if a.start >= 0
            and a.cue >= 0
            and doc.tokens[a.cue].sentence == sent
            and a.speaker_tok >= 0
        ]
        chain = [src, *_cited_sources(doc, acc)] if src >= 0 else []
        if same:
            for a in same:
                a.via_toks = [*chain, *a.via_toks]
            continue
        inside = [a for a in attrs if a.start >= 0 and a.start <= doc.tokens[acc].start < a.end]
        if inside or src < 0:
            continue
        toks = [
            t.i
            for t in doc.tokens[_sentence_first(doc, sent) : _sentence_last(doc, sent) + 1]
            if not acc <= t.i <= phrase_end
        ]
        span = _trim(doc, toks)
        if span is None:
            continue
        a = _Attribution(acc, "according to", "according_to", src, *span)
        a.via_toks = _cited_sources(doc, acc)
        attrs.append(a)

    attrs = [a for a in attrs if a.start >= 0 and a.end > a.start]
    for a in attrs:
        _clip_semicolons(doc, a)
    attrs = _drop_contained(doc, attrs)
    attrs.sort(key=lambda a: (a.start, a.end))
    _resolve_speakers(doc, attrs)

    quote_starts = set(qstarts)
    quotes = []
    for a in attrs:
        if not _is_speech(doc, a, qspans):
            continue
        if not a.speaker and a.kind != "direct" and a.start not in quote_starts:
            continue  # reported content nobody can be named for
        content = doc.text[a.start : a.end]
        kind = a.kind
        if kind == "indirect" and a.start in quote_starts:
            kind = "direct"
        sent = doc.tokens[doc.token_at(a.start)].sentence
        via = []
        for v in a.via_toks:
            name = _via_name(doc, v)
            if name and name not in via and name != a.speaker:
                via.append(name)
        quotes.append(
            Quote(
                quote_id="",
                speaker=a.speaker,
                speaker_entity_id=a.entity_id,
                speaker_type=a.speaker_type,
                cue=a.cue_text,
                quote=content,
                kind=kind,
                start=a.start,
                end=a.end,
                sentence=sent,
                via=via,
                mentioned=_mentioned(doc, a),
            )
        )
    for n, q in enumerate(quotes, 1):
        q.quote_id = f"q{n}"
    return quotes


def _clip_semicolons(doc: _Doc, a: _Attribution) -> None:
    """A semicolon outside quotation marks ends the content: 'X said A; B' reports A only,
    'A; B, X said' reports B only. So does a spaced dash after reported speech ('X called
    for A -- far more than B')."""
    if a.cue < 0:
        return
    text = doc.text
    cut = [
        k
        for k in range(a.start, a.end)
        if text[k] == ";" and not doc.in_quote(k) and text[a.start] not in "\"“'‘"
    ]
    if a.kind == "indirect" and doc.tokens[a.cue].start < a.start:
        # "X said A -- a remark on A": a dash after the content starts the writer's comment
        dashes = [
            k
            for k in range(a.start + 1, a.end - 1)
            if (text[k] in DASHES or text[k : k + 2] == "--")
            and text[k - 1] == " "
            and not doc.in_quote(k)
        ]
        if len(dashes) == 1:  # a pair of dashes brackets an aside inside the content
            cut += dashes
    if not cut:
        return
    cue_at = doc.tokens[a.cue].start
    lo, hi = a.start, a.end
    for k in cut:
        if k < cue_at:
            lo = max(lo, k + 1)
        else:
            hi = min(hi, k)
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1] in " \t\n,":
        hi -= 1
    if hi - lo > 1:
        a.start, a.end = lo, hi


def _passive(doc: _Doc, v: int) -> bool:
    """'X was told ...', 'it is said': the subject is not the speaker."""
    return any(doc.tokens[c].dep in ("auxpass", "nsubjpass") for c in doc.children[v])


def _sentence_first(doc: _Doc, s: int) -> int:
    return doc.token_at(doc.sentences[s].start)


def _sentence_last(doc: _Doc, s: int) -> int:
    k = bisect.bisect_left(doc.starts, doc.sentences[s].end) - 1
    return max(k, 0)


def _according(doc: _Doc, acc: int) -> tuple[int, int, int]:
    """('according' token, last token of the phrase, head token of the source)."""
    to = acc + 1
    src = -1
    for c in doc.children[to]:
        if doc.tokens[c].dep == "pobj":
            src = c
    if src < 0:  # parser hung things elsewhere: the first noun after "to"
        for j in range(to + 1, min(to + 8, len(doc.tokens))):
            if doc.tokens[j].pos in ("PROPN", "NOUN", "PRON"):
                src = j
                while (
                    j + 1 < len(doc.tokens)
                    and doc.tokens[j + 1].pos in ("PROPN", "NOUN")
                    and doc.tokens[j + 1].sentence == doc.tokens[j].sentence
                ):
                    j += 1
                    src = j
                break
    end = max(doc.right[acc], doc.right[to], src if src >= 0 else to)
    if src >= 0:
        end = max(end, doc.right[src])
    return acc, end, src


def _cited_sources(doc: _Doc, v: int) -> list[int]:
    """Objects of 'quoting' / 'citing' hanging on v or on its source phrase."""
    out = []
    stack = list(doc.children[v])
    seen = 0
    while stack and seen < 60:
        c = stack.pop()
        seen += 1
        t = doc.tokens[c]
        if t.lemma.lower() in SOURCE_VERBS and t.pos == "VERB":
            for d in doc.children[c]:
                if doc.tokens[d].dep in ("dobj", "pobj"):
                    out.append(d)
                    stack.extend(doc.children[d])
        elif t.dep in ("prep", "pobj", "acl", "advcl", "compound", "appos"):
            stack.extend(doc.children[c])
    return out


def _cue_for_quote(doc: _Doc, attrs: list[_Attribution], qs: int, qe: int) -> _Attribution | None:
    """The cue of a free-standing quotation: a reporting verb without content in the sentence
    where the quote ends or starts ('"...," he said' / 'he said, "..."'), or a verb ending the
    sentence before it with a colon ('She continued:')."""
    first = doc.tokens[doc.token_at(qs)].sentence
    last = doc.tokens[doc.token_at(max(qe - 1, qs))].sentence
    best, best_dist = None, None
    for a in attrs:
        if a.start >= 0 or a.speaker_tok < 0:
            continue
        ct = doc.tokens[a.cue]
        if qs <= ct.start < qe:
            continue
        same = ct.sentence in (first, last)
        # '"...?" Clinton said.' -- the parser ended the sentence at the closing mark
        after = ct.sentence == last + 1 and doc.sentences[ct.sentence].start - qe <= 2
        if (same or after) and doc.paragraph(ct.start) == doc.paragraph(qs):
            dist = qs - ct.end if ct.end <= qs else ct.start - qe
            if best_dist is None or dist < best_dist:
                best, best_dist = a, dist
    if best is not None:
        return best
    # colon introducer: "X said:" closes the previous sentence (same or previous paragraph)
    before = doc.text[:qs].rstrip()
    if before.endswith(":"):
        ti = doc.token_at(len(before) - 1)
        sent = doc.tokens[ti].sentence
        cands = [
            a
            for a in attrs
            if a.start < 0 and a.speaker_tok >= 0 and doc.tokens[a.cue].sentence == sent
        ]
        if cands:
            return max(cands, key=lambda a: a.cue)
    return None


def _continued(doc: _Doc, attrs: list[_Attribution], qs: int, qe: int) -> _Attribution | None:
    """The attribution that a free-standing quotation continues or opens: in the same paragraph,
    with only that attribution's cue (and speaker) between them."""
    p = doc.paragraph(qs)
    best, best_gap = None, 600
    for a in attrs:
        if a.start < 0 or a.cue < 0 or a.kind == "according_to":
            continue
        cue_at = doc.tokens[a.cue].start
        if doc.paragraph(cue_at) != p:
            continue
        if a.end <= cue_at < qs:  # content, cue, then this quotation
            gap_start, gap_end = a.end, qs
        elif qe <= cue_at < a.start:  # this quotation, cue, then the content
            gap_start, gap_end = qe, a.start
        else:
            continue
        gap = gap_end - gap_start
        if gap >= best_gap or doc.text[gap_start:gap_end].rstrip()[-1:] not in ",.:;":
            continue
        if _only_attribution(doc, a.cue, gap_start, gap_end):
            best, best_gap = a, gap
    return best


def _only_attribution(doc: _Doc, v: int, start: int, end: int) -> bool:
    """Is text[start:end] nothing but the attribution of cue v: its speaker (with any
    description, relative clauses included) and its modifiers ('on Saturday at the gala dinner,
    where ...'), but no other clause ('..., suggesting a few questions, ...')?"""
    first, last = doc.token_at(start), doc.token_at(max(end - 1, start))
    allowed: set[int] = {v}
    for c in doc.children[v]:
        dep = doc.tokens[c].dep
        if dep in SUBJECT_DEPS or dep in ("prep", "npadvmod", "advmod", "agent", "punct", "dative"):
            allowed.update(_subtree(doc, c))
        if dep == "dobj" and doc.tokens[v].lemma.lower() in ADDRESSEE_VERBS:
            allowed.update(_subtree(doc, c))
    for k in range(first, last + 1):
        t = doc.tokens[k]
        if not start <= t.start < end or k in allowed or t.pos in ("PUNCT", "SPACE"):
            continue
        if _is_quote_token(t):
            continue
        return False
    return True


def _dash_signed(doc: _Doc, qs: int, qe: int) -> _Attribution | None:
    """'"..." -- Jane Doe': a quotation signed with a dash and a name."""
    text = doc.text
    j = qe
    while j < len(text) and text[j] in " \xa0":
        j += 1
    if j >= len(text) or text[j] not in DASHES:
        return None
    k = doc.token_at(j)
    k += 1
    while k < len(doc.tokens) and doc.tokens[k].pos == "PUNCT":
        k += 1
    if (
        k >= len(doc.tokens)
        or doc.tokens[k].pos != "PROPN"
        or doc.paragraph(doc.tokens[k].start) != doc.paragraph(qs)
    ):
        return None
    while k + 1 < len(doc.tokens) and doc.tokens[k + 1].pos == "PROPN":
        k += 1
    a = _Attribution(-1, doc.text[j], "direct", k, qs, qe)
    return a


def _transcript_lines(doc: _Doc, attrs: list[_Attribution]) -> list[_Attribution]:
    """'WALLACE: Let's start ...' / 'Pence: ...' -- a paragraph opened by a name and a colon."""
    out = []
    for ps, pe in doc.paragraph_spans:
        first = doc.token_at(ps)
        colon = -1
        for k in range(first, min(first + 5, len(doc.tokens))):
            t = doc.tokens[k]
            if t.text == ":":
                colon = k
                break
            if t.pos != "PROPN" and not (t.text.isupper() and t.text.isalpha()):
                break
        if colon <= first or colon + 1 >= len(doc.tokens):
            continue
        end = colon + 1
        while end < len(doc.tokens) and doc.tokens[end].start < pe:
            end += 1
        span = _trim(doc, list(range(colon + 1, end)))
        if span is None:
            continue
        out.append(_Attribution(colon, ":", "direct", colon - 1, *span))
    return out


def _floating(
    doc: _Doc, qspans: list[tuple[int, int]], owner: dict[int, _Attribution], qi: int
) -> _Attribution | None:
    """A paragraph that is nothing but a quotation, right after a paragraph whose last
    quotation is attributed: the same speaker goes on."""
    qs, qe = qspans[qi]
    p = doc.paragraph(qs)
    if p < 1 or qi == 0 or doc.text[qs] in "‘’'":
        return None
    if len(doc.text[qs:qe].split()) < FLOATING_MIN_WORDS:
        return None
    ps, pe = doc.paragraph_spans[p]
    if qs != ps or qe < pe - 1:
        return None
    prev_qi = qi - 1
    if prev_qi not in owner:
        return None
    if (
        doc.paragraph(qspans[prev_qi][0]) != p - 1
        and doc.paragraph(qspans[prev_qi][1] - 1) != p - 1
    ):
        return None
    return owner[prev_qi]


def _drop_contained(doc: _Doc, attrs: list[_Attribution]) -> list[_Attribution]:
    """The same content found twice (two cues of one speaker, 'said ... adding'): keep one."""
    out: list[_Attribution] = []
    seen: dict[tuple[int, int], _Attribution] = {}
    for a in attrs:
        key = (a.start, a.end)
        if key in seen:
            continue
        seen[key] = a
        out.append(a)
    return out


def _is_speech(doc: _Doc, a: _Attribution, qspans: list[tuple[int, int]]) -> bool:
    """Scare quotes and empty stubs are not speech."""
    words = [
        t
        for t in doc.tokens[doc.token_at(a.start) : doc.token_at(max(a.end - 1, a.start)) + 1]
        if t.pos != "PUNCT"
    ]
    if not words:
        return False
    if a.cue < 0:
        return len(words) > SCARE_MAX_WORDS
    return True


# --------------------------------------------------------------------------- speakers


def _gender_of_mention(doc: _Doc, m: Mention) -> str:
    k = doc.token_at(m.start)
    words = [doc.lower(k)]
    if k > 0:
        words.append(doc.lower(k - 1))
    for w in words:
        if w in MALE_TITLES:
            return "he"
        if w in FEMALE_TITLES:
            return "she"
    return ""


def _resolve_speakers(doc: _Doc, attrs: list[_Attribution]) -> None:
    """Resolve every attribution's speaker, in text order (pronouns look back)."""
    # candidates for pronouns: persons that are subjects, in text order
    persons: list[tuple[int, str]] = []  # (char position, entity id)
    gender: dict[str, str] = {}
    for t in doc.tokens:
        if t.dep in SUBJECT_DEPS or t.dep == "ROOT":
            m, e = doc.entity_of(t.i)
            if e is not None and e.type == "PERSON":
                persons.append((t.start, e.entity_id))
                g = _gender_of_mention(doc, m)
                if g:
                    gender.setdefault(e.entity_id, g)
    spoke: list[tuple[int, str]] = []
    order = sorted(attrs, key=lambda a: doc.tokens[a.cue].start if a.cue >= 0 else a.start)
    for a in order:
        name, eid, etype = _speaker(doc, a.speaker_tok, persons, spoke, gender)
        a.speaker, a.entity_id, a.speaker_type = name, eid, etype
        if eid and etype == "PERSON" and a.speaker_tok >= 0:
            spoke.append((doc.tokens[a.speaker_tok].start, eid))
            spoke.sort()
    _introduced_names(doc, attrs)


def _speaker(
    doc: _Doc,
    i: int,
    persons: list[tuple[int, str]],
    spoke: list[tuple[int, str]],
    gender: dict[str, str],
) -> tuple[str, str, str]:
    if i < 0:
        return "", "", ""
    tok = doc.tokens[i]
    low = tok.text.lower()
    if low in RELATIVE and tok.dep in SUBJECT_DEPS:
        verb = tok.head
        if doc.tokens[verb].dep == "relcl" and doc.tokens[verb].head != verb:
            return _speaker(doc, doc.tokens[verb].head, persons, spoke, gender)
        return tok.text, "", ""
    m, e = doc.entity_of(i)
    if e is not None and e.type in SPEAKER_TYPES:
        return e.name, e.entity_id, e.type
    if m is not None and e is None and m.type in SPEAKER_TYPES:
        return m.text, m.entity_id, m.type
    if tok.pos == "PRON" and low in PERSONAL:
        want = "he" if low in ("he", "him", "his") else "she"
        pos = tok.start
        cands = sorted(persons + spoke)
        k = bisect.bisect_left(cands, (pos, ""))
        for j in range(k - 1, max(-1, k - 40), -1):
            eid = cands[j][1]
            g = gender.get(eid, "")
            if g and g != want:
                continue
            ent = doc.entities.get(eid)
            if ent is None:
                continue
            gender.setdefault(eid, want)
            return ent.name, ent.entity_id, ent.type
        return tok.text, "", ""
    if tok.pos in ("NOUN", "PROPN"):
        # a description with a name in apposition: "a spokesman, John Doe, said"
        for c in doc.children[i]:
            if doc.tokens[c].dep == "appos":
                _, ce = doc.entity_of(c)
                if ce is not None and ce.type in SPEAKER_TYPES:
                    return ce.name, ce.entity_id, ce.type
    return _phrase(doc, i), "", ""


def _phrase(doc: _Doc, i: int) -> str:
    """The speaker phrase as worded: determiners, modifiers, head and short prepositional tails."""
    keep = [i]
    for c in doc.children[i]:
        t = doc.tokens[c]
        left = c < i and t.dep in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod")
        right = c > i and t.dep in ("prep", "amod") and not _crosses_punct(doc, i, doc.right[c])
        if left or right:
            keep.extend(_subtree(doc, c))
    keep = sorted(set(keep))
    lo, hi = keep[0], keep[-1]
    return doc.text[doc.tokens[lo].start : doc.tokens[hi].end]


def _crosses_punct(doc: _Doc, a: int, b: int) -> bool:
    return any(doc.tokens[k].pos == "PUNCT" for k in range(a + 1, b + 1))


def _introduced_names(doc: _Doc, attrs: list[_Attribution]) -> None:
    """'A South Korean lawmaker claimed ... Rep Kang Dae-sik said ...': an unnamed singular
    description as speaker, followed within two sentences by a named person speaking for the
    first time without a description of their own, is that person."""
    for a in attrs:
        if a.entity_id or a.speaker_tok < 0:
            continue
        tok = doc.tokens[a.speaker_tok]
        if tok.pos != "NOUN" or tok.tag not in ("NN",):
            continue
        dets = [c for c in doc.children[tok.i] if doc.tokens[c].dep == "det"]
        if not dets or doc.lower(dets[0]) not in INTRO_DETERMINERS:
            continue
        sent = tok.sentence
        for b in attrs:
            if b is a or b.speaker_tok < 0 or not b.entity_id or b.speaker_type != "PERSON":
                continue
            bt = doc.tokens[b.speaker_tok]
            if not sent < bt.sentence <= sent + 2:
                continue
            if any(doc.tokens[c].dep == "appos" for c in doc.children[bt.i]):
                continue
            earlier = [
                m
                for m in doc.mentions
                if m.entity_id == b.entity_id and m.start < doc.tokens[a.speaker_tok].start
            ]
            if earlier:
                continue
            a.speaker, a.entity_id, a.speaker_type = b.speaker, b.entity_id, b.speaker_type
            break


def _via_name(doc: _Doc, i: int) -> str:
    m, e = doc.entity_of(i)
    if e is not None:
        return e.name
    if m is not None:
        return m.text
    return _phrase(doc, i)


def _mentioned(doc: _Doc, a: _Attribution) -> list[str]:
    out: list[str] = []
    k = bisect.bisect_left(doc.mention_starts, a.start)
    while k < len(doc.mentions) and doc.mentions[k].start < a.end:
        m = doc.mentions[k]
        if m.end <= a.end and m.entity_id and m.entity_id not in (a.entity_id, *out):
            out.append(m.entity_id)
        k += 1
    return out
