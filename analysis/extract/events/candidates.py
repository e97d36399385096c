"""Candidate events: a clause (or a noun naming a happening) with its date, description and
actors. The dated ones are read from the date expressions of the story's paragraphs and
captions; the undated ones are the main clauses of paragraphs where a name does something.
The quotes of the article tell who made a statement and what it said."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from analysis.extract.events.date_anchors import anchor_of, timeline_value
from analysis.extract.events.descriptions import describe_noun, describe_verb
from analysis.extract.events.document import NAME_TYPES, EventDoc, subject_of
from analysis.extract.quotes.cues import cue_verbs
from analysis.extract.wordlists import word_list
from analysis.records import DateExpr, Quote

STORY_KINDS = ("body", "caption")


@dataclass
class Candidate:
    """A clause telling a happening (`anchor`: its verb, or the noun naming it) with its date
    ("" when undated), description and actors; `speech` for a statement, `inferred` when the
    date comes from the story rather than from a date expression of the clause."""

    anchor: int
    sentence: int
    date: str
    precision: str
    date_text: str
    description: str
    actors: list[str]
    speech: bool = False
    inferred: bool = False
    reason: str = ""  # why it is left off the timeline, "" when readable
    written: str = ""  # the date as the text wrote it, where the date was read from

    def __post_init__(self):
        self.written = self.written or self.date_text


class ArticleQuotes:
    """An article's quotes by (sentence, cue word), what a statement's verb said, and the
    spans of its direct quotations."""

    def __init__(self, quotes: list[Quote]):
        self.by_cue: dict[tuple[int, str], Quote] = {}
        for quote in quotes:
            for word in (quote.cue or "").split():
                if quote.speaker_entity_id:
                    self.by_cue.setdefault((quote.sentence, word), quote)
        self.direct = Spans([(q.start, q.end) for q in quotes if q.kind == "direct"])


class Spans:
    """Sorted character spans (direct quotations) and a cheap membership test."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def __contains__(self, offset: int) -> bool:
        k = bisect_left(self.starts, offset + 1) - 1
        return k >= 0 and self.spans[k][0] <= offset < self.spans[k][1]


def clause_candidate(doc, quotes, anchor, date, precision, date_text, stop) -> Candidate:
    """The candidate of the clause at `anchor`, dated `date`: its actors are the names in its
    subtree (not in the clauses of the other anchors, `stop`), its subject's and, when the
    verb is a quote's cue, the quote's speaker."""
    token = doc.token(anchor)
    tokens = doc.subtree(anchor, stop)
    actors = doc.names_in(tokens)
    speech = False
    if token.pos in ("VERB", "AUX"):
        quote = quotes.by_cue.get((token.sentence, token.text))
        speaker, speaker_id = (quote.speaker, quote.speaker_entity_id) if quote else (None, None)
        subject = subject_of(doc, anchor)
        if subject is not None and subject not in tokens:
            actors = doc.names_in(doc.subtree(subject)) + actors
        if speaker_id:
            actors = [speaker_id, *actors]
        said = _said(quote) if quote else ""
        described = describe_verb(doc, anchor, speaker, said)
        speech = token.lemma.lower() in cue_verbs()
    else:
        described = describe_noun(doc, anchor)
    actors = list(dict.fromkeys(actors))
    return Candidate(
        anchor,
        token.sentence,
        date,
        precision,
        date_text,
        described.text,
        actors,
        speech,
        reason=described.reason,
    )


def _said(quote: Quote) -> str:
    """What a quote says, in quotation marks when it was quoted directly."""
    text = re.sub(r"\s+", " ", quote.quote).strip().rstrip(",;:")
    if quote.kind == "direct" and not re.match(r"^[\"“‘'«]", text):
        text = f"“{text}”"
    return re.sub(r"[,;:]([”\"’']+)$", r"\1", text)  # “We will win,” -> “We will win”


def dated_candidates(
    doc: EventDoc, dates: list[DateExpr], quotes: ArticleQuotes
) -> list[Candidate]:
    """A candidate for each clause that a date of the story (one that can sit on a timeline)
    dates, and for the main clause a "during" phrase shares its date with."""
    kinds = {s.index: s.kind for s in doc.parsed.sentences}
    anchored: list[tuple[int, DateExpr]] = []
    for date in dates:
        if date.type not in ("DATE", "TIME") or not timeline_value(date.value):
            continue
        if kinds.get(date.sentence) not in STORY_KINDS:
            continue
        anchor = anchor_of(doc, date)
        if anchor is not None:
            anchored.append((anchor, date))
            # "During a visit in May, X promised ...": the main verb shares the date
            head = doc.token(doc.token(anchor).head)
            if head.text.lower() == "during" and doc.token(head.head).pos == "VERB":
                anchored.append((head.head, date))
    anchors = {a for a, _ in anchored}
    out = []
    for anchor, date in anchored:
        stop = anchors - {anchor}
        value = timeline_value(date.value)
        out.append(clause_candidate(doc, quotes, anchor, value, date.precision, date.text, stop))
    return out


def undated_candidates(doc, quotes, taken_sentences) -> list[Candidate]:
    """The main clauses of the paragraphs' other sentences where a name does something (no
    state: "seem", "remain"), kept without a date: never given a made-up one."""
    stative = set(word_list("stative_verbs.txt"))
    out = []
    for token in doc.parsed.tokens:
        sentence = doc.parsed.sentences[token.sentence]
        if (
            token.dep != "ROOT"
            or token.pos != "VERB"
            or token.lemma.lower() in stative
            or sentence.kind != "body"
            or token.sentence in taken_sentences
        ):
            continue
        if subject_of(doc, token.i) is None:
            continue  # "There has been ...": no one does anything
        candidate = clause_candidate(doc, quotes, token.i, "", "", "", set())
        if any(doc.entities[a].type in NAME_TYPES for a in candidate.actors):
            out.append(candidate)
    return out
