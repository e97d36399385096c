"""The store's tables as SQLAlchemy Core declares them (`METADATA`): what the Alembic chain
(analysis.store.migrations) builds, at its head, on either backend. The revisions are the
schema's history and what runs; this is its shape in one place, for reading, for Alembic's
autogenerate (env.py's target_metadata) and for tests/store/test_migrations.py, which
checks that a store made by the chain and one made by `METADATA.create_all` are the same
on SQLite and on PostgreSQL. A new revision changes this module with it.

Left out: the full-text index, which differs by backend (analysis.store.search_index: an
FTS5 table, its view and triggers on SQLite; a generated tsvector column and its GIN index
on PostgreSQL), and Alembic's own `alembic_version`.

Imported by no read or write: the store's SQL runs on the driver connections
(analysis.store.database), so opening a store does not build these objects.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    text,
)

METADATA = MetaData()
# SQLite's INTEGER PRIMARY KEY AUTOINCREMENT; PostgreSQL's BIGSERIAL
SERIAL = BigInteger().with_variant(Integer(), "sqlite")


def _text(name: str, default: str | None = "") -> Column:
    """A TEXT NOT NULL column, DEFAULT `default` (None: no default)."""
    if default is None:
        return Column(name, Text, nullable=False)
    return Column(name, Text, nullable=False, server_default=default)


def _int(name: str, default: int | None = 0) -> Column:
    if default is None:
        return Column(name, Integer, nullable=False)
    return Column(name, Integer, nullable=False, server_default=str(default))


def _article_id(**kwargs) -> Column:
    return Column(
        "article_id", Text, ForeignKey("articles.article_id", ondelete="CASCADE"), **kwargs
    )


Table(
    "articles",
    METADATA,
    Column("article_id", Text, primary_key=True),
    _text("title"),
    _text("source"),
    _text("url"),
    Column("published", Text),
    _text("text", None),
    _text("file"),
    _text("added", None),
    _text("author"),
    _text("search_names"),
    Index("articles_published", "published"),
    Index(
        "articles_listing", "added", "article_id", "title", "source", "url", "published",
        "file", "author",
    ),
)  # fmt: skip
Table(
    "analyses",
    METADATA,
    _article_id(primary_key=True),
    _text("pipeline_version", None),
    _text("payload", None),
    _int("words"),
    _int("entities"),
    _int("quotes"),
    _int("events"),
    _text("entity_names"),
    _int("rows_ready"),
    Index("analyses_listing", "article_id", "pipeline_version", "rows_ready", "words"),
)
Table("settings", METADATA, Column("key", Text, primary_key=True), _text("value", None))
Table(
    "revision",
    METADATA,
    Column("id", Integer, CheckConstraint("id = 1"), primary_key=True, autoincrement=False),
    _int("value", None),
)
Table(
    "corrections",
    METADATA,
    Column("correction_id", SERIAL, primary_key=True),
    _text("action", None),
    _text("payload", None),
    _text("author"),
    _text("created", None),
    _int("undone"),
    sqlite_autoincrement=True,
)


def _rows(name: str, *columns, indexes: dict[str, tuple[str, ...]]) -> Table:
    """A table of each article's rows (analysis.output.tables): the article, the row's
    number in it, then its columns; index `rows_NAME_article` on (article_id, seq)."""
    table = f"rows_{name}"
    return Table(
        table,
        METADATA,
        _article_id(nullable=False),
        _int("seq", None),
        *columns,
        Index(f"{table}_article", "article_id", "seq"),
        *(Index(f"{table}_{key}", *on) for key, on in indexes.items()),
    )


_rows(
    "entities",
    *map(_text, ("entity_id", "name", "type")),
    _int("mentions"),
    *map(_text, ("aliases", "linked_country")),
    indexes={
        "entity": ("entity_id",),
        "forms": ("entity_id", "name", "type", "linked_country", "mentions"),
        "kinds": ("type", "linked_country", "name", "mentions", "article_id"),
    },
)
_rows(
    "mentions",
    *map(_text, ("entity_id", "name", "type", "text")),
    *map(_int, ("start", "end", "sentence")),
    indexes={"entity": ("entity_id",), "text": ("text",), "alias": ("entity_id", "text")},
)
_rows(
    "dates",
    _text("text"),
    *map(_int, ("start", "end")),
    *map(_text, ("type", "value", "precision")),
    _int("sentence"),
    indexes={},
)
_rows(
    "events",
    *map(_text, ("event_id", "date", "date_end", "precision", "description", "actors")),
    _text("evidence"),
    *map(_int, ("start", "end")),
    *map(_text, ("date_text", "actor_ids", "actor_types", "evidence_json")),
    *map(_text, ("first_day", "last_day")),
    _text("timeline", "yes"),
    _text("reason"),
    indexes={"day": ("first_day",), "last_day": ("last_day",), "latest": ("date",)},
)
_rows(
    "quotes",
    *map(_text, ("quote_id", "speaker", "speaker_entity_id", "speaker_type", "cue")),
    *map(_text, ("quote", "kind")),
    *map(_int, ("start", "end", "sentence")),
    *map(_text, ("via", "mentioned_ids")),
    indexes={"speaker": ("speaker_entity_id", "kind", "article_id")},
)
_rows(
    "actors",
    *map(_text, ("event_id", "entity_id", "name", "type")),
    indexes={
        "event": ("article_id", "event_id"),
        "name": ("name",),
        "type": ("type", "article_id", "event_id"),
    },
)
_rows(
    "speakers",
    _int("countries"),
    *map(_text, ("quote_id", "speaker", "speaker_name", "speaker_type", "kind")),
    indexes={"speaker": ("countries", "speaker", "kind")},
)
_rows(
    "links",
    _int("countries"),
    *map(_text, ("quote_id", "source", "source_name", "source_type", "target")),
    *map(_text, ("target_name", "target_type", "kind")),
    indexes={
        "target": ("countries", "target"),
        "cover": ("countries", "source", "target", "kind", "article_id", "seq", "quote_id"),
    },
)
_rows(
    "pairs",
    _int("countries"),
    *map(_text, ("a", "a_name", "a_type", "b", "b_name", "b_type")),
    _int("sentences"),
    indexes={"cover": ("countries", "a", "b", "sentences", "article_id", "a_type", "b_type")},
)
Table(
    "corpus_views",
    METADATA,
    *map(lambda name: _text(name, None), ("name", "params", "code")),
    _int("revision", None),
    _text("payload", None),
    PrimaryKeyConstraint("name", "params", "code"),
)
Table(
    "jobs",
    METADATA,
    Column("job_id", SERIAL, primary_key=True),
    _text("batch", None),
    _text("kind", None),
    *map(_text, ("article_id", "file", "document", "queued_by")),
    _text("state", "queued"),
    *map(_text, ("outcome", "detail")),
    _text("warnings", "[]"),
    _int("attempts"),
    _text("worker"),
    Column("heartbeat", Double, nullable=False, server_default="0"),
    Column("progress", Double, nullable=False, server_default="0"),
    _text("created", None),
    _text("finished"),
    Index("jobs_state", "state", "job_id"),
    Index("jobs_batch", "batch", "job_id"),
    sqlite_autoincrement=True,
)
Table(
    "failures",
    METADATA,
    _article_id(primary_key=True),
    _text("pipeline_version", None),
    _text("reason", None),
    _int("attempts", 1),
    _text("failed", None),
    Column("retry_after", Double, nullable=False, server_default="0"),
)
Table(
    "locks",
    METADATA,
    Column("name", Text, primary_key=True),
    _text("holder", None),
    Column("expires", Double, nullable=False),
)


def _aggregate(name: str, keys: tuple, sums: tuple, *indexes: Index) -> Table:
    """A corpus aggregate (analysis.store.aggregates): sums per key, and the partial index
    of the keys whose count (the first sum) fell to 0."""
    columns = [
        Column(key, Integer if key in ("by_country", "countries") else Text, nullable=False)
        for key in keys
    ]
    spent = sums[0] if sums else None
    where = text(f'"{spent}" <= 0') if spent else None
    return Table(
        name,
        METADATA,
        *columns,
        *(_int(column, None) for column in sums),
        PrimaryKeyConstraint(*keys[: _KEY_LENGTHS.get(name, len(keys))]),
        *indexes,
        *(
            [Index(f"{name}_spent", spent, sqlite_where=where, postgresql_where=where)]
            if spent
            else []
        ),
    )


# fmt: off
_KEY_LENGTHS = {"agg_first_links": 3}  # its added, article_id and seq are no key
_aggregate("agg_entity_forms", ("entity_id", "name", "type", "linked_country"),
           ("articles", "mentions"))
_aggregate("agg_aliases", ("entity_id", "text"), ("n",))
_aggregate("agg_entity_names", ("by_country", "name", "type"), ("articles", "mentions"),
           Index("agg_entity_names_top", "by_country", "type", "mentions"))
_aggregate("agg_entity_days", ("by_country", "name", "published"), ("articles", "mentions"))
_aggregate("agg_articles", ("source", "published"), ("articles",))
_aggregate("agg_counts", ("name",), ("n",))
_aggregate("agg_speakers", ("countries", "speaker"), ("quotes", "naming"))
_aggregate("agg_links", ("countries", "source", "target"), ("count", "articles"))
_aggregate("agg_first_links", ("countries", "source", "target", "added", "article_id"), (),
           Index("agg_first_links_article", "article_id"))
METADATA.tables["agg_first_links"].append_column(_int("seq", None))
_aggregate("agg_pairs", ("countries", "a", "b"), ("articles", "sentences"),
           Index("agg_pairs_top", "countries", "sentences"))
_aggregate("agg_actors", ("name", "type"), ("n",))
# fmt: on
