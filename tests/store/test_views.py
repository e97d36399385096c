"""Corpus views kept in the store (analysis.store.views): kept as JSON that reads back equal,
computed once per revision, refreshed after a change, equal to what they compute."""

from __future__ import annotations

import json
import threading
import time
from datetime import date

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import refresh
from analysis.corpus.entities import CorpusEntity
from analysis.corpus.refresh import refresh_defaults
from analysis.corpus.timeline import Choices, Filters
from analysis.ingest.library import add_documents, seed_if_new
from analysis.store import Store, views
from analysis.store.views import CODE_VERSION, decode, encode, stored_view
from tests.conftest import generated_documents
from tests.store.test_core import BACKENDS, empty_location, location  # noqa: F401

DEFAULTS = "analysis.corpus.refresh.figures"


def read_back(value):
    return decode(json.loads(json.dumps(encode(value))))


def assert_same(expected, actual) -> None:
    """Equal values of the same types, DataFrames included (dtypes and cells)."""
    assert type(actual) is type(expected), (type(expected), type(actual))
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(actual, expected)
        for column in expected.columns:  # tuple cells stay tuples, lists stay lists
            assert [type(v) for v in actual[column]] == [type(v) for v in expected[column]]
            for want, got in zip(expected[column], actual[column], strict=True):
                if isinstance(want, list):
                    assert [type(v) for v in got] == [type(v) for v in want]
    elif isinstance(expected, (list, tuple)):
        assert len(actual) == len(expected)
        for want, got in zip(expected, actual, strict=True):
            assert_same(want, got)
    elif isinstance(expected, dict):
        assert list(actual) == list(expected)
        for name in expected:
            assert_same(expected[name], actual[name])
    else:
        assert actual == expected


EVENTS = pd.DataFrame(
    {
        "event_id": ["ev1", "ev2"],
        "count": np.array([3, 0], dtype="int64"),
        "share": [0.1234567890123, float("nan")],
        "start": pd.to_datetime(["2024-01-02", None]),
        "actors": [["Kim Jong Un", "Putin"], []],
        "evidence": [[(0, "Kim visited."), (1, "He left.")], []],
        "row_types": [("GPE", "LOC"), ("PERSON",)],
        "flag": [True, False],
        "note": ['a "quoted" line\n', None],
    }
)


@pytest.mark.parametrize(
    "value",
    [
        EVENTS,
        EVENTS.head(0),
        pd.DataFrame(columns=["node_id", "name"]),
        [CorpusEntity("person:kim", "Kim", "PERSON", 5, ["Kim", "Mr Kim"], "", 2)],
        Choices({"a1": "Title", "a2": ""}, ["Kim"], ["GPE"], (date(2024, 1, 1), date(2024, 2, 3))),
        Choices({}, [], [], None),
        Filters(("a1",), (), ("PERSON",), (date(2024, 1, 1), date(2024, 1, 31))),
        {"articles": 3, "first": "2024-01-01", "ratio": 0.5, "none": None},
        (2, 7),
        {"org:un": ["org:united-nations", "org:un-security-council"]},
        (EVENTS.head(1), 4),
        np.int64(12),
    ],
    ids=lambda v: type(v).__name__,
)
def test_a_kept_value_reads_back_equal(value):
    expected = value.item() if isinstance(value, np.generic) else value
    assert_same(expected, read_back(value))


@pytest.mark.parametrize(
    "value, problem",
    [
        (EVENTS.set_index("event_id"), "default index"),
        ({1: "a"}, "string keys"),
        (object(), "cannot keep"),
        (CorpusEntity, "cannot keep"),
    ],
)
def test_what_cannot_be_kept_is_refused(value, problem):
    with pytest.raises(TypeError, match=problem):
        encode(value)


def test_a_payload_naming_no_known_record_is_not_decoded():
    with pytest.raises(KeyError):
        decode({"$record": "os.system", "items": ["ls"]})
    with pytest.raises(ValueError):
        decode({"$unknown": 1})


# -- computed once per revision -------------------------------------------------------------

calls: list[tuple] = []


@stored_view
def counted(store: Store, word: str, table: pd.DataFrame | None = None) -> dict:
    calls.append((word, store.revision()))
    return {"word": word, "articles": store.article_count()}


@pytest.fixture
def store(location):  # noqa: F811
    store = Store(location)
    calls.clear()
    yield store
    store.close()


def test_a_view_is_computed_once_per_revision_and_argument(store):
    assert counted(store, "a") == {"word": "a", "articles": 0}
    assert counted(store, "a") == {"word": "a", "articles": 0}
    assert counted(store, "b")["word"] == "b"
    # a table derived from the store is not part of the key
    assert counted(store, "a", pd.DataFrame({"x": [1]}))["word"] == "a"
    assert calls == [("a", 0), ("b", 0)]
    revision = store.revision()
    add_documents(store, generated_documents(1))
    assert store.revision() != revision
    assert counted(store, "a") == {"word": "a", "articles": 1}
    assert calls[-1] == ("a", store.revision())
    # views of older revisions are dropped when a newer one is kept
    kept = store.query("SELECT DISTINCT revision FROM corpus_views")
    assert [row[0] for row in kept] == [store.revision()]


def test_another_process_reads_the_kept_view(store, location):  # noqa: F811
    counted(store, "a")
    other = Store(location)
    try:
        assert counted(other, "a") == {"word": "a", "articles": 0}
        assert len(calls) == 1
    finally:
        other.close()


def test_a_view_computed_while_the_store_changed_is_not_kept(store):
    revision = store.revision()
    add_documents(store, generated_documents(1))  # a write: the revision moves on
    assert not store.keep_view("x", "{}", CODE_VERSION, revision, "1")
    assert store.kept_view("x", "{}", CODE_VERSION, revision) is None
    assert store.keep_view("x", "{}", CODE_VERSION, store.revision(), "1")
    assert store.kept_view("x", "{}", CODE_VERSION, store.revision()) == "1"
    assert store.kept_view("x", "{}", "other code", store.revision()) is None
    moved = store.revision()
    assert store.keep_view("y", "{}", CODE_VERSION, moved, "2")
    assert store.revision() == moved  # keeping a view is not a change


# -- the views every page shows first --------------------------------------------------------


@pytest.fixture(scope="module", params=BACKENDS)
def corpus(request, tmp_path_factory):
    """The seed article (quotes naming people and countries) and generated ones."""
    store = Store(empty_location(request.param, tmp_path_factory.mktemp("views")))
    seed_if_new(store)
    add_documents(store, generated_documents(12))
    yield store
    store.close()


def test_refresh_keeps_the_default_views_equal_to_what_they_compute(corpus):
    assert refresh_defaults(corpus) in (True, False)
    assert not refresh_defaults(corpus)  # nothing left to compute at this revision
    kept = corpus.query(
        "SELECT name, params, payload FROM corpus_views WHERE revision = ? AND code = ?",
        (corpus.revision(), CODE_VERSION),
    )
    names = {row["name"] for row in kept}
    assert {
        "analysis.corpus.rows.corpus_entities",
        "analysis.corpus.rows.corpus_link_candidates",
        "analysis.corpus.timeline.timeline_choices",
        "analysis.corpus.timeline.events_shown",
        "analysis.corpus.network.nodes",
        "analysis.corpus.network.edges",
        "analysis.corpus.network.speakers",
        "analysis.corpus.network.cooccurrence",
        "analysis.corpus.network.article_titles",
        "analysis.corpus.overview.top_entities",
        DEFAULTS,
        "analysis.corpus.refresh.lists",
    } <= names
    for row in kept:
        if row["name"] in (DEFAULTS, "analysis.corpus.refresh.lists"):
            continue
        arguments = decode(json.loads(row["params"]))
        fresh = views.VIEWS[row["name"]].compute(corpus, **arguments)
        assert_same(fresh, decode(json.loads(row["payload"])))


def test_the_views_are_not_empty_on_a_real_corpus(corpus):
    from analysis.corpus.network import NetworkFilters, edges
    from analysis.corpus.rows import corpus_entities
    from analysis.corpus.timeline import events_shown

    assert len(corpus_entities(corpus)) > 10
    assert events_shown(corpus, Filters()).dated > 0
    assert not edges(corpus, NetworkFilters()).empty


def test_keep_fresh_refreshes_after_a_change(tmp_path):
    store = Store(tmp_path / "articles.sqlite")
    stop = threading.Event()
    watcher = threading.Thread(target=refresh.keep_fresh, args=(store, 0.05, stop), daemon=True)
    watcher.start()
    try:
        add_documents(store, generated_documents(2))
        deadline = time.monotonic() + 60
        while store.kept_view(DEFAULTS, "", CODE_VERSION, store.revision()) is None:
            assert time.monotonic() < deadline, "the default views were not refreshed"
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(10)
    assert not watcher.is_alive()


def test_keep_fresh_stops_when_the_store_is_closed(tmp_path):
    store = Store(tmp_path / "articles.sqlite")
    watcher = threading.Thread(target=refresh.keep_fresh, args=(store, 0.05), daemon=True)
    watcher.start()
    store.close()
    watcher.join(10)
    assert not watcher.is_alive()


# -- one refresher at a time, whatever the number of processes ------------------------------

REFRESHERS = 4


def refresh_in_another_process(where: str, start, results) -> None:
    """One of several processes refreshing after the same change: the computation is made
    slow (a second), so that without the lock they would all compute at once."""
    store = Store(where)
    compute = refresh._figure_views

    def slowly(store: Store) -> bool:
        time.sleep(1.0)
        return compute(store)

    refresh._figure_views = slowly
    revision = store.revision()
    start.wait()
    began = time.monotonic()
    computed = refresh_defaults(store)
    waited = time.monotonic() - began
    # whoever returns finds the views kept: the others waited for them, not skipped them
    kept = store.kept_view(DEFAULTS, "", CODE_VERSION, revision) is not None
    results.put((computed, kept, waited))
    store.close()


def test_one_process_refreshes_and_the_others_wait_for_its_result(location):  # noqa: F811
    import multiprocessing

    store = Store(location)
    add_documents(store, generated_documents(3))
    store.close()
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(REFRESHERS), context.Queue()
    processes = [
        context.Process(target=refresh_in_another_process, args=(location, start, results))
        for _ in range(REFRESHERS)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(30)
    assert sorted(computed for computed, _, _ in outcomes) == [False] * (REFRESHERS - 1) + [True]
    assert all(kept for _, kept, _ in outcomes)
    assert all(waited >= 0.9 for _, _, waited in outcomes)  # each waited for the one


def test_a_lock_whose_holder_died_is_taken_over(tmp_path):
    """SQLite's lock row names its holder's process: once that process is gone, the lock
    is free (on PostgreSQL the server releases the advisory lock of a closed session)."""
    import subprocess
    import sys

    path = tmp_path / "articles.sqlite"
    Store(path).close()
    holder = subprocess.run(
        [sys.executable, "-c",
         f"from analysis.store import Store; print(Store({str(path)!r}).try_lock('x'))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert holder.stdout.strip() == "True"
    store = Store(path)
    assert store.query("SELECT COUNT(*) FROM locks WHERE name = 'x'")[0][0] == 1
    assert store.try_lock("x")  # its holder has exited
    store.close()


def test_a_held_lock_is_refused_to_another_process_until_released(location):  # noqa: F811
    import subprocess
    import sys

    holder, other = Store(location), Store(location)
    try:
        assert holder.try_lock("x")
        script = (
            "import sys; from analysis.store import Store; print(Store(sys.argv[1]).try_lock('x'))"
        )
        check = [sys.executable, "-c", script, str(location)]
        assert subprocess.run(check, capture_output=True, text=True).stdout.strip() == "False"
        assert other.try_lock("y")  # another name is another lock
        holder.unlock("x")
        assert subprocess.run(check, capture_output=True, text=True).stdout.strip() == "True"
    finally:
        holder.close()
        other.close()
