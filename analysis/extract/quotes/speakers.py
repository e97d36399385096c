"""Stage 5 of quote extraction: speakers and their resolution to canonical entities.

A speaker is, in order:
- a name mention: its canonical entity;
- "he" / "she": the most recent person of that gender who was a subject or a speaker in the
  story's body (never in a headline, caption or credit). A person's gender comes from a
  title ("Mr", "Ms") or a first name (gender-guesser's name dictionary), else from the first
  pronoun that resolved to them;
- "it": the most recent organisation that was a subject or a speaker;
- a description with a name in apposition ("a spokesman, John Doe, said");
- a definite description ("the company", "the 26-year-old defenceman", "the minister"):
  the organisation or the person the article named before it (analysis/data/speaker_nouns.tsv
  says which nouns stand for organisations), preferring one whose name or title holds the
  noun; unless the article introduced an unnamed one before ("a man ... the man said");
- an indefinite description followed by a named person whose title says they are one
  ("A lawmaker claimed ... Rep Jane Doe said ...");
- a relative pronoun ("Smith, who said ..."): what it refers to.
Otherwise the speaker is the phrase as worded ("sources", "a senior official").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.extract.names import gender_of_first_name
from analysis.extract.quotes.document import SUBJECT_DEPS, Attribution, QuoteDoc
from analysis.extract.wordlists import DATA_DIR
from analysis.records import Entity, Mention

INHERIT_DEPS = ("conj", "advcl", "xcomp", "acl", "pcomp")
MALE_PRONOUNS = {"he", "him", "his"}
FEMALE_PRONOUNS = {"she", "her"}
RELATIVE = {"who", "which", "that", "whom"}
MALE_TITLES = {"mr", "mr.", "sir", "lord", "king", "prince", "father"}
FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady", "queen", "princess", "dame"}
SPEAKER_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
INTRO_DETERMINERS = {"a", "an", "one", "another"}
STORY_KINDS = {"body"}  # where people become the antecedents of pronouns
PRONOUN_SENTENCES = 8  # how far back a pronoun looks for its person
LOOK_BACK_PARAGRAPHS = 3  # how far a description or "it" looks for what it stands for


@dataclass(frozen=True, slots=True)
class SpeakerNoun:
    stands_for: str  # org / person / document
    titles: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def speaker_nouns() -> dict[str, SpeakerNoun]:
    nouns = {}
    for line in (DATA_DIR / "speaker_nouns.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        noun, stands_for, *titles = line.split("\t")
        words = titles[0].split(",") if titles else []
        nouns[noun] = SpeakerNoun(stands_for, frozenset(w.lower() for w in words))
    return nouns


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


@dataclass
class _Salience:
    """Who the story has been about so far: people and organisations that were subjects or
    speakers in its body, in text order, and what is known of each person's gender."""

    people: list[tuple[int, str]] = field(default_factory=list)  # (char position, entity id)
    organisations: list[tuple[int, str]] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)
    by_pronoun: list[tuple[int, str, str]] = field(default_factory=list)  # resolved he / she

    def add(self, position: int, entity: Entity) -> None:
        group = self.people if entity.type == "PERSON" else self.organisations
        if entity.type in ("PERSON", "ORG"):
            bisect.insort(group, (position, entity.entity_id))

    def before(self, group: list[tuple[int, str]], position: int) -> list[str]:
        """Entity ids of the group before `position`, the most recent first."""
        k = bisect.bisect_left(group, (position, ""))
        return [eid for _, eid in reversed(group[max(0, k - 60) : k])]


def _salience(doc: QuoteDoc) -> _Salience:
    seen = _Salience()
    for t in doc.tokens:
        if t.dep not in (*SUBJECT_DEPS, "ROOT") or doc.sentence_kind(t.i) not in STORY_KINDS:
            continue
        m, e = doc.entity_of(t.i)
        if e is None:
            continue
        seen.add(t.start, e)
        if e.type == "PERSON" and e.entity_id not in seen.gender:
            seen.gender[e.entity_id] = _gender_of(doc, m, e)
    seen.gender = {eid: g for eid, g in seen.gender.items() if g}
    return seen


def _gender_of(doc: QuoteDoc, m: Mention, e: Entity) -> str:
    k = doc.token_at(m.start)
    for w in (doc.lower(k), doc.lower(k - 1) if k > 0 else ""):
        if w in MALE_TITLES:
            return "he"
        if w in FEMALE_TITLES:
            return "she"
    words = e.name.split()
    return gender_of_first_name(words[0]) if len(words) > 1 else ""


def resolve_speakers(doc: QuoteDoc, attrs: list[Attribution]) -> None:
    """Resolve every attribution's speaker, in text order (pronouns look back)."""
    seen = _salience(doc)
    groups: list[tuple[int, tuple[str, str, str]]] = []  # speakers "they" may stand for
    order = sorted(attrs, key=lambda a: doc.tokens[a.cue].start if a.cue >= 0 else a.start)
    for a in order:
        if a.entity_id:  # named by its cue already (a transcript line)
            name, eid, etype = a.speaker, a.entity_id, a.speaker_type
        elif a.speaker_tok >= 0 and doc.lower(a.speaker_tok) == "they":
            name, eid, etype = _group_before(doc, a.speaker_tok, groups)
        else:
            name, eid, etype = _speaker(doc, a.speaker_tok, seen)
        a.speaker, a.entity_id, a.speaker_type = name, eid, etype
        if a.speaker_tok >= 0 and (etype == "ORG" or doc.tokens[a.speaker_tok].tag == "NNS"):
            groups.append((doc.tokens[a.speaker_tok].start, (name, eid, etype)))
        if eid and a.speaker_tok >= 0 and doc.sentence_kind(a.speaker_tok) in STORY_KINDS:
            entity = doc.entities.get(eid)
            if entity is not None:
                seen.add(doc.tokens[a.speaker_tok].start, entity)
    _introduced_names(doc, attrs)


def _group_before(
    doc: QuoteDoc, i: int, groups: list[tuple[int, tuple[str, str, str]]]
) -> tuple[str, str, str]:
    """'Officials said ... They said ...': the latest organisation or group that spoke within
    the last paragraphs, else 'they' as worded."""
    here = doc.paragraph(doc.tokens[i].start)
    for position, speaker in reversed(groups):
        if here - doc.paragraph(position) <= 1:
            return speaker
    return doc.tokens[i].text, "", ""


def _speaker(doc: QuoteDoc, i: int, seen: _Salience) -> tuple[str, str, str]:
    if i < 0:
        return "", "", ""
    tok = doc.tokens[i]
    low = tok.text.lower()
    if low in RELATIVE and tok.dep in SUBJECT_DEPS:
        verb = tok.head
        if doc.tokens[verb].dep == "relcl" and doc.tokens[verb].head != verb:
            return _speaker(doc, doc.tokens[verb].head, seen)
        return tok.text, "", ""
    m, e = doc.entity_of(i)
    if e is not None and e.type in SPEAKER_TYPES:
        return e.name, e.entity_id, e.type
    if m is not None and e is None and m.type in SPEAKER_TYPES:
        return m.text, m.entity_id, m.type
    found = None
    if tok.pos == "PRON":
        found = _pronoun(doc, i, seen)
    elif tok.pos in ("NOUN", "PROPN"):
        found = _apposition(doc, i) or _definite_description(doc, i, seen)
    if found is not None:
        return found.name, found.entity_id, found.type
    return _phrase(doc, i), "", ""


def _pronoun(doc: QuoteDoc, i: int, seen: _Salience) -> Entity | None:
    low = doc.lower(i)
    position = doc.tokens[i].start
    if low in ("it", "its"):
        return _recent(doc, seen.before(seen.organisations, position), position)
    if low not in MALE_PRONOUNS | FEMALE_PRONOUNS:
        return None
    want = "he" if low in MALE_PRONOUNS else "she"
    for eid in _people_before(doc, i, seen):
        if seen.gender.get(eid, want) == want and eid in doc.entities:
            seen.gender.setdefault(eid, want)
            seen.by_pronoun.append((position, eid, want))
            return doc.entities[eid]
    # a long run of "she said" paragraphs: the person the last such pronoun stood for
    for _, eid, gender in reversed(seen.by_pronoun):
        if gender == want:
            return doc.entities.get(eid)
    return None


def _people_before(doc: QuoteDoc, i: int, seen: _Salience) -> list[str]:
    """People named in the story before token i, the most recent first: subjects and speakers
    first, then other mentions. Names inside quotations are not antecedents of the speaker's
    pronoun."""
    here = doc.tokens[i].sentence
    position = doc.tokens[i].start
    prominent = sorted(p for p, _ in seen.people)
    first = doc.sentences[max(0, here - PRONOUN_SENTENCES)].start
    by_sentence: dict[int, list[tuple[bool, int, str]]] = {}
    for m in doc.mentions[bisect.bisect_left(doc.mention_starts, first) :]:
        if m.start >= position:
            break
        e = doc.entities.get(m.entity_id)
        k = doc.token_at(m.start)
        if e is None or e.type != "PERSON" or doc.in_quote(m.start):
            continue
        if doc.sentence_kind(k) not in STORY_KINDS:
            continue
        p = bisect.bisect_left(prominent, m.start)
        is_prominent = p < len(prominent) and prominent[p] < m.end
        by_sentence.setdefault(doc.tokens[k].sentence, []).append(
            (is_prominent, m.start, e.entity_id)
        )
    ordered: list[str] = []
    for wanted in (True, False):  # subjects and speakers before any other mention
        for sentence in sorted(by_sentence, reverse=True):
            for is_prominent, _, eid in sorted(by_sentence[sentence], reverse=True):
                if is_prominent == wanted and eid not in ordered:
                    ordered.append(eid)
    return ordered


def _recent(doc: QuoteDoc, ids: list[str], position: int) -> Entity | None:
    """The first of `ids` (most recent first) named within the last few paragraphs."""
    here = doc.paragraph(position)
    for eid in ids:
        paragraphs = _paragraphs_naming(doc).get(eid, ())
        if eid in doc.entities and any(
            here - LOOK_BACK_PARAGRAPHS <= p <= here for p in paragraphs
        ):
            return doc.entities[eid]
    return None


def _paragraphs_naming(doc: QuoteDoc) -> dict[str, set[int]]:
    """Entity id -> the paragraphs that name it (computed once per article)."""
    if doc.paragraphs_naming is None:
        doc.paragraphs_naming = {}
        for m in doc.mentions:
            doc.paragraphs_naming.setdefault(m.entity_id, set()).add(doc.paragraph(m.start))
    return doc.paragraphs_naming


def _apposition(doc: QuoteDoc, i: int) -> Entity | None:
    """'a spokesman, John Doe, said'"""
    for c in doc.children[i]:
        if doc.tokens[c].dep == "appos":
            _, ce = doc.entity_of(c)
            if ce is not None and ce.type in SPEAKER_TYPES:
                return ce
    return None


def _definite_description(doc: QuoteDoc, i: int, seen: _Salience) -> Entity | None:
    """'the company said', 'the 26-year-old defenceman said': what the article named before."""
    tok = doc.tokens[i]
    dets = [c for c in doc.children[i] if doc.tokens[c].dep == "det" and c < i]
    if tok.pos != "NOUN" or tok.tag != "NN" or not dets or doc.lower(dets[0]) != "the":
        return None
    head = tok.lemma.lower()
    noun = speaker_nouns().get(head)
    if noun is not None and noun.stands_for == "document" or _introduced_unnamed(doc, i, head):
        return None
    position = tok.start
    if noun is not None and noun.stands_for == "org":
        ids = seen.before(seen.organisations, position)
    else:
        ids = seen.before(seen.people, position)
    # one whose name or title holds the noun ("the union": "Paramedics Union"), else the
    # latest, unless the noun is an office with titles ("the judge": only a Judge or Justice)
    if noun is not None and noun.titles:  # anyone named with the title, subject or not
        named = [m.entity_id for m in reversed(doc.mentions) if m.start < position]
        holding = [eid for eid in dict.fromkeys(named) if _named_as(doc, eid, head, position)]
        return _recent(doc, holding, position)
    holding = [eid for eid in ids if _named_as(doc, eid, head, position)]
    return _recent(doc, holding, position) or _recent(doc, ids, position)


def _introduced_unnamed(doc: QuoteDoc, i: int, head: str) -> bool:
    """'A man ... The man said': the article introduced an unnamed one before."""
    if doc.introduced is None:  # noun -> where "a/an/one/another <noun>" first stands
        doc.introduced = {}
        for t in doc.tokens:
            if t.pos == "NOUN" and t.lemma.lower() not in doc.introduced:
                dets = [c for c in doc.children[t.i] if doc.tokens[c].dep == "det"]
                if dets and doc.lower(dets[0]) in INTRO_DETERMINERS:
                    doc.introduced[t.lemma.lower()] = t.i
    return doc.introduced.get(head, len(doc.tokens)) < doc.left[i]


def _named_as(doc: QuoteDoc, eid: str, noun: str, before: int) -> bool:
    """Is the entity's name, or a title right before one of its mentions, the noun?"""
    entity = doc.entities.get(eid)
    if entity is None:
        return False
    if noun in entity.name.lower().split():
        return True
    titles = {noun, *speaker_nouns().get(noun, SpeakerNoun("person")).titles}
    return any(start < before and words & titles for start, words in _titles(doc).get(eid, ()))


def _titles(doc: QuoteDoc) -> dict[str, list[tuple[int, set[str]]]]:
    """Entity id -> (position, title words) of each mention with a title before it."""
    if doc.titles is None:
        doc.titles = {}
        for m in doc.mentions:
            words = _title_before(doc, m)
            if words and m.entity_id:
                doc.titles.setdefault(m.entity_id, []).append((m.start, words))
    return doc.titles


def _title_before(doc: QuoteDoc, m: Mention) -> set[str]:
    """Lowercase words of the title right before a mention ('Foreign Minister' Jane Doe)."""
    k = doc.token_at(m.start) - 1
    words = set()
    while k >= 0 and doc.tokens[k].text[:1].isupper() and doc.tokens[k].pos in ("PROPN", "NOUN"):
        words.add(doc.lower(k).rstrip("."))
        k -= 1
    return words


def _phrase(doc: QuoteDoc, i: int) -> str:
    """The speaker phrase as worded: determiners, modifiers, head and short prepositional tails."""
    lo = hi = i
    for c in doc.children[i]:
        t = doc.tokens[c]
        left = c < i and t.dep in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod")
        right = c > i and t.dep in ("prep", "amod") and not _crosses_punct(doc, i, doc.right[c])
        if left or right:
            lo, hi = min(lo, doc.left[c]), max(hi, doc.right[c])
    return doc.text[doc.tokens[lo].start : doc.tokens[hi].end]


def _crosses_punct(doc: QuoteDoc, a: int, b: int) -> bool:
    return b - a > 12 or any(doc.tokens[k].pos == "PUNCT" for k in range(a + 1, b + 1))


def _introduced_names(doc: QuoteDoc, attrs: list[Attribution]) -> None:
    """'A South Korean lawmaker claimed ... Rep Kang Dae-sik said ...': an unnamed singular
    description as speaker, followed within two sentences by a named person speaking for the
    first time whose title says they are one, is that person. ('A spokesman said ... Angela
    Merkel said ...' stays two speakers.)"""
    for a in attrs:
        if a.entity_id or a.speaker_tok < 0:
            continue
        tok = doc.tokens[a.speaker_tok]
        if tok.pos != "NOUN" or tok.tag not in ("NN",):
            continue
        dets = [c for c in doc.children[tok.i] if doc.tokens[c].dep == "det"]
        if not dets or doc.lower(dets[0]) not in INTRO_DETERMINERS:
            continue
        for b in attrs:
            if b is a or b.speaker_tok < 0 or not b.entity_id or b.speaker_type != "PERSON":
                continue
            bt = doc.tokens[b.speaker_tok]
            if not tok.sentence < bt.sentence <= tok.sentence + 2:
                continue
            if any(m.entity_id == b.entity_id and m.start < tok.start for m in doc.mentions):
                continue  # named before: not the one introduced
            if _named_as(doc, b.entity_id, tok.lemma.lower(), bt.end + 1):
                a.speaker, a.entity_id, a.speaker_type = b.speaker, b.entity_id, b.speaker_type
                break


def via_name(doc: QuoteDoc, i: int) -> str:
    m, e = doc.entity_of(i)
    if e is not None:
        return e.name
    if m is not None:
        return m.text
    return _phrase(doc, i)
