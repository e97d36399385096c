"""The store's schema on Alembic (analysis.store.migrations): one chain of revisions, stores
of every schema version before Alembic upgraded in place with their data, one schema on
both backends whichever way a store got there, and several processes starting on one new
store at once. Tests taking `location` run on SQLite and PostgreSQL (tests.store.test_core).
"""

import json
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from analysis.extract.pipeline import PIPELINE_VERSION
from analysis.ingest.library import refresh_stale
from analysis.records import Analysis
from analysis.store import HEAD, Store, migrations
from analysis.store.database import Database
from tests.conftest import ROOT
from tests.store.test_core import TEXT, location, postgres_url  # noqa: F401


def test_schema_is_versioned_and_wal(tmp_path):
    store = Store(tmp_path / "a.sqlite")
    assert store.schema_revision == HEAD
    mode = sqlite3.connect(tmp_path / "a.sqlite").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_schema_revision_on_both_backends(location):  # noqa: F811
    store = Store(location)
    assert store.schema_revision == HEAD
    Store(location).close()  # opening a current store again changes nothing
    assert store.schema_revision == HEAD
    store.close()


def test_the_revisions_are_one_chain_numbered_as_their_files():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations.FOLDER))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [HEAD]
    chain = [revision.revision for revision in script.walk_revisions("base", "heads")][::-1]
    assert chain == [f"{n:04d}" for n in range(1, len(chain) + 1)]
    files = sorted(path.name for path in (migrations.FOLDER / "versions").glob("*.py"))
    assert [name[:4] for name in files] == chain


def legacy_store(where: str, version: int) -> None:
    """A store as the app left it before Alembic, at schema `version`: the same statements
    (the revisions up to it), its version in PRAGMA user_version (SQLite) or a
    schema_version table (PostgreSQL), no alembic_version; one analysed article in it."""
    db = Database(where)
    migrations.upgrade(db, f"{version:04d}")
    analysis = Analysis("old-version", [], [], [])
    with db.transaction():
        db.execute("DROP TABLE alembic_version")
        if db.dialect == "sqlite":
            db.execute(f"PRAGMA user_version = {version}")
        else:
            db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
            db.execute("INSERT INTO schema_version VALUES (?)", (version,))
        db.execute(
            """INSERT INTO articles (article_id, title, source, url, published, text, file,
                                     added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            ("a1", "Old title", "Old source", "", "2020-01-02", TEXT, "old.txt", "2020-01-03"),
        )
        db.execute(
            """INSERT INTO analyses (article_id, pipeline_version, payload, words, entities,
                                     quotes, events) VALUES (?, ?, ?, 9, 0, 0, 0)""",
            ("a1", "old-version", json.dumps(analysis.to_dict())),
        )
    db.close()


@pytest.mark.parametrize("version", range(1, int(HEAD) + 1))
def test_a_store_of_every_schema_version_is_upgraded_with_its_data(location, version):  # noqa: F811
    legacy_store(location, version)
    store = Store(location)
    assert store.schema_revision == HEAD
    assert schema_of(store) == new_schema(store.dialect)  # as if it were made today
    article = store.article("a1")
    assert (article.title, article.published, article.text) == ("Old title", "2020-01-02", TEXT)
    assert store.analysis("a1").pipeline_version == "old-version"
    assert store.author("a1") == ""  # the column added by version 3
    assert store.corrections() == []  # the table added by version 2
    assert store.stale_ids(PIPELINE_VERSION) == ["a1"]
    assert refresh_stale(store) == 1 and "a1" in store.search("emmanuel macron")
    store.close()


def test_several_processes_starting_on_one_new_store_migrate_it_once(location):  # noqa: F811
    """Started at once on a store that does not exist yet: one migrates it (under the
    lock), the others wait for it, and find it at the head."""
    script = (
        "import sys; from analysis.store import Store; s = Store(sys.argv[1]); "
        "print(s.schema_revision, s.revision()); s.close()"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script, location], cwd=ROOT, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]  # fmt: skip
    outcomes = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0] * 4, outcomes
    assert [out.split() for out, _ in outcomes] == [[HEAD, "0"]] * 4
    store = Store(location)
    assert [tuple(row) for row in store.query("SELECT version_num FROM alembic_version")] == [
        (HEAD,)
    ]
    store.close()


# -- one schema, whichever way a store got there ------------------------------------------

# the search index's own structures differ by backend (analysis.store.search_index)
SEARCH_INDEX = {"sqlite": ("search_fts", "search_documents"), "postgresql": ("search_vector",)}
VERSION_TABLES = ("alembic_version", "schema_version", "sqlite_sequence")
_new_schemas: dict[str, dict] = {}


def schema_of(store) -> dict:
    """Tables, with their columns (name, kind of type, nullable), primary keys and indexes
    (name, columns, unique), as SQLAlchemy reflects them; the search index's structures and
    the version tables left out."""
    from sqlalchemy import inspect

    inspector = inspect(store.engine)  # a Store, or a SQLAlchemy engine
    backend_only = SEARCH_INDEX[inspector.dialect.name]
    # the same declared type as each backend reflects it (BIGSERIAL: SQLite's AUTOINCREMENT)
    kinds = {"BIGINT": "INTEGER", "REAL": "DOUBLE", "DOUBLE_PRECISION": "DOUBLE"}
    kinds["DOUBLE PRECISION"] = "DOUBLE"
    schema = {}
    for table in inspector.get_table_names():
        if table.startswith(backend_only) or table in VERSION_TABLES:
            continue
        primary = inspector.get_pk_constraint(table)["constrained_columns"]
        # (SQLite lets a primary key column other than an INTEGER one hold NULL unless it is
        # declared NOT NULL; PostgreSQL never does: a key column counts as NOT NULL)
        columns = [
            (
                c["name"],
                kinds.get(str(c["type"]), str(c["type"])),
                c["nullable"] and c["name"] not in primary,
            )
            for c in inspector.get_columns(table)
            if c["name"] not in backend_only
        ]
        indexes = sorted(
            (i["name"], tuple(i["column_names"]), bool(i["unique"]))
            for i in inspector.get_indexes(table)
            if i["name"] not in ("articles_search",)
        )
        schema[table] = {"columns": columns, "primary key": primary, "indexes": indexes}
    return schema


@contextmanager
def another_database(name: str) -> Iterator[str]:
    """A database of its own on the test server (dropped after), for a second store."""
    import psycopg

    url = postgres_url()
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def new_schema(backend: str) -> dict:
    """The schema of a store made today on `backend` (made once per run, beside the
    stores of the tests)."""
    if backend not in _new_schemas:
        with (
            another_database("newsdash_test_new")
            if backend == "postgresql"
            else tempfile.TemporaryDirectory() as where
        ):
            store = Store(where if backend == "postgresql" else Path(where) / "new.sqlite")
            _new_schemas[backend] = schema_of(store)
            store.close()
    return _new_schemas[backend]


def test_the_declared_schema_is_what_the_revisions_build(location):  # noqa: F811
    """analysis.store.schema (SQLAlchemy Core) made with create_all, and a new store made by
    the Alembic chain: the same tables, columns, keys and indexes."""
    from sqlalchemy import create_engine

    from analysis.store.engine import sqlalchemy_url
    from analysis.store.schema import METADATA

    backend = "postgresql" if location.startswith("postgresql") else "sqlite"
    if backend == "sqlite":
        Path(location).parent.mkdir(parents=True)
    engine = create_engine(sqlalchemy_url(location))
    try:
        METADATA.create_all(engine)
        declared = schema_of(engine)
    finally:
        engine.dispose()
    assert [t for t in declared if declared[t] != new_schema(backend).get(t)] == []
    assert sorted(declared) == sorted(new_schema(backend))


@pytest.mark.backend("postgresql")
def test_a_new_store_has_one_schema_on_both_backends():
    sqlite, postgresql = new_schema("sqlite"), new_schema("postgresql")
    assert sorted(sqlite) == sorted(postgresql)
    assert [t for t in sqlite if sqlite[t] != postgresql[t]] == []
