"""Dates, rule family: absolute and calendar dates (ISO, month-day-year, months, years)."""

from __future__ import annotations

import pytest

from tests.extract.dates.helpers import PUB, assert_value

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
]


@pytest.mark.parametrize(
    ("sentence", "published", "expression", "value", "type_", "precision"), CASES
)
def test_value(sentence, published, expression, value, type_, precision):
    assert_value(sentence, published, expression, value, type_, precision)
