"""Rule family: times of day and parts of the day ("3 p.m. Friday", "this morning", "by mid
afternoon", "until then", "as high this year as last")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from analysis.extract.dates.anchoring import (
    Ctx,
    Res,
    _day_how,
    _rel_note,
    _tense,
    _until,
    _weekday_date,
    _year_for,
)
from analysis.extract.dates.lexicon import NO_DCT, _month_name, _number, _week


class TimeRules:
    def _anchor_day(self, text: str, m_start: int, ctx: Ctx, tense: str) -> tuple[date, str] | None:
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

    def h_time(self, m: re.Match, ctx: Ctx) -> Res | None:
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
                return Res("TIME", "", "time", NO_DCT)
            d, how = anchored
            ctx.last_day = (d, ctx.sentence_at(m.start()))
            return Res("TIME", d.isoformat() + clock, "time", _rel_note(ctx, tense, how))
        sent = ctx.sentence_at(m.start())
        if ctx.last_day and 0 <= sent - ctx.last_day[1] <= 4:
            d = ctx.last_day[0]
            return Res(
                "TIME",
                d.isoformat() + clock,
                "time",
                "clock time on the day named earlier in the sentence",
            )
        if ctx.dct is None:
            return Res("TIME", "", "time", "clock time; the article has no publication date")
        return Res(
            "TIME", ctx.dct.isoformat() + clock, "time", "clock time, on the publication date"
        )

    def h_daypart(self, m: re.Match, ctx: Ctx) -> Res | None:
        part = self.r["parts_of_day"][re.sub(r"\s+", " ", m["part"].lower())]
        day = m["day"].lower()
        if day == "last" and part != "NI":
            return None  # "last morning" is not an expression; "last night" is
        if ctx.dct is None:
            return Res("TIME", "", "time", NO_DCT)
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
            return Res("DATE", d.isoformat(), "day", _rel_note(ctx, tense, f"{how} ({m['part']})"))
        return Res("TIME", f"{d.isoformat()}T{part}", "time", _rel_note(ctx, tense, how))

    def h_nth_day_of(self, m: re.Match, ctx: Ctx) -> Res | None:
        before = ctx.parsed.text[max(0, m.start() - 12) : m.start()]
        if not re.search(r"(?:\bit['’]s|\bit\s+is|\btoday\s+is|\bthis\s+is)\s+$", before, re.I):
            return None
        s, e = m.start("x"), m.end("x")
        if ctx.dct is None:
            return Res("DATE", "", "day", NO_DCT, s, e)
        ctx.last_day = (ctx.dct, ctx.sentence_at(m.start()))
        return Res("DATE", ctx.dct.isoformat(), "day", _rel_note(ctx, "present", "today"), s, e)

    def h_until_then(self, m: re.Match, ctx: Ctx) -> Res | None:
        sent = ctx.sentence_at(m.start())
        if ctx.last_day is None or not 0 <= sent - ctx.last_day[1] <= 1:
            return None
        d = ctx.last_day[0]
        return Res(
            "DATE",
            d.isoformat(),
            "day",
            "'then': the day named just before",
            m.start("x"),
            m.end("x"),
        )

    def h_bare_part(self, m: re.Match, ctx: Ctx) -> Res | None:
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
            return Res("TIME", "", "time", NO_DCT, m.start("x"), m.end("x"))
        else:
            d, how = ctx.dct, ctx.ref_label
        return Res(
            "TIME", f"{d.isoformat()}T{part}", "time", f"part of {how}", m.start("x"), m.end("x")
        )

    def h_elliptic_last(self, m: re.Match, ctx: Ctx) -> Res | None:
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
            return Res("DATE", "", "", NO_DCT, s, e)
        u = unit.group(1).lower()
        how = f"'last' standing for last {u}"
        if u == "year":
            return Res("DATE", str(ctx.dct.year - 1), "year", _rel_note(ctx, "", how), s, e)
        if u == "month":
            d = ctx.dct.replace(day=1) - timedelta(days=1)
            return Res("DATE", f"{d.year}-{d.month:02d}", "month", _rel_note(ctx, "", how), s, e)
        return Res(
            "DATE", _week(ctx.dct - timedelta(days=7)), "week", _rel_note(ctx, "", how), s, e
        )
