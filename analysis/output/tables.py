"""Records -> pandas DataFrames in the one CSV schema used by pages, downloads and the CLI."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from analysis.quote_kinds import SPEECH_KINDS
from analysis.records import Analysis, Article

if TYPE_CHECKING:  # imported where tables are built: the schema's names are read without it
    import pandas as pd

LIST_SEPARATOR = "; "
EVIDENCE_SEPARATOR = " | "

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
        "timeline",
        "reason",
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


# Per-article tables are computed once per article and stored (analysis.store keeps their
# rows); the corpus-wide tables and the counts of `articles` are derived from those rows.
# Stored rows carry a few columns beyond the CSV schema that pages need.
ARTICLE_TABLES = ["entities", "mentions", "dates", "events", "quotes"]
STORED_EXTRAS: dict[str, list[str]] = {
    "articles": ["words"],
    "events": ["date_text", "actor_ids", "actor_types", "evidence_json", "first_day", "last_day"],
    "quotes": ["sentence", "via", "mentioned_ids"],
}
# Rows stored only for the corpus views to aggregate in SQL (see analysis.corpus.rows.stored_rows):
# each event's actors, and the who-mentions-whom network per article under both groupings
# (`countries` 0: entities as they are, 1: capitals and demonyms counted to their country).
VIEW_COLUMNS: dict[str, list[str]] = {
    "actors": ["article_id", "event_id", "entity_id", "name", "type"],
    "speakers": [
        "article_id", "countries", "quote_id", "speaker", "speaker_name", "speaker_type", "kind",
    ],
    "links": [
        "article_id", "countries", "quote_id", "source", "source_name", "source_type",
        "target", "target_name", "target_type", "kind",
    ],
    "pairs": [
        "article_id", "countries", "a", "a_name", "a_type", "b", "b_name", "b_type", "sentences",
    ],
}  # fmt: skip
ROW_TABLES = ARTICLE_TABLES + list(VIEW_COLUMNS)
STORED_COLUMNS: dict[str, list[str]] = {
    "articles": ["article_id", "title", "source", "url", "published", "file", "added", "words"],
    **{name: COLUMNS[name] + STORED_EXTRAS.get(name, []) for name in ARTICLE_TABLES},
    **VIEW_COLUMNS,
}
INTEGER_COLUMNS |= {"sentence"}


def frame(name: str, rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A table of the schema: its columns in order, integer columns as integers."""
    import pandas as pd

    df = (
        pd.DataFrame(rows, columns=COLUMNS[name]) if isinstance(rows, list) else rows[COLUMNS[name]]
    )
    df = df.reset_index(drop=True)
    for column in df.columns:
        if column in INTEGER_COLUMNS:
            df[column] = pd.to_numeric(df[column], errors="coerce").fillna(0).astype("int64")
        else:
            df[column] = df[column].fillna("").astype(str)
    return df


def article_rows(article: Article, analysis: Analysis) -> dict[str, list[dict]]:
    """The rows one article contributes to each per-article table (with stored extras)."""
    entities = {e.entity_id: e for e in analysis.entities}

    def name(entity_id: str, fallback: str = "") -> str:
        return entities[entity_id].name if entity_id in entities else fallback

    join = LIST_SEPARATOR.join
    aid = article.article_id
    return {
        "articles": [
            {
                "article_id": aid,
                "title": article.title,
                "source": article.source,
                "url": article.url,
                "published": article.published or "",
                "file": article.file,
                "added": article.added,
                "words": len(article.text.split()),
            }
        ],
        "entities": [
            {
                "article_id": aid,
                "entity_id": e.entity_id,
                "name": e.name,
                "type": e.type,
                "mentions": e.mentions,
                "aliases": join(e.aliases),
                "linked_country": e.linked_country,
            }
            for e in analysis.entities
        ],
        "mentions": [
            {
                "article_id": aid,
                "entity_id": m.entity_id,
                "name": name(m.entity_id, m.text),
                "type": m.type,
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "sentence": m.sentence,
            }
            for m in analysis.mentions
        ],
        "dates": [
            {
                "article_id": aid,
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "type": d.type,
                "value": d.value,
                "precision": d.precision,
                "sentence": d.sentence,
            }
            for d in analysis.dates
        ],
        "events": [_event_row(aid, event, entities) for event in analysis.events],
        "quotes": [
            {
                "article_id": aid,
                "quote_id": q.quote_id,
                "speaker": q.speaker,
                "speaker_entity_id": q.speaker_entity_id,
                "speaker_type": q.speaker_type,
                "cue": q.cue,
                "quote": q.quote,
                "kind": q.kind,
                "start": q.start,
                "end": q.end,
                "sentence": q.sentence,
                "via": join(q.via),
                "mentioned_ids": join(dict.fromkeys(q.mentioned)),
            }
            for q in analysis.quotes
        ],
    }


def _event_row(article_id: str, event, entities: dict) -> dict:
    first = event.evidence[0] if event.evidence else None
    actors = [entities[a] for a in event.actors if a in entities]
    return {
        "article_id": article_id,
        "event_id": event.event_id,
        "date": event.date,
        "date_end": event.date_end,
        "precision": event.precision,
        "description": event.description,
        "actors": LIST_SEPARATOR.join(a.name for a in actors),
        # whole sentences, never an ellipsis that would read as a cut
        "evidence": EVIDENCE_SEPARATOR.join(e.text for e in event.evidence),
        "start": first.start if first else 0,
        "end": first.end if first else 0,
        "timeline": "yes" if event.timeline else "no",
        "reason": event.reason,
        "date_text": event.date_text,
        "actor_ids": LIST_SEPARATOR.join(a.entity_id for a in actors),
        "actor_types": LIST_SEPARATOR.join(a.type for a in actors),
        "evidence_json": json.dumps(
            [[e.sentence, e.start, e.end, e.text] for e in event.evidence], ensure_ascii=False
        ),
    }


def rows_frames(per_article: list[dict[str, list[dict]]]) -> dict[str, pd.DataFrame]:
    """`article_rows` of many articles (in corpus order) as one DataFrame per table."""
    import pandas as pd

    return {
        name: pd.DataFrame(
            [row for rows in per_article for row in rows[name]], columns=STORED_COLUMNS[name]
        )
        for name in ["articles", *ARTICLE_TABLES]
    }


def corpus_tables(rows: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every table of the schema from the stored rows of a corpus (in corpus order)."""
    articles = rows["articles"]
    counts = {
        name: rows[name].groupby("article_id").size() for name in ("entities", "quotes", "events")
    }
    articles = articles.assign(
        **{name: articles["article_id"].map(count).fillna(0) for name, count in counts.items()}
    )
    return {
        "articles": frame("articles", articles),
        **{name: frame(name, rows[name]) for name in ARTICLE_TABLES},
        "who_mentions_whom": who_mentions_whom_table(rows),
        "cooccurrence": cooccurrence_table(rows),
    }


def who_mentions_whom_table(rows: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Speaker -> each entity named in what they said, counted over the corpus."""
    quotes = rows["quotes"]
    quotes = quotes[
        quotes["speaker_entity_id"].ne("")
        & quotes["mentioned_ids"].ne("")
        & quotes["kind"].isin(SPEECH_KINDS)  # as the page shows it by default
    ]
    if quotes.empty:
        return frame("who_mentions_whom", [])
    links = quotes.assign(target_id=quotes["mentioned_ids"].str.split(LIST_SEPARATOR)).explode(
        "target_id"
    )
    links = links[links["target_id"] != links["speaker_entity_id"]]
    entities = rows["entities"][["article_id", "entity_id", "name", "type"]]
    for role, id_column in (("source", "speaker_entity_id"), ("target", "target_id")):
        named = {"entity_id": id_column, "name": role, "type": f"{role}_type"}
        links = links.merge(entities.rename(columns=named), on=["article_id", id_column])
    edges = links.groupby(["speaker_entity_id", "target_id"], sort=False).agg(
        source=("source", "first"),
        source_type=("source_type", "first"),
        target=("target", "first"),
        target_type=("target_type", "first"),
        count=("quote_id", "size"),
        articles=("article_id", "nunique"),
        example=("quote", "first"),  # in full: a CSV holds whole texts
    )
    edges = edges.reset_index().sort_values(
        ["count", "source", "target"], ascending=[False, True, True], kind="stable"
    )
    return frame("who_mentions_whom", edges)


def cooccurrence_table(rows: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Pairs of entities named in the same sentence."""
    mentions = rows["mentions"][["article_id", "sentence", "name"]].drop_duplicates()
    pairs = mentions.merge(mentions, on=["article_id", "sentence"], suffixes=("_a", "_b"))
    pairs = pairs[pairs["name_a"] < pairs["name_b"]]
    if pairs.empty:
        return frame("cooccurrence", [])
    counted = pairs.groupby(["name_a", "name_b"]).agg(
        sentences=("sentence", "size"), articles=("article_id", "nunique")
    )
    counted = counted.reset_index().rename(columns={"name_a": "entity_a", "name_b": "entity_b"})
    counted = counted.sort_values(
        ["sentences", "entity_a", "entity_b"], ascending=[False, True, True], kind="stable"
    )
    return frame("cooccurrence", counted)


def all_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Every table of the schema for (article, analysis) pairs: the same computation as for
    the stored rows, so a summary and a store export of the same articles agree."""
    return corpus_tables(rows_frames([article_rows(a, analysis) for a, analysis in corpus]))


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
        "description": "who did what, built from the clause, in full (never shortened)",
        "actors": "canonical entities of the clause, '; '-joined",
        "evidence": "the sentence(s) telling of the event, in full, ' | '-joined",
        "start": "character offset of the first evidence sentence",
        "end": "character offset after the first evidence sentence",
        "timeline": "yes when the description is a readable who-did-what clause shown on the "
        "Timeline, no when the event is left off it",
        "reason": "why the event is left off the Timeline (no subject, a pronoun subject, a "
        "statement without what was said, ...); empty when shown",
    },
    "quotes": {
        "article_id": "article of the quote",
        "quote_id": "id of the quote within the article",
        "speaker": "canonical speaker, or the speaker as worded when not a named entity",
        "speaker_entity_id": "canonical entity id of the speaker, empty when unresolved",
        "speaker_type": "entity type of the speaker",
        "cue": "the reporting verb or phrase (said, claimed, according to, ...)",
        "quote": "the quoted or reported content",
        "kind": "direct (quotation marks), indirect (reported speech), according_to, or stance "
        "(a belief or intention attributed to the speaker: not speech)",
        "start": "character offset of the content",
        "end": "character offset after the content",
    },
    "who_mentions_whom": {
        "source": "canonical speaker",
        "source_type": "entity type of the speaker",
        "target": "canonical entity named in what the speaker said",
        "target_type": "entity type of the target",
        "count": "number of quotes of the source naming the target (speech: stances are not "
        "counted)",
        "articles": "number of articles with such quotes",
        "example": "one of those quotes, in full",
    },
    "cooccurrence": {
        "entity_a": "canonical entity (alphabetically first of the pair)",
        "entity_b": "canonical entity",
        "sentences": "number of sentences naming both",
        "articles": "number of articles with such sentences",
    },
}
