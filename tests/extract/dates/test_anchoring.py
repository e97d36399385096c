"""Dates, rule family: anchoring (tense, datelines, deadlines, looking back, references)."""

from __future__ import annotations

import pytest

from analysis.extract.dates.anchoring import _months_after
from tests.extract.dates.helpers import PUB, assert_value

# (sentence, publication date, expression, value, type, precision)
CASES = [
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
    # a wire dateline a day before publication is the reference date
    (
        "WASHINGTON, Oct. 7 (Xinhua) -- The envoy will arrive on Monday for talks.",
        PUB,
        "Monday",
        "2024-10-07",
        "DATE",
        "day",
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
]


@pytest.mark.parametrize(
    ("sentence", "published", "expression", "value", "type_", "precision"), CASES
)
def test_value(sentence, published, expression, value, type_, precision):
    assert_value(sentence, published, expression, value, type_, precision)


@pytest.mark.parametrize(
    ("year", "month", "months", "expected"),
    [
        (2024, 5, 0, (2024, 5)),
        (2024, 1, -1, (2023, 12)),
        (2024, 12, 1, (2025, 1)),
        (2024, 11, 3, (2025, 2)),
        (2024, 2, -14, (2022, 12)),
    ],
)
def test_one_month_arithmetic_crosses_the_years(year, month, months, expected):
    assert _months_after(year, month, months) == expected
