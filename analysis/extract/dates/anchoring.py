"""What anchors a relative expression: the sentence context (tokens, dependency kids), the
tense of the clause, the year a month or a day falls in, deadlines and looking-back cues."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta

from analysis.extract.dates.lexicon import MONTHS_CONTEXT_SENTENCES, _week
from analysis.records import Parsed, Token


@dataclass
class Ctx:
    parsed: Parsed
    dct: date | None
    starts: list[int]
    ref_quarter: tuple[int, int, int] | None = None  # (year, quarter, sentence)
    last_day: tuple[date, int] | None = None  # last resolved day and its sentence
    ref_year: int | None = None  # last explicit year, for "that year"
    ref_month: tuple[int, int] | None = None  # last month named, for "the following month"
    children: dict[int, list[int]] | None = None
    ref_label: str = "publication date"  # or "dateline date" (see _dateline)
    # "the first nine months" named after the quarter: (duration value, sentence); comparisons
    # that follow ("a year earlier", "the year-earlier period") are about that span
    ref_months: tuple[str, int] | None = None
    emitted: list[tuple[int, int, str]] | None = None  # (start, end, value) so far

    def value_before(self, start: int) -> str | None:
        """The value of the expression emitted just before `start`, when only a comma
        separates them (an appositive: "the year-ago quarter, the second quarter ended ...")."""
        if not self.emitted:
            return None
        s, e, v = self.emitted[-1]
        return v if re.fullmatch(r"\s*,\s*", self.parsed.text[e:start]) else None

    def months_ref(self, start: int) -> str | None:
        if self.ref_months is None:
            return None
        value, sent = self.ref_months
        return value if 0 <= self.sentence_at(start) - sent <= MONTHS_CONTEXT_SENTENCES else None

    def token_at(self, offset: int) -> Token | None:
        tokens = self.parsed.tokens
        if not tokens:
            return None
        i = bisect.bisect_right(self.starts, offset) - 1
        return tokens[max(i, 0)]

    def sentence_at(self, offset: int) -> int:
        tok = self.token_at(offset)
        return tok.sentence if tok is not None else 0

    def tokens_in(self, start: int, end: int) -> list[Token]:
        tokens = self.parsed.tokens
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        out = []
        while i < len(tokens) and tokens[i].start < end:
            if tokens[i].end > start:
                out.append(tokens[i])
            i += 1
        return out

    def kids(self, i: int) -> list[int]:
        if self.children is None:
            self.children = {}
            for t in self.parsed.tokens:
                if t.head != t.i:
                    self.children.setdefault(t.head, []).append(t.i)
        return self.children.get(i, [])


_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d", "going"}

_FUTURE_VERBS = {
    "plan", "expect", "schedule", "intend", "aim", "hope", "propose", "seek", "want",
    "prepare", "promise", "threaten", "vow", "pledge", "agree", "set", "due",
}  # fmt: skip

_PAST_TAGS = {"VBD"}

_FUTURE_FRAMES = {"set", "schedule", "plan", "expect", "due", "be", "likely", "poise", "slate"}


def _verb_tense(ctx: Ctx, verb: Token, forward_infinitive: bool = True) -> str:
    toks = ctx.parsed.tokens
    auxes = [toks[k] for k in ctx.kids(verb.i) if toks[k].dep in ("aux", "auxpass")]
    lowers = {a.text.lower() for a in auxes} | {a.lemma.lower() for a in auxes}
    if lowers & _FUTURE_AUX:
        return "future"
    if verb.lemma.lower() in ("schedule", "plan") and "had" not in lowers:
        return "future"  # "has scheduled a news conference Thursday"
    if any(a.text.lower() == "to" for a in auxes) and verb.tag == "VB":
        # an infinitive looks forward from its governing verb ("decided to admit them in
        # March"), unless that verb is a past perfect ("had been due to expire Friday")
        head = toks[verb.head]
        head_had = head.i != verb.i and any(
            toks[k].text.lower() == "had"
            for k in ctx.kids(head.i)
            if toks[k].dep in ("aux", "auxpass")
        )
        if head_had:
            return "past"  # "had been scheduled to expire Friday"
        if not forward_infinitive:
            # weekdays: the infinitive's attachment is unreliable ("extended their offers
            # to acquire X Friday"); the governing verb decides
            if head.i != verb.i and head.lemma.lower() in _FUTURE_FRAMES:
                return "future"  # "set to resume Monday", "is to resume trading Tuesday"
            if head.i != verb.i and head.pos in ("VERB", "AUX"):
                return _verb_tense(ctx, head, False)
            return ""
        if head.i != verb.i and head.pos in ("VERB", "AUX", "ADJ"):
            head_aux = {
                toks[k].text.lower() for k in ctx.kids(head.i) if toks[k].dep in ("aux", "auxpass")
            }
            if "had" in head_aux or "'d" in head_aux and head.tag == "VBN":
                return "past"
            if head.pos == "ADJ" and (
                any(
                    toks[k].dep in ("cop", "aux") and toks[k].tag == "VBD" for k in ctx.kids(head.i)
                )
                or toks[head.head].tag == "VBD"
            ):
                # "made it difficult to meet demand well into the summer": an adjective's
                # infinitive does not look forward; the clause's past tense holds
                return "past"
        return "future"
    if verb.tag in _PAST_TAGS or any(a.tag in _PAST_TAGS for a in auxes):
        return "past"
    if verb.tag == "VBN" and (lowers & {"has", "have", "had", "'ve", "'s"}):
        return "past"
    if verb.tag == "VBN" and not auxes:
        # reduced relative clause ("the plant opened in June") reads as past
        return "past"
    if verb.tag in ("VBZ", "VBP", "VBG", "VB"):
        if verb.tag == "VBG" and verb.lemma.lower() in ("go",) and not auxes:
            return "future"
        return "present"
    return ""


def _tense(ctx: Ctx, start: int, end: int, forward_infinitive: bool = True) -> str:
    """past / present / future for the clause the span attaches to ("" when no verb)."""
    toks = ctx.parsed.tokens
    span = ctx.tokens_in(start, end)
    if not span:
        return ""
    t = span[-1]
    seen = set()
    while t.i not in seen:
        seen.add(t.i)
        if t.pos in ("VERB", "AUX") and t.i not in {s.i for s in span}:
            tense = _verb_tense(ctx, t, forward_infinitive)
            if tense:
                return tense
        if t.head == t.i:
            break
        t = toks[t.head]
    # fallback: first finite verb of the sentence
    sent = span[0].sentence
    sentence = ctx.parsed.sentences[sent] if sent < len(ctx.parsed.sentences) else None
    if sentence is None:
        return ""
    for tok in ctx.tokens_in(sentence.start, sentence.end):
        if tok.text.lower() in ("will", "'ll", "shall"):
            return "future"
        if tok.tag == "VBD":
            return "past"
        if tok.tag in ("VBZ", "VBP"):
            return "present"
    return ""


@dataclass
class Res:
    type: str
    value: str
    precision: str
    note: str
    start: int | None = None
    end: int | None = None


def _rel_note(ctx: Ctx, tense: str, how: str) -> str:
    t = f", {tense} tense" if tense else ""
    return f"relative to {ctx.ref_label} {ctx.dct.isoformat()}{t} -> {how}"


NEAR_WINDOW_DAYS = {True: 45, False: 31}  # month-day within six weeks, month within one


def _year_for(month: int, day: int | None, tense: str, dct: date) -> int:
    """Year of a month (or month and day) named without one.

    Close to the publication date (a month-day within six weeks, the same or an adjacent
    month) the nearest occurrence wins whatever the tense: "extended to Nov. 16" in an October
    article is this November. Further away the tense decides: past -> the latest occurrence not
    after the publication date, future -> the earliest not before it ("signed in June" in an
    October article is this June, "will meet in June" next June); no tense -> the nearest."""
    ref = dct if day else date(dct.year, dct.month, 15)
    cands = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            cands.append((y, (date(y, month, day or 15) - ref).days))
        except ValueError:
            continue
    if not cands:
        return dct.year
    near = min(cands, key=lambda c: (abs(c[1]), c[0] != dct.year))
    if abs(near[1]) <= NEAR_WINDOW_DAYS[bool(day)] or tense not in ("past", "future"):
        return near[0]
    if tense == "past":
        return max(y for y, diff in cands if diff <= 0)
    return min(y for y, diff in cands if diff >= 0)


_DEADLINE = re.compile(
    r"\b(?:through|until|till|thru|by|to|effective|payable|before|starting|beginning|record)\s*$",
    re.I,
)

_PERSON_AFTER = re.compile(
    r"\s+(?:baby|babies|boy|boys|girl|girls|son|sons|daughter|daughters|child|children|infant|"
    r"infants|kid|kids|twins?|grandson|granddaughter|puppy|calf)\b"
)

_COMPARED = re.compile(r"\b(?:compared\s+with|versus|vs\.)\s[^.;]*\d[^.;]*$", re.I)

_RESULTS = re.compile(r"['’]s\s+(?:results|figures|quarter|period)\b", re.I)

_UNTIL = re.compile(r"\b(?:until|till|postponed\s+to|extended\s+to|deadline\s+(?:of|to))\s*$", re.I)

_UNTIL_START = re.compile(r"(?:until|till)\s", re.I)


def _until(ctx: Ctx, start: int) -> bool:
    """A day given as a deadline ("postponed until Tuesday morning", "until 9 a.m. Tuesday"):
    the deadline lies ahead of the report even when the clause is in the past tense
    ("extended its deadline until ...")."""
    text = ctx.parsed.text
    if not (_UNTIL.search(text[max(0, start - 16) : start]) or _UNTIL_START.match(text, start)):
        return False
    sent = ctx.sentence_at(start)
    sentence = ctx.parsed.sentences[sent] if sent < len(ctx.parsed.sentences) else None
    # "Until Thursday, they had not called him a suspect": a past perfect looks back
    return sentence is None or not re.search(r"\bhad\b", sentence.text, re.I)


def _deadline(ctx: Ctx, start: int) -> bool:
    """A date introduced as a deadline or a start ("until Jan. 14", "effective Feb. 1"):
    the clause's tense says nothing about the date itself."""
    return bool(_DEADLINE.search(ctx.parsed.text[max(0, start - 14) : start]))


# an amount just before "a year" / "per second" / "annually" makes a rate: "$1.76 a year",
# "$2 million a year", "20% annually", "10,000 units annually", "four flights a week"
_QUANTITY_BEFORE = re.compile(
    r"(?:\d%?|\bpercent|\bper\s+cent|\bcents?|\b(?:million|billion|thousand|hundred)"
    r"|\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|"
    r"thousands|millions)\s+(?:[a-z]+\s+)?[a-z]+s)\s*$",
    re.I,
)

_PLURAL_PART = re.compile(
    r"(?:\s+(?:and|or)\s+(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?)?"
    r"\s+(?P<part>mornings|afternoons|evenings|nights)\b",
    re.I,
)

_SINCE = re.compile(r"\bsince\b[^.;:,()]{0,30}$", re.I)


def _looking_back(ctx: Ctx, start: int, end: int, tense: str) -> str:
    """ "past" for a month (or month-day) without a year that can only look back, else `tense`:
    after "since" ("searching since the Oct. 23 slaying"), or naming an event as a modifier
    after a determiner ("under a June agreement", "the late-November trip") unless the clause
    is explicitly future ("will hold the June meeting"): a named event is one that happened."""
    if tense == "past":
        return tense
    if _SINCE.search(ctx.parsed.text[max(0, start - 40) : start]):
        return "past"
    span = ctx.tokens_in(start, end)
    if not span:
        return tense
    toks = ctx.parsed.tokens
    last = span[-1]
    head = toks[last.head]
    first = span[0]
    if (
        last.dep not in ("compound", "nmod", "amod")
        or head.i <= last.i
        or head.pos != "NOUN"
        or first.i == 0
        or toks[first.i - 1].tag not in ("DT", "PRP$", "POS")
    ):
        return tense
    t, seen = head, set()
    while t.i not in seen:  # the governing verb: an explicit future keeps the future
        seen.add(t.i)
        if t.pos in ("VERB", "AUX"):
            aux = {toks[k].text.lower() for k in ctx.kids(t.i) if toks[k].dep in ("aux", "auxpass")}
            if aux & _FUTURE_AUX or t.lemma.lower() in ("schedule", "plan"):
                return tense
            if t.tag != "VB":
                break
        if t.head == t.i:
            break
        t = toks[t.head]
    return "past"


def _weekday_date(wd: int, tense: str, dct: date, mod: str = "") -> date:
    """wd: 1=Monday .. 7=Sunday. mod: last / next / this."""
    cur = dct.isoweekday()
    back = (cur - wd) % 7
    fwd = (wd - cur) % 7
    if mod == "last":
        return dct - timedelta(days=back or 7)
    if mod == "next":
        return dct + timedelta(days=fwd or 7)
    if mod == "this":
        return dct + timedelta(days=fwd)
    if tense == "past":
        return dct - timedelta(days=back)
    if tense == "future":
        return dct + timedelta(days=fwd)
    return dct - timedelta(days=back) if back <= fwd else dct + timedelta(days=fwd)


def _period_year(q: int, per_year: int, tense: str, cq: int, cy: int) -> int:
    """Year of the q-th period (quarter: per_year 4, half: 2) relative to the current one.

    Past tense: the latest such period that has begun. Future: the earliest that has not
    ended before the last one (results of the quarter just closed are still "to come").
    Otherwise the nearest, preferring the past on ties (news reports on the past)."""
    cur = cy * per_year + cq - 1
    cands = [((y * per_year + q - 1), y) for y in (cy - 1, cy, cy + 1)]
    if tense == "past":
        return max(c for c in cands if c[0] <= cur)[1]
    if tense == "future":
        return min(c for c in cands if c[0] >= cur - 1)[1]
    return min(cands, key=lambda c: (abs(c[0] - cur), c[0]))[1]


def _day_how(d: date, dct: date, name: str) -> str:
    if d == dct:
        return f"{name} = the publication day"
    return f"{'previous' if d < dct else 'next'} {name}"


def _months_after(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) `months` after the month `year`-`month`, before it when negative: the one
    month arithmetic of relative dates ("last month", "the following month", "next quarter")."""
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _month_away(ctx: Ctx, anchor: date, months: int) -> Res:
    """The month `months` away from `anchor` ("last month", "three months ago")."""
    y, mo = _months_after(anchor.year, anchor.month, months)
    return Res("DATE", f"{y}-{mo:02d}", "month", _rel_note(ctx, "", f"month {y}-{mo:02d}"))


def _quarter_away(anchor: date, quarters: int) -> tuple[int, int]:
    """(year, quarter) `quarters` away from the quarter of `anchor` ("next quarter")."""
    y, mo = _months_after(anchor.year, anchor.month, 3 * quarters)
    return y, (mo - 1) // 3 + 1


def _quarter_res(ctx: Ctx, y: int, q: int) -> Res:
    """A quarter read relative to the reference date ("next quarter", "two quarters ago")."""
    return Res("DATE", f"{y}-Q{q}", "quarter", _rel_note(ctx, "", f"quarter {y}-Q{q}"))


def _week_away(ctx: Ctx, anchor: date, weeks: float) -> Res:
    """The week `weeks` away from `anchor`'s ("next week", "two weeks ago")."""
    d = anchor + timedelta(weeks=weeks)
    return Res("DATE", _week(d), "week", _rel_note(ctx, "", f"week {_week(d)}"))
