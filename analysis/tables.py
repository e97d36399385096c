"""Records -> pandas DataFrames in the one CSV schema used by pages, downloads and the CLI."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import pandas as pd

from analysis.records import Analysis, Article

LIST_SEPARATOR = "; "

COLUMNS: dict[str, list[str]] = {
    "articles": [
        "article_id",
        "title",
        "source",
        "url",
        "published",
        "file",
        "words",
        "entities",
        "quotes",
        "events",
        "added",
    ],
    "entities": [
        "article_id",
        "entity_id",
        "name",
        "type",
        "mentions",
        "aliases",
        "linked_country",
    ],
    "mentions": ["article_id", "entity_id", "name", "type", "text", "start", "end", "sentence"],
    "dates": ["article_id", "text", "start", "end", "type", "value", "precision", "sentence"],
    "events": [
        "article_id",
        "event_id",
        "date",
        "date_end",
        "precision",
        "description",
        "actors",
        "evidence",
        "start",
        "end",
    ],
    "quotes": [
        "article_id",
        "quote_id",
        "speaker",
        "speaker_entity_id",
        "speaker_type",
        "cue",
        "quote",
        "kind",
        "start",
        "end",
    ],
    "who_mentions_whom": [
        "source",
        "source_type",
        "target",
        "target_type",
        "count",
        "articles",
        "example",
    ],
    "cooccurrence": ["entity_a", "entity_b", "sentences", "articles"],
}
INTEGER_COLUMNS = {
    "words",
    "entities",
    "quotes",
    "events",
    "mentions",
    "start",
    "end",
    "sentence",
    "count",
    "articles",
    "sentences",
}
TABLE_NAMES = list(COLUMNS)

Corpus = list[tuple[Article, Analysis]]


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A table of the schema: its columns in order, integer columns as integers."""
    df = pd.DataFrame(rows, columns=COLUMNS[name])
    for column in df.columns:
        if column in INTEGER_COLUMNS and not (name == "articles" and column == "articles"):
            df[column] = pd.to_numeric(df[column], errors="coerce").fillna(0).astype("int64")
    return df


def articles_table(corpus: Corpus) -> pd.DataFrame:
    rows = [
        {
            "article_id": article.article_id,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "published": article.published or "",
            "file": article.file,
            "words": len(article.text.split()),
            "entities": len(analysis.entities),
            "quotes": len(analysis.quotes),
            "events": len(analysis.events),
            "added": article.added,
        }
        for article, analysis in corpus
    ]
    return frame("articles", rows)


def entities_table(corpus: Corpus) -> pd.DataFrame:
    rows = [
        {
            "article_id": article.article_id,
            "entity_id": e.entity_id,
            "name": e.name,
            "type": e.type,
            "mentions": e.mentions,
            "aliases": LIST_SEPARATOR.join(e.aliases),
            "linked_country": e.linked_country,
        }
        for article, analysis in corpus
        for e in analysis.entities
    ]
    return frame("entities", rows)


def _names(analysis: Analysis) -> dict[str, str]:
    return {e.entity_id: e.name for e in analysis.entities}


def mentions_table(corpus: Corpus) -> pd.DataFrame:
    rows = []
    for article, analysis in corpus:
        names = _names(analysis)
        rows += [
            {
                "article_id": article.article_id,
                "entity_id": m.entity_id,
                "name": names.get(m.entity_id, m.text),
                "type": m.type,
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "sentence": m.sentence,
            }
            for m in analysis.mentions
        ]
    return frame("mentions", rows)


def dates_table(corpus: Corpus) -> pd.DataFrame:
    rows = [
        {
            "article_id": article.article_id,
            "text": d.text,
            "start": d.start,
            "end": d.end,
            "type": d.type,
            "value": d.value,
            "precision": d.precision,
            "sentence": d.sentence,
        }
        for article, analysis in corpus
        for d in analysis.dates
    ]
    return frame("dates", rows)


def events_table(corpus: Corpus) -> pd.DataFrame:
    rows = []
    for article, analysis in corpus:
        names = _names(analysis)
        for event in analysis.events:
            first = event.evidence[0] if event.evidence else None
            rows.append(
                {
                    "article_id": article.article_id,
                    "event_id": event.event_id,
                    "date": event.date,
                    "date_end": event.date_end,
                    "precision": event.precision,
                    "description": event.description,
                    "actors": LIST_SEPARATOR.join(names.get(a, a) for a in event.actors),
                    "evidence": " … ".join(e.text for e in event.evidence),
                    "start": first.start if first else 0,
                    "end": first.end if first else 0,
                }
            )
    return frame("events", rows)


def quotes_table(corpus: Corpus) -> pd.DataFrame:
    rows = [
        {
            "article_id": article.article_id,
            "quote_id": q.quote_id,
            "speaker": q.speaker,
            "speaker_entity_id": q.speaker_entity_id,
            "speaker_type": q.speaker_type,
            "cue": q.cue,
            "quote": q.quote,
            "kind": q.kind,
            "start": q.start,
            "end": q.end,
        }
        for article, analysis in corpus
        for q in analysis.quotes
    ]
    return frame("quotes", rows)


def who_mentions_whom_table(corpus: Corpus) -> pd.DataFrame:
    """Speaker -> each entity named in what they said, counted over the corpus."""
    edges: dict[tuple[str, str], dict] = {}
    for article, analysis in corpus:
        by_id = {e.entity_id: e for e in analysis.entities}
        for quote in analysis.quotes:
            speaker = by_id.get(quote.speaker_entity_id)
            if speaker is None:
                continue
            for target_id in dict.fromkeys(quote.mentioned):
                target = by_id.get(target_id)
                if target is None or target_id == speaker.entity_id:
                    continue
                edge = edges.setdefault(
                    (speaker.entity_id, target_id),
                    {
                        "source": speaker.name,
                        "source_type": speaker.type,
                        "target": target.name,
                        "target_type": target.type,
                        "count": 0,
                        "articles": set(),
                        "example": quote.quote[:300],
                    },
                )
                edge["count"] += 1
                edge["articles"].add(article.article_id)
    rows = [{**edge, "articles": len(edge["articles"])} for edge in edges.values()]
    rows.sort(key=lambda r: (-r["count"], r["source"], r["target"]))
    return frame("who_mentions_whom", rows)


def cooccurrence_table(corpus: Corpus) -> pd.DataFrame:
    """Pairs of entities named in the same sentence."""
    sentences: dict[tuple[str, str], int] = defaultdict(int)
    articles: dict[tuple[str, str], set] = defaultdict(set)
    for article, analysis in corpus:
        names = _names(analysis)
        by_sentence: dict[int, set[str]] = defaultdict(set)
        for mention in analysis.mentions:
            by_sentence[mention.sentence].add(names.get(mention.entity_id, mention.text))
        for members in by_sentence.values():
            for pair in combinations(sorted(members), 2):
                sentences[pair] += 1
                articles[pair].add(article.article_id)
    rows = [
        {"entity_a": a, "entity_b": b, "sentences": n, "articles": len(articles[(a, b)])}
        for (a, b), n in sentences.items()
    ]
    rows.sort(key=lambda r: (-r["sentences"], r["entity_a"], r["entity_b"]))
    return frame("cooccurrence", rows)


BUILDERS = {
    "articles": articles_table,
    "entities": entities_table,
    "mentions": mentions_table,
    "dates": dates_table,
    "events": events_table,
    "quotes": quotes_table,
    "who_mentions_whom": who_mentions_whom_table,
    "cooccurrence": cooccurrence_table,
}


def all_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    return {name: build(corpus) for name, build in BUILDERS.items()}


COLUMN_DOCS: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "stable id of the article, derived from its normalised text",
        "title": "headline or title",
        "source": "publisher or outlet",
        "url": "address of the original article",
        "published": "publication date (ISO YYYY-MM-DD), empty when unknown",
        "file": "name of the file the article came from",
        "words": "number of words",
        "entities": "number of distinct canonical entities",
        "quotes": "number of quotes and reported statements",
        "events": "number of events (dated and undated)",
        "added": "when the article was added to the store (ISO, UTC)",
    },
    "entities": {
        "article_id": "article the entity appears in",
        "entity_id": "corpus-wide id of the canonical entity (type:name)",
        "name": "canonical name",
        "type": "PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, PRODUCT, WORK_OF_ART, LAW, LANGUAGE",
        "mentions": "number of mentions in the article",
        "aliases": "surface forms found in the article, most frequent first, '; '-joined",
        "linked_country": "country the entity belongs to (capitals, demonyms, the country itself)",
    },
    "mentions": {
        "article_id": "article of the mention",
        "entity_id": "canonical entity the mention resolves to",
        "name": "canonical name",
        "type": "entity type",
        "text": "the mention as written",
        "start": "character offset of the first character in the article text",
        "end": "character offset after the last character",
        "sentence": "index of the sentence (0-based)",
    },
    "dates": {
        "article_id": "article of the expression",
        "text": "the temporal expression as written",
        "start": "character offset of the first character",
        "end": "character offset after the last character",
        "type": "TIMEX3 type: DATE, TIME, DURATION or SET",
        "value": "TIMEX3 value read against the publication date; empty when unresolvable",
        "precision": "year, month, day, week, quarter, season, decade, time or ref",
        "sentence": "index of the sentence (0-based)",
    },
    "events": {
        "article_id": "article telling of the event",
        "event_id": "id shared by events with the same date and actors across articles",
        "date": "date of the event (TIMEX3 date value), empty when the text gives none",
        "date_end": "end date for ranges, else empty",
        "precision": "precision of the date",
        "description": "who did what, built from the clause",
        "actors": "canonical entities of the clause, '; '-joined",
        "evidence": "the sentence(s) telling of the event, ' … '-joined",
        "start": "character offset of the first evidence sentence",
        "end": "character offset after the first evidence sentence",
    },
    "quotes": {
        "article_id": "article of the quote",
        "quote_id": "id of the quote within the article",
        "speaker": "canonical speaker, or the speaker as worded when not a named entity",
        "speaker_entity_id": "canonical entity id of the speaker, empty when unresolved",
        "speaker_type": "entity type of the speaker",
        "cue": "the reporting verb or phrase (said, claimed, according to, ...)",
        "quote": "the quoted or reported content",
        "kind": "direct (quotation marks), indirect (reported speech) or according_to",
        "start": "character offset of the content",
        "end": "character offset after the content",
    },
    "who_mentions_whom": {
        "source": "canonical speaker",
        "source_type": "entity type of the speaker",
        "target": "canonical entity named in what the speaker said",
        "target_type": "entity type of the target",
        "count": "number of quotes of the source naming the target",
        "articles": "number of articles with such quotes",
        "example": "one of those quotes",
    },
    "cooccurrence": {
        "entity_a": "canonical entity (alphabetically first of the pair)",
        "entity_b": "canonical entity",
        "sentences": "number of sentences naming both",
        "articles": "number of articles with such sentences",
    },
}
