"""Dates a clause without a date expression of its own gets from the story: the lead tells
of the publication day, so does a clause in the present tense (or the day of the statement
reporting it), and a speaker's undated statement is of their latest dated statement's day."""

from __future__ import annotations

from analysis.extract.events.candidates import Candidate, clause_candidate
from analysis.extract.events.document import AGENT_TYPES, AUX_DEPS, MAX_CLIMB, EventDoc, subject_of
from analysis.extract.quotes.cues import cue_verbs
from analysis.records import Token

PRESENT_TAGS = {"VBZ", "VBP"}
CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}


def lead_candidate(doc, quotes, published, taken_sentences) -> Candidate | None:
    """A news lead without a date tells of the publication day ("X has sent ...")."""
    if not published:
        return None
    lead = next((s for s in doc.parsed.sentences if s.kind == "body"), None)
    if lead is None or lead.index in taken_sentences:
        return None
    root = next(
        (t for t in doc.parsed.tokens if t.sentence == lead.index and t.dep == "ROOT"), None
    )
    if root is None or root.pos != "VERB":
        return None
    candidate = clause_candidate(
        doc, quotes, root.i, published, "day", "publication date (news lead)", set()
    )
    candidate.inferred = True
    return candidate if candidate.actors else None


def _present_tense(doc: EventDoc, token: Token) -> bool:
    """A finite predicate in the simple or progressive present ("says", "is negotiating",
    "is expected"); not the perfect ("has said": a past happening), a modal ("can", "will"),
    an auxiliary itself, or "is going to" (ahead)."""
    if token.pos not in ("VERB", "AUX") or token.dep in ("aux", "auxpass"):
        return False
    auxiliaries = [doc.token(c) for c in doc.children[token.i] if doc.token(c).dep in AUX_DEPS]
    if any(a.tag in ("MD", "VBD") or a.lemma.lower() == "have" for a in auxiliaries):
        return False
    if auxiliaries:
        going_to = token.lemma.lower() == "go" and any(
            doc.token(c).dep == "xcomp" for c in doc.children[token.i]
        )
        return not going_to and any(a.tag in PRESENT_TAGS for a in auxiliaries)
    return token.tag in PRESENT_TAGS


def present_candidates(doc, quotes, published, dated) -> list[Candidate]:
    """Clauses of the story in the present tense tell of the publication day ("officials
    say", "the company is negotiating", "Iraq has 17 million people"); not words quoted,
    which are of the day they were said. In what a dated statement reports ("X said on
    Wednesday that the company is ..."), the present is that statement's day."""
    if not published:
        return []
    quoted = quotes.direct
    taken_anchors = {c.anchor: c for c in dated}
    out = []
    for token in doc.parsed.tokens:
        if (
            token.i in taken_anchors
            or doc.parsed.sentences[token.sentence].kind != "body"
            or not _present_tense(doc, token)
            or token.start in quoted
            or subject_of(doc, token.i) is None
            or _conditional(doc, token.i)
        ):
            continue
        candidate = clause_candidate(
            doc, quotes, token.i, published, "day", "publication date (present tense)", set()
        )
        statement = _reporting_statement(doc, token, taken_anchors)
        if statement is not None:
            candidate.date, candidate.precision = statement.date, statement.precision
            candidate.date_text = f"day of the statement ({statement.written})"
            candidate.written = statement.written
        candidate.inferred = True
        out.append(candidate)
    return out


def _conditional(doc: EventDoc, verb: int) -> bool:
    """A clause that supposes rather than tells ("if it is a hole", "unless talks fail")."""
    return any(
        doc.token(c).dep == "mark" and doc.token(c).text.lower() in CONDITIONAL_MARKS
        for c in doc.children[verb]
    )


def _reporting_statement(doc, token, dated: dict[int, Candidate]) -> Candidate | None:
    """The dated past-tense statement whose report this clause is in, if any."""
    current = token
    for _ in range(MAX_CLIMB):
        if current.head == current.i:
            return None
        current = doc.token(current.head)
        if current.tag == "VBD" and _is_speech(current):
            return dated.get(current.i)
    return None


def reporting_day_candidates(doc, quotes, dated, taken_anchors) -> list[Candidate]:
    """A statement in the past tense without a date of its own ("he said") was made on the
    day its speaker's latest dated statement before it gives ("Adams said Sunday. ... He
    said ..."): news gives the day of a speaker's attribution once."""
    days = sorted(
        (
            (c.anchor, c)
            for c in dated
            if not c.inferred and c.precision == "day" and _is_speech(doc.token(c.anchor))
        ),
        key=lambda pair: pair[0],
    )
    if not days:
        return []
    quoted = quotes.direct
    out, k, latest = [], 0, {}
    for token in doc.parsed.tokens[days[0][0] + 1 :]:
        while k < len(days) and days[k][0] < token.i:
            speaker = _speaker_id(doc, days[k][1])
            if speaker:
                latest[speaker] = days[k][1]
            k += 1
        if (
            token.i in taken_anchors
            or token.tag != "VBD"
            or not _is_speech(token)
            or doc.parsed.sentences[token.sentence].kind != "body"
            or token.start in quoted
        ):
            continue
        candidate = clause_candidate(doc, quotes, token.i, "", "day", "", set())
        day = latest.get(_speaker_id(doc, candidate))
        if day is None:
            continue
        candidate.date = day.date
        speaker = doc.entities[_speaker_id(doc, day)].name
        candidate.date_text = f"reporting day of {speaker} ({day.written})"
        candidate.written = day.written
        candidate.inferred = True
        out.append(candidate)
    return out


def _speaker_id(doc: EventDoc, candidate: Candidate) -> str | None:
    """The person or organisation making a statement: its first such actor."""
    return next((a for a in candidate.actors if doc.entities[a].type in AGENT_TYPES), None)


def _is_speech(token: Token) -> bool:
    cue = cue_verbs().get(token.lemma.lower())
    return cue is not None and cue.kind == "speech"
