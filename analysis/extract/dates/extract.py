"""extract_dates: the dispatcher's candidates resolved longest-first in text order, then the
wire dateline, coordinated days ("April 24 and 25") and "the day before" relations."""

from __future__ import annotations

import re
from datetime import date, timedelta

from analysis.extract.dates.anchoring import Ctx, Res
from analysis.extract.dates.lexicon import _month_name, rules
from analysis.extract.dates.tagger import _tagger
from analysis.records import DateExpr, Parsed


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
    ctx = Ctx(parsed=parsed, dct=_parse_dct(published), starts=[t.start for t in parsed.tokens])
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


def _emit(out: list[DateExpr], parsed: Parsed, ctx: Ctx, s: int, e: int, res: Res) -> None:
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
