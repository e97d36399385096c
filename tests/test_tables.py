"""The one table schema behind pages, downloads and the command line."""

import pytest

from analysis.ingest import Document
from analysis.library import to_article
from analysis.tables import COLUMNS, all_tables
from tests.conftest import analysed

TEXT = "Angela Merkel met Emmanuel Macron in Paris. Merkel praised France."


@pytest.fixture(scope="module")
def tables():
    article = to_article(Document(TEXT, "meeting.txt", title="Meeting", published="2024-05-02"))
    return all_tables([(article, analysed(TEXT, "2024-05-02", "Meeting"))])


@pytest.mark.parametrize("name", list(COLUMNS))
def test_columns_in_schema_order(tables, name):
    assert list(tables[name].columns) == COLUMNS[name]


def test_integer_columns_are_integers(tables):
    assert str(tables["mentions"]["start"].dtype) == "int64"
    assert str(tables["articles"]["words"].dtype) == "int64"
    assert str(tables["entities"]["mentions"].dtype) == "int64"


def test_mentions_carry_canonical_names(tables):
    mentions = tables["mentions"]
    merkel = mentions[mentions["text"] == "Merkel"]
    assert merkel["name"].tolist() == ["Angela Merkel"]
    assert (mentions["end"] > mentions["start"]).all()


def test_entities_table_joins_aliases(tables):
    entities = tables["entities"].set_index("name")
    assert entities.loc["Angela Merkel", "aliases"] == "Angela Merkel; Merkel"
    assert entities.loc["Angela Merkel", "mentions"] == 2
    assert entities.loc["France", "linked_country"] == "France"


def test_cooccurrence_counts_pairs_in_one_sentence(tables):
    pairs = {(r.entity_a, r.entity_b): r.sentences for r in tables["cooccurrence"].itertuples()}
    assert pairs[("Angela Merkel", "Emmanuel Macron")] == 1
    assert pairs[("Angela Merkel", "France")] == 1
    assert ("Emmanuel Macron", "France") not in pairs


def test_articles_row(tables):
    row = tables["articles"].iloc[0]
    assert (row["title"], row["file"], row["published"], row["words"]) == (
        "Meeting",
        "meeting.txt",
        "2024-05-02",
        10,
    )
