"""The rule tables of timex_rules.json and the regex fragments, numbers, units and value
formats every family of rules shares."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache

from analysis.extract.wordlists import DATA_DIR

# "a year earlier" / "year-ago" within this many sentences after a quarter means that quarter
# a year before (earnings reports), otherwise the previous year
QUARTER_CONTEXT_SENTENCES = 8

MONTHS_CONTEXT_SENTENCES = 2

RULES_PATH = DATA_DIR / "timex_rules.json"

NO_DCT = "relative expression; the article has no publication date"


@lru_cache(maxsize=1)
def rules() -> dict:
    return json.loads(RULES_PATH.read_text(encoding="utf-8"))


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
