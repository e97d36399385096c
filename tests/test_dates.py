"""analysis.dates: temporal expressions and TIMEX3 values, on sentences written for these tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis.dates import extract_dates
from analysis.nlp import parse

ROOT = Path(__file__).resolve().parents[1]
PUB = "2024-10-08"  # a Tuesday


def dates_in(text: str, published: str | None = PUB):
    return extract_dates(parse(text), published)


def find(text: str, expression: str, published: str | None = PUB):
    found = dates_in(text, published)
    hits = [d for d in found if d.text == expression]
    assert hits, f"{expression!r} not found in {[(d.text, d.value) for d in found]}"
    return hits[0]


# (sentence, publication date, expression, value, type, precision)
CASES = [
    # absolute dates, month + year, year
    (
        "The treaty was signed on October 8, 2024 in Moscow.",
        PUB,
        "October 8, 2024",
        "2024-10-08",
        "DATE",
        "day",
    ),
    (
        "The agreement took effect on 3 March 2021.",
        PUB,
        "3 March 2021",
        "2021-03-03",
        "DATE",
        "day",
    ),
    ("The plant first opened in March 2019.", PUB, "March 2019", "2019-03", "DATE", "month"),
    ("Prices rose sharply in 2021 across the region.", PUB, "2021", "2021", "DATE", "year"),
    (
        "Orders were placed on Sept. 30, the company said.",
        PUB,
        "Sept. 30",
        "2024-09-30",
        "DATE",
        "day",
    ),
    # bare month: the tense decides the year
    ("The ministers met in June to discuss trade.", PUB, "June", "2024-06", "DATE", "month"),
    ("The ministers will meet in June to discuss trade.", PUB, "June", "2025-06", "DATE", "month"),
    ("The delegation visited the port in December.", PUB, "December", "2023-12", "DATE", "month"),
    (
        "The delegation will visit the port in December.",
        PUB,
        "December",
        "2024-12",
        "DATE",
        "month",
    ),
    # weekdays: nearest in the direction of the tense
    (
        "The minister resigned on Friday after the scandal.",
        PUB,
        "Friday",
        "2024-10-04",
        "DATE",
        "day",
    ),
    ("The minister will resign on Friday, aides said.", PUB, "Friday", "2024-10-11", "DATE", "day"),
    (
        "Separately on Tuesday, Kim said the talks had ended.",
        PUB,
        "Tuesday",
        "2024-10-08",
        "DATE",
        "day",
    ),
    (
        "The council voted last Wednesday to close the school.",
        PUB,
        "last Wednesday",
        "2024-10-02",
        "DATE",
        "day",
    ),
    # relative calendar units
    (
        "Earlier this year, the two leaders signed a defence pact.",
        PUB,
        "Earlier this year",
        "2024",
        "DATE",
        "year",
    ),
    ("The factory closed last week after a fire.", PUB, "last week", "2024-W40", "DATE", "week"),
    (
        "The bank will raise rates next month, analysts expect.",
        PUB,
        "next month",
        "2024-11",
        "DATE",
        "month",
    ),
    (
        "The company was founded two years ago in a garage.",
        PUB,
        "two years ago",
        "2022",
        "DATE",
        "year",
    ),
    (
        "The firm opened its first office six weeks ago.",
        PUB,
        "six weeks ago",
        "2024-W35",
        "DATE",
        "week",
    ),
    ("Sales fell 4% from last year.", PUB, "last year", "2023", "DATE", "year"),
    ("Inflation has fallen steadily since 2019.", PUB, "2019", "2019", "DATE", "year"),
    ("Growth slowed markedly in mid-2023.", PUB, "mid-2023", "2023", "DATE", "year"),
    ("The results arrived yesterday, a day late.", PUB, "yesterday", "2024-10-07", "DATE", "day"),
    (
        "Profit rose 12% in the third quarter.",
        PUB,
        "the third quarter",
        "2024-Q3",
        "DATE",
        "quarter",
    ),
    (
        "The offensive began last summer in the east.",
        PUB,
        "last summer",
        "2024-SU",
        "DATE",
        "season",
    ),
    ("Such protests were common in the 1990s.", PUB, "the 1990s", "199", "DATE", "decade"),
    # the sentences
    (
        "Military ties have deepened since Putin's visit to Pyongyang in June.",
        PUB,
        "June",
        "2024-06",
        "DATE",
        "month",
    ),
    (
        "During a visit by Kim to Russia in September 2023, the leaders toured a launch site.",
        PUB,
        "September 2023",
        "2023-09",
        "DATE",
        "month",
    ),
    # "the last decade" is a duration in TimeML (P10Y), not the previous calendar decade
    (
        "The two countries forged their closest ties in the last decade.",
        PUB,
        "the last decade",
        "P10Y",
        "DURATION",
        "",
    ),
    # durations
    ("The negotiations lasted three years.", PUB, "three years", "P3Y", "DURATION", ""),
    ("The project suffered a two-month delay.", PUB, "two-month", "P2M", "DURATION", ""),
    (
        "Exports have grown over the past five years.",
        PUB,
        "the past five years",
        "P5Y",
        "DURATION",
        "",
    ),
    ("The ceasefire held for nearly 72 hours.", PUB, "nearly 72 hours", "PT72H", "DURATION", ""),
    ("The strike lasted 2 1/2 years.", PUB, "2 1/2 years", "P2Y6M", "DURATION", ""),
    # sets
    ("The committee meets every week in the capital.", PUB, "every week", "P1W", "SET", ""),
    ("The bulletin is published daily by the ministry.", PUB, "daily", "P1D", "SET", ""),
    ("The market opens each Thursday.", PUB, "each Thursday", "XXXX-WXX-4", "SET", ""),
    # times
    (
        "The vote will take place at 3 p.m. Tuesday.",
        "2024-10-07",
        "3 p.m. Tuesday",
        "2024-10-08T15:00",
        "TIME",
        "time",
    ),
    (
        "The minister spoke this morning in parliament.",
        PUB,
        "this morning",
        "2024-10-08TMO",
        "TIME",
        "time",
    ),
    # references to past, present and future
    ("Unemployment is now at a record low.", PUB, "now", "PRESENT_REF", "DATE", "ref"),
    ("Prices have recently started to climb.", PUB, "recently", "PAST_REF", "DATE", "ref"),
    ("The rules may change in the future.", PUB, "the future", "FUTURE_REF", "DATE", "ref"),
    ("Shares were sold at the then-current price.", PUB, "then-current", "PAST_REF", "DATE", "ref"),
    # a wire dateline a day before publication is the reference date
    (
        "WASHINGTON, Oct. 7 (Xinhua) -- The envoy will arrive on Monday for talks.",
        PUB,
        "Monday",
        "2024-10-07",
        "DATE",
        "day",
    ),
    # earnings reports: the quarter under discussion, "last year" in comparisons, spans of months
    (
        "The company lost $2 million in the fiscal-first quarter, against a profit a year earlier.",
        PUB,
        "a year earlier",
        "2023-Q1",
        "DATE",
        "quarter",
    ),
    (
        "Sales in the third quarter rose to $5 million from $4 million in last year's quarter.",
        PUB,
        "last year's quarter",
        "2023-Q3",
        "DATE",
        "quarter",
    ),
    (
        "Net income was $3 million in the third quarter, against $1 million for the "
        "corresponding period last year.",
        PUB,
        "the corresponding period last year",
        "2023-Q3",
        "DATE",
        "quarter",
    ),
    (
        "Profit rose in the third quarter to $24 million, compared with a loss of $3 million "
        "last year.",
        PUB,
        "last year",
        "2023-Q3",
        "DATE",
        "quarter",
    ),
    (
        "The company reported results for its fiscal second quarter. Sales in the latest period "
        "rose 5%.",
        PUB,
        "the latest period",
        "2024-Q2",
        "DATE",
        "quarter",
    ),
    (
        "Profit rose in the third quarter. For the nine months, net rose to $9 million from "
        "$7 million a year earlier.",
        PUB,
        "a year earlier",
        "2023",
        "DATE",
        "year",
    ),
    (
        "Profit rose in the third quarter. For the nine months, net was $9 million. In the "
        "year-earlier period, net was $7 million.",
        PUB,
        "the year-earlier period",
        "P9M",
        "DURATION",
        "",
    ),
    (
        "The company expects a profit in the third quarter of 2025. In the year-ago period it "
        "lost money.",
        PUB,
        "the year-ago period",
        "2023-Q3",
        "DATE",
        "quarter",
    ),
    (
        "Sales should grow through the first two quarters of 2025.",
        PUB,
        "the first two quarters of 2025",
        "2025-H1",
        "DATE",
        "half",
    ),
    # deadlines lie ahead even in a past-tense clause; a past perfect looks back
    ("The court extended the deadline until Friday.", PUB, "Friday", "2024-10-11", "DATE", "day"),
    (
        "The agency gave the family until 9 a.m. Friday to reply.",
        PUB,
        "9 a.m. Friday",
        "2024-10-11T09:00",
        "TIME",
        "time",
    ),
    (
        "Until Friday, police had not named him as a suspect.",
        PUB,
        "Friday",
        "2024-10-04",
        "DATE",
        "day",
    ),
    # anaphora: from the day, month or year the story named last
    (
        "Shares closed at 40 on Friday, down from 45 the previous Friday.",
        PUB,
        "the previous Friday",
        "2024-09-27",
        "DATE",
        "day",
    ),
    (
        "He was promoted on May 22, 1995, and the following year he moved to Vienna.",
        PUB,
        "the following year",
        "1996",
        "DATE",
        "year",
    ),
    (
        "In March, the board rejected the offer. The following month, it put itself up for sale.",
        PUB,
        "The following month",
        "2024-04",
        "DATE",
        "month",
    ),
    (
        "A hearing is expected the week of Nov. 4.",
        PUB,
        "the week of Nov. 4",
        "2024-W45",
        "DATE",
        "week",
    ),
    (
        "Sales were flat through the last half of the '80s.",
        PUB,
        "the last half of the '80s",
        "198",
        "DATE",
        "decade",
    ),
    # an adjective's infinitive does not look forward
    (
        "Supply problems made it difficult to meet demand well into the summer.",
        PUB,
        "the summer",
        "2024-SU",
        "DATE",
        "season",
    ),
    (
        "Pilgrims gathered as Easter week began.",
        "2024-03-30",
        "Easter week",
        "2024-W13",
        "DATE",
        "week",
    ),
    # a weekday's evening keeps its part of day ("Friday night" stays the date)
    (
        "Protesters gathered outside the court on Monday evening.",
        PUB,
        "Monday evening",
        "2024-10-07TEV",
        "TIME",
        "time",
    ),
    # "now" inside the clause stays a reference to the present
    ("The fund now holds a cash position of 15%.", PUB, "now", "PRESENT_REF", "DATE", "ref"),
    # "soon" with a clause that looks ahead
    (
        "The ministry said it will soon publish the report.",
        PUB,
        "soon",
        "FUTURE_REF",
        "DATE",
        "ref",
    ),
    (
        "Analysts expect exports to soon recover from the slump.",
        PUB,
        "soon",
        "FUTURE_REF",
        "DATE",
        "ref",
    ),
    # a bare "recent" with a plural noun is the vague time reference
    (
        "Investors worried about recent declines in bond prices.",
        PUB,
        "recent",
        "PAST_REF",
        "DATE",
        "ref",
    ),
    # "in the years that followed": an unspecified span, the unit word only
    (
        "The rebels landed in 1956, and in the years that followed they waged war.",
        PUB,
        "years",
        "PXY",
        "DURATION",
        "",
    ),
    # a quarter named in passing ("a flat second quarter") is not the one reported on
    (
        "Acme posted a 20% gain in third-quarter profit. After a flat second quarter, sales "
        "recovered. Profit rose from $90 million a year ago.",
        PUB,
        "a year ago",
        "2023-Q3",
        "DATE",
        "quarter",
    ),
    # an appositive quarter shares the year of the period it restates
    (
        "Acme posted a third-quarter loss. In the comparable year-ago quarter, the second "
        "quarter ended Oct. 31, it had a profit.",
        PUB,
        "the second quarter",
        "2023-Q2",
        "DATE",
        "quarter",
    ),
    # a month named as an event's modifier, or after "since", looks back
    (
        "Police have been searching for him since shortly after the March 23 shooting.",
        PUB,
        "March 23",
        "2024-03-23",
        "DATE",
        "day",
    ),
    (
        "The firm is still trying to sell itself under a June agreement with investors.",
        PUB,
        "June",
        "2024-06",
        "DATE",
        "month",
    ),
    (
        "She was taken abroad to make the late-May trip, he said.",
        PUB,
        "late-May",
        "2024-05",
        "DATE",
        "month",
    ),
    # ... unless the clause is explicitly future
    ("The board will hold its June meeting in Paris.", PUB, "June", "2025-06", "DATE", "month"),
    # a second day of the same month; the day before / after a named day
    (
        "The summit will be held on April 24 and 25 in Washington.",
        PUB,
        "25",
        "2025-04-25",
        "DATE",
        "day",
    ),
    (
        "The day before last Tuesday's hearing, the lawyers met the judge.",
        PUB,
        "The day before last Tuesday",
        "2024-09-30",
        "DATE",
        "day",
    ),
    # a plural weekday part is a set, and so is the weekday coordinated with it
    (
        "New flights will leave on Monday and Tuesday nights.",
        PUB,
        "Tuesday nights",
        "XXXX-WXX-2TNI",
        "SET",
        "",
    ),
    (
        "New flights will leave on Monday and Tuesday nights.",
        PUB,
        "Monday",
        "XXXX-WXX-1TNI",
        "SET",
        "",
    ),
    # an unspecified number of decades or centuries, in years
    ("The feud has lasted for decades.", PUB, "decades", "PXY", "DURATION", ""),
    ("Glass makers kept their secrets for centuries.", PUB, "centuries", "PXY", "DURATION", ""),
    # a part of the day alone: of the publication day, or of the day just named
    (
        "By mid afternoon, officials said the raid was over.",
        PUB,
        "mid afternoon",
        "2024-10-08TAF",
        "TIME",
        "time",
    ),
    (
        "Stocks fell on Friday. Dealers placed heavy orders in the morning to open the session.",
        PUB,
        "the morning",
        "2024-10-04TMO",
        "TIME",
        "time",
    ),
    (
        "Traders squared positions ahead of the weekend.",
        PUB,
        "the weekend",
        "2024-W41-WE",
        "DATE",
        "week",
    ),
    ("Troops arrived over the weekend.", PUB, "the weekend", "2024-W40-WE", "DATE", "week"),
    (
        "Marches have provoked violence for the past three summers.",
        PUB,
        "the past three summers",
        "XXXX-SU",
        "SET",
        "",
    ),
    # "today is the Nth day of ...": the reference day
    (
        "In the capital, today is the eighth day of the strike.",
        PUB,
        "the eighth day",
        "2024-10-08",
        "DATE",
        "day",
    ),
    # elided and anaphoric references
    ("The payout will be twice as high this year as last.", PUB, "last", "2023", "DATE", "year"),
    (
        "The rights expire on Nov. 30, 2024. Until then, the notes remain convertible.",
        PUB,
        "then",
        "2024-11-30",
        "DATE",
        "day",
    ),
    (
        "Analysts say the company could one day be the largest in Asia.",
        PUB,
        "one day",
        "FUTURE_REF",
        "DATE",
        "ref",
    ),
    ("The launch was delayed by one day.", PUB, "one day", "P1D", "DURATION", ""),
    ("The post-1959 politics split many families.", PUB, "post-1959", "1959", "DATE", "year"),
]


@pytest.mark.parametrize(
    ("sentence", "published", "expression", "value", "type_", "precision"), CASES
)
def test_value(sentence, published, expression, value, type_, precision):
    d = find(sentence, expression, published)
    assert (d.value, d.type, d.precision) == (value, type_, precision), d.note
    assert sentence[d.start : d.end] == d.text
    assert d.note


def test_note_explains_relative_reading():
    d = find("Separately on Tuesday, Kim said the talks had ended.", "Tuesday")
    assert "2024-10-08" in d.note and "past" in d.note


# without a publication date: absolute values stay, relative ones keep their text with no value
NO_DATE = [
    ("The minister resigned on Friday after the scandal.", "Friday", ""),
    ("The factory closed last week after a fire.", "last week", ""),
    ("The ministers met in June to discuss trade.", "June", ""),
    ("The company was founded two years ago in a garage.", "two years ago", ""),
    ("The treaty was signed on October 8, 2024 in Moscow.", "October 8, 2024", "2024-10-08"),
    ("Prices rose sharply in 2021 across the region.", "2021", "2021"),
    ("The negotiations lasted three years.", "three years", "P3Y"),
]


@pytest.mark.parametrize(("sentence", "expression", "value"), NO_DATE)
def test_without_publication_date(sentence, expression, value):
    d = find(sentence, expression, None)
    assert d.value == value
    if not value:
        assert "no publication date" in d.note


# expressions that are not dates of their own
NOT_DATES = [
    ("Theresa May said the vote would go ahead.", "May"),
    ("Every Saturday the workers march through the capital.", "march"),
    ("March with us, the organisers told the crowd.", "March"),
    ("She celebrated her 72nd birthday with friends.", "72nd"),
    ("The 6-year-old boy returned home to his father.", "6-year-old"),
    ("Iraq imports about three-quarters of its food.", "three-quarters"),
    ("The club scored 1,990 points and paid $2,000 for the trophy.", "1,990"),
    ("He watched the film High Noon again.", "Noon"),
    ("Young people in today's world rarely write letters.", "today"),
    ("The interview first aired on USA Today in the spring.", "Today"),
    ("She travelled with her husband and their 6-month-old son.", "6-month-old"),
    # discourse "now," / "currently," framing a sentence
    ("Now, the minister said, the talks must resume.", "Now"),
    ('"Now, we see that the edge has eroded," he said.', "Now"),
    ("Currently, the group operates 87 stores in nine states.", "Currently"),
    # a rate of growth or output, not a recurring event
    ("Management expects revenue to increase by 20% annually.", "annually"),
    ("The plant would produce about 10,000 units annually.", "annually"),
    ("The preferred stock would pay a dividend of $1.76 a year.", "a year"),
    ("Qantas will add nearly 700 seats a week on the route.", "a week"),
    ("The chip runs 15 million instructions per second.", "per second"),
    # a statistic or the frequency of countable things, not a recurring time
    ("Average daily volume was 133 million shares.", "daily"),
    ("The airline plans daily flights to Bombay.", "daily"),
    # a kind of year, a fraction, a name, the future in general
    ("The operator changed from a fiscal year to a calendar year.", "year"),
    ("Funds hold more than a quarter of the junk-bond market.", "quarter"),
    ("They set up a joint venture called Orion 1980 to build satellites.", "1980"),
    ("He said he would have chosen the leaders of tomorrow.", "tomorrow"),
    ("Her chips are in many of today's personal computers.", "today"),
    # the adverb only points at the date that follows it
    ("Three doctors were shot, most recently last October.", "recently"),
    # "soon" relative to another event, or in a narrative past
    ("The talks collapsed soon after the vote.", "soon"),
    ("A trickle of cash soon became a flood.", "soon"),
    ("The group could leave as soon as Tuesday.", "soon"),
    # "recent" in a definite description of an event
    ("The recent sale of the unit raised $30 million.", "recent"),
    # "the future of X": its prospects
    ("That is very important to the future of our peoples.", "future"),
]


@pytest.mark.parametrize(("sentence", "word"), NOT_DATES)
def test_not_a_date(sentence, word):
    found = dates_in(sentence)
    assert all(word not in d.text for d in found), [(d.text, d.value) for d in found]


def test_offsets_and_order():
    text = (
        "On Monday the board met. It will meet again on Nov. 20, 2024, and every month after that."
    )
    found = dates_in(text)
    assert [d.text for d in found] == ["Monday", "Nov. 20, 2024", "every month"]
    assert all(text[d.start : d.end] == d.text for d in found)
    assert [d.sentence for d in found] == [0, 1, 1]


def test_harness_reports_missing_gold_file(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "timex_eval.py"), str(tmp_path / "missing.jsonl")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "not found" in proc.stderr


def test_dateline_note():
    d = find("WASHINGTON, Oct. 7 (Xinhua) -- The envoy will arrive on Monday for talks.", "Monday")
    assert "dateline date 2024-10-07" in d.note
    # without a dateline the publication date is the reference
    d = find("The envoy will arrive on Monday for talks.", "Monday")
    assert d.value == "2024-10-14" and "publication date" in d.note
