"""Stage 3 of quote extraction: the content span a cue introduces.

The content follows the usual annotation conventions: for indirect speech it starts at the
complementizer ("that ...") and stops before the sentence's final punctuation; for direct
speech it is the quotation with its marks. Content never includes the cue or the speaker: an
attribution inside the content ('A, he said, B') leaves two fragments. A semicolon (or one
spaced dash after reported speech) ends the content; a relative clause after a comma is cut
from nominal content ('questioned the cost, which ...') but kept in a that-clause.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.extract.quotes.cues import ADDRESSEE_VERBS, DASHES, NOUN_CUE_VERBS, reporting_verbs
from analysis.extract.quotes.document import (
    SUBJECT_DEPS,
    Attribution,
    QuoteDoc,
    has_dep,
    has_mark,
    is_quote_token,
    sentence_first,
    sentence_last,
    subtree,
    trim_span,
)
from analysis.extract.quotes.speakers import subject_of

CLAUSE_DEPS = ("ccomp",)

PARENTHETICAL_DEPS = ("parataxis", "advcl", "ccomp", "conj", "relcl")

WH_RELATIVE = {"who", "which", "whom", "whose", "where"}

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

CLAUSE_ONLY = {"continue", "find"}

TOPIC_PREPS = {"about", "of", "on", "against", "over", "to"}

POINTING = {"point", "refer"}  # "pointed to X": the only cues where "to" is not the addressee

SCARE_MAX_WORDS = 4


def cut_tail(doc: QuoteDoc, toks: list[int], nominal: bool = False) -> list[int]:
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
            is_quote_token(prev)
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
            nominal
            and tok.dep == "appos"
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


def complements(doc: QuoteDoc, v: int, cls: str) -> list[int]:
    kids = doc.children[v]
    comps = [c for c in kids if doc.tokens[c].dep in CLAUSE_DEPS]
    if cls == "intent" and not comps:
        comps = [c for c in kids if doc.tokens[c].dep == "xcomp"]
        if comps:  # "urged X to ...": the person urged belongs to the content
            comps += [c for c in kids if doc.tokens[c].dep == "dobj" and c < comps[0]]
        else:  # the infinitive hangs on the object sometimes
            comps = [c for c in kids if doc.tokens[c].dep in ("dobj",) and has_dep(doc, c, "xcomp")]
    if doc.tokens[v].lemma.lower() == "call" and not comps:
        return call_content(doc, v)
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


def call_content(doc: QuoteDoc, v: int) -> list[int]:
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


@dataclass(slots=True)
class Content:
    """The content of a cue: one span, or two when the attribution interrupts it ('A, he said,
    B'); `clausal` unless it is a bare noun phrase ('added a goal', 'denied the claims')."""

    spans: list[tuple[int, int]]
    clausal: bool = True


def fragments(doc: QuoteDoc, toks: list[int]) -> list[tuple[int, int]]:
    """Spans of the runs of consecutive tokens in sorted `toks`, each trimmed."""
    runs: list[list[int]] = []
    for t in toks:
        if runs and t == runs[-1][-1] + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return [span for run in runs if (span := trim_span(doc, run)) is not None]


def parenthetical(doc: QuoteDoc, v: int) -> list[tuple[int, int]]:
    """'A, he said, B' / 'A, said Jane Doe, B': the attribution sits between commas inside
    the sentence; the content is the sentence around it, in two fragments."""
    subj = [c for c in doc.children[v] if doc.tokens[c].dep in ("nsubj",)]
    if len(subj) != 1:
        return []
    s = subj[0]
    lo = min(doc.left[s], v)
    hi = max(doc.right[s], v) if s > v else v
    # trailing adverbials of the cue: 'said Tuesday', 'said in an interview'
    for c in doc.children[v]:
        if c > hi and doc.tokens[c].dep in ("npadvmod", "advmod", "prep") and c == hi + 1:
            hi = doc.right[c]
    sent = doc.tokens[v].sentence
    first, last = sentence_first(doc, sent), sentence_last(doc, sent)
    while (
        last > first
        and doc.tokens[last].pos in ("PUNCT", "SPACE")
        and not is_quote_token(doc.tokens[last])
    ):
        last -= 1
    if lo - 1 <= first or hi + 1 >= last:
        return []
    if doc.tokens[lo - 1].text != "," or doc.tokens[hi + 1].text != ",":
        return []
    if is_quote_token(doc.tokens[hi + 2]):  # 'As for X, he said, "..."': a quotation follows
        return []
    return fragments(doc, [*range(first, lo - 1), *range(hi + 2, last + 1)])


def indirect_content(doc: QuoteDoc, v: int, cls: str) -> Content | None:
    if cls == "speech":
        spans = parenthetical(doc, v)
        if spans:
            return Content(spans)
    comps = complements(doc, v, cls)
    sent = doc.tokens[v].sentence
    if any(c < v for c in comps) and any(c > v for c in comps):
        comps = [c for c in comps if c > v]  # "A; X says B": B is what X says
    if comps:
        toks: set[int] = set()
        for c in comps:
            toks.update(subtree(doc, c))
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
        ordered = cut_tail(doc, ordered, nominal)
        # "[content], another source said": the content runs from the sentence's start
        subj = [c for c in doc.children[v] if doc.tokens[c].dep in SUBJECT_DEPS]
        if ordered and ordered[-1] < v and all(ordered[-1] < s for s in subj):
            first = sentence_first(doc, sent)
            ordered = list(range(first, ordered[-1] + 1))
        span = trim_span(doc, ordered)
        # "asked X to leave": an infinitive after a verb of saying is a request, not a statement
        request = cls == "speech" and all(doc.tokens[c].dep == "xcomp" for c in comps)
        return Content([span], clausal=not nominal and not request) if span else None
    # parenthetical "X, Mr. Obama often says, is Y" / "Y, as aides pointed out": the head clause
    tok = doc.tokens[v]
    h = tok.head
    if (
        cls in ("speech", "belief")
        and h != v
        and tok.dep in PARENTHETICAL_DEPS
        and tok.dep != "conj"
        and doc.tokens[h].pos in ("VERB", "AUX")
        and doc.tokens[h].lemma.lower() not in reporting_verbs()
        and (h < v or tok.dep in ("parataxis", "ccomp") or has_mark(doc, v, "as"))
    ):
        own = set(subtree(doc, v))
        toks = [t for t in subtree(doc, h) if t not in own]
        spans = fragments(doc, cut_tail(doc, toks))
        return Content(spans) if spans else None
    return None


def clip_semicolons(doc: QuoteDoc, a: Attribution) -> None:
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
    cue_at = doc.tokens[a.cue].start
    lo, hi = a.start, a.end
    if lo < cue_at < hi and not doc.in_quote(cue_at):
        # "the wound, which police said did not appear ...": the content is after the cue
        lo = doc.tokens[a.cue].end
    if not cut and lo == a.start:
        return
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


def drop_repeated(doc: QuoteDoc, attrs: list[Attribution]) -> list[Attribution]:
    """The same content found twice (two cues of one speaker, 'said ... adding'), or a stance
    around a statement of the same speaker ('repeated his claim that ...'): keep one."""
    out: list[Attribution] = []
    seen: set[tuple[int, int]] = set()
    statements = [b for b in attrs if not b.stance and b.cue >= 0]
    for a in attrs:
        if (a.start, a.end) in seen or a.stance and _holds_a_statement(doc, a, statements):
            continue
        seen.add((a.start, a.end))
        out.append(a)
    return out


def _holds_a_statement(doc: QuoteDoc, a: Attribution, attrs: list[Attribution]) -> bool:
    """Does a's content hold another attribution's cue and content (a noun cue: 'his claim')?"""
    return any(
        b is not a
        and a.start <= doc.tokens[b.cue].start < a.end
        and a.start <= b.start
        and b.end <= a.end
        for b in attrs
    )


def has_content(doc: QuoteDoc, a: Attribution, qspans: list[tuple[int, int]]) -> bool:
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


def noun_cue(doc: QuoteDoc, n: int) -> tuple[int, list[int]] | None:
    """'Trump's claim that ...', 'X made a pledge to ...': (speaker head, content tokens) of a
    noun cue completed by a that-clause or a to-infinitive; None without both."""
    comp = -1
    for c in doc.children[n]:
        t = doc.tokens[c]
        if c <= n or t.dep not in ("acl", "ccomp") or t.pos not in ("VERB", "AUX"):
            continue
        kids = doc.children[c]
        if has_mark(doc, c, "that") or any(
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
            speaker = subject_of(doc, tok.head)
    if speaker < 0:
        return None
    toks = list(subtree(doc, comp))
    # 'that' / 'to' before the clause head belong to the content
    return speaker, cut_tail(doc, toks)
