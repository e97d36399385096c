"""Temporal expressions: find them in a parsed article and normalise them to TIMEX3 values.

Modules: lexicon (rule tables, fragments), anchoring (tense, context, years of months and
days), one module per rule family (times, absolute, quarters, relative, durations, sets),
patterns (the table of every rule's pattern and handler), tagger (the dispatcher), extract
(extract_dates). Imports only analysis.records, dateutil and the standard library.

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

from analysis.extract.dates.extract import extract_dates

__all__ = ["extract_dates"]
