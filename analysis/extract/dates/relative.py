"""Rule family: weekdays and expressions relative to the publication date or to what was
named before ("last week", "two years ago", "today", "the following year", "now")."""

from __future__ import annotations

import re
from datetime import timedelta

from analysis.extract.dates.anchoring import (
    _COMPARED,
    _PLURAL_PART,
    _RESULTS,
    Ctx,
    Res,
    _month_away,
    _months_after,
    _quarter_away,
    _quarter_res,
    _rel_note,
    _tense,
    _until,
    _week_away,
    _weekday_date,
)
from analysis.extract.dates.lexicon import (
    NO_DCT,
    QUARTER_CONTEXT_SENTENCES,
    _number,
    _unit_code,
    _week,
)
from analysis.records import Token


class RelativeRules:
    def h_weekday(self, m: re.Match, ctx: Ctx) -> Res | None:
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
            return Res(
                "SET", f"XXXX-WXX-{wd}T{part}", "", "every such part of the weekday", m.start(), end
            )
        if m["pl"] or (mod and mod[0] in ("each", "every")):
            return Res("SET", f"XXXX-WXX-{wd}", "", "every such weekday")
        if ctx.dct is None:
            return Res("DATE", "", "day", NO_DCT)
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
                return Res(
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
        return Res("DATE", d.isoformat(), "day", _rel_note(ctx, tense if not m0 else "", how))

    def h_rel_unit(self, m: re.Match, ctx: Ctx) -> Res | None:
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
                return Res(
                    "DATE", str(ctx.ref_year + 1), "year", "the year after the one named before"
                )
            if unit == "month" and ctx.ref_month is not None:
                y, mo = _months_after(*ctx.ref_month, 1)
                return Res("DATE", f"{y}-{mo:02d}", "month", "the month after the one named before")
        if mod in ("that", "the same"):
            if unit == "year" and ctx.ref_year is not None:
                return Res(
                    "DATE", str(ctx.ref_year), "year", "the year named before in the article"
                )
            if unit == "quarter" and ctx.ref_quarter is not None:
                y, q, _ = ctx.ref_quarter
                return Res(
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
            return Res("DURATION", "P1Y", "", "a twelve-month (fiscal) year, as a duration")
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
                return Res("DATE", "", "half", NO_DCT)
            h = 1 if ctx.dct.month <= 6 else 2
            y = ctx.dct.year
            if mod in ("last", "the last", "the past", "the previous", "the prior"):
                y, h = (y, 1) if h == 2 else (y - 1, 2)
            elif mod in ("next", "the next", "the coming"):
                y, h = (y, 2) if h == 1 else (y + 1, 1)
            return Res("DATE", f"{y}-H{h}", "half", _rel_note(ctx, "", f"half {h} of {y}"))
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
                return Res(
                    "DURATION",
                    "P10Y" if unit == "decade" else "P100Y",
                    "",
                    f"the {'past' if past else 'next'} ten years as a duration (TimeML convention)"
                    if unit == "decade"
                    else "a hundred years as a duration",
                )
            if ctx.dct is None:
                return Res("DATE", "", unit, NO_DCT)
            v = str(ctx.dct.year)[:3] if unit == "decade" else f"{ctx.dct.year // 100:02d}"
            return Res("DATE", v, unit, _rel_note(ctx, "", f"the {unit} of the publication date"))
        if ctx.dct is None:
            return Res("DATE", "", unit if unit != "weekend" else "week", NO_DCT)
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
                return Res(
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
                return Res(
                    "DATE", str(y), "year", _rel_note(ctx, "", f"{pre} {y}, kept at year precision")
                )
            if pre in ("first half of", "the first half of"):
                return Res("DATE", f"{y}-H1", "half", _rel_note(ctx, "", f"first half of {y}"))
            if pre in ("second half of", "the second half of"):
                return Res("DATE", f"{y}-H2", "half", _rel_note(ctx, "", f"second half of {y}"))
            return Res(
                "DATE",
                str(y),
                "year",
                _rel_note(
                    ctx, "", f"year {y}" + (f" ('{pre}' kept at year precision)" if pre else "")
                ),
            )
        if unit == "month":
            return _month_away(ctx, dct, off)
        if unit == "week":
            return _week_away(ctx, dct, off)
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
            return Res(
                "DATE",
                _week(sat) + "-WE",
                "week",
                _rel_note(ctx, tense, f"weekend of {_week(sat)}"),
            )
        if unit == "quarter":
            y, q = _quarter_away(dct, off)
            self._set_ref_quarter(ctx, y, q, m.start())
            return _quarter_res(ctx, y, q)
        return None

    def h_ago(self, m: re.Match, ctx: Ctx) -> Res | None:
        n = _number(m["num"])
        code = _unit_code(m["unit"])
        direction = re.sub(r"\s+", " ", m["dir"].lower())
        if n is None or not code:
            return None
        sign = -1 if direction in ("ago", "earlier", "before", "back") else 1
        if n == "X":
            return Res(
                "DATE",
                "PAST_REF" if sign < 0 else "FUTURE_REF",
                "ref",
                "vague distance from the publication date",
            )
        if ctx.dct is None:
            return Res("DATE", "", "", NO_DCT)
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
                return Res(
                    "DATE",
                    f"{ref[0] - 1}-Q{ref[1]}",
                    "quarter",
                    "same quarter a year before the quarter under discussion",
                )
        if code == "Y":
            y = anchor.year + sign * int(k)
            return Res(
                "DATE",
                str(y),
                "year",
                _rel_note(ctx, "", f"{int(k)} year(s) from the {how_anchor}: {y}"),
            )
        if code == "DE":
            y = anchor.year + sign * int(k) * 10
            return Res("DATE", str(y), "year", _rel_note(ctx, "", f"about {y}"))
        if code == "CE":
            y = anchor.year + sign * int(k) * 100
            return Res("DATE", str(y)[:2], "century", _rel_note(ctx, "", f"century of {y}"))
        if code == "M":
            return _month_away(ctx, anchor, sign * int(k))
        if code == "Q":
            return _quarter_res(ctx, *_quarter_away(anchor, sign * int(k)))
        if code in ("W", "FN"):
            return _week_away(ctx, anchor, sign * k * (2 if code == "FN" else 1))
        if code in ("D", "NI"):
            d = anchor + timedelta(days=sign * int(k))
            return Res("DATE", d.isoformat(), "day", _rel_note(ctx, "", f"day {d.isoformat()}"))
        if code in ("H", "MIN", "S"):
            return Res(
                "TIME", ctx.dct.isoformat(), "day", _rel_note(ctx, "", "within the publication day")
            )
        return None

    def h_deictic(self, m: re.Match, ctx: Ctx) -> Res | None:
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
            return Res("DATE", "", "day", NO_DCT)
        d = ctx.dct + timedelta(days=self.r["deictic_days"][w])
        ctx.last_day = (d, ctx.sentence_at(m.start()))
        if w == "tonight":
            return Res(
                "TIME",
                d.isoformat() + "TNI",
                "time",
                _rel_note(ctx, "", "evening of the publication date"),
            )
        return Res("DATE", d.isoformat(), "day", _rel_note(ctx, "", w))

    def h_ref(self, m: re.Match, ctx: Ctx) -> Res | None:
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
        return Res("DATE", value, "ref", f"general reference to {how}")

    @staticmethod
    def _soon_ahead(m: re.Match, tok: Token | None, ctx: Ctx) -> bool:
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
    def _determined(tok: Token, ctx: Ctx) -> bool:
        """The noun the adjective modifies has a determiner or a possessor."""
        toks = ctx.parsed.tokens
        head = toks[tok.head]
        return any(toks[k].dep in ("det", "poss") for k in ctx.kids(head.i) if k < tok.i)

    @staticmethod
    def _indefinite(m: re.Match, ctx: Ctx) -> bool:
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
    def _clause_initial(tok: Token | None, ctx: Ctx) -> bool:
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
