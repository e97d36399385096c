"""extract_events: the stages in order, from a parsed article and its dates and quotes to
Event records. Candidates dated by their date expressions, the lead, the reporting day and
the present tense, then the undated ones; candidates telling one happening merge into one
event with every piece of evidence."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from analysis.extract.events.candidates import (
    ArticleQuotes,
    Candidate,
    dated_candidates,
    undated_candidates,
)
from analysis.extract.events.document import AGENT_TYPES, EventDoc
from analysis.extract.events.inferred_dates import (
    lead_candidate,
    present_candidates,
    reporting_day_candidates,
)
from analysis.extract.events.lexicon import happening_verb
from analysis.records import DateExpr, Entity, Event, Evidence, Mention, Parsed, Quote


def extract_events(
    parsed: Parsed,
    mentions: list[Mention],
    entities: list[Entity],
    dates: list[DateExpr],
    quotes: list[Quote],
    published: str | None,
) -> list[Event]:
    """One article's events: the dated ones by date, then the undated ones in text order."""
    doc = EventDoc.of(parsed, mentions, entities)
    candidates = _candidates(doc, dates, ArticleQuotes(quotes), published)
    article_key = hashlib.sha1(parsed.text.encode("utf-8")).hexdigest()[:8]
    events = [_to_event(doc, group, article_key) for group in _merge(doc, candidates)]
    _unique_ids(events)
    return sorted(events, key=lambda e: (e.date == "", e.date, e.evidence[0].start))


def _candidates(
    doc: EventDoc, dates: list[DateExpr], quotes: ArticleQuotes, published: str | None
) -> list[Candidate]:
    """Every candidate, each rule after those it defers to: a sentence dated by its own date
    expression gets no date from the lead; the reporting day and the present tense read the
    dated statements; a sentence with a dated clause has no undated one."""
    dated = dated_candidates(doc, dates, quotes)
    taken = {c.sentence for c in dated}
    lead = lead_candidate(doc, quotes, published, taken)
    if lead:
        dated.append(lead)
        taken.add(lead.sentence)
    anchors = {c.anchor for c in dated}
    dated += reporting_day_candidates(doc, quotes, dated, anchors)
    dated += present_candidates(doc, quotes, published, dated)
    taken |= {c.sentence for c in dated}
    return dated + undated_candidates(doc, quotes, taken)


def _merge(doc: EventDoc, candidates: list[Candidate]) -> list[list[Candidate]]:
    """Group one article's candidates telling the same happening: the same date, a shared
    person or organisation, told once in a caption and once in a paragraph or by the same
    verb ("visited" and "Merkel's visit"), and neither a statement (two statements on one
    day are two events) nor a date inferred from the publication day. Two clauses of the
    story on one day by one actor ("took over", "resigned") are two events."""
    groups: list[list[Candidate]] = []
    by_anchor: dict[int, list[Candidate]] = {}
    by_date: dict[str, list[list[Candidate]]] = defaultdict(list)
    kinds = [s.kind for s in doc.parsed.sentences]
    for candidate in sorted(candidates, key=lambda c: (c.sentence, c.anchor)):
        if candidate.anchor in by_anchor:
            by_anchor[candidate.anchor].append(candidate)
            continue
        group = None
        if candidate.date and not (candidate.speech or candidate.inferred):
            agents = {a for a in candidate.actors if doc.entities[a].type in AGENT_TYPES}
            verb = _happening_lemma(doc, candidate.anchor)
            group = next(
                (
                    g
                    for g in by_date[candidate.date]
                    if agents & {a for c in g for a in c.actors}
                    and (
                        kinds[g[0].sentence] != kinds[candidate.sentence]
                        or _happening_lemma(doc, g[0].anchor) == verb
                    )
                ),
                None,
            )
        if group is None:
            group = []
            groups.append(group)
            if candidate.date and not (candidate.speech or candidate.inferred):
                by_date[candidate.date].append(group)
        group.append(candidate)
        by_anchor[candidate.anchor] = group
    return groups


def _happening_lemma(doc: EventDoc, anchor: int) -> str:
    """The verb a happening is told with: a verb's lemma, or the verb of an event noun."""
    token = doc.token(anchor)
    if token.pos in ("VERB", "AUX"):
        return token.lemma.lower()
    verb = happening_verb(token) or token.lemma.lower()
    return verb.split(" ")[0]


def _event_id(date: str, actors: list[str], fallback: str) -> str:
    key = f"{date}|{'|'.join(sorted(actors))}" if date and actors else fallback
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _to_event(doc: EventDoc, group: list[Candidate], article_key: str) -> Event:
    sentences = doc.parsed.sentences
    # a readable description first; a paragraph tells a happening better than a caption does
    main = min(
        group, key=lambda c: (bool(c.reason), sentences[c.sentence].kind != "body", c.sentence)
    )
    actors = list(dict.fromkeys(a for c in group for a in c.actors))
    evidence_sentences = sorted({c.sentence for c in group})
    evidence = [
        Evidence(i, sentences[i].start, sentences[i].end, sentences[i].text)
        for i in evidence_sentences
    ]
    fallback = f"{article_key}|{main.sentence}|{main.anchor}"
    return Event(
        event_id=_event_id(main.date, actors, fallback),
        date=main.date,
        date_end="",
        precision=main.precision,
        description=main.description,
        actors=actors,
        evidence=evidence,
        date_text=main.date_text,
        timeline=not main.reason,
        reason=main.reason,
    )


def _unique_ids(events: list[Event]) -> None:
    seen: dict[str, int] = {}
    for event in events:
        if event.event_id in seen:
            seen[event.event_id] += 1
            event.event_id = f"{event.event_id}-{seen[event.event_id]}"
        else:
            seen[event.event_id] = 0
