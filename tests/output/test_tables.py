"""The one table schema behind pages, downloads and the command line."""

import pytest

from analysis.ingest.library import to_article
from analysis.ingest.readers import Document
from analysis.output.tables import COLUMNS, all_tables
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


# events.csv holds whole texts and says which events the Timeline leaves off, and why
LONG = (
    "Prices fell in March.\n\n"
    "On Monday, Jane Smith said the council would repair every bridge, road, school, library, "
    "swimming pool and community centre in the northern half of the city.\n\n"
    "On Tuesday, she resigned."
)


@pytest.fixture(scope="module")
def event_rows():
    article = to_article(Document(LONG, "long.txt", title="Council", published="2024-03-08"))
    return all_tables([(article, analysed(LONG, "2024-03-08", "Council"))])["events"]


def test_event_descriptions_and_evidence_are_whole(event_rows):
    monday = event_rows[event_rows["date"] == "2024-03-04"].iloc[0]
    assert monday["description"].endswith("community centre in the northern half of the city")
    assert monday["evidence"].endswith("community centre in the northern half of the city.")
    assert not event_rows["description"].str.contains("…").any()
    assert not event_rows["evidence"].str.contains("…").any()


@pytest.mark.parametrize(
    ("date", "timeline", "reason"),
    [
        ("2024-03-04", "yes", ""),
        ("2024-03-05", "no", "the subject is a pronoun ('she')"),
    ],
)
def test_event_rows_say_whether_the_timeline_shows_them(event_rows, date, timeline, reason):
    row = event_rows[event_rows["date"] == date].iloc[0]
    assert row["timeline"] == timeline
    assert row["reason"].startswith(reason)
    assert bool(row["reason"]) == (timeline == "no")


def test_evidence_sentences_are_joined_without_an_ellipsis():
    caption = "Joe Biden and Olaf Scholz shook hands when they met in Berlin in June."
    paragraph = "Officials said that Joe Biden's visit to Berlin in June had gone well."
    text = f"Leaders meet at summit\n\n{caption} Photograph: Jane Roe/Reuters\n\n{paragraph}"
    article = to_article(Document(text, "summit.txt", title="Summit", published="2024-10-01"))
    events = all_tables([(article, analysed(text, "2024-10-01", "Summit"))])["events"]
    june = events[events["date"] == "2024-06"].iloc[0]
    assert june["evidence"] == f"{caption} | {paragraph}"


def test_every_events_column_is_documented():
    from analysis.output.tables import COLUMN_DOCS

    assert list(COLUMN_DOCS["events"]) == COLUMNS["events"]
