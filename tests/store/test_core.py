"""The article store: persistence, duplicates, pipeline versions, migrations, crash safety.

Every test that takes `location` runs against SQLite and PostgreSQL. PostgreSQL comes from
TEST_DATABASE_URL (./dev test starts a throwaway server); without it these tests are
skipped on a developer's machine and FAIL under CI=true.
"""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from analysis.extract.pipeline import PIPELINE_VERSION
from analysis.ingest.library import (
    add_document,
    article_id_for,
    backlog,
    catch_up_with_pipeline,
    open_library,
    refresh_stale,
)
from analysis.ingest.readers import Document
from analysis.records import Analysis, Article
from analysis.store import Store, StoreError, redact
from analysis.store.engine import driver_sql
from tests.conftest import ROOT

TEXT = "Angela Merkel met Emmanuel Macron in Paris on Monday."
BACKENDS = ["sqlite", "postgresql"]


def is_throwaway(database: str) -> bool:
    """Only a database whose name says it is for tests may be emptied by them."""
    return re.search(r"(^|[_\W])tests?($|[_\W])", database, re.I) is not None


def reset_postgres(url: str) -> None:
    """Empty the test database: refused (before anything is dropped) unless its name says
    test, e.g. `newsdash_test`, so a TEST_DATABASE_URL naming a real database is safe."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        database = connection.execute("SELECT current_database()").fetchone()[0]
        if not is_throwaway(database):
            pytest.fail(
                f"refusing to empty database {database!r}: the tests drop its schema, so "
                "TEST_DATABASE_URL must name a throwaway database whose name says test "
                "(./dev test creates newsdash_test in a server of its own)"
            )
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        message = "TEST_DATABASE_URL is not set: ./dev test starts a PostgreSQL server for it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


def empty_location(backend: str, folder: Path) -> str:
    """An empty store's location on `backend`: a SQLite file in `folder`, or the test
    PostgreSQL database emptied for it."""
    if backend == "sqlite":
        return str(folder / "articles.sqlite")
    url = postgres_url()
    reset_postgres(url)
    return url


@pytest.fixture(params=BACKENDS)
def location(request, tmp_path) -> str:
    """An empty store's location: a SQLite file, or a PostgreSQL database emptied for it."""
    return empty_location(request.param, tmp_path / "store")


@pytest.fixture
def store(location):
    store = Store(location)
    yield store
    store.close()


def count_articles(location: str) -> int:
    if location.startswith("postgresql"):
        import psycopg

        with psycopg.connect(location) as connection:
            try:
                return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except psycopg.errors.UndefinedTable:  # not created yet
                return 0
    if not os.path.exists(location):
        return 0
    with closing(sqlite3.connect(location, timeout=30)) as connection:
        try:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:  # not created yet
            return 0


def test_first_start_loads_the_seed_and_restarts_lose_nothing(location):
    store = open_library(location)
    seeded = store.article_summaries()
    assert len(seeded) == 1 and seeded[0]["published"] == "2024-10-08"
    add_document(store, Document(TEXT, "merkel.txt", title="Merkel in Paris"))
    store.close()
    again = open_library(location)
    assert len(again.article_summaries()) == 2  # the seed is not loaded a second time
    assert again.analysis(article_id_for(TEXT)).entities
    again.close()


def test_same_text_with_other_whitespace_is_not_stored_twice(store):
    assert add_document(store, Document(TEXT, "a.txt"))[0] is True
    respaced = "  " + TEXT.replace(" ", "  \n") + "\n"
    assert add_document(store, Document(respaced, "b.txt"))[0] is False
    assert len(store.articles()) == 1


def test_analysis_from_another_pipeline_version_is_recomputed(store):
    _, article_id = add_document(store, Document(TEXT, "a.txt"))
    article = store.article(article_id)
    old = store.analysis(article_id)
    old.pipeline_version = "old"
    store.save_analysis(article, old)
    assert store.stale_ids(PIPELINE_VERSION) == [article_id]
    assert refresh_stale(store) == 1
    assert store.analysis(article_id).pipeline_version == PIPELINE_VERSION


def test_the_app_opens_a_stale_store_at_once_and_catches_up_after(location):
    store = Store(location)
    _, article_id = add_document(store, Document(TEXT, "a.txt"))
    old = store.analysis(article_id)
    old.pipeline_version = "old"
    store.save_analysis(store.article(article_id), old)
    store.set_setting("seeded", "yes")
    opened = open_library(location, catch_up=False)
    assert backlog(opened) == 1 and opened.analysis(article_id).pipeline_version == "old"
    assert catch_up_with_pipeline(opened) == 1
    assert backlog(opened) == 0 and opened.ids_without_rows() == []
    assert opened.analysis(article_id).pipeline_version == PIPELINE_VERSION


def test_revision_changes_with_every_write(store):
    before = store.revision()
    _, article_id = add_document(store, Document(TEXT, "a.txt"))
    assert store.revision() > before
    middle = store.revision()
    store.delete(article_id)
    assert store.revision() > middle and store.articles() == []
    assert store.analysis(article_id) is None


def test_a_second_client_sees_every_write(location):
    first, second = Store(location), Store(location)
    _, article_id = add_document(first, Document(TEXT, "a.txt", author="Jane Doe"))
    assert second.has(article_id) and second.revision() == first.revision()
    assert second.author(article_id) == "Jane Doe"
    second.update_metadata(article_id, title="Edited")
    assert first.article(article_id).title == "Edited"
    first.close()
    second.close()


def test_metadata_is_edited_and_unknown_fields_refused(store):
    _, article_id = add_document(store, Document(TEXT, "a.txt"))
    before = store.revision()
    assert store.update_metadata(article_id, published="2024-05-01", source="Wire", author="X")
    article = store.article(article_id)
    assert (article.published, article.source) == ("2024-05-01", "Wire")
    assert store.revision() > before
    assert store.update_metadata("no-such-id", title="x") is False
    with pytest.raises(ValueError, match="not editable"):
        store.update_metadata(article_id, text="replaced")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("merkel", True),  # title, any case
        ("ELYSEE", True),  # text only
        ("Emmanuel Macron", True),  # entity name
        ("Berlin", False),
        ("%", False),  # LIKE wildcards are literal
        ("_", False),
        ("", True),  # everything
    ],
)
def test_search_over_titles_text_and_entity_names(store, query, found):
    text = "Emmanuel Macron spoke at the Elysee Palace on Monday."
    _, article_id = add_document(store, Document(text, "a.txt", title="Merkel absent"))
    assert (store.search(query) == [article_id]) is found


@pytest.mark.parametrize(
    ("text", "naming"),
    [
        ("rose 50%", ["a.txt"]),  # LIKE wildcards are literal
        ("Rose 50", ["a.txt", "b.txt"]),  # any case
        ("a_b", []),
        ("vote", []),
    ],
)
def test_ids_naming_finds_the_articles_containing_a_text(store, text, naming):
    ids = {}
    for name, body in [("a.txt", "Support rose 50% in May."), ("b.txt", "It rose 50 points.")]:
        ids[add_document(store, Document(body, name))[1]] = name
    assert sorted(ids[i] for i in store.ids_naming([], [text])) == naming


def test_summaries_list_counts_and_author(store):
    add_document(store, Document(TEXT, "a.txt", title="T", author="Jane Doe"))
    (row,) = store.article_summaries()
    assert row["author"] == "Jane Doe" and row["words"] == len(TEXT.split())
    assert row["entities"] >= 3


def test_corrections_get_their_id_back_on_both_backends(store):
    first = store.add_correction("rename", json.dumps({"a": 1}), "me", "2024-01-01T00:00:00Z")
    second = store.add_correction("merge", "{}", "me", "2024-01-01T00:00:01Z")
    assert second > first
    assert [c["action"] for c in store.corrections()] == ["rename", "merge"]


def test_a_write_that_reads_first_waits_for_another_writer_instead_of_failing(location):
    """A write transaction that reads before it writes (replace_rows, keep_view) while
    another connection commits a write: it does not fail with "database is locked". (With
    SQLite's deferred BEGIN its first read took a snapshot, the other connection committed,
    and the snapshot could no longer become a write: SQLITE_BUSY at once, whatever the busy
    timeout. A write transaction now begins IMMEDIATE: the other writer waits for it.)"""
    store, other = Store(location), Store(location)
    writer = threading.Thread(target=other.set_setting, args=("meanwhile", "yes"))
    with store._transaction() as db:
        before = db.execute("SELECT value FROM revision").fetchall()[0][0]  # reads first
        writer.start()
        writer.join(timeout=1)  # another connection's write, while this one holds none yet
        db.execute("UPDATE revision SET value = value + 1")  # then writes
    writer.join(timeout=60)
    assert not writer.is_alive()
    assert other.setting("meanwhile") == "yes" and store.revision() == before + 1
    store.close()
    other.close()


def test_placeholders_are_adapted_to_the_driver_in_one_place():
    assert driver_sql("SELECT ? WHERE x LIKE '5%'", "qmark") == "SELECT ? WHERE x LIKE '5%'"
    assert driver_sql("SELECT ? WHERE x LIKE '5%'", "pyformat") == ("SELECT %s WHERE x LIKE '5%%'")


def test_database_url_password_is_not_shown():
    assert redact("postgresql://ana:s3cret@db.local:5432/news") == (
        "postgresql://ana:***@db.local:5432/news"
    )
    assert redact("postgresql://db.local/news") == "postgresql://db.local/news"


def test_failed_write_leaves_the_store_as_it_was(store):
    _, article_id = add_document(store, Document(TEXT, "a.txt"))
    before = (store.revision(), store.article_summaries())
    article = Article("b2", "Another text.", added="2024-01-01T00:00:00Z")
    analysis = Analysis("x", [], [], [])
    analysis.entities = None  # breaks inside the transaction, after the article row
    with pytest.raises(TypeError):
        store.add(article, analysis)
    assert (store.revision(), store.article_summaries()) == before
    assert not store.has("b2") and store.has(article_id)


NAMES = [
    "Angela Merkel", "Emmanuel Macron", "Olaf Scholz", "Giorgia Meloni", "Pedro Sanchez",
    "Mark Rutte", "Donald Tusk", "Viktor Orban", "Ursula von der Leyen", "Charles Michel",
    "Roberta Metsola", "Josep Borrell",
]  # fmt: skip


def test_killing_an_ingest_midway_keeps_the_store_consistent(location, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for number, name in enumerate(NAMES):
        text = (f"{name} arrived in Brussels on Monday for talks on the budget. " * 80) + str(
            number
        )
        (folder / f"{number:02}.txt").write_text(text, encoding="utf-8")
    env = {**os.environ, "NEWSDASH_DATA_DIR": str(tmp_path / "data")}
    if location.startswith("postgresql"):
        env["DATABASE_URL"] = location
    else:
        env.pop("DATABASE_URL", None)
        location = str(tmp_path / "data" / "articles.sqlite")
    command = [sys.executable, "-m", "analysis", "ingest", str(folder), "--workers", "1"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        # the seed plus at least three uploads are stored: then kill it, mid-way
        deadline = time.monotonic() + 500
        while count_articles(location) < 4 and time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.05)
        before_kill = count_articles(location)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert 4 <= before_kill < 1 + len(NAMES)
    if location.endswith(".sqlite"):
        check = sqlite3.connect(location).execute("PRAGMA integrity_check").fetchone()[0]
        assert check == "ok"
    store = Store(location)
    summaries = store.article_summaries()
    assert len(summaries) >= before_kill  # nothing stored before the kill was lost
    assert all(store.analysis(s["article_id"]) for s in summaries)  # no half-written article
    store.close()
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert f"{len(summaries) - 1} already present" in again.stderr
    assert count_articles(location) == 1 + len(NAMES)


@pytest.mark.parametrize(
    ("database", "throwaway"),
    [("newsdash_test", True), ("test", True), ("tests_ci", True), ("my-test-db", True),
     ("postgres", False), ("newsdash", False), ("contest", False), ("latest_news", False)],
)  # fmt: skip
def test_only_a_database_named_for_tests_counts_as_throwaway(database, throwaway):
    assert is_throwaway(database) is throwaway


@pytest.mark.backend("postgresql")
def test_the_tests_refuse_to_empty_a_database_not_named_for_tests():
    import psycopg

    url = postgres_url()
    name = f"newsdash_shared_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    other = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    try:
        with psycopg.connect(other, autocommit=True) as connection:
            connection.execute("CREATE TABLE kept (x INTEGER)")
        with pytest.raises(pytest.fail.Exception, match="refusing to empty database"):
            reset_postgres(other)
        with psycopg.connect(other) as connection:  # the table is still there
            assert connection.execute("SELECT COUNT(*) FROM kept").fetchone() == (0,)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def big_article(number: int) -> tuple[Article, Analysis]:
    text = f"Report {number}. " + "Olaf Scholz spoke in Berlin about the budget. " * 400
    return (
        Article(article_id=f"big{number}", text=text, added=f"2024-01-0{number}"),
        Analysis(pipeline_version=PIPELINE_VERSION, sentences=[], mentions=[], entities=[]),
    )


def test_a_full_sqlite_disk_is_a_clear_error_and_the_store_stays_intact(tmp_path):
    """A full disk, simulated by capping the database's pages where it stands (SQLite then
    fails a write as on a full disk: SQLITE_FULL); bench/faults.py does it on a small
    file system."""
    store = Store(tmp_path / "articles.sqlite")
    store.add(*big_article(1))
    before = (store.revision(), store.article_summaries())
    pages = store.query("PRAGMA page_count")[0][0]
    store.query(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="database is full .*free some disk space"):
        store.add(*big_article(2))
    assert (store.revision(), store.article_summaries()) == before
    assert store.query("PRAGMA integrity_check")[0][0] == "ok"
    store.query(f"PRAGMA max_page_count = {pages * 100}")  # space freed: writes work again
    assert store.add(*big_article(2)) is True
    store.close()


def test_a_wrong_statement_is_not_taken_for_a_store_fault(store):
    with pytest.raises(Exception, match="no_such_table|does not exist") as raised:
        store.query("SELECT * FROM no_such_table")
    assert not isinstance(raised.value, StoreError)


def drop_connections(url: str) -> None:
    """What a server restart does to the store's connection: the server ends it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(
            """SELECT pg_terminate_backend(pid) FROM pg_stat_activity
               WHERE datname = current_database() AND pid <> pg_backend_pid()"""
        )


@pytest.mark.backend("postgresql")
def test_a_postgresql_store_connects_again_after_the_server_dropped_it():
    url = empty_location("postgresql", Path("unused"))
    store = Store(url)
    store.add(*big_article(1))
    drop_connections(url)
    assert store.article_count() == 1  # a read connects again
    drop_connections(url)
    assert store.add(*big_article(2)) is True  # so does a write, before its transaction
    assert store.article_count() == 2
    store.close()


@pytest.mark.backend("postgresql")
def test_a_postgresql_connection_lost_mid_write_writes_nothing_and_says_so():
    url = empty_location("postgresql", Path("unused"))
    store = Store(url)
    store.add(*big_article(1))
    before = store.revision()
    lost = pytest.raises(StoreError, match="unreachable or failed.*nothing was half-written")
    with lost, store._transaction() as db:
        db.execute("UPDATE articles SET title = 'half' WHERE article_id = 'big1'")
        drop_connections(url)
        db.execute("UPDATE revision SET value = value + 1")
    assert store.revision() == before and store.article("big1").title == ""
    store.close()


@pytest.mark.backend("postgresql")
def test_ingest_carries_on_when_postgresql_drops_its_connection_midway(tmp_path):
    """What a PostgreSQL restart does to a running ingest (its connection ended by the
    server, several times): it connects again and stores every file exactly once
    (bench/faults.py restarts a real server)."""
    url = empty_location("postgresql", tmp_path)
    folder = tmp_path / "inbox"
    folder.mkdir()
    for number, name in enumerate(NAMES):
        text = f"{name} arrived in Brussels on Monday for talks on the budget. " * 80
        (folder / f"{number:02}.txt").write_text(text + str(number), encoding="utf-8")
    env = {**os.environ, "NEWSDASH_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": url}
    command = [sys.executable, "-m", "analysis", "ingest", str(folder), "--workers", "1"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    drops, deadline = 0, time.monotonic() + 500
    while process.poll() is None and time.monotonic() < deadline:
        if count_articles(url) >= 3 + 2 * drops and drops < 3:
            drop_connections(url)
            drops += 1
        time.sleep(0.05)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    assert drops == 3
    assert f"{len(NAMES)} added, 0 already present, 0 rejected" in errors
    store = Store(url)
    assert store.article_count() == 1 + len(NAMES)  # the seed and each file once
    assert store.ids_without_rows() == []
    store.close()


def test_a_store_that_stays_unusable_ends_the_ingest_with_a_clear_error(monkeypatch, capsys):
    from analysis import cli as cli

    calls = []

    def unusable():
        calls.append(1)
        raise StoreError("the PostgreSQL store at postgresql://x is unreachable or failed")

    with pytest.raises(StoreError):
        cli.patiently(unusable, patience=1.2)
    assert len(calls) >= 2  # tried again before giving up
    assert "trying again in" in capsys.readouterr().err
    answers = iter([StoreError("down"), StoreError("down"), "stored"])

    def flaky():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert cli.patiently(flaky, patience=30) == "stored"


# -- reads of one revision (Store.pinned) -------------------------------------------------


def test_a_pinned_store_reads_one_revision_whatever_is_written_meanwhile(location):
    store = Store(location)
    add_document(store, Document(TEXT, "merkel.txt", title="Merkel in Paris"))
    other = Store(location)  # another process
    with store.pinned() as pinned:
        revision, titles = pinned.revision(), [a.title for a in pinned.articles()]
        add_document(other, Document("Olaf Scholz spoke in Rome on Friday.", "rome.txt"))
        assert pinned.revision() == revision
        assert [a.title for a in pinned.articles()] == titles
        assert pinned.article_count() == 1 and store.article_count() == 2
    with store.pinned() as pinned:  # the next pin sees the store as it is now
        assert pinned.revision() == store.revision() and pinned.article_count() == 2
    other.close()
    store.close()


def test_a_view_kept_through_a_pinned_store_is_of_its_revision(location):
    store = Store(location)
    with store.pinned() as pinned:
        revision = pinned.revision()
        assert pinned.keep_view("v", "", "code", revision, '"kept"')  # still current
        assert store.kept_view("v", "", "code", revision) == '"kept"'
        store.set_setting("changed", "yes")
        store.write("UPDATE settings SET value = 'again' WHERE key = 'changed'")
        assert not pinned.keep_view("w", "", "code", revision, '"stale"')  # moved on
        assert pinned.kept_view("w", "", "code", revision) is None
    store.close()


def test_pinned_connections_are_reused_and_closed_with_the_store(location):
    store = Store(location)
    for _ in range(3):
        with store.pinned() as pinned:
            pinned.article_count()
    assert store.engine.pool.checkedin() == 1  # one idle, kept for the next pin
    store.close()
    assert store.engine.pool.checkedin() == 0
