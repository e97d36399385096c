"""Dates, rule family: sets (recurring times)."""

from __future__ import annotations

import pytest

from tests.extract.dates.helpers import PUB, assert_value

# (sentence, publication date, expression, value, type, precision)
CASES = [
    # sets
    ("The committee meets every week in the capital.", PUB, "every week", "P1W", "SET", ""),
    ("The bulletin is published daily by the ministry.", PUB, "daily", "P1D", "SET", ""),
    ("The market opens each Thursday.", PUB, "each Thursday", "XXXX-WXX-4", "SET", ""),
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
]


@pytest.mark.parametrize(
    ("sentence", "published", "expression", "value", "type_", "precision"), CASES
)
def test_value(sentence, published, expression, value, type_, precision):
    assert_value(sentence, published, expression, value, type_, precision)
