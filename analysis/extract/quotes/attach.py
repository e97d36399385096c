"""Stage 4 of quote extraction: quotations that no clause governs, attached to their cue.

'"...," she said' and 'he said: "..."' (the cue of the sentence or of the colon before it),
'"A," she said. "B."' (the second segment continues the attribution of the first) and a
paragraph that is nothing but a quotation right after an attributed one (the same speaker
goes on). Each quoted segment is its own quote with the same cue and speaker.
"""

from __future__ import annotations

from analysis.extract.quotes.cues import ADDRESSEE_VERBS
from analysis.extract.quotes.document import (
    SUBJECT_DEPS,
    Attribution,
    QuoteDoc,
    is_quote_token,
    subtree,
)
from analysis.extract.quotes.marks import Quotation

FLOATING_MIN_WORDS = 2


def cue_for_quotation(
    doc: QuoteDoc, attrs: list[Attribution], qs: int, qe: int
) -> Attribution | None:
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


def continued_attribution(
    doc: QuoteDoc, attrs: list[Attribution], qs: int, qe: int
) -> Attribution | None:
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
        if only_attribution(doc, a.cue, gap_start, gap_end):
            best, best_gap = a, gap
    return best


def only_attribution(doc: QuoteDoc, v: int, start: int, end: int) -> bool:
    """Is text[start:end] nothing but the attribution of cue v: its speaker (with any
    description, relative clauses included) and its modifiers ('on Saturday at the gala dinner,
    where ...'), but no other clause ('..., suggesting a few questions, ...')?"""
    first, last = doc.token_at(start), doc.token_at(max(end - 1, start))
    allowed: set[int] = {v}
    for c in doc.children[v]:
        dep = doc.tokens[c].dep
        if dep in SUBJECT_DEPS or dep in ("prep", "npadvmod", "advmod", "agent", "punct", "dative"):
            allowed.update(subtree(doc, c))
        if dep == "dobj" and doc.tokens[v].lemma.lower() in ADDRESSEE_VERBS:
            allowed.update(subtree(doc, c))
    for k in range(first, last + 1):
        t = doc.tokens[k]
        if not start <= t.start < end or k in allowed or t.pos in ("PUNCT", "SPACE"):
            continue
        if is_quote_token(t):
            continue
        return False
    return True


def floating_continuation(
    doc: QuoteDoc, attrs: list[Attribution], qs: int, qe: int
) -> Attribution | None:
    """A paragraph that is nothing but a quotation, right after a paragraph where someone
    speaks: the last speaker of that paragraph goes on."""
    p = doc.paragraph(qs)
    if p < 1 or doc.text[qs] in "‘’'" or len(doc.text[qs:qe].split()) < FLOATING_MIN_WORDS:
        return None
    ps, pe = doc.paragraph_spans[p]
    if qs != ps or qe < pe - 1:
        return None
    before = [
        a
        for a in attrs
        if a.start >= 0 and a.speaker_tok >= 0 and not a.stance
        if doc.paragraph(a.start) == p - 1
        or a.cue >= 0
        and doc.paragraph(doc.tokens[a.cue].start) == p - 1
    ]
    return max(before, key=lambda a: a.end, default=None)


def _in_paragraph(doc: QuoteDoc, a: Attribution, p: int) -> bool:
    cue_at = doc.tokens[a.cue].start if a.cue >= 0 else a.start
    return p in (doc.paragraph(a.start), doc.paragraph(cue_at))


def share_along_paragraphs(
    quotations: list[Quotation], owner: dict[int, Attribution], attrs: list[Attribution]
) -> None:
    """A quotation that runs over paragraphs has one speaker: pieces without an attribution
    take the attribution of the piece before or after them."""
    for qi in range(1, len(quotations)):
        if quotations[qi].continues and qi - 1 in owner and qi not in owner:
            q = quotations[qi]
            owner[qi] = segment_of(owner[qi - 1], q.start, q.end, attrs, qi)
    for qi in range(len(quotations) - 1, 0, -1):
        if quotations[qi].continues and qi in owner and qi - 1 not in owner:
            q = quotations[qi - 1]
            owner[qi - 1] = segment_of(owner[qi], q.start, q.end, attrs, qi - 1)


def segment_of(
    a: Attribution, start: int, end: int, attrs: list[Attribution], quotation: int
) -> Attribution:
    """Another quoted segment of the same attribution: its own span, the same cue and speaker."""
    segment = Attribution(a.cue, a.cue_text, "direct", a.speaker_tok, start, end)
    segment.via_toks = list(a.via_toks)
    segment.quotation = quotation
    attrs.append(segment)
    return segment
