"""Rule family: quarters and halves of a year, and the quarter under discussion ("a year
earlier" after "the third quarter" is that quarter a year before)."""

from __future__ import annotations

import re

from analysis.extract.dates.anchoring import Ctx, Res, _period_year, _rel_note, _tense
from analysis.extract.dates.lexicon import NO_DCT, QUARTER_CONTEXT_SENTENCES, _quarter_of


class QuarterRules:
    def _set_ref_quarter(self, ctx: Ctx, y: int, q: int, start: int) -> None:
        if ctx.dct is not None and y * 4 + q > ctx.dct.year * 4 + _quarter_of(ctx.dct):
            return  # a forecast ("the third quarter of 1990") is not the quarter reported on
        ctx.ref_quarter = (y, q, ctx.sentence_at(start))
        ctx.ref_months = None

    def h_quarter(self, m: re.Match, ctx: Ctx) -> Res | None:
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
                return Res("DATE", "", qh, NO_DCT)
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
                return Res(
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
        return Res("DATE", f"{y}-{code}{ordinal}", "quarter" if code == "Q" else "half", note)

    def h_two_quarters(self, m: re.Match, ctx: Ctx) -> Res | None:
        h = 1 if m["fl"].lower() == "first" else 2
        y_text = (m["y"] or "").lower()
        if y_text[:1].isdigit():
            y = int(y_text)
        elif ctx.dct is None:
            return Res("DATE", "", "half", NO_DCT)
        else:
            y = ctx.dct.year + (-1 if "last" in y_text else 1 if "next" in y_text else 0)
        start = m.start("the") if m["the"] else m.start("fl")  # "at least" stays outside
        return Res("DATE", f"{y}-H{h}", "half", f"two quarters = half {h} of {y}", start, m.end())

    def h_quarter_anaphor(self, m: re.Match, ctx: Ctx) -> Res | None:
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
            return Res("DATE", "", "quarter", NO_DCT)
        cq, cy = _quarter_of(ctx.dct), ctx.dct.year
        last_done = (cy, cq - 1) if cq > 1 else (cy - 1, 4)
        ref = ctx.ref_quarter
        base = (ref[0], ref[1]) if ref else last_done
        shift_year = bool(m["ago"] or m["ly"]) or bool(
            set(mods) & {"year-earlier", "year-ago", "year-before", "prior-year"}
        )
        span = ctx.months_ref(m.start())
        if shift_year and what == "period" and span:
            return Res("DURATION", span, "", "the same span of months a year before")
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
        return Res("DATE", f"{y}-Q{q}", "quarter", _rel_note(ctx, "", how))

    def h_year_ago_adj(self, m: re.Match, ctx: Ctx) -> Res | None:
        if ctx.dct is None:
            return Res("DATE", "", "year", NO_DCT)
        ref = ctx.ref_quarter
        if (
            ref
            and ctx.sentence_at(m.start()) - ref[2] <= QUARTER_CONTEXT_SENTENCES
            and not ctx.months_ref(m.start())
        ):
            return Res(
                "DATE",
                f"{ref[0] - 1}-Q{ref[1]}",
                "quarter",
                "same quarter a year before the quarter under discussion",
            )
        return Res("DATE", str(ctx.dct.year - 1), "year", _rel_note(ctx, "", "the year before"))
