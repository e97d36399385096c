"""Quotations and reported speech: who said what, where the content is, and the cue.

Stages, each its own module: marks (paragraphs, quotation marks) -> cues (the lexicon as data,
verbs, nouns, "according to") -> content (the span a cue introduces) -> attach (quotations to
their cues, continued quotations) -> speakers (resolution to canonical entities); extract runs
them in order. Imports only analysis.records and analysis.extract.wordlists: no store, no pandas.
"""

from analysis.extract.quotes.cues import reporting_verbs
from analysis.extract.quotes.extract import extract_quotes
from analysis.extract.quotes.marks import find_quote_spans

__all__ = ["extract_quotes", "find_quote_spans", "reporting_verbs"]
