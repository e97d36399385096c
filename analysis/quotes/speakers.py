"""Stage 5 of quote extraction: speakers and their resolution to canonical entities.

A name mention, a pronoun (the most recent person of that gender who was a subject or a
speaker before it), a description with a name in apposition ("a spokesman, John Doe, said"),
a bare description followed by the named person ("A lawmaker claimed ... Rep Jane Doe said
..."), a relative pronoun ("Smith, who said ..."). Otherwise the speaker is the phrase as
worded ("sources", "a senior official").
"""

from __future__ import annotations

import bisect

from analysis.quotes.document import SUBJECT_DEPS, Attribution, QuoteDoc, subtree
from analysis.records import Mention

INHERIT_DEPS = ("conj", "advcl", "xcomp", "acl", "pcomp")

PERSONAL = {"he", "she", "him", "her", "his"}

PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "us", "me"}

RELATIVE = {"who", "which", "that", "whom"}

MALE_TITLES = {"mr", "mr.", "sir", "lord", "king", "prince", "father"}

FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady", "queen", "princess", "dame"}

SPEAKER_TYPES = {"PERSON", "ORG", "GPE", "NORP"}

INTRO_DETERMINERS = {"a", "an", "one", "another"}


def subject_of(doc: QuoteDoc, v: int, depth: int = 0) -> int:
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
            return subject_of(doc, h, depth + 1)
    return -1


def _gender_of_mention(doc: QuoteDoc, m: Mention) -> str:
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


def resolve_speakers(doc: QuoteDoc, attrs: list[Attribution]) -> None:
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
    doc: QuoteDoc,
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


def _phrase(doc: QuoteDoc, i: int) -> str:
    """The speaker phrase as worded: determiners, modifiers, head and short prepositional tails."""
    keep = [i]
    for c in doc.children[i]:
        t = doc.tokens[c]
        left = c < i and t.dep in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod")
        right = c > i and t.dep in ("prep", "amod") and not _crosses_punct(doc, i, doc.right[c])
        if left or right:
            keep.extend(subtree(doc, c))
    keep = sorted(set(keep))
    lo, hi = keep[0], keep[-1]
    return doc.text[doc.tokens[lo].start : doc.tokens[hi].end]


def _crosses_punct(doc: QuoteDoc, a: int, b: int) -> bool:
    return any(doc.tokens[k].pos == "PUNCT" for k in range(a + 1, b + 1))


def _introduced_names(doc: QuoteDoc, attrs: list[Attribution]) -> None:
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


def via_name(doc: QuoteDoc, i: int) -> str:
    m, e = doc.entity_of(i)
    if e is not None:
        return e.name
    if m is not None:
        return m.text
    return _phrase(doc, i)
