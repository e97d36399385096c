"""Which clause a date dates: the verb or event noun a date expression modifies, and the
dates that date none (a baseline or comparison, a modifier of a noun that names no happening),
and the TIMEX3 values that can sit on a timeline."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from analysis.extract.events.document import MAX_CLIMB, EventDoc
from analysis.extract.events.lexicon import event_nouns, names_happening
from analysis.extract.wordlists import word_list
from analysis.records import DateExpr, Token

TIMELINE_VALUE = re.compile(
    r"\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{4}-W\d{2}|\d{4}-Q[1-4]|\d{4}-(?:SP|SU|FA|WI)|\d{3}X"
)
NOUN_PHRASE_POS = {"ADJ", "NOUN", "PROPN", "NUM", "PART", "PUNCT", "ADV"}
NOUN_MODIFIER_DEPS = {"compound", "nmod", "amod", "nummod", "poss", "npadvmod"}
BASELINE_WINDOW = 60  # characters before a date searched for a baseline cue
# up to three words after the amount ("from 12 cents a share"), none a range's "to" or "and"
FROM_AMOUNT_WORDS = r"(?:\s+(?!(?:to|through|until|till|and|or)\b)[a-z]+){0,3}"


def timeline_value(value: str) -> str | None:
    """The date part of a TIMEX3 value that can sit on a timeline, else None."""
    value = (value or "").split("T")[0]
    return value if TIMELINE_VALUE.fullmatch(value) else None


def _is_predicate(token: Token) -> bool:
    return token.pos == "VERB" or (token.pos == "NOUN" and token.lemma.lower() in event_nouns())


def anchor_of(doc: EventDoc, date: DateExpr) -> int | None:
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
        return head.i if names_happening(head) else None
    current = top
    for _ in range(MAX_CLIMB):
        if current.head == current.i:
            break
        current = doc.token(current.head)
        if _is_predicate(current):
            return current.i
    return current.i if current.pos in ("VERB", "AUX") else None


def _premodifies(doc: EventDoc, after_date: int, noun: Token) -> bool:
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


def _is_baseline(doc: EventDoc, date: DateExpr) -> bool:
    sentence = doc.parsed.sentences[date.sentence]
    before = doc.parsed.text[max(sentence.start, date.start - BASELINE_WINDOW) : date.start]
    return bool(_baseline_before().search(before))
