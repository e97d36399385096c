"""Rule family: absolute and calendar dates (ISO and slashed dates, month-day-year, months,
years, spelled years, decades, centuries, seasons, holidays, "the week of", year ends)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.easter import easter

from analysis.extract.dates.anchoring import (
    Ctx,
    Res,
    _deadline,
    _looking_back,
    _rel_note,
    _tense,
    _year_for,
)
from analysis.extract.dates.lexicon import NO_DCT, _month_name, _spelled_year, _week


class AbsoluteRules:
    def h_iso(self, m: re.Match, ctx: Ctx) -> Res | None:
        y = int(m["y"])
        if y < 100:
            y += 1900 if y >= 50 else 2000
        try:
            d = date(y, int(m["m"]), int(m["d"]))
        except ValueError:
            return None
        return Res("DATE", d.isoformat(), "day", "absolute date")

    def h_mdy(self, m: re.Match, ctx: Ctx) -> Res | None:
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
                    return Res("DATE", "", "day", NO_DCT)
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
            return Res("DATE", d.isoformat(), "day", "absolute date")
        if ctx.dct is None:
            return Res(
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
        return Res("DATE", d.isoformat(), "day", _rel_note(ctx, tense, f"year {d.year}"))

    def _month_ok(self, m: re.Match, ctx: Ctx) -> bool:
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

    def h_month(self, m: re.Match, ctx: Ctx) -> Res | None:
        if not self._month_ok(m, ctx):
            return None
        mon = _month_name(m["mon"])
        mod = (m.groupdict().get("mod") or "").lower().split()
        edge = (m["edge"] or "").lower()
        y_text = (m.groupdict().get("y") or "").lower()
        if mod and mod[0] in ("each", "every"):
            return Res("SET", f"XXXX-{mon:02d}", "", "every year in this month")
        if y_text:
            if y_text[0].isdigit():
                y = int(y_text)
                note = "absolute month"
            elif "year" in y_text:
                if ctx.dct is None:
                    return Res("DATE", "", "month", NO_DCT)
                y = ctx.dct.year + {"last": -1, "next": 1}.get(y_text.split()[0], 0)
                note = _rel_note(ctx, "", f"{y_text} = {y}")
            else:
                y = _spelled_year(y_text)
                if y is None:
                    return None
                note = "absolute month (spelled-out year)"
            ctx.ref_year = y
            ctx.ref_month = (y, mon)
            return Res(
                "DATE",
                f"{y}-{mon:02d}",
                "month",
                note + (f"; '{edge}' kept at month precision" if edge else ""),
            )
        if ctx.dct is None:
            return Res(
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
        return Res("DATE", f"{y}-{mon:02d}", "month", _rel_note(ctx, tense, how))

    def _year_filter(self, m: re.Match, ctx: Ctx, y: int) -> bool:
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

    def h_year(self, m: re.Match, ctx: Ctx) -> Res | None:
        y = int(m["y"])
        if not self._year_filter(m, ctx, y):
            return None
        fy = (m["fy"] or "").lower()
        edge = (m["edge"] or "").lower()
        note = "explicit year; month/day not given"
        if "half" in fy:
            h = 1 if "first" in fy else 2
            return Res("DATE", f"{y}-H{h}", "half", "half of an explicit year")
        if edge:
            note = f"explicit year ('{edge}' kept at year precision)"
        if fy.startswith("fiscal"):
            note = "fiscal year, named by its year"
        if m["pp"]:
            note = f"the year a '{m['pp']}' period is bounded by"
        ctx.ref_year = y
        return Res("DATE", str(y), "year", note)

    def h_spelled_year(self, m: re.Match, ctx: Ctx) -> Res | None:
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
        return Res("DATE", str(y), "year", "explicit year written in words")

    def h_decade(self, m: re.Match, ctx: Ctx) -> Res | None:
        if m.groupdict().get("sd"):
            digit = self.r["spelled_decades"][m["sd"].lower()]
            century = (
                19
                if ctx.dct is None or ctx.dct.year // 100 * 100 + digit * 10 > ctx.dct.year
                else ctx.dct.year // 100
            )
            return Res(
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
            return Res("DATE", str(year)[:3], "decade", "decade (century inferred)")
        return Res("DATE", dec[:3], "decade", "decade")

    def h_century(self, m: re.Match, ctx: Ctx) -> Res | None:
        n_text = m["n"].lower()
        n = self.r["ordinals"].get(n_text)
        if n is None:
            n = int(re.sub(r"\D", "", n_text))
        if n <= 0:
            return None
        return Res("DATE", f"{n - 1:02d}", "century", "century")

    def h_season(self, m: re.Match, ctx: Ctx) -> Res | None:
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
            return Res("DATE", f"{y}-{code}", "season", "season of an explicit year")
        if ctx.dct is None:
            return Res("DATE", "", "season", NO_DCT)
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
        return Res(
            "DATE",
            f"{y}-{code}",
            "season",
            _rel_note(ctx, tense if not m0 else "", f"{s_text} of {y}"),
        )

    def h_holiday(self, m: re.Match, ctx: Ctx) -> Res | None:
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
                return Res("DATE", "", "day", NO_DCT)
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
            return Res(
                "DATE",
                _week(d) + ("-WE" if m["wk"].lower() == "weekend" else ""),
                "week",
                f"week of {name} {y}",
            )
        return Res("DATE", d.isoformat(), "day", f"{name} {y}")

    def h_week_of(self, m: re.Match, ctx: Ctx) -> Res | None:
        mon, day = _month_name(m["mon"]), int(re.sub(r"\D", "", m["d"]))
        if m["y"]:
            y = int(m["y"])
        elif ctx.dct is not None:
            y = _year_for(mon, day, _tense(ctx, m.start(), m.end()), ctx.dct)
        else:
            return Res("DATE", "", "week", NO_DCT)
        try:
            d = date(y, mon, day)
        except ValueError:
            return None
        return Res("DATE", _week(d), "week", f"the week of {d.isoformat()}")

    def h_year_end(self, m: re.Match, ctx: Ctx) -> Res | None:
        if ctx.dct is None:
            return Res("DATE", "", "year", NO_DCT)
        rel = (m["rel"] or "").lower()
        if rel:
            y = ctx.dct.year + {"last": -1, "next": 1}.get(rel, 0)
            tense = ""
        else:
            tense = _tense(ctx, m.start(), m.end())
            y = ctx.dct.year - 1 if tense == "past" and ctx.dct.month <= 6 else ctx.dct.year
        return Res(
            "DATE", str(y), "year", _rel_note(ctx, tense, f"end of {y}, kept at year precision")
        )

    def h_year_period(self, m: re.Match, ctx: Ctx) -> Res | None:
        y = int(m["y"])
        ref = ctx.ref_quarter
        if ref is not None and not ctx.months_ref(m.start()):
            return Res(
                "DATE",
                f"{y}-Q{ref[1]}",
                "quarter",
                "the quarter under discussion, in the named year",
            )
        if m["what"].lower() == "quarter":
            return None
        ctx.ref_year = y
        return Res("DATE", str(y), "year", "explicit year")
