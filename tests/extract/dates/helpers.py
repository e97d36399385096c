"""Shared helpers of the date tests: parse a sentence, find one expression, check its value."""

from __future__ import annotations

from analysis.extract.dates import extract_dates
from analysis.extract.nlp import parse

PUB = "2024-10-08"  # a Tuesday


def dates_in(text: str, published: str | None = PUB):
    return extract_dates(parse(text), published)


def find(text: str, expression: str, published: str | None = PUB):
    found = dates_in(text, published)
    hits = [d for d in found if d.text == expression]
    assert hits, f"{expression!r} not found in {[(d.text, d.value) for d in found]}"
    return hits[0]


def assert_value(sentence, published, expression, value, type_, precision) -> None:
    d = find(sentence, expression, published)
    assert (d.value, d.type, d.precision) == (value, type_, precision), d.note
    assert sentence[d.start : d.end] == d.text
    assert d.note
