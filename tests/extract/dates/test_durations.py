"""Dates, rule family: durations."""

from __future__ import annotations

import pytest

from tests.extract.dates.helpers import PUB, assert_value

# (sentence, publication date, expression, value, type, precision)
CASES = [
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
    # "in the years that followed": an unspecified span, the unit word only
    (
        "The rebels landed in 1956, and in the years that followed they waged war.",
        PUB,
        "years",
        "PXY",
        "DURATION",
        "",
    ),
    # an unspecified number of decades or centuries, in years
    ("The feud has lasted for decades.", PUB, "decades", "PXY", "DURATION", ""),
    ("Glass makers kept their secrets for centuries.", PUB, "centuries", "PXY", "DURATION", ""),
]


@pytest.mark.parametrize(
    ("sentence", "published", "expression", "value", "type_", "precision"), CASES
)
def test_value(sentence, published, expression, value, type_, precision):
    assert_value(sentence, published, expression, value, type_, precision)
