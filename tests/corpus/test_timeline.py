"""Events laid out for the timeline: spans by precision, the filters, counts and bounded reads
in SQL over the stored rows (SQLite and PostgreSQL), lanes."""

from datetime import date

import pandas as pd
import pytest

from analysis.corpus.timeline import (
    COLUMNS,
    Filters,
    date_window,
    event_counts,
    events_csv,
    events_shown,
    first_undated,
    lane_page,
    lanes,
    latest_dated,
    left_off_count,
    span_of,
    timeline_choices,
    undated_articles,
)
from analysis.extract.pipeline import PIPELINE_VERSION
from analysis.ingest.library import add_document, materialise
from analysis.ingest.readers import Document
from analysis.output.tables import COLUMNS as TABLE_COLUMNS
from analysis.records import Analysis, Article, Entity, Event, Evidence, Sentence
from analysis.store import Store
from tests.store.test_core import empty_location


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2024-10-08", date(2024, 10, 8), date(2024, 10, 8)),
        ("2024-06", date(2024, 6, 1), date(2024, 6, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-W41", date(2024, 10, 7), date(2024, 10, 13)),
        ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-SU", date(2024, 6, 1), date(2024, 8, 31)),
        ("2024-WI", date(2024, 12, 1), date(2025, 2, 28)),
        ("201X", date(2010, 1, 1), date(2019, 12, 31)),
    ],
)
def test_span_of(value, first, last):
    assert span_of(value) == (first, last)


def test_span_with_an_end_date():
    assert span_of("2019", "2024-10") == (date(2019, 1, 1), date(2024, 10, 31))


@pytest.mark.parametrize("value", ["", "PAST_REF", "P3Y", "XXXX-06"])
def test_no_span_for_values_off_the_timeline(value):
    assert span_of(value) is None


# A small corpus written straight into a store: three articles with events, one without.
# Event ids repeat across articles (as the pipeline numbers them per article): a filter on
# actors must match an event's own actors, not those of a namesake in another article.
# (title, published, events: (event_id, date, date_end, precision, actor entity ids[, why the
# event is left off the timeline]))
ENTITIES = {
    "ann": Entity("ann", "Ann Lee", "PERSON"),
    "paris": Entity("paris", "Paris", "GPE"),
    "acme": Entity("acme", "Acme", "ORG"),
}
CORPUS = [
    ("A", "2024-03-06", [
        ("ev1", "2024-03-04", "", "day", ["ann", "paris"]),
        ("ev2", "2024-02", "", "month", ["acme"]),
        ("ev3", "", "", "", ["ann"]),
    ]),
    ("B", None, [
        ("ev1", "2023", "", "year", ["paris"]),
        ("ev2", "2024-03-10", "", "day", []),
        ("ev3", "PAST_REF", "", "", []),  # off the timeline: undated
    ]),
    ("C", "2024-05-01", [
        ("ev1", "2024-W10", "", "week", ["acme"]),  # 2024-03-04 .. 2024-03-10
        ("ev2", "2019", "2024-10", "year", ["ann"]),  # 2019-01-01 .. 2024-10-31
        # no who-did-what description: left off the timeline, in the CSV of those left off
        ("ev3", "2010", "", "year", ["acme"], "no subject: the clause does not say who"),
        ("ev4", "", "", "", ["paris"], "a statement without what was said"),
    ]),
    ("D", "2024-05-02", []),
]  # fmt: skip
DATED = ["A1", "A2", "B1", "B2", "C1", "C2"]  # corpus order
UNDATED = ["A3", "B3"]
ORDER = ["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2"]  # corpus order


def stored_article(title: str, published: str | None, events: list, n: int):
    text = f"Story {title}. It has one sentence per event."
    article = Article(
        article_id=f"id-{title}",
        text=text,
        title=f"Article {title}",
        published=published,
        file=f"{title}.txt",
        added=f"2024-01-0{n + 1}T00:00:00",
    )
    names = {actor for event in events for actor in event[4]}
    analysis = Analysis(
        pipeline_version=PIPELINE_VERSION,
        sentences=[Sentence(0, 0, len(text), text)],
        mentions=[],
        entities=[ENTITIES[name] for name in sorted(names)],
        events=[
            Event(
                event_id=event_id,
                date=value,
                date_end=end,
                precision=precision,
                description=f"{title} event {event_id}",
                actors=actors,
                evidence=[Evidence(0, 0, 5, f"Story {title}")],
                date_text=f"when {event_id}",
                timeline=not reason,
                reason=reason,
            )
            for event_id, value, end, precision, actors, *why in events
            for reason in [why[0] if why else ""]
        ],
    )
    return article, analysis


def build(location: str) -> Store:
    store = Store(location)
    for n, (title, published, events) in enumerate(CORPUS):
        store.add(*stored_article(title, published, events, n))
    materialise(store)
    return store


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request, tmp_path_factory):
    store = build(empty_location(request.param, tmp_path_factory.mktemp("timeline")))
    yield store
    store.close()


@pytest.fixture
def sqlite_store(tmp_path):
    store = build(str(tmp_path / "articles.sqlite"))
    yield store
    store.close()


def names(events: pd.DataFrame) -> list[str]:
    """Events as "A1": the article's letter and the event's number."""
    return [
        f"{a[-1]}{e[-1]}" for a, e in zip(events["article_id"], events["event_id"], strict=True)
    ]


MARCH = (date(2024, 3, 1), date(2024, 3, 31))
FILTERS = [
    # (filters, dated events under them, undated ones)
    (Filters(), DATED, UNDATED),
    (Filters(articles=("id-A",)), ["A1", "A2"], ["A3"]),
    (Filters(articles=("id-B", "id-C")), ["B1", "B2", "C1", "C2"], ["B3"]),
    (Filters(entities=("Ann Lee",)), ["A1", "C2"], ["A3"]),
    (Filters(entities=("Ann Lee", "Acme")), ["A1", "A2", "C1", "C2"], ["A3"]),
    (Filters(entities=("Nobody",)), [], []),
    (Filters(types=("ORG",)), ["A2", "C1"], []),
    (Filters(types=("GPE", "ORG")), ["A1", "A2", "B1", "C1"], []),
    (Filters(entities=("Ann Lee",), types=("GPE",)), ["A1"], []),  # every filter holds
    (Filters(articles=("id-A",), entities=("Paris",)), ["A1"], []),
    # dated events overlapping the range (a day, a week, a span over years); undated kept
    (Filters(date_range=MARCH), ["A1", "B2", "C1", "C2"], UNDATED),
    # a month overlaps a day within it
    (Filters(date_range=(date(2024, 2, 29), date(2024, 2, 29))), ["A2", "C2"], UNDATED),
    # the range's ends are inclusive: the week ends on the 10th, the month starts on the 1st
    (Filters(date_range=(date(2024, 3, 10), date(2024, 3, 10))), ["B2", "C1", "C2"], UNDATED),
    (Filters(date_range=(date(2024, 1, 15), date(2024, 2, 1))), ["A2", "C2"], UNDATED),
    (Filters(date_range=(date(2024, 3, 11), date(2024, 12, 31))), ["C2"], UNDATED),
    (Filters(date_range=(date(2025, 1, 1), date(2025, 12, 31))), [], UNDATED),
    (Filters(date_range=(date(2023, 6, 1), date(2023, 6, 30))), ["B1", "C2"], UNDATED),
    (Filters(types=("PERSON",), date_range=MARCH), ["A1", "C2"], ["A3"]),
]


@pytest.mark.parametrize(("filters", "dated", "undated"), FILTERS)
def test_events_under_the_filters(store, filters, dated, undated):
    assert event_counts(store, filters) == (len(dated), len(undated))
    assert names(latest_dated(store, filters, 100)) == dated
    assert names(first_undated(store, filters, 100)) == undated
    assert names(events_csv(store, filters)) == [e for e in ORDER if e in dated + undated]
    assert names(events_csv(store, filters, "dated")) == dated
    assert names(events_csv(store, filters, "undated")) == undated


def test_the_csv_is_in_corpus_order(store):
    assert names(events_csv(store, Filters())) == ORDER


@pytest.mark.parametrize(
    ("filters", "limit", "expected"),
    [
        # starts: B2 03-10; A1 and C1 03-04 (a tie: the first in corpus order is kept); A2 02-01
        (Filters(), 1, ["B2"]),
        (Filters(), 2, ["A1", "B2"]),
        (Filters(), 3, ["A1", "B2", "C1"]),
        (Filters(), 4, ["A1", "A2", "B2", "C1"]),
        (Filters(), 0, []),
        (Filters(entities=("Ann Lee",)), 1, ["A1"]),
        (Filters(date_range=(date(2023, 1, 1), date(2023, 12, 31))), 1, ["B1"]),
        (Filters(date_range=(date(2023, 1, 1), date(2023, 12, 31))), 2, ["B1", "C2"]),
    ],
)
def test_the_latest_dated_events_in_corpus_order(store, filters, limit, expected):
    assert names(latest_dated(store, filters, limit)) == expected


@pytest.mark.parametrize(("limit", "expected"), [(1, ["A3"]), (2, UNDATED), (5, UNDATED)])
def test_the_first_undated_events(store, limit, expected):
    assert names(first_undated(store, Filters(), limit)) == expected


def test_the_frame_the_page_uses(store):
    events = latest_dated(store, Filters(), 100)
    assert list(events.columns) == COLUMNS
    events = events.set_index("date")
    assert events.loc["2024-02", "title"] == "Article A"
    assert events.loc["2024-02", "start"] == pd.Timestamp("2024-02-01")
    assert events.loc["2024-02", "finish"] == pd.Timestamp("2024-03-01")  # exclusive end
    assert events.loc["2024-W10", "finish"] == pd.Timestamp("2024-03-11")
    assert events.loc["2019", "start"] == pd.Timestamp("2019-01-01")
    assert events.loc["2019", "finish"] == pd.Timestamp("2024-11-01")  # to the end date
    assert events.loc["2024-03-04", "actors"] == ["Ann Lee", "Paris"]
    assert events.loc["2024-03-04", "actor_ids"] == ["ann", "paris"]
    assert events.loc["2024-03-04", "actor_types"] == ["PERSON", "GPE"]
    assert events.loc["2024-03-10", "actors"] == []
    assert events.loc["2024-03-04", "evidence"] == [(0, 0, 5, "Story A")]
    assert events.loc["2024-03-04", "date_text"] == "when ev1"
    undated = first_undated(store, Filters(), 100)
    assert undated["start"].isna().all() and undated["finish"].isna().all()
    assert undated["date"].tolist() == ["", "PAST_REF"]


def test_the_csv_has_the_events_schema(store):
    rows = events_csv(store, Filters(articles=("id-A",)))
    assert list(rows.columns) == TABLE_COLUMNS["events"]
    first = rows.iloc[0]
    assert (first["date"], first["precision"], first["actors"]) == (
        "2024-03-04",
        "day",
        "Ann Lee; Paris",
    )
    assert (first["evidence"], first["start"], first["end"]) == ("Story A", 0, 5)
    assert rows["start"].dtype == "int64"
    assert (
        events_csv(store, Filters(entities=("Nobody",))).columns.tolist() == rows.columns.tolist()
    )


@pytest.mark.parametrize(
    ("filters", "left_off"),
    [
        (Filters(), ["C3", "C4"]),
        (Filters(entities=("Acme",)), ["C3"]),
        (Filters(articles=("id-A",)), []),
        (Filters(date_range=(date(2010, 1, 1), date(2010, 12, 31))), ["C3", "C4"]),  # C4 undated
        (Filters(date_range=(date(2024, 1, 1), date(2024, 12, 31))), ["C4"]),
    ],
)
def test_events_left_off_the_timeline(store, filters, left_off):
    """Events without a readable description are never drawn, listed or counted; their
    CSV (with the reason for each) is the page's second download."""
    assert names(events_csv(store, filters, "left_off")) == left_off
    assert left_off_count(store, filters) == len(left_off)
    assert events_shown(store, filters).left_off == len(left_off)
    rows = events_csv(store, filters, "left_off")
    assert (rows["timeline"] == "no").all() and rows["reason"].str.len().gt(0).all()
    shown = names(events_csv(store, filters))
    assert not set(shown) & {"C3", "C4"}


def test_choices(store):
    choices = timeline_choices(store)
    assert choices.titles == {"id-A": "Article A", "id-B": "Article B", "id-C": "Article C"}
    assert list(choices.titles) == ["id-A", "id-B", "id-C"]  # corpus order; D has no events
    assert choices.actors == ["Acme", "Ann Lee", "Paris"]
    assert choices.types == ["GPE", "ORG", "PERSON"]
    assert choices.span == (date(2019, 1, 1), date(2024, 10, 31))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["id-B"]),  # B has no publication date
        (Filters(articles=("id-A", "id-C")), []),
        (Filters(entities=("Paris",)), ["id-B"]),
        (Filters(entities=("Acme",)), []),
        (Filters(date_range=(date(2025, 1, 1), date(2025, 1, 2))), ["id-B"]),  # B3 is kept
    ],
)
def test_articles_without_a_publication_date_among_the_events(store, filters, expected):
    assert undated_articles(store, filters) == expected


def test_an_empty_store(tmp_path):
    store = Store(str(tmp_path / "empty.sqlite"))
    assert timeline_choices(store) == ({}, [], [], None)
    assert event_counts(store, Filters()) == (0, 0)
    empty = latest_dated(store, Filters(), 10)
    assert empty.empty and list(empty.columns) == COLUMNS
    assert first_undated(store, Filters(), 10).empty
    assert events_csv(store, Filters()).empty
    store.close()


def test_the_reads_are_bounded(sqlite_store, monkeypatch):
    """The page's reads fetch only the rows they return, whatever the corpus holds."""
    fetched = []
    original = sqlite_store.frame

    def frame(sql, params=(), columns=None):
        result = original(sql, params, columns)
        fetched.append(len(result))
        return result

    monkeypatch.setattr(sqlite_store, "frame", frame)
    latest_dated(sqlite_store, Filters(), 2)
    first_undated(sqlite_store, Filters(), 1)
    assert fetched == [2, 1]


# the same on analyses the pipeline made
TEXTS = {
    "a": "Earlier this year, Joe Biden and Rishi Sunak signed a trade agreement.",
    "b": "On Monday, Emmanuel Macron visited Berlin.",
}


@pytest.fixture(scope="module")
def analysed_store(tmp_path_factory):
    store = Store(str(tmp_path_factory.mktemp("analysed") / "articles.sqlite"))
    for name, text in TEXTS.items():
        document = Document(text, f"{name}.txt", title=f"Article {name}", published="2024-03-06")
        add_document(store, document)
    yield store
    store.close()


def test_analysed_events(analysed_store):
    rows = latest_dated(analysed_store, Filters(), 10).set_index("date")
    assert rows.loc["2024", "actors"] == ["Joe Biden", "Rishi Sunak"]
    assert rows.loc["2024-03-04", "precision"] == "day"
    assert str(rows.loc["2024", "start"].date()) == "2024-01-01"
    assert str(rows.loc["2024", "finish"].date()) == "2025-01-01"  # exclusive end
    macron = latest_dated(analysed_store, Filters(entities=("Emmanuel Macron",)), 10)
    assert macron["date"].tolist() == ["2024-03-04"]
    assert event_counts(analysed_store, Filters(types=("PERSON",)))[0] == 2
    march = Filters(date_range=(date(2024, 3, 1), date(2024, 3, 31)))
    assert set(latest_dated(analysed_store, march, 10)["date"]) == {"2024", "2024-03-04"}
    assert (
        event_counts(analysed_store, Filters(date_range=(date(2023, 1, 1), date(2023, 12, 31))))[0]
        == 0
    )


def test_lanes(analysed_store):
    events = latest_dated(analysed_store, Filters(), 10)
    by_actor = lanes(events, "actor")
    assert set(by_actor["lane"]) >= {"Joe Biden", "Rishi Sunak", "Emmanuel Macron"}
    by_article = lanes(events, "article")
    assert set(by_article["lane"]) == {"Article a", "Article b"}


def test_an_event_without_actors_gets_its_own_lane():
    events = pd.DataFrame({"actors": [[], ["X"]], "title": ["", "T"], "article_id": ["a", "b"]})
    assert lanes(events, "actor")["lane"].tolist() == ["(no named actor)", "X"]
    assert lanes(events, "article")["lane"].tolist() == ["a", "T"]


# -- the chart's lanes and dates (issue 15) ---------------------------------------------------


def lane_rows(lanes_and_days: list[tuple[str, str]]) -> pd.DataFrame:
    days = pd.to_datetime([day for _, day in lanes_and_days])
    return pd.DataFrame({"lane": [lane for lane, _ in lanes_and_days], "start": days,
                         "finish": days + pd.Timedelta(days=1)})  # fmt: skip


def test_lane_page_keeps_the_busiest_lanes_and_folds_the_rest():
    rows = lane_rows([("A", "2024-01-01")] * 3 + [("B", "2024-01-02")] * 2 + [("C", "2024-01-03"),
                     ("D", "2024-01-04")])  # fmt: skip
    paged = lane_page(rows, size=2)
    assert paged["lane_label"].tolist() == ["A (3)"] * 3 + ["B (2)"] * 2 + ["other lanes (2)"] * 2
    assert paged["y"].tolist() == [0, 0, 0, 1, 1, 2, 2]
    second = lane_page(rows, first=2, size=2)
    assert set(second["lane_label"]) == {"C (1)", "D (1)", "other lanes (2)"}
    assert lane_page(rows)["lane_label"].nunique() == 4  # all fit: no "other lanes"


def test_lane_page_spreads_events_of_one_day_in_one_lane():
    paged = lane_page(lane_rows([("A", "2024-01-01")] * 3 + [("B", "2024-01-01")]))
    jittered = paged["y_jittered"].tolist()
    assert len(set(jittered[:3])) == 3 and all(-0.5 < y < 0.5 for y in jittered[:3])
    assert jittered[3] == 1  # alone on its day in its lane: in the middle


@pytest.mark.parametrize(
    ("days", "outside"),
    [
        (["2024-01-01", "2024-03-01"], 0),  # few events: all of them
        ([f"2024-01-{d:02d}" for d in range(1, 29)], 0),
        ([f"2024-01-{d:02d}" for d in range(1, 29)] + ["1950-06-01"], 1),
        ([f"2024-01-{d:02d}" for d in range(1, 29)] + ["1950-06-01", "2090-01-01"], 2),
    ],
)
def test_date_window_leaves_out_events_far_from_the_others(days, outside):
    rows = lane_rows([("A", day) for day in days])
    low, high, found = date_window(rows["start"], rows["finish"])
    assert found == outside
    if outside:
        assert low > pd.Timestamp("2023-06-01") and high < pd.Timestamp("2024-08-01")
    else:
        assert (low, high) == (rows["start"].min(), rows["finish"].max())
