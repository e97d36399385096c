"""analyze(): one article's text -> an Analysis record (spaCy runs exactly once)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from analysis.records import Analysis

if TYPE_CHECKING:
    from analysis.extract.nlp import Progress

# The extractors are imported when something is analysed: the app reads
# PIPELINE_VERSION at every start, and a restart analyses nothing.

# Bump when any extractor changes its output: stored analyses with another version are recomputed.
PIPELINE_VERSION = "2026.12.04-3"
NO_PUBLICATION_DATE = (
    'No publication date: relative dates ("on Tuesday", "last year") cannot be resolved '
    "and are listed with an empty value. Set the date to anchor them."
)


def analyze(
    text: str,
    published: str | None = None,
    title: str | None = None,
    *,
    progress: Progress | None = None,
) -> Analysis:
    """`progress(characters parsed, characters)` hears of each chunk spaCy has parsed."""
    from analysis.extract import layout
    from analysis.extract.nlp import parse

    page = layout.read_layout(text, title)
    parsed = parse(text, page.masked_text, progress)
    return analyze_parsed(parsed, page, published)


def analyze_parsed(parsed, page, published: str | None) -> Analysis:
    from analysis.extract import entities, layout, spans
    from analysis.extract.dates import extract_dates
    from analysis.extract.events import extract_events
    from analysis.extract.quotes import extract_quotes

    layout.apply_layout(parsed, page)
    mentions = spans.propagate_names(parsed, spans.clean_mentions(parsed, page))
    resolved = entities.resolve(mentions, parsed)
    dates = extract_dates(parsed, published)
    quotes = extract_quotes(parsed, resolved.mentions, resolved.entities)
    events = extract_events(parsed, resolved.mentions, resolved.entities, dates, quotes, published)
    return Analysis(
        pipeline_version=PIPELINE_VERSION,
        sentences=parsed.sentences,
        mentions=resolved.mentions,
        entities=resolved.entities,
        dates=dates,
        events=events,
        quotes=quotes,
        warnings=[] if published else [NO_PUBLICATION_DATE],
    )


def analyze_many(
    documents: Iterable[tuple[str, str | None, str | None]], n_process: int = 1
) -> Iterator[Analysis]:
    """analyze() for many (text, published, title) triples, in order: spaCy parses them
    with nlp.pipe in `n_process` worker processes while this process runs the extractors."""
    from analysis.extract import layout
    from analysis.extract.nlp import parse_many

    documents = list(documents)
    layouts = [layout.read_layout(text, title) for text, _, title in documents]
    pairs = [(doc[0], page.masked_text) for doc, page in zip(documents, layouts, strict=True)]
    parsed = parse_many(pairs, n_process=n_process, batch_size=4)
    for (_, published, _), page, one in zip(documents, layouts, parsed, strict=True):
        yield analyze_parsed(one, page, published)
