"""Events: clauses that tell of a happening, with a date read from the text, actors and evidence.

A date expression anchors the predicate it modifies: climbing the dependency tree from the
expression to the nearest verb or event noun ("visit", "agreement") gives the happening;
its subject, object and possessor give the actors and a short "who did what" description.
A happening told twice in one article (a caption and a paragraph) with the same date and
a shared person or organisation becomes one event with both pieces of evidence. The lead
sentence of a news story, when it gives no date, tells of the day of publication; so does a
clause of the story in the present tense ("officials say", "the company is negotiating"); a
statement in the past tense without a date of its own ("he said") was made on the story's
reporting day, the day of the latest dated statement before it ("Adams said Sunday").
Clauses with actors but no date are kept as undated events: never given a made-up date.

A date that is a baseline or a comparison ("below 2005 levels", "compared with 2010", "since
2015") or that modifies a noun ("the 1987 treaty", "Friday's trading volume") dates no clause:
only the happening that noun names, if it names one ("last year's election").

Every event says whether it is readable on the timeline: a "who did what" description needs a
named subject, a verb and, for a statement, what was said (`readability`). The others stay in
the tables with the reason they are left off the timeline.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.extract.quotes.cues import cue_verbs
from analysis.extract.wordlists import DATA_DIR, word_list
from analysis.records import DateExpr, Entity, Event, Evidence, Mention, Parsed, Quote, Token

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
AUX_DEPS = ("aux", "auxpass")
PRESENT_TAGS = {"VBZ", "VBP"}
CONDITIONAL_MARKS = {"if", "unless", "whether", "lest"}
NOUN_PHRASE_POS = {"ADJ", "NOUN", "PROPN", "NUM", "PART", "PUNCT", "ADV"}
NOUN_MODIFIER_DEPS = {"compound", "nmod", "amod", "nummod", "poss", "npadvmod"}
BASELINE_WINDOW = 60  # characters before a date searched for a baseline cue
MAX_PREPOSITIONAL_WORDS = 5
PREMODIFIER_DEPS = {"compound", "amod", "nummod", "det", "poss", "quantmod", "nmod"}
RELATIVE_PRONOUNS = {"which", "who", "that", "whom"}
EDGE_PUNCTUATION = " ,;:—–-"
PLURAL_PRONOUNS = {"we", "they", "you", "these", "those", "both"}
REFLEXIVE_PRONOUNS = {"itself", "himself", "herself", "themselves", "ourselves", "myself"}
# what a statement "said" when it is only one of these, it said nothing one can read
OBJECT_PRONOUNS = {"it", "him", "her", "them", "us", "me", "you", "this", "that", "so"}
OBJECT_PRONOUNS |= REFLEXIVE_PRONOUNS
IRREGULAR_THIRD_PERSON = {"be": "is", "have": "has", "do": "does", "go": "goes"}


@lru_cache(maxsize=1)
def event_nouns() -> dict[str, str]:
    """The nouns of news happenings a date is read onto when it follows them ("the visit in
    May"), with the verb a description uses: the hand list."""
    return _noun_table("event_nouns.txt")


@lru_cache(maxsize=1)
def happening_nouns() -> dict[str, str]:
    """Every noun that names a happening (WordNet's acts, events and processes, the hand list
    first), with its verb or "": a date inside its noun phrase dates it ("the 1959 embargo",
    "last year's decline")."""
    return (
        _noun_table("event_nouns_wordnet.tsv") | _noun_table("happening_nouns.txt") | event_nouns()
    )


def _noun_table(name: str) -> dict[str, str]:
    nouns = {}
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
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
    """The verb or event noun the date expression modifies; None when the date is a baseline
    or comparison, or modifies a noun that names no happening ("the 1987 treaty")."""
    first = bisect_left(doc.starts, date.start)
    last = bisect_left(doc.starts, date.end)
    inside = doc.parsed.tokens[first:last]
    if not inside:
        return None
    top = next(
        (t for t in inside if not (date.start <= doc.token(t.head).start < date.end)), inside[0]
    )
    if _is_baseline(doc, date):
        return None
    head = doc.token(top.head)
    if top.dep in NOUN_MODIFIER_DEPS and _premodifies(doc, last, head):
        # a date inside a noun phrase dates what the noun names, not the clause around it
        return head.i if _names_happening(head) else None
    current = top
    for _ in range(MAX_CLIMB):
        if current.head == current.i:
            break
        current = doc.token(current.head)
        if _is_predicate(current):
            return current.i
    return current.i if current.pos in ("VERB", "AUX") else None


def _premodifies(doc: _Doc, after_date: int, noun: Token) -> bool:
    """The date stands before this noun inside its noun phrase: only adjectives and nouns
    between ("the 1987 treaty", "year-earlier net income", "Friday's trading volume"), not
    a verb ("took effect Aug. 9 pending ratification": a parse that hangs the date there)."""
    if noun.pos not in ("NOUN", "PROPN") or noun.i < after_date:
        return False
    between = doc.parsed.tokens[after_date : noun.i]
    return all(t.pos in NOUN_PHRASE_POS for t in between)


@lru_cache(maxsize=1)
def _baseline_before() -> re.Pattern:
    """Text ending right before a date that makes it a baseline (data/date_baseline_cues.txt),
    or "from" and an amount ("up 5% from $9.5 million a year earlier")."""
    cues = sorted(word_list("date_baseline_cues.txt"), key=len, reverse=True)
    words = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues)
    return re.compile(
        rf"(?:\b(?:{words})|\bfrom\s+(?:\S+\s+){{0,3}}?\S*\d\S*{FROM_AMOUNT_WORDS})"
        r"(?:\s+(?:the|a|an|its|their|his|her|our|in|on|of|at|during))*\s+$",
        re.IGNORECASE,
    )


# up to three words after the amount ("from 12 cents a share"), none a range's "to" or "and"
FROM_AMOUNT_WORDS = r"(?:\s+(?!(?:to|through|until|till|and|or)\b)[a-z]+){0,3}"


def _is_baseline(doc: _Doc, date: DateExpr) -> bool:
    sentence = doc.parsed.sentences[date.sentence]
    before = doc.parsed.text[max(sentence.start, date.start - BASELINE_WINDOW) : date.start]
    return bool(_baseline_before().search(before))


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
    phrase as its own words ("Relations between Pyongyang and Moscow"), or when longer than
    `max_words` its head with the words before it ("A dozen individuals")."""
    token = doc.token(head)
    names = _coordinated_names(doc, head)
    if names:
        return " and ".join(names)
    if token.pos in ("NOUN", "PROPN", "NUM", "ADJ"):  # "dependent on Quebec voters"
        words = [doc.token(i) for i in doc.subtree(head)]
        if len(words) <= max_words:
            return _join(doc, [w for w in words if not _dropped(w)])
    if token.pos == "PRON":
        return token.text
    before = [
        doc.token(i)
        for c in doc.children[head]
        if c < head and doc.token(c).dep in PREMODIFIER_DEPS
        for i in doc.subtree(c)
    ]
    return _join(doc, [t for t in before if not _dropped(t)] + [token])


def _coordinated_names(doc: _Doc, head: int) -> list[str]:
    return [doc.entities[e].name for e in _coordinated(doc, head)]


def _coordinated(doc: _Doc, head: int, types: set[str] = NAME_TYPES) -> list[str]:
    """Entity ids of a name and the names coordinated with it ("Putin and Kim"), when each
    of them is a name; else []. Names inside its modifiers ("Scheer of Canada", "Harris
    from Milwaukee") are not coordinated with it."""
    heads, todo = [], [head]
    while todo:
        current = todo.pop()
        heads.append(current)
        todo += [c for c in doc.children[current] if doc.token(c).dep == "conj"]
    ids = []
    for current in sorted(heads):
        entity = doc.entity_at.get(current)
        if entity is None or doc.entities[entity].type not in types:
            return []
        ids.append(entity)
    return list(dict.fromkeys(ids))


def _dropped(token: Token) -> bool:
    """Words a headline-style description leaves out: "the"."""
    return token.dep == "det" and token.text.lower() == "the"


def _join(doc: _Doc, tokens: list[Token]) -> str:
    """Tokens as the text spaced them, names replaced by their canonical form, without
    punctuation at either end ("some grooming —")."""
    out, previous = [], None
    for token in tokens:
        word = _surface(doc, token)
        if word:
            gap = previous is not None and token.start > previous.end
            out.append((" " if gap else "") + word)
        previous = token
    return "".join(out).strip(EDGE_PUNCTUATION)


def _surface(doc: _Doc, token: Token) -> str:
    """A word, or the canonical name for the first word of a name."""
    entity = doc.entity_at.get(token.i)
    if entity is None:
        return token.text
    previous = doc.entity_at.get(token.i - 1)
    return "" if previous == entity else doc.entities[entity].name


def _subject(doc: _Doc, verb: int) -> int | None:
    """The verb's subject; a pronoun subject of a subordinate clause ("when they met")
    stands for the subject of the clause it depends on, a relative pronoun ("the bank,
    which has six offices") for the noun the clause is about."""
    subject = next((c for c in doc.children[verb] if doc.token(c).dep in SUBJECT_DEPS), None)
    token = doc.token(verb)
    if subject is not None and doc.token(subject).text.lower() in RELATIVE_PRONOUNS:
        return token.head if token.dep == "relcl" else None
    if (subject is None or doc.token(subject).pos == "PRON") and token.dep in ("advcl", "conj"):
        outer = _subject(doc, token.head) if token.head != verb else None
        if outer is not None and doc.token(outer).pos != "PRON":
            return outer
    return subject


@dataclass
class _Described:
    """A description and, when it cannot stand on the timeline, why."""

    text: str
    reason: str = ""


def _verb_group(
    doc: _Doc, verb: int, plural: bool, passive: bool, first_person: bool = False
) -> str:
    """The verb as a headline says it: present tense ("visits"), passive ("is banned"), with
    its negation ("does not recognise") and modal ("will visit") kept."""
    token = doc.token(verb)
    kids = [doc.token(c) for c in doc.children[verb]]
    negated = any(k.dep == "neg" for k in kids)
    modal = next((k.text.lower() for k in kids if k.dep == "aux" and k.tag == "MD"), None)
    lemma = token.lemma.lower()
    if modal:
        modal = {"wo": "will", "ca": "can", "'ll": "will", "'d": "would"}.get(modal, modal)
        be = f"{modal} not be" if negated else f"{modal} be"
        participle = token.text.lower()
        return f"{be} {participle}" if passive else f"{modal}{' not' if negated else ''} {lemma}"
    if passive or lemma == "be":
        be = "am" if first_person else "are" if plural else "is"
        be = f"{be} not" if negated else be
        return f"{be} {token.text.lower()}" if passive else be
    if negated:
        return f"{'do' if plural or first_person else 'does'} not {lemma}"
    return lemma if plural or first_person else _third_person(lemma)


def _passive(doc: _Doc, verb: int, subject: Token | None) -> bool:
    """A passive clause ("was freed"), or a past participle that borrows its subject
    ("Founded in 1998, the firm ...": the firm was founded)."""
    if subject is not None and subject.dep == "nsubjpass":
        return True
    if any(doc.token(c).dep == "auxpass" for c in doc.children[verb]):
        return True  # "Smith, who was elected": the relative pronoun is the subject
    token = doc.token(verb)
    has_aux = any(doc.token(c).dep in AUX_DEPS for c in doc.children[verb])
    own_subject = subject is not None and subject.head == verb
    return token.tag == "VBN" and not has_aux and not own_subject


def _describe_verb(doc: _Doc, verb: int, speaker: str | None, said: str) -> _Described:
    subject = _subject(doc, verb)
    subject_token = doc.token(subject) if subject is not None else None
    who = speaker or (_phrase(doc, subject) if subject is not None else "")
    plural = " and " in who or (
        subject_token is not None
        and (subject_token.tag in ("NNS", "NNPS") or subject_token.text.lower() in PLURAL_PRONOUNS)
    )
    passive = _passive(doc, verb, subject_token)
    first_person = who.lower() == "i"
    words = [who, _verb_group(doc, verb, plural, passive, first_person)]
    words += [doc.token(c).text for c in doc.children[verb] if doc.token(c).dep == "prt"]
    what = []
    for child in doc.children[verb]:
        dep = doc.token(child).dep
        if dep == "dative" and doc.token(child).pos == "ADP":  # "sent a message to Putin"
            what.append(_prepositional(doc, child))
        elif dep in ("dobj", "attr", "oprd", "acomp", "dative"):
            what.append(_phrase(doc, child))
        elif dep in ("ccomp", "xcomp") and child > verb:
            what.append(_join(doc, [doc.token(i) for i in doc.subtree(child)]))
    if not _informative(what) and said:
        what.append(said)
    if not _informative(what):  # "finds itself in trouble", "went into hiding"
        what.append(_first_prepositional(doc, verb))
    description = _tidy(words + what)
    return _Described(description, _unreadable_clause(doc, verb, subject, speaker, what))


def _informative(what: list[str]) -> list[str]:
    """The parts of what a clause says that are more than a pronoun ("it", "us")."""
    return [w for w in what if w and w.lower() not in OBJECT_PRONOUNS]


def _first_prepositional(doc: _Doc, verb: int) -> str:
    """The verb's first prepositional phrase after it, when short ("go into hiding"), or the
    names it reaches ("with Kim Jong Un")."""
    for child in doc.children[verb]:
        prep = doc.token(child)
        if prep.dep != "prep" or child < verb:
            continue
        if any(doc.token(i).ent_type in ("DATE", "TIME") for i in doc.subtree(child)):
            continue  # the date is the event's date, not what happened
        phrase = _prepositional(doc, child)
        if phrase:
            return phrase
    return ""


def _prepositional(doc: _Doc, prep: int) -> str:
    """A short prepositional phrase as written ("into hiding"), or the preposition and the
    names it reaches ("to Vladimir Putin"), else ""."""
    words = [doc.token(i) for i in doc.subtree(prep)]
    if len(words) <= MAX_PREPOSITIONAL_WORDS:
        return _join(doc, [w for w in words if not _dropped(w)])
    objects = [c for c in doc.children[prep] if doc.token(c).dep == "pobj"]
    names = [name for o in objects for name in _coordinated_names(doc, o)]
    return f"{doc.token(prep).text} {' and '.join(names)}" if names else ""


def _unreadable_clause(doc, verb, subject, speaker, what) -> str:
    """Why a clause's description is no "who did what", or ""."""
    lemma = doc.token(verb).lemma.lower()
    passive = _passive(doc, verb, doc.token(subject) if subject is not None else None)
    if lemma in cue_verbs() and not passive and not _informative(what):
        return "a statement without what was said"
    if speaker:
        return ""
    if subject is None:
        return "no subject: the clause does not say who"
    head = doc.token(subject)
    if head.pos == "PRON":
        return f"the subject is a pronoun ('{head.text}'): who it is is not said in the clause"
    if head.pos not in ("NOUN", "PROPN", "NUM"):
        return f"the subject ('{head.text}') is not a noun phrase"
    if lemma in ("be", "have") and not any(what):
        return "no predicate: what is or has is not said"
    objects = [w for w in what if w and w.lower() not in REFLEXIVE_PRONOUNS]
    if not passive and lemma in transitive_verbs() and not objects:
        return f"no object: the clause does not say what '{lemma}' is done to"
    return ""


@lru_cache(maxsize=1)
def support_verbs() -> frozenset[str]:
    """Verbs whose subject does the happening their object names (data/support_verbs.txt)."""
    return frozenset(word_list("support_verbs.txt"))


@lru_cache(maxsize=1)
def transitive_verbs() -> frozenset[str]:
    """Verbs that need an object to say what happened (data/transitive_verbs.txt)."""
    return frozenset(word_list("transitive_verbs.txt"))


def _names_happening(token: Token) -> bool:
    return _happening_verb(token) is not None


def _happening_verb(token: Token) -> str | None:
    """The verb for a noun naming a happening ("" when it has none), else None."""
    nouns = happening_nouns()
    for word in (token.lemma.lower(), token.text.lower(), token.text.lower().split("-")[-1]):
        if word in nouns:
            return nouns[word]
    return None


def _describe_noun(doc: _Doc, noun: int) -> _Described:
    """A happening named by a noun: its possessor or "by" phrase is who did it ("Merkel's
    visit", "the attack by X"), and when the noun is the object of a verb ("X reported a
    third-quarter loss", "X held talks"), the verb's subject is."""
    token = doc.token(noun)
    actors, targets = [], []
    for child in doc.children[noun]:
        dep, text = doc.token(child).dep, doc.token(child).text.lower()
        if dep == "poss":
            actors += _coordinated(doc, child, ACTOR_TYPES)
        elif dep == "prep":
            objects = [c for c in doc.children[child] if doc.token(c).dep == "pobj"]
            ids = [e for o in objects for e in _coordinated(doc, o, ACTOR_TYPES)]
            (actors if text == "by" else targets).extend(ids)
    governor = doc.token(token.head)
    if not actors and token.dep == "dobj" and governor.lemma.lower() in support_verbs():
        subject = _subject(doc, governor.i)  # "Acme posted a loss": Acme's loss
        if subject is not None:
            actors = _coordinated(doc, subject, ACTOR_TYPES)
    who = " and ".join(doc.entities[e].name for e in actors)
    verb = _happening_verb(token)
    target = " and ".join(doc.entities[e].name for e in targets if e not in actors)
    if not verb:
        words = [f"{who}'s" if who else "", token.text, f"of {target}" if target else ""]
        return _Described(_tidy(words), "a happening named by a noun without a verb for it")
    first, *rest = verb.split(" ")
    verb_text = first if len(actors) > 1 or not who else _third_person(first)
    reason = "" if who else "no actor: the happening is named without saying who"
    return _Described(_tidy([who, verb_text, *rest, target]), reason)


def _tidy(words: list[str]) -> str:
    """Words as one sentence-cased line; never shortened (pages shorten what they show)."""
    text = re.sub(r"\s+", " ", " ".join(w for w in words if w)).strip()
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
    reason: str = ""  # why it is left off the timeline, "" when readable
    written: str = ""  # the date as the text wrote it, where the date was read from

    def __post_init__(self):
        self.written = self.written or self.date_text


class _Quotes:
    """An article's quotes by (sentence, cue word), what a statement's verb said, and the
    spans of its direct quotations."""

    def __init__(self, quotes: list[Quote]):
        self.by_cue: dict[tuple[int, str], Quote] = {}
        for quote in quotes:
            for word in (quote.cue or "").split():
                if quote.speaker_entity_id:
                    self.by_cue.setdefault((quote.sentence, word), quote)
        self.direct = _Spans([(q.start, q.end) for q in quotes if q.kind == "direct"])


def _candidate(doc, quotes, anchor, date, precision, date_text, stop) -> _Candidate:
    token = doc.token(anchor)
    tokens = doc.subtree(anchor, stop)
    actors = doc.names_in(tokens)
    speech = False
    if token.pos in ("VERB", "AUX"):
        quote = quotes.by_cue.get((token.sentence, token.text))
        speaker, speaker_id = (quote.speaker, quote.speaker_entity_id) if quote else (None, None)
        subject = _subject(doc, anchor)
        if subject is not None and subject not in tokens:
            actors = doc.names_in(doc.subtree(subject)) + actors
        if speaker_id:
            actors = [speaker_id, *actors]
        said = _said(quote) if quote else ""
        described = _describe_verb(doc, anchor, speaker, said)
        speech = token.lemma.lower() in cue_verbs()
    else:
        described = _describe_noun(doc, anchor)
    actors = list(dict.fromkeys(actors))
    return _Candidate(
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


def _dated_candidates(doc: _Doc, dates: list[DateExpr], quotes: _Quotes) -> list[_Candidate]:
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


def _present_tense(doc: _Doc, token: Token) -> bool:
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


class _Spans:
    """Sorted character spans (direct quotations) and a cheap membership test."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def __contains__(self, offset: int) -> bool:
        k = bisect_left(self.starts, offset + 1) - 1
        return k >= 0 and self.spans[k][0] <= offset < self.spans[k][1]


def _present_candidates(doc, quotes, published, dated) -> list[_Candidate]:
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
            or _subject(doc, token.i) is None
            or _conditional(doc, token.i)
        ):
            continue
        candidate = _candidate(
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


def _conditional(doc: _Doc, verb: int) -> bool:
    """A clause that supposes rather than tells ("if it is a hole", "unless talks fail")."""
    return any(
        doc.token(c).dep == "mark" and doc.token(c).text.lower() in CONDITIONAL_MARKS
        for c in doc.children[verb]
    )


def _reporting_statement(doc, token, dated: dict[int, _Candidate]) -> _Candidate | None:
    """The dated past-tense statement whose report this clause is in, if any."""
    current = token
    for _ in range(MAX_CLIMB):
        if current.head == current.i:
            return None
        current = doc.token(current.head)
        if current.tag == "VBD" and _is_speech(current):
            return dated.get(current.i)
    return None


def _reporting_day_candidates(doc, quotes, dated, taken_anchors) -> list[_Candidate]:
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
        candidate = _candidate(doc, quotes, token.i, "", "day", "", set())
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


def _speaker_id(doc: _Doc, candidate: _Candidate) -> str | None:
    """The person or organisation making a statement: its first such actor."""
    return next((a for a in candidate.actors if doc.entities[a].type in AGENT_TYPES), None)


def _is_speech(token: Token) -> bool:
    cue = cue_verbs().get(token.lemma.lower())
    return cue is not None and cue.kind == "speech"


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
    person or organisation, told once in a caption and once in a paragraph or by the same
    verb ("visited" and "Merkel's visit"), and neither a statement (two statements on one
    day are two events) nor a date inferred from the publication day. Two clauses of the
    story on one day by one actor ("took over", "resigned") are two events."""
    groups: list[list[_Candidate]] = []
    by_anchor: dict[int, list[_Candidate]] = {}
    by_date: dict[str, list[list[_Candidate]]] = defaultdict(list)
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


def _happening_lemma(doc: _Doc, anchor: int) -> str:
    """The verb a happening is told with: a verb's lemma, or the verb of an event noun."""
    token = doc.token(anchor)
    if token.pos in ("VERB", "AUX"):
        return token.lemma.lower()
    verb = _happening_verb(token) or token.lemma.lower()
    return verb.split(" ")[0]


def _event_id(date: str, actors: list[str], fallback: str) -> str:
    key = f"{date}|{'|'.join(sorted(actors))}" if date and actors else fallback
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _to_event(doc: _Doc, group: list[_Candidate], article_key: str) -> Event:
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
    quotes = _Quotes(quotes)
    dated = _dated_candidates(doc, dates, quotes)
    taken = {c.sentence for c in dated}
    lead = _lead_candidate(doc, quotes, published, taken)
    if lead:
        dated.append(lead)
        taken.add(lead.sentence)
    anchors = {c.anchor for c in dated}
    dated += _reporting_day_candidates(doc, quotes, dated, anchors)
    dated += _present_candidates(doc, quotes, published, dated)
    taken |= {c.sentence for c in dated}
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
