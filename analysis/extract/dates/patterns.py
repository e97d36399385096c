"""The table of patterns: every rule's name, regular expression and handler, in priority
order, built from the shared fragments; and the key word each rule needs to run."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from analysis.extract.dates.lexicon import _alt

if TYPE_CHECKING:
    from analysis.extract.dates.tagger import Tagger


def rule_table(t: Tagger) -> list[tuple[str, re.Pattern, Callable]]:
    """Every rule as (name, pattern, handler), in priority order: where two candidates of one
    length overlap, the earlier rule wins."""
    f, r = t.f, t.r
    I = re.IGNORECASE  # noqa: E741
    B = r"(?<![\w'’-])"  # left boundary
    E = r"(?![\w])"
    approx = rf"(?:{f['approx']}\s+)?"
    edge = r"(?:(?P<edge>early|late|mid|the\s+(?:end|beginning|start|middle|close)\s+of)[\s-]*)?"
    yr = rf"(?:{f['year']}|{f['spelled_year']})"
    rel_year = r"(?:this|last|next|the\s+same|that)\s+year"
    table: list[tuple[str, re.Pattern, Callable]] = []

    def add(name: str, pattern: str, handler: Callable, flags: int = I) -> None:
        table.append((name, re.compile(pattern, flags), handler))

    add("iso", rf"{B}(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d){E}", t.h_iso)
    add(
        "slash",
        rf"{B}(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>(?:19|20)?\d\d){E}",
        t.h_iso,
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
        t.h_time,
    )
    # day + part of day ("Friday morning", "this morning", "last night")
    add(
        "daypart",
        rf"{B}(?:(?P<pre>early|late|later|earlier)\s+)?(?P<day>this|last|yesterday|tomorrow|"
        rf"today|{f['weekday']})\s+(?P<part>{f['part']})",
        t.h_daypart,
    )
    add(
        "partday",
        rf"{B}(?:(?P<pre>early|late|later|earlier)\s+)?(?P<part>{f['part']})\s+"
        rf"(?P<day>yesterday|today|tomorrow|{f['weekday']})",
        t.h_daypart,
    )
    # "Today is the eighth day of the strike": the reference day itself
    add(
        "nth_day_of",
        rf"(?<![\w'’-])(?P<x>the\s+{f['ordinal']}\s+(?:straight\s+|consecutive\s+)?day)\s+of\b",
        t.h_nth_day_of,
    )
    # "... terminate on Nov. 30. Until then, ...": the day just named
    add(
        "until_then",
        r"(?<![\w'’-])(?:until|till|by)\s+(?P<x>then)(?![\w'’-])",
        t.h_until_then,
    )
    # "as high this year as last": the unit is elided
    add(
        "elliptic_last",
        r"(?<![\w'’-])(?:as|than)\s+(?P<x>last)(?=\s*[.,;:!?)]|\s+(?:and|but|or)\b)",
        t.h_elliptic_last,
    )
    # a part of the day on its own ("by mid afternoon", "in the morning" after a day)
    add(
        "bare_part",
        r"(?<![\w'’-])(?:by|in|at|during|until|since)\s+(?P<x>(?P<the>the\s+)?"
        r"(?P<mid>mid[- ]?)?(?P<part>morning|afternoon|evening))(?![\w'’-])"
        r"(?!\s+(?:of|before|after|hours|paper|session|news|show|edition|trading)\b)",
        t.h_bare_part,
    )
    # full dates: (Weekday,) Month Day(, Year)
    add(
        "mdy",
        rf"{B}(?:(?P<mod>last|next|this)\s+)?(?:(?P<wd>{f['weekday']}),?\s+)?(?P<mon>{f['month_any']})\s+"
        rf"(?:the\s+)?(?P<d>{f['day']}|{f['day_word']})(?:,?\s+(?P<y>{yr}|{rel_year}))?",
        t.h_mdy,
    )
    add(
        "dmy",
        rf"{B}(?:(?P<wd>{f['weekday']}),?\s+)?(?:the\s+)?(?P<d>{f['day']}|{f['day_word']})\s+"
        rf"(?:of\s+)?(?P<mon>{f['month_any']})(?:,?\s+(?P<y>{yr}))?",
        t.h_mdy,
    )
    # month + year, bare month
    add(
        "my",
        rf"{B}{edge}(?P<mon>{f['month_full']}),?\s+(?:of\s+)?(?P<y>{yr}|{rel_year})",
        t.h_month,
    )
    add(
        "month",
        rf"{B}{edge}(?:(?P<mod>this\s+past|this\s+coming|this|last|next|that|each|every)\s+)?"
        rf"(?P<mon>{f['month_full']})",
        t.h_month,
    )
    # weekdays
    add(
        "weekday",
        rf"{B}(?:(?P<pre>early|late|earlier|later)\s+)?(?:(?P<mod>this\s+past|this\s+coming|"
        rf"the\s+previous|the\s+following|last|next|this|each|every)\s+)?(?P<wd>{f['weekday']})"
        rf"(?P<pl>s)?(?![\w])",
        t.h_weekday,
    )
    # years, decades, centuries
    add(
        "year",
        rf"{B}{edge}(?:(?P<fy>fiscal|calendar|the\s+year|the\s+fiscal\s+year|model|"
        rf"the\s+(?:first|second)\s+half\s+of)\s+)?(?P<pp>(?:pre|post)-)?(?P<y>{f['year']})",
        t.h_year,
    )
    add(
        "spelled_year",
        rf"{B}(?:(?P<edge>early|late|mid)[\s-]+)?(?P<the>the\s+year\s+)?(?P<y>{f['spelled_year']}){E}",
        t.h_spelled_year,
    )
    add(
        "decade",
        rf"{B}(?:the\s+(?:first|last|second|latter)\s+half\s+of\s+)?(?:the\s+)?(?:(?:early|late|mid)[\s-]*)?"
        rf"(?P<dec>(?:1[5-9]|20)\d0'?s|'\d0s|’\d0s)(?![\w])",
        t.h_decade,
    )
    add(
        "century",
        rf"{B}(?:the\s+)?(?:(?:early|late|mid)[\s-]*)?(?P<n>{f['ordinal']}|\d{{1,2}}(?:st|nd|rd|th))"
        rf"[\s-]+century",
        t.h_century,
    )
    # quarters and halves
    add(
        "quarter",
        rf"{B}(?:the\s+)?(?:(?P<yp>this\s+year's|last\s+year's|next\s+year's|{f['year']}'s|{f['year']}|"
        rf"fiscal\s+{f['year']}'s)\s+)?(?:(?:fiscal|calendar|current|latest|same|comparable|"
        rf"year-earlier|year-ago|corresponding)[\s-]+)*(?P<ord>{f['ordinal']})[\s-]+(?:fiscal[\s-]+)?"
        rf"(?P<qh>quarter|half|period)(?![\w])(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?(?P<y>{f['year']}|"
        rf"{rel_year}|the\s+year))?(?:\s+(?P<y2>{rel_year}|{f['year']}))?",
        t.h_quarter,
    )
    add(
        "two_quarters",
        rf"{B}{approx}(?P<the>the\s+)?(?P<fl>first|last|final|second)\s+two\s+quarters(?![\w-])"
        rf"(?:\s+of\s+(?P<y>{f['year']}|{rel_year}|the\s+year))?",
        t.h_two_quarters,
    )
    add(
        "quarter_anaphor",
        r"(?<![\w'’-])(?:the\s+|(?P<ly>last\s+year['’]s\s+))?(?P<mod>(?:(?:latest|current|most\s+recent|recent|past|last|previous|"
        r"prior|same|comparable|corresponding|fiscal|year-earlier|year-ago|year-before|prior-year)\s+)*)"
        r"(?P<what>quarter|period)(?![\w-])(?P<ago>\s+a\s+year\s+(?:ago|earlier)|\s+(?:of\s+)?last\s+year)?",
        t.h_quarter_anaphor,
    )
    add(
        "year_ago_adj",
        r"(?<![\w'’-])(?P<w>year-earlier|year-ago|year-before|prior-year|year-previous)(?![\w-])",
        t.h_year_ago_adj,
    )
    # seasons
    add(
        "season",
        rf"{B}{edge}(?:(?P<mod>this\s+past|this\s+coming|this|last|next|the|that|early|late)\s+)?"
        rf"(?P<s>{f['season']})(?:\s+of\s+(?P<y>{yr})|\s+(?P<y2>{f['year']}))?",
        t.h_season,
    )
    add(
        "seasons_n",
        rf"{B}(?:the\s+)?(?:past|last|next|coming|previous)\s+(?P<num>{f['num_strict']}|few|several)\s+"
        r"(?P<s>springs|summers|falls|autumns|winters)(?![\w])",
        t.h_seasons_n,
    )
    add(
        "year_season",
        rf"{B}(?P<y>{f['year']})\s+(?P<s>{f['season']})",
        t.h_season,
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
        t.h_rel_unit,
    )
    # N units ago / earlier / later / from now
    add(
        "ago",
        rf"{B}{approx}(?P<num>{f['num']})\s+(?:more\s+)?(?P<unit>{f['unit']})\s+(?:or\s+so\s+)?"
        rf"(?P<dir>ago|earlier|from\s+now|hence|back)(?![\w])",
        t.h_ago,
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
        t.h_duration,
    )
    add(
        "duration_adj",
        rf"{B}(?P<num>{f['num_strict']}|\d+(?:\.\d+)?)[\s-]*-[\s-]*(?P<unit>{f['unit']})"
        rf"(?:-(?:long|old))?(?![\w])|{B}(?P<num3>{f['num_strict']}|several|few|multi)-(?P<unit3>{f['unit']})"
        rf"(?:-(?:long|old))?(?![\w])",
        t.h_duration,
    )
    add(
        "vague_dur",
        r"(?<![\w'’-])(?:(?:the|these)\s+)?(?P<mod>past|last|next|coming|recent|previous|following|"
        r"ensuing|upcoming|early|first|future)\s+(?:(?:few|several|couple\s+of|many)\s+)?"
        r"(?P<unit>years|months|weeks|days|decades|hours|quarters|centuries|minutes)(?![\w])",
        t.h_vague_dur,
    )
    add(
        "bare_plural",
        r"(?<![\w'’-])(?P<prep>for|in|within|over|after|take|took|takes|taken|last|lasted|"
        r"spent|spend)\s+(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes)"
        r"(?!\s+(?:of|ago|old|earlier|later|before|after)\b)(?![\w-])",
        t.h_bare_plural,
    )
    add("unit_long", rf"{B}(?P<unit>{f['unit']})-long(?![\w])", t.h_unit_long)
    add(
        "over_the_years",
        r"(?<![\w'’-])(?:over|through|in|during)\s+(?P<x>the\s+(?:years|decades|months|weeks|centuries))"
        r"(?!\s+(?:of|before|after|that|since|to|when|between|from)\b)(?![\w-])",
        t.h_over_the_years,
    )
    add(
        "days_around",
        r"(?<![\w'’-])(?:in|during|over)\s+the\s+(?P<unit>months|years|decades)\s+"
        r"(?P<rel>before|after|following|preceding|leading\s+up\s+to|that\s+followed)\b",
        t.h_days_around,
    )
    add(
        "ahead",
        r"(?<![\w'’-])(?:the\s+)?(?P<unit>years|months|weeks|days|decades|hours)\s+ahead(?![\w-])",
        t.h_over_the_years,
    )
    add(
        "year_end",
        r"(?<![\w'’-])(?:(?P<rel>this|last|next)\s+)?year(?:[- ]|'s\s+)end(?![\w-])",
        t.h_year_end,
    )
    add(
        "year_period",
        rf"{B}the\s+(?P<y>{f['year']})\s+(?P<what>quarter|period)(?![\w-])",
        t.h_year_period,
    )
    add(
        "week_of",
        rf"{B}the\s+week\s+of\s+(?P<mon>{f['month_any']})\s+(?P<d>{f['day']})(?:,?\s+(?P<y>{f['year']}))?",
        t.h_week_of,
    )
    add(
        "spelled_decade",
        rf"{B}the\s+(?:(?:early|late|mid)[\s-]*)?(?P<sd>{_alt(r['spelled_decades'])})(?![\w-])",
        t.h_decade,
    )
    # sets
    add(
        "set_every",
        rf"{B}(?P<q>every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{f['num_strict']})\s+)?"
        rf"(?P<what>{f['unit']}|{f['weekday']}|{f['month_full']}|{f['season']})(?![\w])",
        t.h_set,
    )
    add(
        "set_times",
        rf"{B}(?P<times>once|twice|thrice|(?:{f['num_strict']})\s+times)\s+(?:a|an|per|every|each)\s+"
        rf"(?P<what>{f['unit']})(?![\w])",
        t.h_set,
    )
    add(
        "set_adverb",
        rf"{B}(?P<adv>{_alt(r['set_adverbs'])}){E}",
        t.h_set_adverb,
    )
    # holidays
    holidays = _alt([*r["holidays_fixed"], *r["holidays_nth_weekday"], "easter"])
    add(
        "holiday",
        rf"{B}(?:(?P<mod>this|last|next)\s+)?(?P<h>{holidays})"
        rf"(?:\s+(?P<wk>week|weekend))?(?:\s+(?P<y>{f['year']}))?(?![\w])",
        t.h_holiday,
    )
    # deictic days and references
    add(
        "deictic",
        rf"{B}(?:(?P<pre>early|late|later|earlier)\s+)?(?P<w>today|yesterday|tomorrow|tonight)"
        r"(?![\w])",
        t.h_deictic,
    )
    refs = [w for w in r["refs"]]
    add(
        "ref",
        rf"{B}(?P<w>{_alt(refs)})(?![\w-])",
        t.h_ref,
    )
    return table


def key_table(r: dict) -> dict[str, str]:
    """A cheap required-word pattern per rule: each rule only runs in windows around the
    occurrences of its key (one quick scan per distinct key instead of every rule's full
    pattern over the whole article)."""
    words = lambda items: r"\b" + _alt(items) + r"(?![a-z])"  # noqa: E731
    units = words(list(r["units"]) + list(r["unit_plurals"]))
    months = words(r["months"])
    weekdays = words(r["weekdays"])
    parts = words(r["parts_of_day"])
    seasons = words(r["seasons"])
    return {
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
        "holiday": words(list(r["holidays_fixed"]) + list(r["holidays_nth_weekday"]) + ["easter"]),
        "deictic": r"\b(?:today|yesterday|tomorrow|tonight)",
        "ref": words(r["refs"]),
    }
