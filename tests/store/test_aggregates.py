"""Corpus aggregates (analysis.store.aggregates) kept with each article's rows: after every kind of
change (articles added, corrected, edited, analysed again, deleted) each aggregate table
equals what the stored rows sum to, on SQLite and PostgreSQL."""

import sqlite3

import pytest

from analysis.corpus import corrections as C
from analysis.corpus.overview import COUNTRIES, KIND_TYPES
from analysis.ingest.library import (
    add_document,
    add_documents,
    edit_metadata,
    reanalyse,
    save_correction,
    seed_if_new,
)
from analysis.ingest.readers import Document
from analysis.quote_kinds import SPEECH_KINDS
from analysis.store import HEAD, Store, aggregates, marks
from tests.conftest import generated_documents
from tests.store.test_core import location  # noqa: F401 - over both backends

FRANCE = "Emmanuel Macron met Olaf Scholz in Paris on Monday. Macron said Europe must act."
QUOTED = (
    "Macron visits Berlin\n\n"
    'Emmanuel Macron met Olaf Scholz in Berlin. "France and Germany agree," Macron said. '
    '"We stand with Ukraine," Scholz said after talks with Macron in Berlin. '
    "Scholz believes that Macron will visit Kyiv."  # a stance: left out of the network
)


def table(store: Store, name: str, columns) -> list[tuple]:
    listed = ", ".join(f'"{c}"' for c in columns)
    return sorted(tuple(row) for row in store.query(f"SELECT {listed} FROM {name}"))


def assert_aggregates_match_rows(store: Store) -> None:
    for aggregate in aggregates.AGGREGATES:
        columns = (*aggregate.keys, *aggregate.sums)
        kept = table(store, aggregate.table, columns)
        summed = sorted(tuple(row) for row in store.query(aggregate.summed_sql()))
        if aggregate.table == "agg_counts":  # a count of 0 may be kept or not
            kept = [row for row in kept if row[-1]]
            summed = [row for row in summed if row[-1]]
        assert kept == summed, aggregate.table
    columns = ("countries", "source", "target", "added", "article_id", "seq")
    first = sorted(tuple(row) for row in store.query(aggregates.FIRST_LINKS))
    assert table(store, "agg_first_links", columns) == first


@pytest.fixture
def store(location):  # noqa: F811
    store = Store(location)
    seed_if_new(store)
    add_documents(store, generated_documents(6))
    add_document(store, Document(QUOTED, "quoted.txt", source="Wire", published="2024-05-02"))
    yield store
    store.close()


def test_every_aggregate_is_the_sum_of_the_articles_rows(store):
    assert_aggregates_match_rows(store)
    names = {row[0] for row in store.query("SELECT name FROM agg_counts WHERE n > 0")}
    assert {"quotes", "all_quotes", "events_dated"} <= names


def test_the_networks_aggregates_count_speech_not_stances(store):
    """The default network (speech only) is read from the aggregates; a stance is in the
    rows and in `all_quotes`, but not in the speakers' and edges' sums."""
    kinds = {row[0] for row in store.query('SELECT DISTINCT "kind" FROM rows_quotes')}
    assert "stance" in kinds
    speech = marks(SPEECH_KINDS)
    said = store.query(
        f'SELECT countries, speaker, COUNT(*) FROM rows_speakers WHERE "kind" IN ({speech}) '
        "GROUP BY countries, speaker",
        SPEECH_KINDS,
    )
    kept = store.query("SELECT countries, speaker, quotes FROM agg_speakers")
    assert sorted(map(tuple, said)) == sorted(map(tuple, kept))
    counts = dict(map(tuple, store.query('SELECT "name", n FROM agg_counts')))
    assert counts["all_quotes"] > counts["quotes"]
    assert store.query("SELECT COUNT(*) FROM agg_links")[0][0] > 0
    assert store.query("SELECT COUNT(*) FROM agg_pairs")[0][0] > 0


def test_corrections_edits_reanalysis_and_deletion_move_the_aggregates(store):
    ids = {s["file"]: s["article_id"] for s in store.article_summaries()}
    quoted = store.analysis(ids["quoted.txt"])
    macron = next(e for e in quoted.entities if "Macron" in e.name)
    scholz = next(e for e in quoted.entities if e.name == "Olaf Scholz")
    save_correction(store, C.merge(scholz, macron), "test", "now")  # rows of several articles
    assert_aggregates_match_rows(store)
    save_correction(store, C.rename(macron, "President Macron"), "test", "now")
    assert_aggregates_match_rows(store)
    edit_metadata(store, ids["quoted.txt"], published="2023-01-09", source="Other Wire")
    assert_aggregates_match_rows(store)
    edit_metadata(store, ids["item-1.txt"], source="")  # metadata the analysis does not read
    assert_aggregates_match_rows(store)
    reanalyse(store, ids["item-2.txt"])
    assert_aggregates_match_rows(store)
    store.delete(ids["quoted.txt"])  # the first quote of its edges goes with it
    store.delete(ids["item-0.txt"])
    assert_aggregates_match_rows(store)
    add_document(store, Document(QUOTED, "again.txt", published="2022-02-02"))  # now first
    assert_aggregates_match_rows(store)


def test_an_articles_own_edges_keep_their_first_quote_when_its_rows_are_rewritten(store):
    from analysis.ingest.library import materialise

    before = table(store, "agg_first_links", ("countries", "source", "target", "article_id"))
    materialise(store, [s["article_id"] for s in store.article_summaries()])  # all rewritten
    assert table(store, "agg_first_links", ("countries", "source", "target", "article_id")) == (
        before
    )
    assert_aggregates_match_rows(store)


def test_the_aggregates_count_countries_as_the_overview_does():
    assert KIND_TYPES[COUNTRIES] == aggregates.COUNTRY_TYPES


def test_an_older_store_is_filled_when_the_aggregates_are_created(tmp_path):
    """A store of the schema before the aggregates: the migration fills them from the rows
    already stored."""
    path = tmp_path / "articles.sqlite"
    store = Store(path)
    add_documents(store, generated_documents(4))
    add_document(store, Document(FRANCE, "france.txt", published="2024-03-06"))
    store.close()
    with sqlite3.connect(path) as raw:  # back to the schema before the aggregates
        for name in [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE "
                                               "type = 'table' AND name LIKE 'agg%'")]:  # fmt: skip
            raw.execute(f"DROP TABLE {name}")
        raw.execute("DROP INDEX rows_events_latest")
        raw.execute("UPDATE alembic_version SET version_num = '0013'")
    store = Store(path)
    assert store.schema_revision == HEAD == "0014"
    assert store.query("SELECT COUNT(*) FROM agg_entity_forms")[0][0] > 0
    assert_aggregates_match_rows(store)
    store.close()
