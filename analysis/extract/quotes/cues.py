"""Stage 2 of quote extraction: cues, the words that attribute content to a source.

The cue lexicon is data: `analysis/data/quote_cues.tsv` (verbs, with their kind: speech or
stance, and the frame that says where their content is), `quote_nouns.tsv` (nouns completed
by a clause: "her claim that ...") and `data_sources.txt` (data and documents, which never
speak). Besides verbs and nouns, a cue is "according to X", a dash that signs a quotation
('"..." -- Jane Doe') or a name and a colon opening a transcript line ('WALLACE: ...').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.extract.quotes.document import Attribution, QuoteDoc, trim_span
from analysis.extract.wordlists import DATA_DIR, word_list
from analysis.records import Entity

SOURCE_VERBS = {"quote", "cite"}

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


@dataclass(frozen=True, slots=True)
class CueWord:
    kind: str  # speech / stance
    frame: str  # where the content is: speech / belief / eval / intent / topic


def _table(name: str) -> list[list[str]]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def cue_verbs() -> dict[str, CueWord]:
    """lemma -> its kind and frame, read once from quote_cues.tsv."""
    return {row[0].lower(): CueWord(row[1], row[2]) for row in _table("quote_cues.tsv")}


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, str]:
    """lemma -> frame of every cue verb."""
    return {lemma: cue.frame for lemma, cue in cue_verbs().items()}


@lru_cache(maxsize=1)
def cue_nouns() -> dict[str, str]:
    """lemma -> kind of the noun cues ("claim": speech, "pledge": stance)."""
    return {row[0].lower(): row[1] for row in _table("quote_nouns.tsv")}


@lru_cache(maxsize=1)
def data_sources() -> frozenset[str]:
    """Nouns for data and documents, which show or find but never speak."""
    return frozenset(word_list("data_sources.txt"))


def opens_according_to(doc: QuoteDoc, i: int) -> bool:
    return doc.lower(i) == "according" and i + 1 < len(doc.tokens) and doc.lower(i + 1) == "to"


def is_data_source(doc: QuoteDoc, i: int) -> bool:
    """Is token i (a speaker's head) a noun for data or a document ("the chart", "figures")?"""
    return i >= 0 and doc.tokens[i].pos == "NOUN" and doc.tokens[i].lemma.lower() in data_sources()


def cue_text(doc: QuoteDoc, v: int) -> str:
    prt = [c for c in doc.children[v] if doc.tokens[c].dep == "prt"]
    words = [doc.tokens[v].text] + [doc.tokens[c].text for c in prt]
    return " ".join(words)


def according_phrase(doc: QuoteDoc, acc: int) -> tuple[int, int, int]:
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


def cited_sources(doc: QuoteDoc, v: int) -> list[int]:
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


def dash_signed(doc: QuoteDoc, qs: int, qe: int) -> Attribution | None:
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
    a = Attribution(-1, doc.text[j], "direct", k, qs, qe)
    return a


# an embedded social-media post: "... pic.twitter.com/x — Jane Doe (@janedoe) May 2, 2019"
POST_SIGNATURE = re.compile(
    r"\s*(?:(?:pic\.twitter\.com|https?://)\S*\s*)?[—–]\s*(?P<name>[^()\n—–]{2,60}?)\s*"
    r"\(@\w{1,30}\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$"
)


def signed_posts(doc: QuoteDoc) -> list[Attribution]:
    """A paragraph that is an embedded post signed by its author: the author said it."""
    out = []
    for ps, pe in doc.paragraph_spans:
        m = POST_SIGNATURE.search(doc.text, ps, pe)
        if m is None or m.start() - ps < 2:
            continue
        span = trim_span(doc, list(range(doc.token_at(ps), doc.token_at(m.start() - 1) + 1)))
        if span is None:
            continue
        author, dash = doc.token_at(m.end("name") - 1), doc.token_at(m.start("name")) - 1
        out.append(Attribution(dash, "posted", "direct", author, *span))
    return out


def _person_named(doc: QuoteDoc, first: int, end: int) -> Entity | None:
    """The person of the article tokens [first, end) name ('WALLACE' for Chris Wallace)."""
    label = " ".join(doc.tokens[k].text for k in range(first, end)).lower()
    for k in range(first, end):
        _, e = doc.entity_of(k)
        if e is not None and e.type == "PERSON":
            return e
    for e in doc.entities.values():
        if e.type == "PERSON" and (e.name.lower() == label or e.name.lower().endswith(" " + label)):
            return e
    return None


def transcript_lines(doc: QuoteDoc, attrs: list[Attribution]) -> list[Attribution]:
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
        person = _person_named(doc, first, colon)
        if person is None:
            continue  # "ENERGY: ...", "WATCH: ...": a section label, not a speaker
        end = colon + 1
        while end < len(doc.tokens) and doc.tokens[end].start < pe:
            end += 1
        span = trim_span(doc, list(range(colon + 1, end)))
        if span is None:
            continue
        a = Attribution(colon, ":", "direct", colon - 1, *span)
        a.speaker, a.entity_id, a.speaker_type = person.name, person.entity_id, person.type
        out.append(a)
    return out


DASHES = "―—–"
