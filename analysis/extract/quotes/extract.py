"""extract_quotes: the stages in order, from a parsed article to Quote records.

marks (quotation spans) -> cues (verbs, nouns, "according to") with their content -> direct
quotations attached to their cues -> "according to" sources -> speakers -> records. Each kind:
direct (a quotation), indirect (reported speech), according_to, and stance (a belief, an
intention, an evaluation or a finding: not speech). Everything here is linear in the text.
"""

from __future__ import annotations

import bisect

from analysis.extract.quotes import attach, content, cues, document
from analysis.extract.quotes.document import Attribution, QuoteDoc
from analysis.extract.quotes.marks import Quotation, find_quotations
from analysis.extract.quotes.speakers import resolve_speakers, subject_of, via_name
from analysis.quote_kinds import STANCE
from analysis.records import Entity, Mention, Parsed, Quote

# (token "according", last token of the phrase, head token of the source)
According = tuple[int, int, int]


def extract_quotes(parsed: Parsed, mentions: list[Mention], entities: list[Entity]) -> list[Quote]:
    """Quotes, reported speech and stances of one article, in text order."""
    if not parsed.tokens:
        return []
    doc = QuoteDoc(parsed, mentions, entities)
    quotations = find_quotations(doc.text)
    doc.qspans = [(q.start, q.end) for q in quotations]
    doc.qstarts = [q.start for q in quotations]
    attrs, according = _cue_attributions(doc)
    _attach_quotations(doc, attrs, quotations)
    attrs.extend(cues.transcript_lines(doc, attrs))
    attrs.extend(cues.signed_posts(doc))
    _according_to(doc, attrs, according)
    attrs = [a for a in attrs if a.start >= 0 and a.end > a.start]
    for a in attrs:
        content.clip_semicolons(doc, a)
    attrs = content.drop_repeated(doc, attrs)
    attrs.sort(key=lambda a: (a.start, a.end))
    resolve_speakers(doc, attrs)
    return _records(doc, attrs)


def _cue_attributions(doc: QuoteDoc) -> tuple[list[Attribution], list[According]]:
    """An attribution for every cue verb and noun (content found or still to be attached) and
    the "according to" phrases, in text order."""
    attrs: list[Attribution] = []
    according: list[According] = []
    nouns = cues.cue_nouns()
    for tok in doc.tokens:
        if doc.in_quote(tok.start):
            continue
        if (
            tok.text.lower() == "according"
            and tok.i + 1 < len(doc.tokens)
            and doc.lower(tok.i + 1) == "to"
        ):
            according.append(cues.according_phrase(doc, tok.i))
        elif tok.pos == "NOUN" and tok.lemma.lower() in nouns:
            attrs.extend(_noun_attribution(doc, tok.i, nouns[tok.lemma.lower()]))
        elif _is_cue_verb(doc, tok.i):
            attrs.extend(_verb_attributions(doc, tok.i))
    return attrs, according


def _noun_attribution(doc: QuoteDoc, n: int, kind: str) -> list[Attribution]:
    found = content.noun_cue(doc, n)
    if found is None:
        return []
    speaker, toks = found
    span = document.trim_span(doc, toks)
    if span is None:
        return []
    tok = doc.tokens[n]
    return [Attribution(n, tok.text, "indirect", speaker, *span, stance=kind == STANCE)]


def _is_cue_verb(doc: QuoteDoc, v: int) -> bool:
    tok = doc.tokens[v]
    if tok.pos not in ("VERB", "AUX") or tok.lemma.lower() not in cues.cue_verbs():
        return False
    if tok.tag == "VBN" and (document.is_passive(doc, v) or tok.dep == "acl"):
        return False  # "X was told ...", "a reported ...": the subject is not the speaker
    if tok.dep == "amod" or doc.sentence_kind(v) == "credit":
        return False  # "the so-called"
    # "citing X", "quoting X": a source in a chain, not a statement
    return not (tok.tag == "VBG" and tok.lemma.lower() in cues.SOURCE_VERBS)


def _verb_attributions(doc: QuoteDoc, v: int) -> list[Attribution]:
    """The verb's attribution, one per content fragment; without content, one that waits for a
    quotation ('"...," she said')."""
    cue = cues.cue_verbs()[doc.tokens[v].lemma.lower()]
    speaker = subject_of(doc, v)
    found = content.indirect_content(doc, v, cue.frame)
    stance = cue.kind == STANCE or (found is not None and not found.clausal)
    spans = found.spans if found else [(-1, -1)]
    via = cues.cited_sources(doc, v)
    text = cues.cue_text(doc, v)
    return [
        Attribution(v, text, "indirect", speaker, start, end, via_toks=via, stance=stance)
        for start, end in spans
    ]


def _attach_quotations(
    doc: QuoteDoc, attrs: list[Attribution], quotations: list[Quotation]
) -> None:
    """Give each quotation its attribution: the reported content it lies in (widened to hold
    it), else its cue, else the attribution it continues."""
    owner: dict[int, Attribution] = {}
    with_content = [a for a in attrs if a.start >= 0]
    for qi, q in enumerate(quotations):
        best = _widest_overlap(doc, with_content, q)
        if best is not None:
            best.start, best.end = min(best.start, q.start), max(best.end, q.end)
            owner[qi] = best
    for qi, q in enumerate(quotations):
        if qi not in owner:
            a = attach.cue_for_quotation(doc, attrs, q.start, q.end)
            if a is not None:
                a.start, a.end, a.kind, a.stance, a.quotation = q.start, q.end, "direct", False, qi
                owner[qi] = a
    for qi, q in enumerate(quotations):
        if qi in owner:
            continue
        # '"A," she said. "B."' and '"A," she said, "B."': B is a segment of the same quote
        a = attach.continued_attribution(doc, attrs, q.start, q.end)
        if a is not None:
            owner[qi] = attach.segment_of(a, q.start, q.end, attrs, qi)
            continue
        a = cues.dash_signed(doc, q.start, q.end)
        if a is not None:
            a.quotation = qi
            attrs.append(a)
            owner[qi] = a
            continue
        prev = attach.floating_continuation(doc, attrs, q.start, q.end)
        if prev is not None:  # a paragraph that is only a quotation: the speaker goes on
            owner[qi] = attach.segment_of(prev, q.start, q.end, attrs, qi)
    attach.share_along_paragraphs(quotations, owner, attrs)


def _widest_overlap(doc: QuoteDoc, attrs: list[Attribution], q: Quotation) -> Attribution | None:
    best, best_overlap = None, 0
    for a in attrs:
        if a.end <= q.start or a.start >= q.end or q.start <= doc.tokens[a.cue].start < q.end:
            continue
        overlap = min(a.end, q.end) - max(a.start, q.start)
        if overlap > best_overlap:
            best, best_overlap = a, overlap
    return best


def _according_to(doc: QuoteDoc, attrs: list[Attribution], according: list[According]) -> None:
    """'according to X': a source chain when the sentence has its own speaker, else X is the
    speaker of the sentence around the phrase (in fragments when the phrase interrupts it)."""
    for acc, phrase_end, src in according:
        sent = doc.tokens[acc].sentence
        same = [
            a
            for a in attrs
            if a.start >= 0
            and a.cue >= 0
            and a.speaker_tok >= 0
            and doc.tokens[a.cue].sentence == sent
        ]
        chain = [src, *cues.cited_sources(doc, acc)] if src >= 0 else []
        if same:
            for a in same:
                a.via_toks = [*chain, *a.via_toks]
            continue
        at = doc.tokens[acc].start
        if src < 0 or any(a.start >= 0 and a.start <= at < a.end for a in attrs):
            continue
        first, last = document.sentence_first(doc, sent), document.sentence_last(doc, sent)
        toks = [i for i in range(first, last + 1) if not acc <= i <= phrase_end]
        via = cues.cited_sources(doc, acc)
        for start, end in content.fragments(doc, toks):
            attrs.append(
                Attribution(acc, "according to", "according_to", src, start, end, via_toks=via)
            )


def _records(doc: QuoteDoc, attrs: list[Attribution]) -> list[Quote]:
    quote_starts = set(doc.qstarts)
    quotes = []
    for a in attrs:
        if not content.has_content(doc, a, doc.qspans):
            continue
        if not a.speaker and a.kind != "direct" and a.start not in quote_starts:
            continue  # reported content nobody can be named for
        kind = a.kind
        if kind == "indirect" and a.start in quote_starts:
            kind = "direct"
        if a.stance and kind != "direct" or cues.is_data_source(doc, a.speaker_tok):
            kind = STANCE
        quotes.append(
            Quote(
                quote_id=f"q{len(quotes) + 1}",
                speaker=a.speaker,
                speaker_entity_id=a.entity_id,
                speaker_type=a.speaker_type,
                cue=a.cue_text,
                quote=doc.text[a.start : a.end],
                kind=kind,
                start=a.start,
                end=a.end,
                sentence=doc.tokens[doc.token_at(a.start)].sentence,
                via=_via(doc, a),
                mentioned=_mentioned(doc, a),
            )
        )
    return quotes


def _via(doc: QuoteDoc, a: Attribution) -> list[str]:
    via: list[str] = []
    for v in a.via_toks:
        name = via_name(doc, v)
        if name and name not in via and name != a.speaker:
            via.append(name)
    return via


def _mentioned(doc: QuoteDoc, a: Attribution) -> list[str]:
    out: list[str] = []
    k = bisect.bisect_left(doc.mention_starts, a.start)
    while k < len(doc.mentions) and doc.mentions[k].start < a.end:
        m = doc.mentions[k]
        if m.end <= a.end and m.entity_id and m.entity_id not in (a.entity_id, *out):
            out.append(m.entity_id)
        k += 1
    return out
