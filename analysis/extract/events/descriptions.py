"""What happened, as a headline says it: "who did what" for a clause (its subject, verb
group and object, or what a statement said) or for a noun that names a happening ("Merkel's
visit"), and, when it is no "who did what", why it is left off the timeline."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.extract.events.document import ACTOR_TYPES, AUX_DEPS, EventDoc, subject_of
from analysis.extract.events.lexicon import happening_verb, support_verbs, transitive_verbs
from analysis.extract.events.phrases import (
    as_written,
    coordinated,
    phrase,
    prepositional,
    third_person,
    tidy,
)
from analysis.extract.quotes.cues import cue_verbs
from analysis.records import Token

PLURAL_PRONOUNS = {"we", "they", "you", "these", "those", "both"}
REFLEXIVE_PRONOUNS = {"itself", "himself", "herself", "themselves", "ourselves", "myself"}
# what a statement "said" when it is only one of these, it said nothing one can read
OBJECT_PRONOUNS = {"it", "him", "her", "them", "us", "me", "you", "this", "that", "so"}
OBJECT_PRONOUNS |= REFLEXIVE_PRONOUNS


@dataclass
class Described:
    """A description and, when it cannot stand on the timeline, why."""

    text: str
    reason: str = ""


def _verb_group(
    doc: EventDoc, verb: int, plural: bool, passive: bool, first_person: bool = False
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
    return lemma if plural or first_person else third_person(lemma)


def _passive(doc: EventDoc, verb: int, subject: Token | None) -> bool:
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


def describe_verb(doc: EventDoc, verb: int, speaker: str | None, said: str) -> Described:
    """A clause as "who did what": its speaker or subject, verb group and what it did (its
    object or complement, else what was said, else a short prepositional phrase)."""
    subject = subject_of(doc, verb)
    subject_token = doc.token(subject) if subject is not None else None
    who = speaker or (phrase(doc, subject) if subject is not None else "")
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
            what.append(prepositional(doc, child))
        elif dep in ("dobj", "attr", "oprd", "acomp", "dative"):
            what.append(phrase(doc, child))
        elif dep in ("ccomp", "xcomp") and child > verb:
            what.append(as_written(doc, [doc.token(i) for i in doc.subtree(child)]))
    if not _informative(what) and said:
        what.append(said)
    if not _informative(what):  # "finds itself in trouble", "went into hiding"
        what.append(_first_prepositional(doc, verb))
    description = tidy(words + what)
    return Described(description, _unreadable_clause(doc, verb, subject, speaker, what))


def _informative(what: list[str]) -> list[str]:
    """The parts of what a clause says that are more than a pronoun ("it", "us")."""
    return [w for w in what if w and w.lower() not in OBJECT_PRONOUNS]


def _first_prepositional(doc: EventDoc, verb: int) -> str:
    """The verb's first prepositional phrase after it, when short ("go into hiding"), or the
    names it reaches ("with Kim Jong Un")."""
    for child in doc.children[verb]:
        prep = doc.token(child)
        if prep.dep != "prep" or child < verb:
            continue
        if any(doc.token(i).ent_type in ("DATE", "TIME") for i in doc.subtree(child)):
            continue  # the date is the event's date, not what happened
        written = prepositional(doc, child)
        if written:
            return written
    return ""


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


def describe_noun(doc: EventDoc, noun: int) -> Described:
    """A happening named by a noun: its possessor or "by" phrase is who did it ("Merkel's
    visit", "the attack by X"), and when the noun is the object of a verb ("X reported a
    third-quarter loss", "X held talks"), the verb's subject is."""
    token = doc.token(noun)
    actors, targets = [], []
    for child in doc.children[noun]:
        dep, text = doc.token(child).dep, doc.token(child).text.lower()
        if dep == "poss":
            actors += coordinated(doc, child, ACTOR_TYPES)
        elif dep == "prep":
            objects = [c for c in doc.children[child] if doc.token(c).dep == "pobj"]
            ids = [e for o in objects for e in coordinated(doc, o, ACTOR_TYPES)]
            (actors if text == "by" else targets).extend(ids)
    governor = doc.token(token.head)
    if not actors and token.dep == "dobj" and governor.lemma.lower() in support_verbs():
        subject = subject_of(doc, governor.i)  # "Acme posted a loss": Acme's loss
        if subject is not None:
            actors = coordinated(doc, subject, ACTOR_TYPES)
    who = " and ".join(doc.entities[e].name for e in actors)
    verb = happening_verb(token)
    target = " and ".join(doc.entities[e].name for e in targets if e not in actors)
    if not verb:
        words = [f"{who}'s" if who else "", token.text, f"of {target}" if target else ""]
        return Described(tidy(words), "a happening named by a noun without a verb for it")
    first, *rest = verb.split(" ")
    verb_text = first if len(actors) > 1 or not who else third_person(first)
    reason = "" if who else "no actor: the happening is named without saying who"
    return Described(tidy([who, verb_text, *rest, target]), reason)
