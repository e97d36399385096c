"""Events: clauses that tell of a happening, with a date read from the text, actors and evidence.

A date expression anchors the predicate it modifies: climbing the dependency tree from the
expression to the nearest verb or event noun ("visit", "agreement") gives the happening;
its subject, object and possessor give the actors and a short "who did what" description.
A happening told twice in one article (a caption and a paragraph) with the same date and
a shared person or organisation becomes one event with both pieces of evidence. The lead
sentence of a news story, when it gives no date, tells of the day of publication. Clauses
with actors but no date are kept as undated events: never given a made-up date.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.quotes.cues import cue_verbs
from analysis.records import DateExpr, Entity, Event, Evidence, Mention, Parsed, Quote, Token
from analysis.wordlists import DATA_DIR, word_list

TIMELINE_VALUE = re.compile(
    r"\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{4}-W\d{2}|\d{4}-Q[1-4]|\d{4}-(?:SP|SU|FA|WI)|\d{3}X"
)
STORY_KINDS = ("body", "caption")
ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
AGENT_TYPES = {"PERSON", "ORG"}
NAME_TYPES = {"PERSON", "ORG", "GPE", "FAC", "LOC"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "xcomp", "conj", "acl", "parataxis"}
MAX_CLIMB = 6
MAX_DESCRIPTION_WORDS = 14
IRREGULAR_THIRD_PERSON = {"be": "is", "have": "has", "do": "does", "go": "goes"}


@lru_cache(maxsize=1)
def event_nouns() -> dict[str, str]:
    nouns = {}
    for line in (DATA_DIR / "event_nouns.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            noun, verb = line.split("\t")
            nouns[noun] = verb
    return nouns


def timeline_value(value: str) -> str | None:
    """The date part of a TIMEX3 value that can sit on a timeline, else None."""
    value = (value or "").split("T")[0]
    return value if TIMELINE_VALUE.fullmatch(value) else None


@dataclass
class _Doc:
    """Indexes over one parsed article shared by the extraction steps."""

    parsed: Parsed
    entity_at: dict[int, str]
    entities: dict[str, Entity]
    children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    starts: list[int] = field(default_factory=list)

    def __post_init__(self):
        self.starts = [token.start for token in self.parsed.tokens]
        for token in self.parsed.tokens:
            if token.head != token.i:
                self.children[token.head].append(token.i)

    def token(self, i: int) -> Token:
        return self.parsed.tokens[i]

    def subtree(self, i: int, stop: set[int] = frozenset()) -> list[int]:
        out, todo = [], [i]
        while todo:
            current = todo.pop()
            out.append(current)
            todo += [c for c in self.children[current] if c not in stop]
        return sorted(out)

    def names_in(self, indices: list[int], types: set[str] = ACTOR_TYPES) -> list[str]:
        ids = []
        for i in indices:
            eid = self.entity_at.get(i)
            if eid and eid not in ids and self.entities[eid].type in types:
                ids.append(eid)
        return ids


def _is_predicate(token: Token) -> bool:
    return token.pos == "VERB" or (token.pos == "NOUN" and token.lemma.lower() in event_nouns())


def _anchor(doc: _Doc, date: DateExpr) -> int | None:
    """The verb or event noun the date expression modifies."""
    first = bisect_left(doc.starts, date.start)
    last = bisect_left(doc.starts, date.end)
    inside = doc.parsed.tokens[first:last]
    if not inside:
        return None
    top = next(
        (t for t in inside if not (date.start <= doc.token(t.head).start < date.end)), inside[0]
    )
    current = top
    for _ in range(MAX_CLIMB):
        if current.head == current.i:
            break
        current = doc.token(current.head)
        if _is_predicate(current):
            return current.i
    return current.i if current.pos in ("VERB", "AUX") else None


def _third_person(lemma: str) -> str:
    if lemma in IRREGULAR_THIRD_PERSON:
        return IRREGULAR_THIRD_PERSON[lemma]
    if re.search(r"(s|sh|ch|x|z|o)$", lemma):
        return lemma + "es"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    return lemma + "s"


def _phrase(doc: _Doc, head: int, max_words: int = 6) -> str:
    """A name phrase as canonical names ("Putin and Kim" -> both full names); any other
    phrase as its own words, shortened ("Relations between Pyongyang and Moscow")."""
    token = doc.token(head)
    if head in doc.entity_at or (token.pos == "PROPN" and doc.token(token.head).i == head):
        names = [doc.entities[e].name for e in doc.names_in(doc.subtree(head), NAME_TYPES)]
        if names:
            return " and ".join(names)
    if token.pos in ("NOUN", "PROPN"):
        words = [doc.token(i) for i in doc.subtree(head)]
        words = [w for w in words if w.dep not in ("det", "punct") or w.i > head]
        if len(words) <= max_words:
            return _join(doc, words)
    modifiers = [
        doc.token(c).text
        for c in doc.children[head]
        if doc.token(c).dep in ("compound", "amod", "nummod") and c < head
    ]
    return " ".join([*modifiers, token.text]) if token.pos != "PRON" else ""


def _join(doc: _Doc, tokens: list[Token]) -> str:
    """Tokens as the text spaced them, names replaced by their canonical form."""
    out, previous = [], None
    for token in tokens:
        word = _surface(doc, token)
        if word:
            gap = previous is not None and token.start > previous.end
            out.append((" " if gap else "") + word)
        previous = token
    return "".join(out).strip()


def _surface(doc: _Doc, token: Token) -> str:
    """A word, or the canonical name for the first word of a name."""
    entity = doc.entity_at.get(token.i)
    if entity is None:
        return token.text
    previous = doc.entity_at.get(token.i - 1)
    return "" if previous == entity else doc.entities[entity].name


def _subject(doc: _Doc, verb: int) -> int | None:
    """The verb's subject; a pronoun subject of a subordinate clause ("when they met")
    stands for the subject of the clause it depends on."""
    subject = next((c for c in doc.children[verb] if doc.token(c).dep in SUBJECT_DEPS), None)
    token = doc.token(verb)
    if (subject is None or doc.token(subject).pos == "PRON") and token.dep in ("advcl", "conj"):
        outer = _subject(doc, token.head) if token.head != verb else None
        if outer is not None and doc.token(outer).pos != "PRON":
            return outer
    return subject


def _describe_verb(doc: _Doc, verb: int, speaker: str | None) -> str:
    token = doc.token(verb)
    subject = _subject(doc, verb)
    who = speaker or (_phrase(doc, subject) if subject is not None else "")
    plural = " and " in who or (subject is not None and doc.token(subject).tag in ("NNS", "NNPS"))
    lemma = token.lemma.lower()
    if doc.token(subject).dep == "nsubjpass" if subject is not None else False:
        verb_text = f"is {token.text}" if not plural else f"are {token.text}"
    else:
        verb_text = lemma if plural or not who else _third_person(lemma)
    particles = [doc.token(c).text for c in doc.children[verb] if doc.token(c).dep == "prt"]
    if subject is not None and subject not in doc.subtree(verb):
        who = who or _phrase(doc, subject)
    words = [who, verb_text, *particles]
    for child in doc.children[verb]:
        dep = doc.token(child).dep
        if dep in ("dobj", "attr", "oprd"):
            words.append(_phrase(doc, child))
        elif dep in ("ccomp", "xcomp") and child > verb:
            clause = [doc.token(i) for i in doc.subtree(child)]
            words.append(_join(doc, [t for t in clause if t.pos != "PUNCT" or t.text == "'s"]))
        elif dep == "prep" and doc.token(child).text.lower() in ("to", "with", "in", "against"):
            objects = [c for c in doc.children[child] if doc.token(c).dep == "pobj"]
            names = [doc.entities[e].name for o in objects for e in doc.names_in(doc.subtree(o))]
            if names:
                words.append(f"{doc.token(child).text} {' and '.join(names)}")
    return _tidy(words)


def _describe_noun(doc: _Doc, noun: int) -> str:
    verb = event_nouns()[doc.token(noun).lemma.lower()]
    actors, targets = [], []
    for child in doc.children[noun]:
        dep, text = doc.token(child).dep, doc.token(child).text.lower()
        if dep == "poss":
            actors += doc.names_in(doc.subtree(child))
        elif dep == "prep":
            objects = [c for c in doc.children[child] if doc.token(c).dep == "pobj"]
            ids = [e for o in objects for e in doc.names_in(doc.subtree(o))]
            (actors if text == "by" else targets).extend(ids)
    who = " and ".join(doc.entities[e].name for e in actors)
    plural = len(actors) > 1
    first, *rest = verb.split(" ")
    verb_text = first if plural or not who else _third_person(first)
    target = " and ".join(doc.entities[e].name for e in targets)
    return _tidy([who, verb_text, *rest, target])


def _tidy(words: list[str]) -> str:
    text = re.sub(r"\s+", " ", " ".join(w for w in words if w)).strip()
    words = text.split(" ")
    if len(words) > MAX_DESCRIPTION_WORDS:
        text = " ".join(words[:MAX_DESCRIPTION_WORDS]) + " …"
    return text[:1].upper() + text[1:]


@dataclass
class _Candidate:
    anchor: int
    sentence: int
    date: str
    precision: str
    date_text: str
    description: str
    actors: list[str]
    speech: bool = False
    inferred: bool = False


def _speaker_of(quotes: list[Quote], doc: _Doc, verb: int) -> tuple[str | None, str | None]:
    """The resolved speaker (name, entity id) of a quote whose cue is this verb."""
    token = doc.token(verb)
    for quote in quotes:
        cued = quote.cue and token.text in quote.cue.split()
        if quote.sentence == token.sentence and cued and quote.speaker_entity_id:
            return quote.speaker, quote.speaker_entity_id
    return None, None


def _candidate(doc, quotes, anchor, date, precision, date_text, stop) -> _Candidate:
    token = doc.token(anchor)
    tokens = doc.subtree(anchor, stop)
    actors = doc.names_in(tokens)
    speech = False
    if token.pos in ("VERB", "AUX"):
        speaker, speaker_id = _speaker_of(quotes, doc, anchor)
        subject = _subject(doc, anchor)
        if subject is not None and subject not in tokens:
            actors = doc.names_in(doc.subtree(subject)) + actors
        if speaker_id:
            actors = [speaker_id, *actors]
        description = _describe_verb(doc, anchor, speaker)
        speech = token.lemma.lower() in cue_verbs()
    else:
        description = _describe_noun(doc, anchor)
    actors = list(dict.fromkeys(actors))
    return _Candidate(
        anchor, token.sentence, date, precision, date_text, description, actors, speech
    )


def _dated_candidates(doc: _Doc, dates: list[DateExpr], quotes: list[Quote]) -> list[_Candidate]:
    kinds = {s.index: s.kind for s in doc.parsed.sentences}
    anchored: list[tuple[int, DateExpr]] = []
    for date in dates:
        if date.type not in ("DATE", "TIME") or not timeline_value(date.value):
            continue
        if kinds.get(date.sentence) not in STORY_KINDS:
            continue
        anchor = _anchor(doc, date)
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
        out.append(_candidate(doc, quotes, anchor, value, date.precision, date.text, stop))
    return out


def _lead_candidate(doc, quotes, published, taken_sentences) -> _Candidate | None:
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
    candidate = _candidate(
        doc, quotes, root.i, published, "day", "publication date (news lead)", set()
    )
    candidate.inferred = True
    return candidate if candidate.actors else None


def _undated_candidates(doc, quotes, taken_sentences) -> list[_Candidate]:
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
        if _subject(doc, token.i) is None:
            continue  # "There has been ...": no one does anything
        candidate = _candidate(doc, quotes, token.i, "", "", "", set())
        if any(doc.entities[a].type in NAME_TYPES for a in candidate.actors):
            out.append(candidate)
    return out


def _merge(doc: _Doc, candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Group one article's candidates telling the same happening: the same date, a shared
    person or organisation, and neither a statement (two statements on one day are two
    events) nor a date inferred from the publication day."""
    groups: list[list[_Candidate]] = []
    for candidate in sorted(candidates, key=lambda c: (c.sentence, c.anchor)):
        agents = {a for a in candidate.actors if doc.entities[a].type in AGENT_TYPES}
        for group in groups:
            first = group[0]
            shared = agents & {a for c in group for a in c.actors}
            mergeable = not (
                candidate.speech or first.speech or candidate.inferred or first.inferred
            )
            if candidate.date and first.date == candidate.date and shared and mergeable:
                group.append(candidate)
                break
            if first.anchor == candidate.anchor:
                group.append(candidate)
                break
        else:
            groups.append([candidate])
    return groups


def _event_id(date: str, actors: list[str], fallback: str) -> str:
    key = f"{date}|{'|'.join(sorted(actors))}" if date and actors else fallback
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _to_event(doc: _Doc, group: list[_Candidate], article_key: str) -> Event:
    sentences = doc.parsed.sentences
    # a paragraph tells a happening better than a caption does
    main = min(group, key=lambda c: (sentences[c.sentence].kind != "body", c.sentence))
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
    )


def extract_events(
    parsed: Parsed,
    mentions: list[Mention],
    entities: list[Entity],
    dates: list[DateExpr],
    quotes: list[Quote],
    published: str | None,
) -> list[Event]:
    entity_at = {}
    by_start = {t.start: t.i for t in parsed.tokens}
    for mention in mentions:
        for token in parsed.tokens[by_start.get(mention.start, 0) :]:
            if token.start >= mention.end:
                break
            if token.start >= mention.start:
                entity_at[token.i] = mention.entity_id
    doc = _Doc(parsed, entity_at, {e.entity_id: e for e in entities})
    dated = _dated_candidates(doc, dates, quotes)
    taken = {c.sentence for c in dated}
    lead = _lead_candidate(doc, quotes, published, taken)
    if lead:
        dated.append(lead)
        taken.add(lead.sentence)
    candidates = dated + _undated_candidates(doc, quotes, taken)
    article_key = hashlib.sha1(parsed.text.encode("utf-8")).hexdigest()[:8]
    events = [_to_event(doc, group, article_key) for group in _merge(doc, candidates)]
    _unique_ids(events)
    return sorted(events, key=lambda e: (e.date == "", e.date, e.evidence[0].start))


def _unique_ids(events: list[Event]) -> None:
    seen: dict[str, int] = {}
    for event in events:
        if event.event_id in seen:
            seen[event.event_id] += 1
            event.event_id = f"{event.event_id}-{seen[event.event_id]}"
        else:
            seen[event.event_id] = 0
