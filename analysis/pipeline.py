"""analyze(): one article's text -> an Analysis record (spaCy runs exactly once)."""

from __future__ import annotations

from analysis import entities, spans
from analysis.nlp import parse
from analysis.records import Analysis

# Bump when any extractor changes its output: stored analyses with another version are recomputed.
PIPELINE_VERSION = "2026.11.27-1"


def analyze(text: str, published: str | None = None, title: str | None = None) -> Analysis:
    layout = spans.read_layout(text, title)
    parsed = parse(text, layout.masked_text)
    return analyze_parsed(parsed, layout, published)


def analyze_parsed(parsed, layout, published: str | None) -> Analysis:
    spans.apply_layout(parsed, layout)
    mentions = spans.propagate_names(parsed, spans.clean_mentions(parsed, layout))
    resolved = entities.resolve(mentions, parsed)
    return Analysis(
        pipeline_version=PIPELINE_VERSION,
        sentences=parsed.sentences,
        mentions=resolved.mentions,
        entities=resolved.entities,
    )
