"""Dates, rule family: weekdays and expressions relative to the publication date."""

from __future__ import annotations

import pytest

from tests.extract.dates.helpers import PUB, assert_value

# (sentence, publication date, expression, value, type, precision)
CASES = [
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
    # references to past, present and future
    ("Unemployment is now at a record low.", PUB, "now", "PRESENT_REF", "DATE", "ref"),
    ("Prices have recently started to climb.", PUB, "recently", "PAST_REF", "DATE", "ref"),
    ("The rules may change in the future.", PUB, "the future", "FUTURE_REF", "DATE", "ref"),
    ("Shares were sold at the then-current price.", PUB, "then-current", "PAST_REF", "DATE", "ref"),
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
    # months, quarters and weeks away, across the turn of a year
    (
        "The plant closed three months ago, workers said.",
        "2024-02-14",
        "three months ago",
        "2023-11",
        "DATE",
        "month",
    ),
    (
        "In December 2023, the board rejected the offer. The following month, it put itself up "
        "for sale.",
        "2024-03-01",
        "The following month",
        "2024-01",
        "DATE",
        "month",
    ),
    (
        "Sales will rise next quarter, the company said.",
        "2024-11-20",
        "next quarter",
        "2025-Q1",
        "DATE",
        "quarter",
    ),
    (
        "Sales fell two quarters ago, the company said.",
        "2024-02-20",
        "two quarters ago",
        "2023-Q3",
        "DATE",
        "quarter",
    ),
    (
        "The strike began a fortnight ago.",
        "2024-01-05",
        "a fortnight ago",
        "2023-W51",
        "DATE",
        "week",
    ),
    ("The fair opens next week.", "2024-12-30", "next week", "2025-W02", "DATE", "week"),
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
    assert_value(sentence, published, expression, value, type_, precision)
