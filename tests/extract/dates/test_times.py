"""Dates, rule family: times and parts of the day."""

from __future__ import annotations

import pytest

from tests.extract.dates.helpers import PUB, assert_value

# (sentence, publication date, expression, value, type, precision)
CASES = [
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
    # a weekday's evening keeps its part of day ("Friday night" stays the date)
    (
        "Protesters gathered outside the court on Monday evening.",
        PUB,
        "Monday evening",
        "2024-10-07TEV",
        "TIME",
        "time",
    ),
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
]


@pytest.mark.parametrize(
    ("sentence", "published", "expression", "value", "type_", "precision"), CASES
)
def test_value(sentence, published, expression, value, type_, precision):
    assert_value(sentence, published, expression, value, type_, precision)
