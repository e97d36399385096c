"""Temporal expressions: find them in a parsed article and normalise them to TIMEX3 values.

    extract_dates(parsed, published) -> list[DateExpr]   # published: "YYYY-MM-DD" or None

Design (after HeidelTime): precompiled regular expressions, built once from the rule tables in
`data/timex_rules.json`, propose candidate spans; each rule only scans windows around its key
words, so the cost is a few percent of spaCy's parse (no dateparser call per token).
Overlapping candidates are resolved longest-first; a handler may reject its candidate ("May" as
a name, "march" as a verb, "6-year-old" as an age) and shorter ones then get their chance.
Handlers normalise in text order, so anaphoric expressions see what came before ("that year",
"the year-ago quarter"). Relative and underspecified expressions ("Tuesday", "in June",
"last week", "two years ago") are resolved against the publication date, in the direction
implied by the tense of the clause the expression attaches to (spaCy dependency parse).

Conventions (TimeML / TimeBank):
- spans exclude a leading preposition ("on Tuesday" -> "Tuesday", "since 2019" -> "2019") but
  include determiners and modifiers ("the third quarter", "the past three months",
  "nearly two years", "earlier this year", "mid-2023");
- "the past/last N units" and "the last/past decade" are DURATIONs (P3M, P10Y): TimeBank
  annotates "past decade" as P10Y (one document has "the last decade" -> 198; we keep the
  duration reading). "last year", "the past year", "last week", "last month" are the previous
  calendar unit (DATE; TimeBank gives "the past year" the previous year);
- a month or month-day without a year: the nearest occurrence when close to the publication
  date, otherwise the tense decides (past tense -> this June, future -> next June); deadlines
  ("until Jan. 14", "effective Feb. 1") ignore the tense;
- weekdays: past tense -> the latest such day up to the publication day, future -> the next
  one; "Friday night" is the date (TimeBank mostly annotates the day), "this morning",
  "last night" and "Friday evening" keep their part of day (TMO, TNI, TEV);
- quarters follow the quarter under discussion: "a year earlier" after "the third quarter" is
  the third quarter of the previous year (earnings reports), and so are "last year's quarter",
  "the corresponding period last year" and "last year" in a comparison ("compared with a loss
  of $3 million last year"); a forecast quarter (after the publication date's quarter) does not
  become the quarter under discussion; "the latest period" is the quarter under discussion when
  one was named. After "the (first) nine months" the comparisons are about that span: "a year
  earlier" is the previous year, "the year-earlier period" the span itself (P9M);
- a wire dateline ("WASHINGTON, March 12 (Xinhua) --") up to three days before the publication
  date is the reference date for relative expressions (copy filed the day before it ran);
- anaphora: "the following year/month" follow the year or month named last, "the previous
  Friday" the day named last; deadlines ("until Tuesday morning", "until 9 a.m. Friday") lie
  ahead whatever the clause's tense, unless the sentence is in the past perfect;
- "now", "currently", "current" -> PRESENT_REF; "recently", "the past" -> PAST_REF;
  "the future", "the near term", "soon" in a clause that looks ahead ("will soon begin")
  -> FUTURE_REF. Not references: discourse "Now, ..." / "Currently, ..." opening a sentence,
  "recent" in a described event ("the recent sale"; bare "recent declines" is one), "the
  future of X" (its prospects), "soon after X"; a set adverb after a quantity ("20%
  annually", "10,000 units annually") is a rate, not a SET;
- a quarter named as an indefinite noun phrase ("after a flat second quarter") does not
  become the quarter under discussion; an appositive quarter ("the year-ago quarter, the
  second quarter ended Oct. 31") shares the year of the period it restates;
- a month or month-day without a year looks back after "since" and when it names an event as
  a modifier after a determiner ("under a June agreement", "the Oct. 23 slaying"), unless the
  clause is explicitly future ("will hold its June meeting");
- "April 24 and 25" gives two dates; "the day before last Tuesday's hearing" is one day before
  that Tuesday; "as high this year as last" reads "last" as last year; "Until then" after a
  named day is that day; "today is the eighth day of the strike" is the reference day;
  "ahead of the weekend" is the coming weekend;
- "Monday and Tuesday nights" and "the past three summers" are sets (XXXX-WXX-1TNI,
  XXXX-SU); a part of the day alone ("by mid afternoon", "in the morning" right after a named
  day) is a TIME on that day; "will one day be" is FUTURE_REF;
- unspecified decades and centuries are PXY (like P20Y for "two decades");
- not temporal expressions: rates after an amount ("$1.76 a year", "700 seats a week",
  "15 million instructions per second"), "average daily volume" and "daily flights", "a fiscal
  year" as a kind of year, "a quarter of the market", a year in a name ("Orion 1980"), "the
  people of tomorrow", "today's personal computers", and "most recently" directly before the
  date it points at ("most recently last October");
- precision never exceeds what the text gives: "in June" is a month ("2024-06"), "mid-2023" a
  year ("2023"), "two years ago" a year, "six weeks ago" a week, "11 days ago" a day.
Without a publication date, absolute dates keep their values and relative ones keep their text
with an empty value and a note saying why.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from analysis.records import DateExpr, Parsed, Token

# "a year earlier" / "year-ago" within this many sentences after a quarter means that quarter
# a year before (earnings reports), otherwise the previous year
QUARTER_CONTEXT_SENTENCES = 8
MONTHS_CONTEXT_SENTENCES = 2
RULES_PATH = Path(__file__).with_name("data") / "timex_rules.json"
NO_DCT = "relative expression; the article has no publication date"


@lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- regex fragments


def _alt(words, escape: bool = True) -> str:
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) if escape else w for w in items) + ")"


def _fragments() -> dict[str, str]:
    r = rules()
    full_months = [m for m in r["months"] if len(m) > 4 or m in ("may", "june", "july")]
    abbr = [m for m in r["months"] if m not in full_months]
    month_full = _alt(full_months + [a + "." for a in abbr]) + r"(?![\w])"
    month_any = (
        "(?:" + _alt(full_months) + "|" + _alt(abbr) + r"\.?" + r")(?![\w])"
    )  # Sept 30 / Sept. 30
    weekday = _alt(r["weekdays"]) + r"(?![\w])"
    units_sing = list(r["units"])
    units_all = units_sing + list(r["unit_plurals"])
    unit = _alt(units_all) + r"(?![\w])"
    ones = _alt(r["number_words"])
    tens = _alt(r["tens_words"])
    one_to_nine = _alt([w for w, v in r["number_words"].items() if 1 <= v <= 9])
    word_num = (
        rf"(?:(?:a|one|two|three|four|five|six|seven|eight|nine)\s+hundred(?:\s+(?:and\s+)?"
        rf"(?:{tens}(?:[- ]{one_to_nine})?|{ones}))?|{tens}(?:[- ]{one_to_nine})?|{ones})"
    )
    digit_num = r"(?<![\d,.$#])\d{1,3}(?:,\d{3})*(?:\.\d+)?"
    fraction = r"(?:\s*(?:1/2|and\s+a\s+half|½))?"
    special = _alt(r["special_numbers"])
    vague = _alt(r["vague_numbers"])
    num = rf"(?:(?:{digit_num}|{word_num}){fraction}|{special}|{vague})"
    num_strict = rf"(?:(?:{digit_num}|{word_num}){fraction})"
    year = r"(?<![\d,.$#£€])(?:1[5-9]\d\d|20\d\d)(?!\d|,\d|%|\.\d)"
    spelled_year = (
        rf"(?:(?:nineteen|eighteen|twenty)[- ](?:hundred|{tens}(?:[- ]{one_to_nine})?"
        rf"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
        rf"|o[- ]{one_to_nine})|two\s+thousand(?:\s+(?:and\s+)?(?:{ones}))?)"
    )
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
    day_word = _alt(r["day_ordinals"]) + r"(?![\w-])"
    season = _alt(r["seasons"]) + r"(?![\w])"
    part = _alt(r["parts_of_day"]) + r"(?![\w])"
    ordinal = _alt(r["ordinals"])
    approx = _alt(r["approximators"])
    return dict(
        month_full=month_full,
        month_any=month_any,
        weekday=weekday,
        unit=unit,
        num=num,
        num_strict=num_strict,
        year=year,
        spelled_year=spelled_year,
        day=day,
        day_word=day_word,
        season=season,
        part=part,
        ordinal=ordinal,
        approx=approx,
        tens=tens,
    )


# --------------------------------------------------------------------------- numbers & units


def _number(text: str) -> float | str | None:
    """A number phrase -> float, "X" for vague quantities ("several"), None if unreadable."""
    r = rules()
    t = re.sub(r"\s+", " ", text.lower().replace("-", " ")).strip()
    half = 0.0
    for suffix in (" and a half", " 1/2", "1/2", "½"):
        if t.endswith(suffix):
            t, half = t[: -len(suffix)].strip(), 0.5
            break
    if t in r["vague_numbers"] or t.replace(" ", "") in ("afew", "acouple"):
        return "X"
    if t in r["special_numbers"]:
        return r["special_numbers"][t] + half
    digits = t.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return float(digits) + half
    total, current = 0, 0
    for word in t.split():
        if word in ("and",):
            continue
        if word in ("a",):
            current = 1
        elif word in r["number_words"]:
            current += r["number_words"][word]
        elif word in r["tens_words"]:
            current += r["tens_words"][word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return float(total + current) + half


def _unit_code(word: str) -> str:
    r = rules()
    w = word.lower()
    w = r["unit_plurals"].get(w, w)
    return r["units"].get(w, "")


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _duration(n: float | str, code: str) -> str:
    if n == "X":
        return {
            "Y": "PXY", "M": "PXM", "W": "PXW", "D": "PXD", "H": "PTXH", "MIN": "PTXM",
            "S": "PTXS", "Q": "PXQ", "DE": "PXY", "CE": "PXY", "FN": "PXW", "WE": "PXWE",
            "NI": "PXD", "ML": "PXY",
        }.get(code, "PXX")  # fmt: skip
    n = float(n)
    if code == "Y":
        if n.is_integer():
            return f"P{_fmt(n)}Y"
        months = round(n * 12)
        years, rest = divmod(months, 12)
        return f"P{years}Y{rest}M" if years else f"P{rest}M"
    if code == "M":
        return f"P{_fmt(n)}M" if n.is_integer() else f"P{round(n * 30)}D"
    if code == "W":
        return f"P{_fmt(n)}W" if n.is_integer() else f"P{round(n * 7)}D"
    if code == "D":
        return f"P{_fmt(n)}D" if n.is_integer() else f"PT{round(n * 24)}H"
    if code == "H":
        if n.is_integer():
            return f"PT{_fmt(n)}H"
        hours, minutes = int(n), round((n - int(n)) * 60)
        return f"PT{hours}H{minutes}M" if hours else f"PT{minutes}M"
    if code == "MIN":
        if n.is_integer():
            return f"PT{_fmt(n)}M"
        return f"PT{int(n)}M{round((n - int(n)) * 60)}S" if int(n) else f"PT{round(n * 60)}S"
    if code == "S":
        return f"PT{_fmt(n)}S"
    if code == "Q":
        return f"P{_fmt(n)}Q"
    if code == "DE":
        return f"P{_fmt(n * 10)}Y"
    if code == "CE":
        return f"P{_fmt(n * 100)}Y"
    if code == "ML":
        return f"P{_fmt(n * 1000)}Y"
    if code == "FN":
        return f"P{_fmt(n * 2)}W"
    if code in ("WE", "NI"):
        return f"P{_fmt(n)}D" if code == "NI" else f"P{_fmt(n * 2)}D"
    return ""


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


# --------------------------------------------------------------------------- context


@dataclass
class _Ctx:
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


def _verb_tense(ctx: _Ctx, verb: Token, forward_infinitive: bool = True) -> str:
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


def _tense(ctx: _Ctx, start: int, end: int, forward_infinitive: bool = True) -> str:
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


# --------------------------------------------------------------------------- resolution helpers


@dataclass
class _Res:
    type: str
    value: str
    precision: str
    note: str
    start: int | None = None
    end: int | None = None


def _rel_note(ctx: _Ctx, tense: str, how: str) -> str:
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


def _until(ctx: _Ctx, start: int) -> bool:
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


def _deadline(ctx: _Ctx, start: int) -> bool:
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


def _looking_back(ctx: _Ctx, start: int, end: int, tense: str) -> str:
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


def _month_name(text: str) -> int:
    return rules()["months"][text.lower().rstrip(".")]


def _spelled_year(text: str) -> int | None:
    t = re.sub(r"[\s-]+", " ", text.lower()).strip()
    t = re.sub(r"^the year ", "", t)
    if t.startswith("two thousand"):
        rest = t[len("two thousand") :].replace("and", "").strip()
        n = _number(rest) if rest else 0
        return 2000 + int(n) if isinstance(n, float | int) else None
    first, _, rest = t.partition(" ")
    century = {"nineteen": 1900, "eighteen": 1800, "twenty": 2000}.get(first)
    if century is None:
        return None
    if rest == "hundred":
        return century
    rest = rest.replace("o ", "")
    n = _number(rest)
    return century + int(n) if isinstance(n, float) and n < 100 else None


# --------------------------------------------------------------------------- the tagger


class _Tagger:
    def __init__(self) -> None:
        f = _fragments()
        self.f = f
        r = rules()
        self.r = r
        I = re.IGNORECASE  # noqa: E741
        B = r"(?<![\w'’-])"  # left boundary
        E = r"(?![\w])"
        approx = rf"(?:{f['approx']}\s+)?"
        edge = (
            r"(?:(?P<edge>early|late|mid|the\s+(?:end|beginning|start|middle|close)\s+of)[\s-]*)?"
        )
        yr = rf"(?:{f['year']}|{f['spelled_year']})"
        rel_year = r"(?:this|last|next|the\s+same|that)\s+year"
        self.rules: list[tuple[str, re.Pattern, Callable]] = []

        def add(name: str, pattern: str, handler: Callable, flags: int = I) -> None:
            self.rules.append((name, re.compile(pattern, flags), handler))

        add("iso", rf"{B}(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d){E}", self.h_iso)
        add(
            "slash",
            rf"{B}(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>(?:19|20)?\d\d){E}",
            self.h_iso,
        )
        # time of day, with optional zone and day
        day_anchor = (
            rf"(?:,?\s+(?:on\s+)?(?P<anchor>{f['weekday']}(?:,?\s+{f['month_any']}\s+{f['day']})?"
            rf"|{f['month_any']}\s+{f['day']}|today|yesterday|tomorrow|tonight))?"
        )
        zone = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET|local\s+time|Eastern\s+time)(?![\w]))?"
        clock = (
            r"(?:(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)(?![\w])"
            r"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?![\d])"
            r"|(?P<noon>noon|midnight|midday)"
            r"|(?P<h3>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
            r"(?:\s+o'clock|\s+in\s+the\s+(?P<pd>morning|afternoon|evening)))"
        )
        add(
            "time",
            rf"{B}(?:(?:about|around|approximately|shortly\s+after|shortly\s+before)\s+)?"
            rf"{clock}{zone}{day_anchor}",
            self.h_time,
        )
        # day + part of day ("Friday morning", "this morning", "last night")
        add(
            "daypart",
            rf"{B}(?:(?P<pre>early|late|later|earlier)\s+)?(?P<day>this|last|yesterday|tomorrow|"
            rf"today|{f['weekday']})\s+(?P<part>{f['part']})",
            self.h_daypart,
        )
        add(
            "partday",
            rf"{B}(?:(?P<pre>early|late|later|earlier)\s+)?(?P<part>{f['part']})\s+"
            rf"(?P<day>yesterday|today|tomorrow|{f['weekday']})",
            self.h_daypart,
        )
        # "Today is the eighth day of the strike": the reference day itself
        add(
            "nth_day_of",
            rf"(?<![\w'’-])(?P<x>the\s+{f['ordinal']}\s+(?:straight\s+|consecutive\s+)?day)\s+of\b",
            self.h_nth_day_of,
        )
        # "... terminate on Nov. 30. Until then, ...": the day just named
        add(
            "until_then",
            r"(?<![\w'’-])(?:until|till|by)\s+(?P<x>then)(?![\w'’-])",
            self.h_until_then,
        )
        # "as high this year as last": the unit is elided
        add(
            "elliptic_last",
            r"(?<![\w'’-])(?:as|than)\s+(?P<x>last)(?=\s*[.,;:!?)]|\s+(?:and|but|or)\b)",
            self.h_elliptic_last,
        )
        # a part of the day on its own ("by mid afternoon", "in the morning" after a day)
        add(
            "bare_part",
            r"(?<![\w'’-])(?:by|in|at|during|until|since)\s+(?P<x>(?P<the>the\s+)?"
            r"(?P<mid>mid[- ]?)?(?P<part>morning|afternoon|evening))(?![\w'’-])"
            r"(?!\s+(?:of|before|after|hours|paper|session|news|show|edition|trading)\b)",
            self.h_bare_part,
        )
        # full dates: (Weekday,) Month Day(, Year)
        add(
            "mdy",
            rf"{B}(?:(?P<mod>last|next|this)\s+)?(?:(?P<wd>{f['weekday']}),?\s+)?(?P<mon>{f['month_any']})\s+"
            rf"(?:the\s+)?(?P<d>{f['day']}|{f['day_word']})(?:,?\s+(?P<y>{yr}|{rel_year}))?",
            self.h_mdy,
        )
        add(
            "dmy",
            rf"{B}(?:(?P<wd>{f['weekday']}),?\s+)?(?:the\s+)?(?P<d>{f['day']}|{f['day_word']})\s+"
            rf"(?:of\s+)?(?P<mon>{f['month_any']})(?:,?\s+(?P<y>{yr}))?",
            self.h_mdy,
        )
        # month + year, bare month
        add(
            "my",
            rf"{B}{edge}(?P<mon>{f['month_full']}),?\s+(?:of\s+)?(?P<y>{yr}|{rel_year})",
            self.h_month,
        )
        add(
            "month",
            rf"{B}{edge}(?:(?P<mod>this\s+past|this\s+coming|this|last|next|that|each|every)\s+)?"
            rf"(?P<mon>{f['month_full']})",
            self.h_month,
        )
        # weekdays
        add(
            "weekday",
            rf"{B}(?:(?P<pre>early|late|earlier|later)\s+)?(?:(?P<mod>this\s+past|this\s+coming|"
            rf"the\s+previous|the\s+following|last|next|this|each|every)\s+)?(?P<wd>{f['weekday']})"
            rf"(?P<pl>s)?(?![\w])",
            self.h_weekday,
        )
        # years, decades, centuries
        add(
            "year",
            rf"{B}{edge}(?:(?P<fy>fiscal|calendar|the\s+year|the\s+fiscal\s+year|model|"
            rf"the\s+(?:first|second)\s+half\s+of)\s+)?(?P<pp>(?:pre|post)-)?(?P<y>{f['year']})",
            self.h_year,
        )
        add(
            "spelled_year",
            rf"{B}(?:(?P<edge>early|late|mid)[\s-]+)?(?P<the>the\s+year\s+)?(?P<y>{f['spelled_year']}){E}",
            self.h_spelled_year,
        )
        add(
            "decade",
            rf"{B}(?:the\s+(?:first|last|second|latter)\s+half\s+of\s+)?(?:the\s+)?(?:(?:early|late|mid)[\s-]*)?"
            rf"(?P<dec>(?:1[5-9]|20)\d0'?s|'\d0s|’\d0s)(?![\w])",
            self.h_decade,
        )
        add(
            "century",
            rf"{B}(?:the\s+)?(?:(?:early|late|mid)[\s-]*)?(?P<n>{f['ordinal']}|\d{{1,2}}(?:st|nd|rd|th))"
            rf"[\s-]+century",
            self.h_century,
        )
        # quarters and halves
        add(
            "quarter",
            rf"{B}(?:the\s+)?(?:(?P<yp>this\s+year's|last\s+year's|next\s+year's|{f['year']}'s|{f['year']}|"
            rf"fiscal\s+{f['year']}'s)\s+)?(?:(?:fiscal|calendar|current|latest|same|comparable|"
            rf"year-earlier|year-ago|corresponding)[\s-]+)*(?P<ord>{f['ordinal']})[\s-]+(?:fiscal[\s-]+)?"
            rf"(?P<qh>quarter|half|period)(?![\w])(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?(?P<y>{f['year']}|"
            rf"{rel_year}|the\s+year))?(?:\s+(?P<y2>{rel_year}|{f['year']}))?",
            self.h_quarter,
        )
        add(
            "two_quarters",
            rf"{B}{approx}(?P<the>the\s+)?(?P<fl>first|last|final|second)\s+two\s+quarters(?![\w-])"
            rf"(?:\s+of\s+(?P<y>{f['year']}|{rel_year}|the\s+year))?",
            self.h_two_quarters,
        )
        add(
            "quarter_anaphor",
            r"(?<![\w'’-])(?:the\s+|(?P<ly>last\s+year['’]s\s+))?(?P<mod>(?:(?:latest|current|most\s+recent|recent|past|last|previous|"
            r"prior|same|comparable|corresponding|fiscal|year-earlier|year-ago|year-before|prior-year)\s+)*)"
            r"(?P<what>quarter|period)(?![\w-])(?P<ago>\s+a\s+year\s+(?:ago|earlier)|\s+(?:of\s+)?last\s+year)?",
            self.h_quarter_anaphor,
        )
        add(
            "year_ago_adj",
            r"(?<![\w'’-])(?P<w>year-earlier|year-ago|year-before|prior-year|year-previous)(?![\w-])",
            self.h_year_ago_adj,
        )
        # seasons
        add(
            "season",
            rf"{B}{edge}(?:(?P<mod>this\s+past|this\s+coming|this|last|next|the|that|early|late)\s+)?"
            rf"(?P<s>{f['season']})(?:\s+of\s+(?P<y>{yr})|\s+(?P<y2>{f['year']}))?",
            self.h_season,
        )
        add(
            "seasons_n",
            rf"{B}(?:the\s+)?(?:past|last|next|coming|previous)\s+(?P<num>{f['num_strict']}|few|several)\s+"
            r"(?P<s>springs|summers|falls|autumns|winters)(?![\w])",
            self.h_seasons_n,
        )
        add(
            "year_season",
            rf"{B}(?P<y>{f['year']})\s+(?P<s>{f['season']})",
            self.h_season,
        )
        # relative calendar units
        add(
            "rel_unit",
            rf"{B}(?:(?P<pre>earlier|later|early|late|mid|(?:the\s+)?(?:end|beginning|start|middle|"
            rf"rest|remainder|close|first\s+half|second\s+half)\s+of)[\s-]+)?(?P<mod>this\s+past|"
            rf"this\s+coming|this|last|next|the\s+(?:past|last|previous|next|coming|following|current|"
            rf"same|present|prior|full|latest|entire|whole|most\s+recent)|the|current|past|previous|coming|"
            rf"that)\s+(?:(?:fiscal|calendar)\s+)?"
            rf"(?P<unit>year|month|week|weekend|decade|century|quarter|half)(?![\w-])",
            self.h_rel_unit,
        )
        # N units ago / earlier / later / from now
        add(
            "ago",
            rf"{B}{approx}(?P<num>{f['num']})\s+(?:more\s+)?(?P<unit>{f['unit']})\s+(?:or\s+so\s+)?"
            rf"(?P<dir>ago|earlier|from\s+now|hence|back)(?![\w])",
            self.h_ago,
        )
        # durations
        add(
            "duration",
            rf"{B}{approx}(?:(?P<det>the|a|an|each\s+of\s+the|all\s+of\s+the)\s+)?"
            rf"(?:(?P<mod>past|last|next|first|coming|previous|following|latest|final|remaining|"
            rf"initial|ensuing|preceding|prior|same|subsequent|second|year-earlier|year-ago|comparable)\s+)?"
            rf"(?P<num>{f['num']})(?:\s+(?:to|or)\s+(?P<num2>{f['num_strict']}))?\s+"
            rf"(?:(?:more|additional|full|straight|consecutive|trading|business|working|calendar|"
            rf"fiscal|long|whole|entire)\s+)?(?P<unit>{f['unit']})(?P<half>\s+and\s+a\s+half)?(?:\s+or\s+so)?",
            self.h_duration,
        )
        add(
            "duration_adj",
            rf"{B}(?P<num>{f['num_strict']}|\d+(?:\.\d+)?)[\s-]*-[\s-]*(?P<unit>{f['unit']})"
            rf"(?:-(?:long|old))?(?![\w])|{B}(?P<num3>{f['num_strict']}|several|few|multi)-(?P<unit3>{f['unit']})"
            rf"(?:-(?:long|old))?(?![\w])",
            self.h_duration,
        )
        add(
            "vague_dur",
            r"(?<![\w'’-])(?:(?:the|these)\s+)?(?P<mod>past|last|next|coming|recent|previous|following|"
            r"ensuing|upcoming|early|first|future)\s+(?:(?:few|several|couple\s+of|many)\s+)?"
            r"(?P<unit>years|months|weeks|days|decades|hours|quarters|centuries|minutes)(?![\w])",
            self.h_vague_dur,
        )
        add(
            "bare_plural",
            r"(?<![\w'’-])(?P<prep>for|in|within|over|after|take|took|takes|taken|last|lasted|"
            r"spent|spend)\s+(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes)"
            r"(?!\s+(?:of|ago|old|earlier|later|before|after)\b)(?![\w-])",
            self.h_bare_plural,
        )
        add("unit_long", rf"{B}(?P<unit>{f['unit']})-long(?![\w])", self.h_unit_long)
        add(
            "over_the_years",
            r"(?<![\w'’-])(?:over|through|in|during)\s+(?P<x>the\s+(?:years|decades|months|weeks|centuries))"
            r"(?!\s+(?:of|before|after|that|since|to|when|between|from)\b)(?![\w-])",
            self.h_over_the_years,
        )
        add(
            "days_around",
            r"(?<![\w'’-])(?:in|during|over)\s+the\s+(?P<unit>months|years|decades)\s+"
            r"(?P<rel>before|after|following|preceding|leading\s+up\s+to|that\s+followed)\b",
            self.h_days_around,
        )
        add(
            "ahead",
            r"(?<![\w'’-])(?:the\s+)?(?P<unit>years|months|weeks|days|decades|hours)\s+ahead(?![\w-])",
            self.h_over_the_years,
        )
        add(
            "year_end",
            r"(?<![\w'’-])(?:(?P<rel>this|last|next)\s+)?year(?:[- ]|'s\s+)end(?![\w-])",
            self.h_year_end,
        )
        add(
            "year_period",
            rf"{B}the\s+(?P<y>{f['year']})\s+(?P<what>quarter|period)(?![\w-])",
            self.h_year_period,
        )
        add(
            "week_of",
            rf"{B}the\s+week\s+of\s+(?P<mon>{f['month_any']})\s+(?P<d>{f['day']})(?:,?\s+(?P<y>{f['year']}))?",
            self.h_week_of,
        )
        add(
            "spelled_decade",
            rf"{B}the\s+(?:(?:early|late|mid)[\s-]*)?(?P<sd>{_alt(r['spelled_decades'])})(?![\w-])",
            self.h_decade,
        )
        # sets
        add(
            "set_every",
            rf"{B}(?P<q>every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{f['num_strict']})\s+)?"
            rf"(?P<what>{f['unit']}|{f['weekday']}|{f['month_full']}|{f['season']})(?![\w])",
            self.h_set,
        )
        add(
            "set_times",
            rf"{B}(?P<times>once|twice|thrice|(?:{f['num_strict']})\s+times)\s+(?:a|an|per|every|each)\s+"
            rf"(?P<what>{f['unit']})(?![\w])",
            self.h_set,
        )
        add(
            "set_adverb",
            rf"{B}(?P<adv>{_alt(r['set_adverbs'])}){E}",
            self.h_set_adverb,
        )
        # holidays
        holidays = _alt([*r["holidays_fixed"], *r["holidays_nth_weekday"], "easter"])
        add(
            "holiday",
            rf"{B}(?:(?P<mod>this|last|next)\s+)?(?P<h>{holidays})"
            rf"(?:\s+(?P<wk>week|weekend))?(?:\s+(?P<y>{f['year']}))?(?![\w])",
            self.h_holiday,
        )
        # deictic days and references
        add(
            "deictic",
            rf"{B}(?:(?P<pre>early|late|later|earlier)\s+)?(?P<w>today|yesterday|tomorrow|tonight)"
            r"(?![\w])",
            self.h_deictic,
        )
        refs = [w for w in r["refs"]]
        add(
            "ref",
            rf"{B}(?P<w>{_alt(refs)})(?![\w-])",
            self.h_ref,
        )
        self._build_keys()

    # ---------------------------------------------------------------- handlers
    # Each handler: (match, ctx) -> _Res | None (None: not a temporal expression here)

    def h_iso(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        y = int(m["y"])
        if y < 100:
            y += 1900 if y >= 50 else 2000
        try:
            d = date(y, int(m["m"]), int(m["d"]))
        except ValueError:
            return None
        return _Res("DATE", d.isoformat(), "day", "absolute date")

    def _anchor_day(
        self, text: str, m_start: int, ctx: _Ctx, tense: str
    ) -> tuple[date, str] | None:
        t = text.lower().strip()
        if ctx.dct is None:
            return None
        if t in ("today", "tonight"):
            return ctx.dct, "publication date"
        if t == "yesterday":
            return ctx.dct - timedelta(days=1), "day before publication"
        if t == "tomorrow":
            return ctx.dct + timedelta(days=1), "day after publication"
        md = re.search(rf"({self.f['month_any']})\s+({self.f['day']})", text, re.I)
        if md:
            mon = _month_name(md.group(1))
            day = int(re.sub(r"\D", "", md.group(2)))
            try:
                return date(_year_for(mon, day, tense, ctx.dct), mon, day), "month and day"
            except ValueError:
                return None
        wd = re.search(self.f["weekday"], text, re.I)
        if wd:
            d = _weekday_date(self.r["weekdays"][wd.group(0).lower()], tense, ctx.dct)
            return d, _day_how(d, ctx.dct, wd.group(0))
        return None

    def h_time(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        text = m.group(0)
        if m["h"] is not None:
            h, mi = int(m["h"]), int(m["mi"] or 0)
            ap = m["ap"].lower()
            if h > 12 or h == 0:
                return None
            if ap.startswith("p") and h != 12:
                h += 12
            if ap.startswith("a") and h == 12:
                h = 0
        elif m["h2"] is not None:
            h, mi = int(m["h2"]), int(m["mi2"])
            # "3:30" alone is often a score or ratio: require a day or zone
            if not m["anchor"] and not re.search(r"[ECMP][SD]T|GMT|UTC", text):
                return None
        elif m["noon"] is not None:
            w = m["noon"].lower()
            if re.search(r"\bhigh\s*$", ctx.parsed.text[max(0, m.start() - 6) : m.start()], re.I):
                return None  # "high noon", "High Noon"
            h, mi = (24, 0) if w == "midnight" else (12, 0)
        else:
            n = _number(m["h3"])
            if not isinstance(n, float) or not 1 <= n <= 12:
                return None
            h, mi = int(n), 0
            if m["pd"] and m["pd"].lower() in ("afternoon", "evening") and h != 12:
                h += 12
        clock = f"T{h:02d}:{mi:02d}"
        tense = _tense(ctx, m.start(), m.end(), False)
        if _until(ctx, m.start()):
            tense = "future"  # "until 9 a.m. Tuesday": a deadline still to come
        if m["anchor"]:
            anchored = self._anchor_day(m["anchor"], m.start(), ctx, tense)
            if anchored is None:
                return _Res("TIME", "", "time", NO_DCT)
            d, how = anchored
            ctx.last_day = (d, ctx.sentence_at(m.start()))
            return _Res("TIME", d.isoformat() + clock, "time", _rel_note(ctx, tense, how))
        sent = ctx.sentence_at(m.start())
        if ctx.last_day and 0 <= sent - ctx.last_day[1] <= 4:
            d = ctx.last_day[0]
            return _Res(
                "TIME",
                d.isoformat() + clock,
                "time",
                "clock time on the day named earlier in the sentence",
            )
        if ctx.dct is None:
            return _Res("TIME", "", "time", "clock time; the article has no publication date")
        return _Res(
            "TIME", ctx.dct.isoformat() + clock, "time", "clock time, on the publication date"
        )

    def h_daypart(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        part = self.r["parts_of_day"][re.sub(r"\s+", " ", m["part"].lower())]
        day = m["day"].lower()
        if day == "last" and part != "NI":
            return None  # "last morning" is not an expression; "last night" is
        if ctx.dct is None:
            return _Res("TIME", "", "time", NO_DCT)
        tense = _tense(ctx, m.start(), m.end(), False)
        if _until(ctx, m.start()):
            tense = "future"
        if day in ("this", "today"):
            d, how = ctx.dct, "publication date"
        elif day == "last":
            d, how = ctx.dct - timedelta(days=1), "night before publication"
        elif day == "yesterday":
            d, how = ctx.dct - timedelta(days=1), "day before publication"
        elif day == "tomorrow":
            d, how = ctx.dct + timedelta(days=1), "day after publication"
        else:
            d = _weekday_date(self.r["weekdays"][day], tense, ctx.dct)
            how = _day_how(d, ctx.dct, m["day"])
        ctx.last_day = (d, ctx.sentence_at(m.start()))
        if day not in ("this", "today", "last", "yesterday", "tomorrow") and part != "EV":
            # "Friday night" -> the day (TimeBank mostly annotates the date only); "this
            # morning", "last night" and "Friday evening" (an evening is never read as the
            # whole day) keep their part of day
            return _Res("DATE", d.isoformat(), "day", _rel_note(ctx, tense, f"{how} ({m['part']})"))
        return _Res("TIME", f"{d.isoformat()}T{part}", "time", _rel_note(ctx, tense, how))

    def h_nth_day_of(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        before = ctx.parsed.text[max(0, m.start() - 12) : m.start()]
        if not re.search(r"(?:\bit['’]s|\bit\s+is|\btoday\s+is|\bthis\s+is)\s+$", before, re.I):
            return None
        s, e = m.start("x"), m.end("x")
        if ctx.dct is None:
            return _Res("DATE", "", "day", NO_DCT, s, e)
        ctx.last_day = (ctx.dct, ctx.sentence_at(m.start()))
        return _Res("DATE", ctx.dct.isoformat(), "day", _rel_note(ctx, "present", "today"), s, e)

    def h_until_then(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        sent = ctx.sentence_at(m.start())
        if ctx.last_day is None or not 0 <= sent - ctx.last_day[1] <= 1:
            return None
        d = ctx.last_day[0]
        return _Res(
            "DATE",
            d.isoformat(),
            "day",
            "'then': the day named just before",
            m.start("x"),
            m.end("x"),
        )

    def h_seasons_n(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        code = self.r["seasons"][m["s"].lower()[:-1]]
        return _Res("SET", f"XXXX-{code}", "", "several seasons of the same name (TimeBank: a set)")

    def h_elliptic_last(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        sent = ctx.sentence_at(m.start())
        sentence = ctx.parsed.sentences[sent] if sent < len(ctx.parsed.sentences) else None
        if sentence is None:
            return None
        prior = ctx.parsed.text[sentence.start : m.start()]
        unit = re.search(
            r"\bthis\s+(year|month|week)\b(?!.*\bthis\s+(?:year|month|week)\b)", prior, re.I
        )
        if unit is None:
            return None
        s, e = m.start("x"), m.end("x")
        if ctx.dct is None:
            return _Res("DATE", "", "", NO_DCT, s, e)
        u = unit.group(1).lower()
        how = f"'last' standing for last {u}"
        if u == "year":
            return _Res("DATE", str(ctx.dct.year - 1), "year", _rel_note(ctx, "", how), s, e)
        if u == "month":
            d = ctx.dct.replace(day=1) - timedelta(days=1)
            return _Res("DATE", f"{d.year}-{d.month:02d}", "month", _rel_note(ctx, "", how), s, e)
        return _Res(
            "DATE", _week(ctx.dct - timedelta(days=7)), "week", _rel_note(ctx, "", how), s, e
        )

    def h_bare_part(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        """ "by mid afternoon" -> the part of the publication day (or of the day named just
        before); "in the morning" only right after a named day ("Prices fell Friday. Dealers
        bought heavily in the morning"), since alone it is usually habitual."""
        if not m["mid"] and not m["the"]:
            return None
        sent = ctx.sentence_at(m.start())
        recent = ctx.last_day is not None and 0 <= sent - ctx.last_day[1] <= 1
        if not m["mid"] and not recent:
            return None
        part = self.r["parts_of_day"][m["part"].lower()]
        if recent:
            d, how = ctx.last_day[0], "the day named just before"
        elif ctx.dct is None:
            return _Res("TIME", "", "time", NO_DCT, m.start("x"), m.end("x"))
        else:
            d, how = ctx.dct, ctx.ref_label
        return _Res(
            "TIME", f"{d.isoformat()}T{part}", "time", f"part of {how}", m.start("x"), m.end("x")
        )

    def h_mdy(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        mon_text = m["mon"]
        mon = _month_name(mon_text)
        d_text = m["d"].lower()
        day = self.r["day_ordinals"].get(d_text)
        if day is None:
            day = int(re.sub(r"\D", "", d_text))
        if mon_text[0].islower() and mon_text.lower() in (
            "may",
            "march",
            "mar",
            "jan",
            "dec",
            "sun",
        ):
            return None
        if mon_text.lower() in ("may", "march") and not m["y"]:
            tok = ctx.token_at(m.start())
            if tok is not None and tok.ent_type in ("PERSON", "ORG"):
                return None
        # "June 5" must not swallow "5 million" / "5%" / "5-year"
        after = ctx.parsed.text[m.end() : m.end() + 12]
        if not m["y"] and re.match(r"\s*(?:%|percent|million|billion|[-/]\d|\.\d|,\d{3})", after):
            return None
        y_text = m["y"]
        if y_text:
            yl = y_text.lower()
            if yl[0].isdigit():
                y = int(yl)
            elif "year" in yl:
                if ctx.dct is None:
                    return _Res("DATE", "", "day", NO_DCT)
                y = ctx.dct.year + {"last": -1, "next": 1}.get(yl.split()[0], 0)
            else:
                y = _spelled_year(yl)
                if y is None:
                    return None
            try:
                d = date(y, mon, day)
            except ValueError:
                return None
            ctx.last_day = (d, ctx.sentence_at(m.start()))
            ctx.ref_year = y
            ctx.ref_month = (y, mon)
            return _Res("DATE", d.isoformat(), "day", "absolute date")
        if ctx.dct is None:
            return _Res(
                "DATE",
                "",
                "day",
                "day and month without a year; the article has no publication date",
            )
        tense = "" if _deadline(ctx, m.start()) else _tense(ctx, m.start(), m.end())
        tense = _looking_back(ctx, m.start(), m.end(), tense)
        mod = (m.groupdict().get("mod") or "").lower()
        tense = {"last": "past", "next": "future"}.get(mod, tense)
        try:
            y = _year_for(mon, day, tense, ctx.dct)
            if mod == "last" and date(y, mon, day) >= ctx.dct:
                y -= 1
            if mod == "next" and date(y, mon, day) <= ctx.dct:
                y += 1
            d = date(y, mon, day)
        except ValueError:
            return None
        if m["wd"]:
            # a weekday fixes the year when the tense is unclear
            wd = self.r["weekdays"][m["wd"].lower()]
            for cand in (y, y - 1, y + 1):
                try:
                    if date(cand, mon, day).isoweekday() == wd:
                        d = date(cand, mon, day)
                        break
                except ValueError:
                    continue
        ctx.last_day = (d, ctx.sentence_at(m.start()))
        ctx.ref_month = (d.year, d.month)
        return _Res("DATE", d.isoformat(), "day", _rel_note(ctx, tense, f"year {d.year}"))

    def _month_ok(self, m: re.Match, ctx: _Ctx) -> bool:
        mon_text = m["mon"]
        if not mon_text[0].isupper():
            return False
        low = mon_text.lower().rstrip(".")
        tok = ctx.token_at(m.start("mon"))
        if (
            tok is not None
            and tok.ent_type in ("PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT")
            and m.groupdict().get("y") is None
        ):
            return False
        if m.groupdict().get("y") or m["edge"] or m.groupdict().get("mod"):
            return True
        if low in self.r["ambiguous_months"]:
            if tok is not None and tok.pos in ("VERB", "AUX"):
                return False
            before = ctx.parsed.text[max(0, m.start() - 12) : m.start()].lower()
            if not re.search(
                r"(?:\bin|\bsince|\buntil|\btill|\bby|\bduring|\bfrom|\bthrough|\bbefore|\bafter|"
                r"\bof|\bto|\bearly|\blate|\bmid|\bthrough|\bbetween|\band|\bor)[\s-]*$",
                before,
            ):
                if re.match(
                    r"\s+(?:with|on|for|to|into|against|us|together|forward|past|down|up)\b",
                    ctx.parsed.text[m.end() : m.end() + 10],
                ):
                    return False  # "March with us": the verb, whatever the tagger says
                return tok is not None and tok.ent_type == "DATE"
            nxt = ctx.parsed.text[m.end() : m.end() + 3]
            if (
                low == "may"
                and re.match(r"\s+[a-z]", nxt)
                and tok is not None
                and tok.ent_type != "DATE"
            ):
                return False
        return True

    def h_month(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        if not self._month_ok(m, ctx):
            return None
        mon = _month_name(m["mon"])
        mod = (m.groupdict().get("mod") or "").lower().split()
        edge = (m["edge"] or "").lower()
        y_text = (m.groupdict().get("y") or "").lower()
        if mod and mod[0] in ("each", "every"):
            return _Res("SET", f"XXXX-{mon:02d}", "", "every year in this month")
        if y_text:
            if y_text[0].isdigit():
                y = int(y_text)
                note = "absolute month"
            elif "year" in y_text:
                if ctx.dct is None:
                    return _Res("DATE", "", "month", NO_DCT)
                y = ctx.dct.year + {"last": -1, "next": 1}.get(y_text.split()[0], 0)
                note = _rel_note(ctx, "", f"{y_text} = {y}")
            else:
                y = _spelled_year(y_text)
                if y is None:
                    return None
                note = "absolute month (spelled-out year)"
            ctx.ref_year = y
            ctx.ref_month = (y, mon)
            return _Res(
                "DATE",
                f"{y}-{mon:02d}",
                "month",
                note + (f"; '{edge}' kept at month precision" if edge else ""),
            )
        if ctx.dct is None:
            return _Res(
                "DATE", "", "month", "month without a year; the article has no publication date"
            )
        tense = "" if _deadline(ctx, m.start()) else _tense(ctx, m.start(), m.end())
        tense = _looking_back(ctx, m.start(), m.end(), tense)
        dct = ctx.dct
        if mod and mod[0] == "last":
            y = dct.year if mon < dct.month else dct.year - 1
            how = "the previous such month"
        elif mod and mod[0] == "next":
            y = dct.year if mon > dct.month else dct.year + 1
            how = "the coming such month"
        elif mod and mod[0] == "this":
            y = dct.year
            if len(mod) > 1 and mod[1] == "past" and mon > dct.month:
                y -= 1
            if len(mod) > 1 and mod[1] == "coming" and mon < dct.month:
                y += 1
            how = "this year's"
        else:
            y = _year_for(mon, None, tense, dct)
            how = f"year {y}"
        ctx.ref_month = (y, mon)
        return _Res("DATE", f"{y}-{mon:02d}", "month", _rel_note(ctx, tense, how))

    def h_weekday(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        wd_text = m["wd"]
        if not wd_text[0].isupper():
            return None
        wd = self.r["weekdays"][wd_text.lower()]
        mod = (m["mod"] or "").lower().split()
        tok = ctx.token_at(m.start("wd"))
        if (
            tok is not None
            and tok.ent_type in ("ORG", "WORK_OF_ART", "PRODUCT", "PERSON")
            and not mod
        ):
            # "Black Friday" stays a date, "Friday Night Lights" a title
            after = ctx.parsed.text[m.end() : m.end() + 2]
            if tok.ent_type != "ORG" or after[:1].isupper():
                return None
        plural_part = _PLURAL_PART.match(ctx.parsed.text, m.end())
        if plural_part:
            # "Tuesday nights", "on Monday and Tuesday nights": every such night
            part = self.r["parts_of_day"][plural_part["part"].lower()[:-1]]
            end = m.end() if plural_part["wd"] else plural_part.end()
            return _Res(
                "SET", f"XXXX-WXX-{wd}T{part}", "", "every such part of the weekday", m.start(), end
            )
        if m["pl"] or (mod and mod[0] in ("each", "every")):
            return _Res("SET", f"XXXX-WXX-{wd}", "", "every such weekday")
        if ctx.dct is None:
            return _Res("DATE", "", "day", NO_DCT)
        tense = _tense(ctx, m.start(), m.end(), False)
        if _until(ctx, m.start()):
            tense = "future"
        if re.match(r"['’]s\b", ctx.parsed.text[m.end() : m.end() + 3]) and not mod:
            tense = "past"  # "Friday's meeting": an event already placed, read as past
        m0 = mod[0] if mod else ""
        if m0 == "this" and len(mod) > 1:
            m0 = "last" if mod[1] == "past" else "next"
        if m0 == "the":
            # "the previous Friday", "the following Monday": from the day the story last
            # named, or else from the publication date
            m0 = "last" if mod[1] == "previous" else "next"
            if ctx.last_day is not None:
                base = ctx.last_day[0]
                step = -1 if m0 == "last" else 1
                d = base + timedelta(days=step)
                while d.isoweekday() != wd:
                    d += timedelta(days=step)
                ctx.last_day = (d, ctx.sentence_at(m.start()))
                how = f"the {mod[1]} {wd_text} from {base.isoformat()}"
                return _Res(
                    "DATE", d.isoformat(), "day", f"relative to the day named before -> {how}"
                )
        d = _weekday_date(wd, tense, ctx.dct, m0)
        ctx.last_day = (d, ctx.sentence_at(m.start()))
        how = {
            "last": f"previous {wd_text}",
            "next": f"following {wd_text}",
            "this": f"{wd_text} of this week",
        }.get(
            m0,
            f"{'previous' if d <= ctx.dct else 'next'} {wd_text}"
            if d != ctx.dct
            else "the publication day",
        )
        return _Res("DATE", d.isoformat(), "day", _rel_note(ctx, tense if not m0 else "", how))

    def _year_filter(self, m: re.Match, ctx: _Ctx, y: int) -> bool:
        if m["fy"] or m["edge"]:
            return True
        text = ctx.parsed.text
        before = text[max(0, m.start() - 25) : m.start()]
        after = text[m.end() : m.end() + 15]
        if re.match(
            r"\s*(?:%|percent|per\s+cent|million|billion|shares|-to-|\s*[x×*+=])", after, re.I
        ):
            return False
        marker = re.search(
            r"(?:[$£€#]|\b(?:No\.|number|Nos?\.|Flight|Route|Highway|Suite|Room|page|p\.|Boeing|"
            r"Airbus|model|Windows|Rule|Article|Section|at|Code|Interstate|I-|Chapter)\s*)$",
            before,
            re.I,
        )
        # a number, price or model name; after "at" only a clock reading ("at 1800 GMT")
        at_only = marker is not None and marker.group(0).strip().lower() == "at"
        if marker and (not at_only or re.match(r"\s*(?:a\.m|p\.m|[ECMP][SD]T|GMT|hours)", after)):
            return False
        tok = ctx.token_at(m.start("y"))
        if (
            tok is not None
            and tok.ent_type in ("MONEY", "QUANTITY", "PERCENT", "CARDINAL")
            and not re.search(
                r"\b(?:in|since|by|until|till|from|through|of|during|before|after|to|between|and|early|late|mid|for)\s*$",
                before,
                re.I,
            )
        ):
            return False
        if tok is not None and tok.dep == "nummod" and tok.head == tok.i - 1:
            head = ctx.parsed.tokens[tok.head]
            if (
                head.pos == "PROPN"
                and head.text[:1].isupper()
                and head.text.lower().rstrip(".") not in self.r["months"]
                and text[head.end : tok.start].strip() == ""
                and not before.rstrip().lower().endswith(("of", "in"))
            ):
                return False  # part of a name ("a venture called Orion 1980")
        return y <= (ctx.dct.year + 30 if ctx.dct else 2100)

    def h_year(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        y = int(m["y"])
        if not self._year_filter(m, ctx, y):
            return None
        fy = (m["fy"] or "").lower()
        edge = (m["edge"] or "").lower()
        note = "explicit year; month/day not given"
        if "half" in fy:
            h = 1 if "first" in fy else 2
            return _Res("DATE", f"{y}-H{h}", "half", "half of an explicit year")
        if edge:
            note = f"explicit year ('{edge}' kept at year precision)"
        if fy.startswith("fiscal"):
            note = "fiscal year, named by its year"
        if m["pp"]:
            note = f"the year a '{m['pp']}' period is bounded by"
        ctx.ref_year = y
        return _Res("DATE", str(y), "year", note)

    def h_spelled_year(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        y = _spelled_year(m["y"])
        if y is None:
            return None
        low = m["y"].lower()
        if low.startswith("two thousand") and not m["the"]:
            before = ctx.parsed.text[max(0, m.start() - 10) : m.start()].lower()
            after = ctx.parsed.text[m.end() : m.end() + 12].lower()
            if not re.search(r"\b(?:in|since|by|until|of)\s*$", before) or re.match(
                r"\s+[a-z]", after
            ):
                return None
        return _Res("DATE", str(y), "year", "explicit year written in words")

    def h_over_the_years(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        gd = m.groupdict()
        if gd.get("x"):
            unit = m["x"].split()[-1]
            return _Res(
                "DURATION",
                _duration("X", _unit_code(unit)),
                "",
                "an unspecified span up to now",
                m.start("x"),
                m.end("x"),
            )
        return _Res(
            "DURATION", _duration("X", _unit_code(m["unit"])), "", "an unspecified span from now"
        )

    def h_days_around(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        """An unspecified span around an event ("in the years that followed", "in the months
        before the vote"); the span is the unit word (TimeBank)."""
        unit = m["unit"].lower()
        return _Res(
            "DURATION",
            _duration("X", _unit_code(unit)),
            "",
            "an unspecified span before or after an event",
            m.start("unit"),
            m.end("unit"),
        )

    def h_unit_long(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        unit = m["unit"].lower()
        code = _unit_code(unit)
        plural = unit in self.r["unit_plurals"]
        return _Res(
            "DURATION", _duration("X" if plural else 1, code), "", f"duration: {m.group(0)}"
        )

    def h_year_end(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        if ctx.dct is None:
            return _Res("DATE", "", "year", NO_DCT)
        rel = (m["rel"] or "").lower()
        if rel:
            y = ctx.dct.year + {"last": -1, "next": 1}.get(rel, 0)
            tense = ""
        else:
            tense = _tense(ctx, m.start(), m.end())
            y = ctx.dct.year - 1 if tense == "past" and ctx.dct.month <= 6 else ctx.dct.year
        return _Res(
            "DATE", str(y), "year", _rel_note(ctx, tense, f"end of {y}, kept at year precision")
        )

    def h_year_period(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        y = int(m["y"])
        ref = ctx.ref_quarter
        if ref is not None and not ctx.months_ref(m.start()):
            return _Res(
                "DATE",
                f"{y}-Q{ref[1]}",
                "quarter",
                "the quarter under discussion, in the named year",
            )
        if m["what"].lower() == "quarter":
            return None
        ctx.ref_year = y
        return _Res("DATE", str(y), "year", "explicit year")

    def h_decade(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        if m.groupdict().get("sd"):
            digit = self.r["spelled_decades"][m["sd"].lower()]
            century = (
                19
                if ctx.dct is None or ctx.dct.year // 100 * 100 + digit * 10 > ctx.dct.year
                else ctx.dct.year // 100
            )
            return _Res(
                "DATE", f"{century}{digit}", "decade", "decade written in words (century inferred)"
            )
        dec = m["dec"].replace("’", "'")
        if dec.startswith("'"):
            two = int(dec[1:3])
            if ctx.dct is not None:
                century = ctx.dct.year // 100 * 100
                year = century + two if century + two <= ctx.dct.year else century - 100 + two
            else:
                year = 1900 + two
            return _Res("DATE", str(year)[:3], "decade", "decade (century inferred)")
        return _Res("DATE", dec[:3], "decade", "decade")

    def h_century(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        n_text = m["n"].lower()
        n = self.r["ordinals"].get(n_text)
        if n is None:
            n = int(re.sub(r"\D", "", n_text))
        if n <= 0:
            return None
        return _Res("DATE", f"{n - 1:02d}", "century", "century")

    def _set_ref_quarter(self, ctx: _Ctx, y: int, q: int, start: int) -> None:
        if ctx.dct is not None and y * 4 + q > ctx.dct.year * 4 + _quarter_of(ctx.dct):
            return  # a forecast ("the third quarter of 1990") is not the quarter reported on
        ctx.ref_quarter = (y, q, ctx.sentence_at(start))
        ctx.ref_months = None

    def h_quarter(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        qh = m["qh"].lower()
        ordinal = self.r["ordinals"][m["ord"].lower()]
        text = m.group(0).lower()
        if qh == "period":
            return None
        per_year = 4 if qh == "quarter" else 2
        if ordinal == -1:
            ordinal = per_year
        if ordinal > per_year:
            return None
        code = "Q" if qh == "quarter" else "H"
        year_part = (m["y"] or m["y2"] or m["yp"] or "").lower()
        y = None
        if year_part:
            digits = re.search(r"\d{4}", year_part)
            if digits:
                y = int(digits.group(0))
            elif ctx.dct is not None:
                y = ctx.dct.year + (-1 if "last" in year_part else 1 if "next" in year_part else 0)
        if y is None and ("year-earlier" in text or "year-ago" in text):
            if ctx.dct is None:
                return _Res("DATE", "", qh, NO_DCT)
            base = ctx.ref_quarter[0] if ctx.ref_quarter else ctx.dct.year
            y = base - 1
        if y is None:
            # "the comparable year-ago quarter, the second quarter ended Oct. 31": an
            # appositive restates the period before it, so it shares its year
            prior = ctx.value_before(m.start())
            if prior and re.fullmatch(r"\d{4}-Q\d", prior):
                y = int(prior[:4])
        tense = ""
        if y is None:
            if ctx.dct is None:
                return _Res(
                    "DATE", "", qh, f"{qh} without a year; the article has no publication date"
                )
            tense = _tense(ctx, m.start(), m.end())
            cur = _quarter_of(ctx.dct) if per_year == 4 else (1 if ctx.dct.month <= 6 else 2)
            y = _period_year(ordinal, per_year, tense, cur, ctx.dct.year)
            note = _rel_note(ctx, tense, f"{qh} {ordinal} of {y}")
        else:
            note = f"{qh} {ordinal} of {y}"
        if code == "Q" and not self._indefinite(m, ctx):
            self._set_ref_quarter(ctx, y, ordinal, m.start())
        return _Res("DATE", f"{y}-{code}{ordinal}", "quarter" if code == "Q" else "half", note)

    def h_two_quarters(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        h = 1 if m["fl"].lower() == "first" else 2
        y_text = (m["y"] or "").lower()
        if y_text[:1].isdigit():
            y = int(y_text)
        elif ctx.dct is None:
            return _Res("DATE", "", "half", NO_DCT)
        else:
            y = ctx.dct.year + (-1 if "last" in y_text else 1 if "next" in y_text else 0)
        start = m.start("the") if m["the"] else m.start("fl")  # "at least" stays outside
        return _Res("DATE", f"{y}-H{h}", "half", f"two quarters = half {h} of {y}", start, m.end())

    def h_quarter_anaphor(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        mods = (m["mod"] or "").lower().split()
        what = m["what"].lower()
        text = m.group(0).lower()
        if not text.startswith("the") and not mods and not m["ly"]:
            return None
        if (
            what == "period"
            and not (m["ly"] or m["ago"])
            and not set(mods)
            & {
                "latest",
                "year-earlier",
                "year-ago",
                "comparable",
                "corresponding",
                "same",
                "year-before",
                "prior-year",
            }
        ):
            return None
        if ctx.dct is None:
            return _Res("DATE", "", "quarter", NO_DCT)
        cq, cy = _quarter_of(ctx.dct), ctx.dct.year
        last_done = (cy, cq - 1) if cq > 1 else (cy - 1, 4)
        ref = ctx.ref_quarter
        base = (ref[0], ref[1]) if ref else last_done
        shift_year = bool(m["ago"] or m["ly"]) or bool(
            set(mods) & {"year-earlier", "year-ago", "year-before", "prior-year"}
        )
        span = ctx.months_ref(m.start())
        if shift_year and what == "period" and span:
            return _Res("DURATION", span, "", "the same span of months a year before")
        if shift_year:
            y, q = base[0] - 1, base[1]
            how = "same quarter a year before the quarter under discussion"
        elif "current" in mods:
            y, q = cy, cq
            how = "quarter of the publication date"
        elif (
            set(mods) & {"latest", "most"}
            and ref
            and ref[0] * 4 + ref[1] <= last_done[0] * 4 + last_done[1]
            and ctx.sentence_at(m.start()) - ref[2] <= QUARTER_CONTEXT_SENTENCES
        ):
            # "the latest period" after "its fiscal second quarter": that (fiscal) quarter
            y, q = base
            how = "the quarter the report is about"
        elif set(mods) & {"latest", "most", "recent", "past", "last", "previous", "prior"}:
            y, q = last_done
            how = "last completed quarter"
        elif ref and ref[0] * 4 + ref[1] <= cy * 4 + cq:
            y, q = base
            how = "quarter under discussion"
        else:
            y, q = last_done
            how = "last completed quarter"
        if not shift_year:
            self._set_ref_quarter(ctx, y, q, m.start())
        return _Res("DATE", f"{y}-Q{q}", "quarter", _rel_note(ctx, "", how))

    def h_year_ago_adj(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        if ctx.dct is None:
            return _Res("DATE", "", "year", NO_DCT)
        ref = ctx.ref_quarter
        if (
            ref
            and ctx.sentence_at(m.start()) - ref[2] <= QUARTER_CONTEXT_SENTENCES
            and not ctx.months_ref(m.start())
        ):
            return _Res(
                "DATE",
                f"{ref[0] - 1}-Q{ref[1]}",
                "quarter",
                "same quarter a year before the quarter under discussion",
            )
        return _Res("DATE", str(ctx.dct.year - 1), "year", _rel_note(ctx, "", "the year before"))

    def h_season(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        s_text = m["s"]
        code = self.r["seasons"][s_text.lower()]
        mod = (m.groupdict().get("mod") or "").lower().split()
        y_text = m.groupdict().get("y") or m.groupdict().get("y2")
        edge = m.groupdict().get("edge")
        tok = ctx.token_at(m.start("s"))
        if not y_text and not mod and not edge:
            before = ctx.parsed.text[max(0, m.start() - 10) : m.start()].lower()
            if not re.search(
                r"\b(?:in|since|until|by|during|through|over|this|last|next)\s*$", before
            ):
                return None
        if s_text.lower() == "fall" and tok is not None and tok.pos not in ("NOUN", "PROPN"):
            return None
        if s_text.lower() == "spring" and tok is not None and tok.pos == "VERB":
            return None
        if mod and mod[0] == "the" and not y_text:
            after = ctx.parsed.text[m.end() : m.end() + 5].lower()
            if after.startswith(" of"):
                return None
        if y_text:
            y = int(y_text) if y_text[:1].isdigit() else _spelled_year(y_text)
            if y is None:
                return None
            return _Res("DATE", f"{y}-{code}", "season", "season of an explicit year")
        if ctx.dct is None:
            return _Res("DATE", "", "season", NO_DCT)
        lo, hi = self.r["season_months"][code]
        cur = ctx.dct.month if not (code == "WI" and ctx.dct.month <= 2) else ctx.dct.month + 12
        cy = ctx.dct.year if not (code == "WI" and ctx.dct.month <= 2) else ctx.dct.year - 1
        inside = lo <= cur <= hi
        started = cur >= lo
        m0 = mod[0] if mod else ""
        if m0 == "this" and len(mod) > 1:
            m0 = "last" if mod[1] == "past" else "next"
        tense = _tense(ctx, m.start(), m.end())
        if m0 == "last":
            y = cy - 1 if started else cy - 1
            if not inside and started:
                y = cy
        elif m0 == "next":
            y = cy + 1 if started else cy
        elif m0 == "this":
            y = cy
        elif tense == "past":
            y = cy if started else cy - 1
        elif tense == "future":
            y = cy if cur <= hi else cy + 1
        else:
            y = cy
        return _Res(
            "DATE",
            f"{y}-{code}",
            "season",
            _rel_note(ctx, tense if not m0 else "", f"{s_text} of {y}"),
        )

    def h_rel_unit(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        unit = m["unit"].lower()
        if (
            m["unit"][0].isupper()
            and not m.group(0)[0].isupper()
            or m["unit"].istitle()
            and m["mod"].istitle()
        ):
            return None  # a title ("This Week With ...", "Next Year's Model")
        mod = re.sub(r"\s+", " ", m["mod"].lower())
        pre = re.sub(r"\s+", " ", (m["pre"] or "").lower())
        if mod == "the" and not pre and unit not in ("year", "weekend"):
            return None
        if mod == "the following" and unit in ("year", "month"):
            # anaphoric: the year or month after the one the story last named ("On May 22,
            # 1995, ... and the following year"); without one, after the publication date
            if unit == "year" and ctx.ref_year is not None:
                return _Res(
                    "DATE", str(ctx.ref_year + 1), "year", "the year after the one named before"
                )
            if unit == "month" and ctx.ref_month is not None:
                y, mo = ctx.ref_month
                y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
                return _Res(
                    "DATE", f"{y}-{mo:02d}", "month", "the month after the one named before"
                )
        if mod in ("that", "the same"):
            if unit == "year" and ctx.ref_year is not None:
                return _Res(
                    "DATE", str(ctx.ref_year), "year", "the year named before in the article"
                )
            if unit == "quarter" and ctx.ref_quarter is not None:
                y, q, _ = ctx.ref_quarter
                return _Res(
                    "DATE", f"{y}-Q{q}", "quarter", "the quarter named before in the article"
                )
            return None
        after = ctx.parsed.text[m.end() : m.end() + 20].lower()
        if (
            unit == "year"
            and mod == "the"
            and not pre
            and re.match(r"\s*(?:ended|ending|ends|to\s+date)\b", after)
        ):
            return _Res("DURATION", "P1Y", "", "a twelve-month (fiscal) year, as a duration")
        if mod in ("the full", "the entire", "the whole"):
            mod = "this"
        if mod in ("the latest", "the most recent"):
            mod = "last"
        if mod in ("past", "previous", "coming", "current") and unit not in (
            "year",
            "decade",
            "century",
            "month",
            "week",
            "quarter",
        ):
            return None
        if mod in ("the", "current", "the current") and unit == "quarter":
            return None  # handled by the quarter anaphor rule
        if unit == "half":
            if ctx.dct is None:
                return _Res("DATE", "", "half", NO_DCT)
            h = 1 if ctx.dct.month <= 6 else 2
            y = ctx.dct.year
            if mod in ("last", "the last", "the past", "the previous", "the prior"):
                y, h = (y, 1) if h == 2 else (y - 1, 2)
            elif mod in ("next", "the next", "the coming"):
                y, h = (y, 2) if h == 1 else (y + 1, 1)
            return _Res("DATE", f"{y}-H{h}", "half", _rel_note(ctx, "", f"half {h} of {y}"))
        past = mod in (
            "last",
            "the last",
            "the past",
            "past",
            "the previous",
            "previous",
            "this past",
            "the prior",
        )
        future = mod in ("next", "the next", "the coming", "coming", "the following", "this coming")
        if unit in ("decade", "century"):
            if past or future:
                return _Res(
                    "DURATION",
                    "P10Y" if unit == "decade" else "P100Y",
                    "",
                    f"the {'past' if past else 'next'} ten years as a duration (TimeML convention)"
                    if unit == "decade"
                    else "a hundred years as a duration",
                )
            if ctx.dct is None:
                return _Res("DATE", "", unit, NO_DCT)
            v = str(ctx.dct.year)[:3] if unit == "decade" else f"{ctx.dct.year // 100:02d}"
            return _Res("DATE", v, unit, _rel_note(ctx, "", f"the {unit} of the publication date"))
        if ctx.dct is None:
            return _Res("DATE", "", unit if unit != "weekend" else "week", NO_DCT)
        dct = ctx.dct
        tense = ""
        off = -1 if past else 1 if future else 0
        if mod == "the" and unit == "year" and not pre:
            # "the year": the current year (TimeBank reads it as a calendar year)
            off = 0
        if unit == "year":
            y = dct.year + off
            ref = ctx.ref_quarter
            if (
                mod == "last"
                and not pre
                and ref is not None
                and not ctx.months_ref(m.start())
                and ref[0] == dct.year
                and 0 <= ctx.sentence_at(m.start()) - ref[2] <= QUARTER_CONTEXT_SENTENCES
                and (
                    _COMPARED.search(ctx.parsed.text[max(0, m.start() - 60) : m.start()])
                    or _RESULTS.match(ctx.parsed.text[m.end() : m.end() + 20])
                )
            ):
                # "compared with a loss of $3 million last year", "last year's results" in a
                # quarterly report: the same quarter of the previous year
                return _Res(
                    "DATE",
                    f"{y}-Q{ref[1]}",
                    "quarter",
                    "same quarter a year before the quarter under discussion",
                )
            if pre in (
                "end of",
                "the end of",
                "close of",
                "the close of",
                "beginning of",
                "the beginning of",
                "start of",
                "the start of",
            ):
                return _Res(
                    "DATE", str(y), "year", _rel_note(ctx, "", f"{pre} {y}, kept at year precision")
                )
            if pre in ("first half of", "the first half of"):
                return _Res("DATE", f"{y}-H1", "half", _rel_note(ctx, "", f"first half of {y}"))
            if pre in ("second half of", "the second half of"):
                return _Res("DATE", f"{y}-H2", "half", _rel_note(ctx, "", f"second half of {y}"))
            return _Res(
                "DATE",
                str(y),
                "year",
                _rel_note(
                    ctx, "", f"year {y}" + (f" ('{pre}' kept at year precision)" if pre else "")
                ),
            )
        if unit == "month":
            d = dct + relativedelta(months=off)
            return _Res(
                "DATE",
                f"{d.year}-{d.month:02d}",
                "month",
                _rel_note(ctx, "", f"month {d.year}-{d.month:02d}"),
            )
        if unit == "week":
            d = dct + timedelta(weeks=off)
            return _Res("DATE", _week(d), "week", _rel_note(ctx, "", f"week {_week(d)}"))
        if unit == "weekend":
            if off == 0 and mod in ("the", "that"):
                tense = _tense(ctx, m.start(), m.end())
                if re.search(
                    r"\b(?:ahead\s+of|before|until|till|heading\s+into|going\s+into)\s*$",
                    ctx.parsed.text[max(0, m.start() - 16) : m.start()],
                    re.I,
                ):
                    tense = "future"  # "squared positions ahead of the weekend"
                off = -1 if tense == "past" else 0
            sat = dct + timedelta(days=(6 - dct.isoweekday()) % 7)
            if off < 0 or (off == 0 and dct.isoweekday() == 7):
                sat = dct - timedelta(days=(dct.isoweekday() - 6) % 7 or 7)
                if dct.isoweekday() == 7:
                    sat = dct - timedelta(days=1)
            if off > 0:
                sat = dct + timedelta(days=((6 - dct.isoweekday()) % 7) or 7)
            return _Res(
                "DATE",
                _week(sat) + "-WE",
                "week",
                _rel_note(ctx, tense, f"weekend of {_week(sat)}"),
            )
        if unit == "quarter":
            q = _quarter_of(dct) + off
            y = dct.year
            if q == 0:
                y, q = y - 1, 4
            elif q == 5:
                y, q = y + 1, 1
            self._set_ref_quarter(ctx, y, q, m.start())
            return _Res("DATE", f"{y}-Q{q}", "quarter", _rel_note(ctx, "", f"quarter {y}-Q{q}"))
        return None

    def h_ago(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        n = _number(m["num"])
        code = _unit_code(m["unit"])
        direction = re.sub(r"\s+", " ", m["dir"].lower())
        if n is None or not code:
            return None
        sign = -1 if direction in ("ago", "earlier", "before", "back") else 1
        if n == "X":
            return _Res(
                "DATE",
                "PAST_REF" if sign < 0 else "FUTURE_REF",
                "ref",
                "vague distance from the publication date",
            )
        if ctx.dct is None:
            return _Res("DATE", "", "", NO_DCT)
        anchor = ctx.dct
        how_anchor = "publication date"
        k = float(n)
        # "a year earlier" in a sentence about a quarter: the same quarter a year before
        if (
            direction in ("earlier", "ago", "before")
            and code == "Y"
            and k == 1
            and ctx.ref_quarter
            and not ctx.months_ref(m.start())
        ):
            ref = ctx.ref_quarter
            if ctx.sentence_at(m.start()) - ref[2] <= QUARTER_CONTEXT_SENTENCES:
                return _Res(
                    "DATE",
                    f"{ref[0] - 1}-Q{ref[1]}",
                    "quarter",
                    "same quarter a year before the quarter under discussion",
                )
        if code == "Y":
            y = anchor.year + sign * int(k)
            return _Res(
                "DATE",
                str(y),
                "year",
                _rel_note(ctx, "", f"{int(k)} year(s) from the {how_anchor}: {y}"),
            )
        if code == "DE":
            y = anchor.year + sign * int(k) * 10
            return _Res("DATE", str(y), "year", _rel_note(ctx, "", f"about {y}"))
        if code == "CE":
            y = anchor.year + sign * int(k) * 100
            return _Res("DATE", str(y)[:2], "century", _rel_note(ctx, "", f"century of {y}"))
        if code == "M":
            d = anchor + relativedelta(months=sign * int(k))
            return _Res(
                "DATE",
                f"{d.year}-{d.month:02d}",
                "month",
                _rel_note(ctx, "", f"month {d.year}-{d.month:02d}"),
            )
        if code == "Q":
            d = anchor + relativedelta(months=3 * sign * int(k))
            return _Res(
                "DATE", f"{d.year}-Q{_quarter_of(d)}", "quarter", _rel_note(ctx, "", "quarter")
            )
        if code in ("W", "FN"):
            d = anchor + timedelta(weeks=sign * k * (2 if code == "FN" else 1))
            return _Res("DATE", _week(d), "week", _rel_note(ctx, "", f"week {_week(d)}"))
        if code in ("D", "NI"):
            d = anchor + timedelta(days=sign * int(k))
            return _Res("DATE", d.isoformat(), "day", _rel_note(ctx, "", f"day {d.isoformat()}"))
        if code in ("H", "MIN", "S"):
            return _Res(
                "TIME", ctx.dct.isoformat(), "day", _rel_note(ctx, "", "within the publication day")
            )
        return None

    def h_duration(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        gd = m.groupdict()
        num_text = gd.get("num") or gd.get("num3")
        unit_text = gd.get("unit") or gd.get("unit3")
        n = _number(num_text)
        code = _unit_code(unit_text)
        if n is None or not code or code == "NI":
            return None
        det = (gd.get("det") or "").lower()
        mod = (gd.get("mod") or "").lower()
        num_low = num_text.lower().strip()
        text = m.group(0)
        if num_low in ("a", "an") and det:
            return None
        if num_low in ("some", "many") and unit_text.lower() in ("day", "time"):
            return None
        if num_low in ("a", "an", "one") and not mod and "-" not in text:
            before = ctx.parsed.text[max(0, m.start() - 12) : m.start()].lower()
            after = ctx.parsed.text[m.end() : m.end() + 12].lower()
            if (
                unit_text.lower() == "day"
                and num_low == "one"
                and re.search(r"\b(?:will|would|could|might|may|can|shall)\s*$", before)
            ):
                # "Islam will one day be ...": some time in the future
                return _Res("DATE", "FUTURE_REF", "ref", "'one day' after a modal: the future")
            if unit_text.lower() in ("day", "night") and not re.search(
                r"\b(?:for|in|within|over|than|about|nearly|almost|only|just|by)\s*$", before
            ):
                return None
            if _QUANTITY_BEFORE.search(ctx.parsed.text[max(0, m.start() - 30) : m.start()]):
                # "$1.76 a year", "700 seats a week": a rate of money or output, not a
                # recurring time (like "20% annually")
                return None
            if re.search(r"(?:\bonce|\btwice|\btimes)\s*$", before) and code in (
                "Y", "M", "W", "D", "H"
            ):  # fmt: skip
                return _Res("SET", _duration(1, code), "", "a frequency per unit of time")
            if re.match(r"\s*(?:ago|earlier)\b", after):
                return None
        if (
            num_low in ("a", "an")
            and re.search(r"\b(?:fiscal|calendar)\s", text, re.I)
            and not re.match(
                r"\s+(?:end|ended|ending|that|which|to\s+date)\b",
                ctx.parsed.text[m.end() : m.end() + 12],
                re.I,
            )
        ):
            return None  # "changed from a fiscal year to a calendar year": a kind of year
        if unit_text.lower() in ("second", "seconds") and num_low in self.r["ordinals"]:
            return None
        if num_low.isdigit() and float(num_low) > 1000 and code not in ("MIN", "S", "H", "D"):
            return None
        after = ctx.parsed.text[m.end() : m.end() + 12].lower()
        if code == "Y" and (
            text.lower().endswith("-old") or re.match(r"[\s-]*(?:old|of\s+age)\b", after)
        ):
            return None  # an age, not a period
        if text.lower().endswith("-old") and _PERSON_AFTER.match(after):
            return None  # "their 6-month-old son": an age too ("a 6-month-old truce" is not)
        if code == "S" and num_low in ("a", "an"):
            return None  # "a second" (ordinal)
        if (
            code == "Q"
            and n != "X"
            and ("-" in text or unit_text.lower().endswith("s"))
            and re.match(r"\s*of\b", after)
        ):
            return None  # "three-quarters of" is a fraction
        if (
            code == "Q"
            and num_low in ("a", "one")
            and re.match(r"\s*of\s+(?!a\s+century|the\s+(?:year|century)\b)", after)
        ):
            return None  # "more than a quarter of the market": a fraction too
        if gd.get("half") and isinstance(n, float):
            n += 0.5
        value = _duration(n, code)
        if (
            det in ("a", "an")
            and num_low not in ("a", "an")
            and not re.match(r"(?i)" + self.f["approx"], text)
        ):
            start = m.start("mod") if gd.get("mod") else m.start("num")
            return _Res(
                "DURATION",
                value,
                "",
                f"duration: {text[start - m.start() :].strip()}",
                start,
                m.end(),
            )
        if gd.get("num2"):
            n2 = _number(gd["num2"])
            if isinstance(n2, float) and isinstance(n, float):
                value = _duration(n, code)  # "two to three weeks": the lower bound (TimeBank)
        if mod == "second" and not det:
            return None
        if code == "M" and det == "the" and isinstance(n, float) and 3 < n < 12:
            ctx.ref_months = (value, ctx.sentence_at(m.start()))  # "the first nine months"
        return _Res("DURATION", value, "", f"duration: {text.strip()}")

    def h_vague_dur(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        mod = m["mod"].lower()
        unit = m["unit"].lower()
        code = _unit_code(unit)
        text = m.group(0).lower()
        if mod in ("early", "first") and not text.startswith("the"):
            return None
        if mod == "future":
            return _Res("DATE", "FUTURE_REF", "ref", "general reference to the future")
        if mod in ("recent", "past") and unit == "years" and text.split()[0] in ("recent", "past"):
            return _Res(
                "DATE",
                "PAST_REF",
                "ref",
                "general reference to the past (TimeBank: 'recent years')",
            )
        if (
            mod == "past"
            and "the" not in text.split()[:1]
            and "few" not in text
            and "several" not in text
        ):
            return _Res(
                "DURATION", _duration("X", code), "", "an unspecified number of units up to now"
            )
        if mod in ("early", "first"):
            return _Res("DURATION", _duration("X", code), "", "an unspecified span")
        return _Res("DURATION", _duration("X", code), "", "an unspecified number of units")

    def h_bare_plural(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        code = _unit_code(m["unit"])
        s, e = m.start("unit"), m.end("unit")
        return _Res("DURATION", _duration("X", code), "", "an unspecified number of units", s, e)

    def h_set(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        what = m["what"]
        low = what.lower()
        gd = m.groupdict()
        if low in self.r["weekdays"]:
            return _Res("SET", f"XXXX-WXX-{self.r['weekdays'][low]}", "", "every such weekday")
        if low.rstrip(".") in self.r["months"]:
            if not what[0].isupper():
                return None
            return _Res("SET", f"XXXX-{_month_name(what):02d}", "", "every year in this month")
        if low in self.r["seasons"]:
            return _Res("SET", f"XXXX-{self.r['seasons'][low]}", "", "every year in this season")
        code = _unit_code(what)
        if not code:
            return None
        n: float | str = 1.0
        if gd.get("num"):
            n = _number(gd["num"]) or 1.0
        if gd.get("other"):
            n = 2.0
        if gd.get("times"):
            return _Res("SET", _duration(1, code), "", "a frequency per unit of time")
        if m["q"].lower() == "per" and _QUANTITY_BEFORE.search(
            ctx.parsed.text[max(0, m.start() - 30) : m.start()]
        ):
            return None  # "15 million instructions per second": a rate
        if code == "Q":
            return _Res("SET", "P1Q" if n == 1.0 else f"P{_fmt(float(n))}Q", "", "every quarter")
        return _Res("SET", _duration(n, code), "", "a recurring period")

    def h_set_adverb(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        tok = ctx.token_at(m.start())
        if tok is not None and tok.pos in ("NOUN", "PROPN"):
            return None  # "the party daily", a newspaper
        nxt = ctx.token_at(m.end() + 1)
        if re.search(
            r"\baverage\s*$", ctx.parsed.text[max(0, m.start() - 10) : m.start()], re.I
        ) or (
            nxt is not None
            and nxt.start > m.end()
            and nxt.tag == "NNS"
            and nxt.head == nxt.i
            or nxt is not None
            and nxt.start > m.end()
            and nxt.tag == "NNS"
            and tok is not None
            and tok.head == nxt.i
        ):
            # "average daily volume": a statistic; "daily flights": the frequency of countable
            # things, not a recurring time (TimeBank leaves both unannotated)
            return None
        before = ctx.parsed.text[max(0, m.start() - 25) : m.start()]
        if re.search(
            r"(?:\d%?|\bpercent|\bper\s+cent|\d\s+(?:million|billion|thousand))\s*$"
            r"|\d[\d,.]*\s+(?:[a-z]+\s+)?[a-z]+s\s*$",
            before,
        ):
            # "to rise 8.5% annually", "10,000 units annually": a rate of growth or output,
            # not a recurring event
            return None
        return _Res("SET", self.r["set_adverbs"][m["adv"].lower()], "", "a recurring period")

    def h_holiday(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        name = m["h"].lower()
        if not m["h"][0].isupper():
            return None

        def on(y: int) -> date:
            if name == "easter":
                return easter(y)
            if name in self.r["holidays_fixed"]:
                mm, dd = self.r["holidays_fixed"][name].split("-")
                return date(y, int(mm), int(dd))
            mon, wd, nth = self.r["holidays_nth_weekday"][name]
            if nth == 0:  # election day: the Tuesday after the first Monday of November
                first = date(y, mon, 1)
                return first + timedelta(days=(1 - first.isoweekday()) % 7 + 1)
            if nth > 0:
                first = date(y, mon, 1)
                return first + timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (nth - 1))
            last = date(y, mon + 1, 1) - timedelta(days=1) if mon < 12 else date(y, 12, 31)
            return last - timedelta(days=(last.isoweekday() - wd) % 7)

        if m["y"]:
            y = int(m["y"])
        else:
            if ctx.dct is None:
                return _Res("DATE", "", "day", NO_DCT)
            tense = _tense(ctx, m.start(), m.end())
            mod = (m["mod"] or "").lower()
            this = on(ctx.dct.year)
            if mod == "last":
                y = ctx.dct.year if this < ctx.dct else ctx.dct.year - 1
            elif mod == "next":
                y = ctx.dct.year if this > ctx.dct else ctx.dct.year + 1
            elif tense == "past":
                # "as Easter week began": a holiday week has begun six days before the feast
                start = this - timedelta(days=6) if m["wk"] else this
                y = ctx.dct.year if start <= ctx.dct else ctx.dct.year - 1
            elif tense == "future":
                y = ctx.dct.year if this >= ctx.dct else ctx.dct.year + 1
            else:
                y = min(
                    (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1),
                    key=lambda yy: abs((on(yy) - ctx.dct).days),
                )
        d = on(y)
        if m["wk"]:
            return _Res(
                "DATE",
                _week(d) + ("-WE" if m["wk"].lower() == "weekend" else ""),
                "week",
                f"week of {name} {y}",
            )
        return _Res("DATE", d.isoformat(), "day", f"{name} {y}")

    def h_week_of(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        mon, day = _month_name(m["mon"]), int(re.sub(r"\D", "", m["d"]))
        if m["y"]:
            y = int(m["y"])
        elif ctx.dct is not None:
            y = _year_for(mon, day, _tense(ctx, m.start(), m.end()), ctx.dct)
        else:
            return _Res("DATE", "", "week", NO_DCT)
        try:
            d = date(y, mon, day)
        except ValueError:
            return None
        return _Res("DATE", _week(d), "week", f"the week of {d.isoformat()}")

    def h_deictic(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        w = m["w"].lower()
        text = ctx.parsed.text
        if w == "today" and re.match(
            r"['’]s\s+(?:[a-z]+\s+)?(?:world|society|youth|young|generation|children|kids|"
            r"standards|computers|technology|families)\b",
            text[m.end() : m.end() + 32],
            re.I,
        ):
            return None  # generic "nowadays" ("today's world"), not a date
        if m["w"] == "Today" and not m["pre"]:
            prev = ctx.token_at(m.start() - 1) if m.start() else None
            if (
                prev is not None
                and prev.pos == "PROPN"
                and prev.end <= m.start()
                and (text[prev.end : m.start()].strip() == "")
            ):
                return None  # a programme or paper name ("VOA Today", "USA Today")
        if w == "tomorrow" and re.search(
            r"\b(?!end\b|start\b|beginning\b|close\b|morning\b|afternoon\b|evening\b|night\b)"
            r"[a-z]+\s+of\s*$",
            text[max(0, m.start() - 20) : m.start()],
            re.I,
        ):
            return None  # "the people of tomorrow": the future in general, not a day
        if ctx.dct is None:
            return _Res("DATE", "", "day", NO_DCT)
        d = ctx.dct + timedelta(days=self.r["deictic_days"][w])
        ctx.last_day = (d, ctx.sentence_at(m.start()))
        if w == "tonight":
            return _Res(
                "TIME",
                d.isoformat() + "TNI",
                "time",
                _rel_note(ctx, "", "evening of the publication date"),
            )
        return _Res("DATE", d.isoformat(), "day", _rel_note(ctx, "", w))

    def h_ref(self, m: re.Match, ctx: _Ctx) -> _Res | None:
        w = re.sub(r"\s+", " ", m["w"].lower())
        tok = ctx.token_at(m.start())
        after = ctx.parsed.text[m.end() : m.end() + 12].lower()
        if w == "current":
            # "current" as a noun (electric current) or in fixed terms is no time reference
            if tok is not None and tok.pos not in ("ADJ",):
                return None
            if re.match(
                r"\s+(?:account|assets|liabilit|events|affairs|prices|dollars|ratio)", after
            ):
                return None
        if w == "now" and re.match(r"\s*-", after):
            return None
        if w in ("now", "currently") and after.startswith(",") and self._clause_initial(tok, ctx):
            # "Now, he says, ...", "Currently, X has ...": a sentence adverb framing the
            # statement (discourse "now"), which TimeBank does not annotate
            return None
        if w == "the future" and re.match(r"\s+of\b", after):
            return None  # "the future of our peoples": their prospects, not a time
        if w == "the past" and re.match(r"\s+(?:is|was|of)\b", after):
            pass
        if w == "recent" and tok is not None and self._determined(tok, ctx):
            # "the recent sale", "a recent public offering": a definite or indefinite
            # description of an event; bare "recent declines" is the vague time reference
            return None
        if w == "soon" and not self._soon_ahead(m, tok, ctx):
            return None
        if w in ("the long term", "the long run") and not re.search(
            r"\b(?:in|over|for)\s*$", ctx.parsed.text[max(0, m.start() - 6) : m.start()].lower()
        ):
            return None
        value = self.r["refs"][w]
        how = {"PRESENT_REF": "the present", "PAST_REF": "the past", "FUTURE_REF": "the future"}[
            value
        ]
        return _Res("DATE", value, "ref", f"general reference to {how}")

    @staticmethod
    def _soon_ahead(m: re.Match, tok: Token | None, ctx: _Ctx) -> bool:
        """Whether "soon" is a time of its own ("will soon begin", "may soon seek", "expects
        sales to soon grow"): its clause looks ahead (future, modal or infinitive). Not "as
        soon as", "soon after X" (relative to X) or a narrative past ("soon became a flood")."""
        text = ctx.parsed.text
        if re.search(r"\bas\s*$", text[max(0, m.start() - 4) : m.start()], re.I):
            return False
        if re.match(
            r"\s*(?:after|afterwards?|before|thereafter|enough|as)\b", text[m.end() :], re.I
        ):
            return False
        if tok is None:
            return False
        toks = ctx.parsed.tokens
        head = toks[tok.head]
        if head.pos not in ("VERB", "AUX", "ADJ"):
            return False
        auxes = {
            toks[k].text.lower() for k in ctx.kids(head.i) if toks[k].dep in ("aux", "auxpass")
        }
        if head.pos == "ADJ":
            auxes |= {toks[k].text.lower() for k in ctx.kids(head.i) if toks[k].dep == "cop"}
        return bool(auxes & {"will", "'ll", "shall", "may", "might", "could", "to"})

    @staticmethod
    def _determined(tok: Token, ctx: _Ctx) -> bool:
        """The noun the adjective modifies has a determiner or a possessor."""
        toks = ctx.parsed.tokens
        head = toks[tok.head]
        return any(toks[k].dep in ("det", "poss") for k in ctx.kids(head.i) if k < tok.i)

    @staticmethod
    def _indefinite(m: re.Match, ctx: _Ctx) -> bool:
        """A quarter named as an indefinite noun phrase ("after a flat second quarter") is a
        period mentioned in passing, not the one reported on ("a third-quarter loss" is)."""
        toks = ctx.tokens_in(m.start("qh"), m.end("qh"))
        if not toks or toks[-1].dep in ("compound", "amod", "nmod"):
            return False
        words = ctx.parsed.tokens
        return any(
            words[k].dep == "det" and words[k].text.lower() in ("a", "an")
            for k in ctx.kids(toks[-1].i)
        )

    @staticmethod
    def _clause_initial(tok: Token | None, ctx: _Ctx) -> bool:
        """The token opens its sentence (after opening quotes or a conjunction at most)."""
        if tok is None:
            return False
        toks = ctx.parsed.tokens
        i = tok.i - 1
        while i >= 0 and toks[i].sentence == tok.sentence:
            if toks[i].pos not in ("PUNCT", "CCONJ", "SPACE") or toks[i].text in (",", ";"):
                return False
            i -= 1
        return True

    # ---------------------------------------------------------------- driver

    def _build_keys(self) -> None:
        """A cheap required-word regex per rule: each rule only runs in windows around the
        occurrences of its key (one quick scan per distinct key instead of every rule's
        full pattern over the whole article)."""
        r = self.r
        words = lambda items: r"\b" + _alt(items) + r"(?![a-z])"  # noqa: E731
        units = words(list(r["units"]) + list(r["unit_plurals"]))
        months = words(r["months"])
        weekdays = words(r["weekdays"])
        parts = words(r["parts_of_day"])
        seasons = words(r["seasons"])
        keys = {
            "iso": r"\d[-/]\d",
            "slash": r"\d[-/]\d",
            "time": r"\d\s*[ap]\.?m\b|\d:\d\d|\bnoon|\bmidnight|\bmidday|o'clock"
            r"|in the (?:morning|afternoon|evening)",
            "bare_part": r"\b(?:morning|afternoon|evening)\b",
            "elliptic_last": r"\blast\b",
            "until_then": r"\bthen\b",
            "nth_day_of": r"\bday of\b",
            "daypart": parts,
            "partday": parts,
            "mdy": months,
            "dmy": months,
            "my": months,
            "month": months,
            "weekday": weekdays,
            "year": r"(?:1[5-9]|20)\d\d",
            "spelled_year": r"\b(?:nineteen|eighteen|twenty|two thousand)",
            "decade": r"\d0['’]?s\b",
            "century": r"\bcentury",
            "quarter": r"\b(?:quarter|half|period)",
            "quarter_anaphor": r"\b(?:quarter|period)",
            "two_quarters": r"\btwo quarters\b",
            "year_ago_adj": r"\byear-",
            "season": seasons,
            "year_season": seasons,
            "seasons_n": r"\b(?:springs|summers|falls|autumns|winters)\b",
            "rel_unit": r"\b(?:year|month|week|weekend|decade|century|quarter|half)\b",
            "ago": r"\b(?:ago|earlier|from now|hence|back)\b",
            "duration": units,
            "duration_adj": units,
            "vague_dur": units,
            "unit_long": r"-long\b",
            "over_the_years": units,
            "ahead": r"\bahead\b",
            "days_around": r"\b(?:months|years|decades)\b",
            "year_end": r"\bend\b",
            "year_period": r"\b(?:quarter|period)",
            "spelled_decade": words(r["spelled_decades"]),
            "week_of": r"\bweek of\b",
            "bare_plural": units,
            "set_every": r"\b(?:every|each|per)\b",
            "set_times": r"\btimes?\b|\bonce\b|\btwice\b|\bthrice\b",
            "set_adverb": words(r["set_adverbs"]),
            "holiday": words(
                list(r["holidays_fixed"]) + list(r["holidays_nth_weekday"]) + ["easter"]
            ),
            "deictic": r"\b(?:today|yesterday|tomorrow|tonight)",
            "ref": words(r["refs"]),
        }
        compiled: dict[str, re.Pattern] = {}
        self.keys = {}
        for name, _, _ in self.rules:
            pattern = keys[name]
            if pattern not in compiled:
                compiled[pattern] = re.compile(pattern, re.IGNORECASE)
            self.keys[name] = compiled[pattern]

    KEY_WINDOW = 90  # no match reaches further than this from its key word

    def candidates(self, text: str) -> list[tuple[int, int, int, str, re.Match]]:
        n = len(text)
        windows_of: dict[int, list[tuple[int, int]]] = {}
        out = []
        for prio, (name, rx, _) in enumerate(self.rules):
            key = self.keys[name]
            windows = windows_of.get(id(key))
            if windows is None:
                windows = []
                for km in key.finditer(text):
                    lo = max(0, km.start() - self.KEY_WINDOW)
                    hi = min(n, km.end() + self.KEY_WINDOW)
                    while hi < n and text[hi].isalnum():
                        hi += 1
                    if windows and lo <= windows[-1][1]:
                        windows[-1] = (windows[-1][0], hi)
                    else:
                        windows.append((lo, hi))
                windows_of[id(key)] = windows
            for lo, hi in windows:
                for m in rx.finditer(text, lo, hi):
                    if m.end() > m.start():
                        out.append((m.start(), m.end(), prio, name, m))
        return out


@lru_cache(maxsize=1)
def _tagger() -> _Tagger:
    return _Tagger()


def _parse_dct(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(str(published).strip()[:10])
    except ValueError:
        return None


_DATELINE = re.compile(
    r"\A\s*(?:[A-Z][A-Za-z.'-]*[ ,]+){1,6}?(?P<mon>[A-Z][a-z]{2,8}\.?)\s+(?P<d>[0-3]?\d)"
    r"(?:,?\s+(?:19|20)\d\d)?\s*(?:\(|--|_|/)"
)
DATELINE_MAX_DAYS = 3


def _dateline(text: str, dct: date | None) -> date | None:
    """The date of a wire dateline ("WASHINGTON, March 12 (Xinhua) --") when it is a few days
    before the publication date: wire copy is often published the day after it was filed, and
    its "Friday" or "today" count from the dateline (HeidelTime's news anchoring)."""
    if dct is None:
        return None
    m = _DATELINE.match(text[:120])
    if not m or m["mon"].lower().rstrip(".") not in rules()["months"]:
        return None
    try:
        d = date(dct.year, _month_name(m["mon"]), int(m["d"]))
    except ValueError:
        return None
    if d > dct:
        d = d.replace(year=d.year - 1) if d.month == 12 and dct.month == 1 else d
    return d if 0 < (dct - d).days <= DATELINE_MAX_DAYS else None


def extract_dates(parsed: Parsed, published: str | None) -> list[DateExpr]:
    """Every temporal expression of the article, normalised to a TIMEX3 value.

    `published` is the ISO publication date ("YYYY-MM-DD") or None. Relative expressions are
    resolved against it (see the module docstring); without it they keep an empty value.
    """
    tagger = _tagger()
    text = parsed.text
    ctx = _Ctx(parsed=parsed, dct=_parse_dct(published), starts=[t.start for t in parsed.tokens])
    filed = _dateline(text, ctx.dct)
    if filed is not None:
        ctx.dct, ctx.ref_label = filed, "dateline date"
    cands = tagger.candidates(text)
    handlers = {name: h for name, _, h in tagger.rules}
    # 1) selection: longest candidate first, then rule priority, without overlaps
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    primary: list[tuple[int, int, int, str, re.Match]] = []
    for cand in cands:
        if not any(cand[0] < p[1] and p[0] < cand[1] for p in primary):
            primary.append(cand)
    primary.sort(key=lambda c: c[0])
    # 2) normalisation in text order (the quarter under discussion, the last named year and day
    #    flow forward). A handler may reject its candidate ("May" as a name); then the
    #    shorter candidates in that region get their chance.
    out: list[DateExpr] = []
    taken: list[tuple[int, int]] = []
    for k, cand in enumerate(primary):
        res = handlers[cand[3]](cand[4], ctx)
        if res is not None:
            _emit(out, parsed, ctx, cand[0], cand[1], res)
            taken.append((cand[0], cand[1]))
            continue
        others = primary[:k] + primary[k + 1 :]
        alternatives = [
            c
            for c in cands
            if c is not cand
            and c[0] < cand[1]
            and cand[0] < c[1]
            and not any(c[0] < o[1] and o[0] < c[1] for o in others)
        ]
        for alt in alternatives:  # already longest-first
            if any(alt[0] < te and ts < alt[1] for ts, te in taken):
                continue
            res = handlers[alt[3]](alt[4], ctx)
            if res is not None:
                _emit(out, parsed, ctx, alt[0], alt[1], res)
                taken.append((alt[0], alt[1]))
    _coordinated_days(out, text, taken)
    _day_before_after(out, text)
    out.sort(key=lambda d: d.start)
    # "most recently last October": the adverb only points at the date that follows
    out[:] = [
        d
        for k, d in enumerate(out)
        if not (
            d.value == "PAST_REF"
            and d.text.lower().endswith("recently")
            and k + 1 < len(out)
            and not text[d.end : out[k + 1].start].strip()
            and re.match(r"\d", out[k + 1].value)
        )
    ]
    out.sort(key=lambda d: d.start)
    return out


_AND_DAY = re.compile(
    r"\s+(?:and|or|&)\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    r"(?![\w%/-]|[.,:]\d|\s+(?:percent|million|billion|[ap]\.?m\b))"
)


_DAY_BEFORE = re.compile(r"(?:\b(?:the|a)\s+)?\bday\s+(?P<rel>before|after)\s+$", re.I)


def _day_before_after(out: list[DateExpr], text: str) -> None:
    """ "the day before last Tuesday's hearing": one day from the day named."""
    for k, d in enumerate(out):
        if (
            d.type != "DATE"
            or d.precision != "day"
            or not re.fullmatch(r"\d{4}-\d\d-\d\d", d.value)
        ):
            continue
        m = _DAY_BEFORE.search(text, max(0, d.start - 20), d.start)
        if m is None or any(o.start < d.start and o.end > m.start() for o in out):
            continue
        step = timedelta(days=-1 if m["rel"].lower() == "before" else 1)
        value = (date.fromisoformat(d.value) + step).isoformat()
        out[k] = DateExpr(
            text=text[m.start() : d.end],
            start=m.start(),
            end=d.end,
            type="DATE",
            value=value,
            precision="day",
            sentence=d.sentence,
            note=f"the day {m['rel'].lower()} {d.text} ({d.value})",
        )


def _coordinated_days(out: list[DateExpr], text: str, taken: list[tuple[int, int]]) -> None:
    """ "April 24 and 25": the second day number is a date of its own, in the same month."""
    for d in list(out):
        if (
            d.type != "DATE"
            or d.precision != "day"
            or not re.fullmatch(r"\d{4}-\d\d-\d\d", d.value)
        ):
            continue
        if not re.search(r"\d(?:st|nd|rd|th)?$", d.text):
            continue
        m = _AND_DAY.match(text, d.end)
        if m is None or any(m.start("d") < te and ts < m.end() for ts, te in taken):
            continue
        first = date.fromisoformat(d.value)
        try:
            second = first.replace(day=int(m["d"]))
        except ValueError:
            continue
        if second <= first:
            continue
        out.append(
            DateExpr(
                text=text[m.start("d") : m.end()],
                start=m.start("d"),
                end=m.end(),
                type="DATE",
                value=second.isoformat(),
                precision="day",
                sentence=d.sentence,
                note=f"a second day of the month of '{d.text}'",
            )
        )


def _emit(out: list[DateExpr], parsed: Parsed, ctx: _Ctx, s: int, e: int, res: _Res) -> None:
    if res.start is not None:
        s, e = res.start, res.end
    text = parsed.text
    # trim trailing punctuation and whitespace
    while e > s and text[e - 1] in " \t\n,;:":
        e -= 1
    tok = ctx.token_at(s)
    if ctx.emitted is None:
        ctx.emitted = []
    ctx.emitted.append((s, e, res.value))
    out.append(
        DateExpr(
            text=text[s:e],
            start=s,
            end=e,
            type=res.type,
            value=res.value,
            precision=res.precision,
            sentence=tok.sentence if tok is not None else 0,
            note=res.note,
        )
    )
