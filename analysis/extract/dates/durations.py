"""Rule family: durations ("three months", "the past few years", "for years", "a decade-long")."""

from __future__ import annotations

import re

from analysis.extract.dates.anchoring import _PERSON_AFTER, _QUANTITY_BEFORE, Ctx, Res
from analysis.extract.dates.lexicon import _duration, _number, _unit_code


class DurationRules:
    def h_seasons_n(self, m: re.Match, ctx: Ctx) -> Res | None:
        code = self.r["seasons"][m["s"].lower()[:-1]]
        return Res("SET", f"XXXX-{code}", "", "several seasons of the same name (TimeBank: a set)")

    def h_over_the_years(self, m: re.Match, ctx: Ctx) -> Res | None:
        gd = m.groupdict()
        if gd.get("x"):
            unit = m["x"].split()[-1]
            return Res(
                "DURATION",
                _duration("X", _unit_code(unit)),
                "",
                "an unspecified span up to now",
                m.start("x"),
                m.end("x"),
            )
        return Res(
            "DURATION", _duration("X", _unit_code(m["unit"])), "", "an unspecified span from now"
        )

    def h_days_around(self, m: re.Match, ctx: Ctx) -> Res | None:
        """An unspecified span around an event ("in the years that followed", "in the months
        before the vote"); the span is the unit word (TimeBank)."""
        unit = m["unit"].lower()
        return Res(
            "DURATION",
            _duration("X", _unit_code(unit)),
            "",
            "an unspecified span before or after an event",
            m.start("unit"),
            m.end("unit"),
        )

    def h_unit_long(self, m: re.Match, ctx: Ctx) -> Res | None:
        unit = m["unit"].lower()
        code = _unit_code(unit)
        plural = unit in self.r["unit_plurals"]
        return Res("DURATION", _duration("X" if plural else 1, code), "", f"duration: {m.group(0)}")

    def h_duration(self, m: re.Match, ctx: Ctx) -> Res | None:
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
                return Res("DATE", "FUTURE_REF", "ref", "'one day' after a modal: the future")
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
                return Res("SET", _duration(1, code), "", "a frequency per unit of time")
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
            return Res(
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
        return Res("DURATION", value, "", f"duration: {text.strip()}")

    def h_vague_dur(self, m: re.Match, ctx: Ctx) -> Res | None:
        mod = m["mod"].lower()
        unit = m["unit"].lower()
        code = _unit_code(unit)
        text = m.group(0).lower()
        if mod in ("early", "first") and not text.startswith("the"):
            return None
        if mod == "future":
            return Res("DATE", "FUTURE_REF", "ref", "general reference to the future")
        if mod in ("recent", "past") and unit == "years" and text.split()[0] in ("recent", "past"):
            return Res(
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
            return Res(
                "DURATION", _duration("X", code), "", "an unspecified number of units up to now"
            )
        if mod in ("early", "first"):
            return Res("DURATION", _duration("X", code), "", "an unspecified span")
        return Res("DURATION", _duration("X", code), "", "an unspecified number of units")

    def h_bare_plural(self, m: re.Match, ctx: Ctx) -> Res | None:
        code = _unit_code(m["unit"])
        s, e = m.start("unit"), m.end("unit")
        return Res("DURATION", _duration("X", code), "", "an unspecified number of units", s, e)
