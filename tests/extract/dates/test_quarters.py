"""Dates, rule family: quarters, halves and the quarter under discussion."""

from __future__ import annotations

import pytest

from tests.extract.dates.helpers import PUB, assert_value

# (sentence, publication date, expression, value, type, precision)
CASES = [
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
]


@pytest.mark.parametrize(
    ("sentence", "published", "expression", "value", "type_", "precision"), CASES
)
def test_value(sentence, published, expression, value, type_, precision):
    assert_value(sentence, published, expression, value, type_, precision)
