"""Rule family: sets, recurring times ("every Tuesday", "twice a week", "annually")."""

from __future__ import annotations

import re

from analysis.extract.dates.anchoring import _QUANTITY_BEFORE, Ctx, Res
from analysis.extract.dates.lexicon import _duration, _fmt, _month_name, _number, _unit_code


class SetRules:
    def h_set(self, m: re.Match, ctx: Ctx) -> Res | None:
        what = m["what"]
        low = what.lower()
        gd = m.groupdict()
        if low in self.r["weekdays"]:
            return Res("SET", f"XXXX-WXX-{self.r['weekdays'][low]}", "", "every such weekday")
        if low.rstrip(".") in self.r["months"]:
            if not what[0].isupper():
                return None
            return Res("SET", f"XXXX-{_month_name(what):02d}", "", "every year in this month")
        if low in self.r["seasons"]:
            return Res("SET", f"XXXX-{self.r['seasons'][low]}", "", "every year in this season")
        code = _unit_code(what)
        if not code:
            return None
        n: float | str = 1.0
        if gd.get("num"):
            n = _number(gd["num"]) or 1.0
        if gd.get("other"):
            n = 2.0
        if gd.get("times"):
            return Res("SET", _duration(1, code), "", "a frequency per unit of time")
        if m["q"].lower() == "per" and _QUANTITY_BEFORE.search(
            ctx.parsed.text[max(0, m.start() - 30) : m.start()]
        ):
            return None  # "15 million instructions per second": a rate
        if code == "Q":
            return Res("SET", "P1Q" if n == 1.0 else f"P{_fmt(float(n))}Q", "", "every quarter")
        return Res("SET", _duration(n, code), "", "a recurring period")

    def h_set_adverb(self, m: re.Match, ctx: Ctx) -> Res | None:
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
        return Res("SET", self.r["set_adverbs"][m["adv"].lower()], "", "a recurring period")
