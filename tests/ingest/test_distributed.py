"""Ingestion on a Dask cluster (a LocalCluster of two processes): each file stored once on
SQLite and PostgreSQL, a re-run adds nothing, a killed worker's batch is analysed again,
a document whose analysis fails fails alone."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from analysis.ingest import distributed
from analysis.ingest.library import Failed, Stored, analyse_documents, to_article
from analysis.records import Analysis
from analysis.store import Store
from tests.conftest import ROOT, generated_documents
from tests.store.test_core import count_articles, empty_location

STALL_MARKER_ENV = "NEWSDASH_TEST_STALL_MARKER"
STALLED_TEXT = "Summit number 3 opens"
BROKEN_TEXT = "BROKEN"


def stall_once(documents):
    """What a worker runs on a batch, in the killed-worker test: the first worker given
    the stalled document writes its pid to the marker file and waits to be killed; later
    runs (the batch again, on another worker) analyse as usual."""
    if any(text.startswith(STALLED_TEXT) for text, _, _ in documents):
        marker = Path(os.environ[STALL_MARKER_ENV])
        try:
            descriptor = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            pass
        else:
            os.write(descriptor, str(os.getpid()).encode())
            os.close(descriptor)
            time.sleep(300)
    return analyse_documents(documents)


def fail_on_broken(documents):
    if any(BROKEN_TEXT in text for text, _, _ in documents):
        raise ValueError("a broken extractor")
    return analyse_documents(documents)


def write_files(folder: Path, count: int = 12) -> Path:
    folder.mkdir(parents=True)
    for number, document in enumerate(generated_documents(count)):
        (folder / f"{number:02}.txt").write_text(document.text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_local_cluster_stores_each_of_a_dozen_files_once(backend, tmp_path):
    folder = write_files(tmp_path / "inbox")
    env = {**os.environ, "NEWSDASH_DATA_DIR": str(tmp_path / "data")}
    if backend == "postgresql":
        location = env["DATABASE_URL"] = empty_location("postgresql", tmp_path)
    else:
        env.pop("DATABASE_URL", None)
        location = str(tmp_path / "data" / "articles.sqlite")
    command = [sys.executable, "-m", "analysis", "ingest", str(folder), str(folder / "00.txt"),
               "--dask", "local", "--workers", "2"]  # fmt: skip
    first = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    lines = first.stderr.splitlines()
    assert lines[-1] == "12 added, 1 already present, 0 rejected"  # 00.txt given twice
    assert "on a local Dask cluster of 2 process(es)" in first.stderr
    assert sum(" added: " in line for line in lines) == 12
    assert any("] 13/13 " in line for line in lines)  # progress as with local workers
    assert "computed the corpus views the pages show first" in lines
    assert count_articles(location) == 1 + 12  # the seed and each file once
    store = Store(location)
    assert store.ids_without_rows() == []  # every article's rows written
    store.close()
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[-1] == "0 added, 13 already present, 0 rejected"
    assert count_articles(location) == 1 + 12


@pytest.mark.backend("postgresql")
@pytest.mark.parametrize("allowed_failures", [3, 0])
def test_a_killed_workers_batch_is_analysed_again_and_stored_once(allowed_failures, tmp_path):
    """The scheduler runs a dead worker's batch again (`allowed-failures` times, 3 by
    default); with none allowed, that batch's files are reported failed, the others stored."""
    import dask

    url = empty_location("postgresql", tmp_path)
    marker = tmp_path / "stalled-worker.pid"
    # the workers store into the client's database (set for them only: a thread of another
    # test still running in this process must not open it as its default store)
    workers_env = {"DATABASE_URL": url, STALL_MARKER_ENV: str(marker)}
    store = Store(url)
    articles = [to_article(document) for document in generated_documents(8)]
    results: dict = {}
    allowed = {"distributed.scheduler.allowed-failures": allowed_failures}
    with dask.config.set(allowed), distributed.connected("local", 2, workers_env) as client:

        def ingest():
            results.update(distributed.analyse_on_dask(client, articles, store, analyse=stall_once))

        thread = threading.Thread(target=ingest, daemon=True)
        thread.start()
        deadline = time.monotonic() + 240
        while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline:
            time.sleep(0.1)
        stalled = int(marker.read_text())
        assert stalled != os.getpid()
        os.kill(stalled, signal.SIGKILL)  # the worker dies mid-batch
        thread.join(timeout=240)
        assert not thread.is_alive()
    assert sorted(results) == list(range(8))
    failed = {i for i, result in results.items() if isinstance(result, Failed)}
    if allowed_failures:  # analysed again on the other worker: nothing lost
        assert not failed
    else:  # the stalled batch (articles 2 and 3), and any other queued on the dead worker
        assert {2, 3} <= failed
        assert all("worker analysing it died" in results[i].reason for i in failed)
    assert all(results[i] == Stored(True) for i in set(results) - failed)
    stored = {s["article_id"] for s in store.article_summaries()}
    assert stored == {a.article_id for i, a in enumerate(articles) if i not in failed}
    assert store.ids_without_rows() == []
    store.close()


def test_a_failing_document_fails_alone_and_is_reported(tmp_path, monkeypatch, capsys):
    from analysis import cli as cli

    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    folder = write_files(tmp_path / "inbox", 5)
    (folder / "02.txt").write_text(f"{BROKEN_TEXT}: Olaf Scholz spoke in Berlin.")
    code = cli.ingest([str(folder)], workers=2, dask="local", analyse=fail_on_broken)
    errors = capsys.readouterr().err.splitlines()
    assert code == 1
    assert errors[-1] == "4 added, 0 already present, 0 rejected, 1 failed"
    assert any(
        "failed: 02.txt: analysis failed (ValueError: a broken extractor)" in line
        for line in errors
    )
    store = Store(tmp_path / "data" / "articles.sqlite")
    assert {s["file"] for s in store.article_summaries()} >= {"00.txt", "01.txt", "03.txt"}
    assert "02.txt" not in {s["file"] for s in store.article_summaries()}
    store.close()


def test_analyses_travel_back_when_the_client_stores(tmp_path, monkeypatch):
    """SQLite (only the client's process writes it): the workers send analyses back."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    store = Store(tmp_path / "articles.sqlite")
    articles = [to_article(document) for document in generated_documents(3)]
    with distributed.connected("local", 1) as client:
        results = dict(distributed.analyse_on_dask(client, articles, store))
    assert sorted(results) == [0, 1, 2]
    assert all(isinstance(result, Analysis) for result in results.values())
    assert store.article_count() == 0  # nothing stored by the workers
    store.close()


@pytest.mark.parametrize(
    ("own", "target", "writes", "refused"),
    [
        ("", None, False, False),  # SQLite: the client stores
        ("postgresql://u:pw@db:5432/news", None, False, False),
        ("", "postgresql://u:***@db:5432/news", False, False),  # no URL here: sent back
        ("postgresql://u:pw@db:5432/news", "postgresql://u:***@db:5432/news", True, False),
        ("postgresql://u:pw@other:5432/news", "postgresql://u:***@db:5432/news", False, True),
    ],
)
def test_a_worker_stores_only_into_the_clients_database(own, target, writes, refused):
    url, refusal = distributed.writable_here(target, {"DATABASE_URL": own})
    assert (url == own) is writes and bool(refusal) is refused
    if refused:
        assert "postgresql://u:***@other:5432/news" in refusal and "pw" not in refusal


@pytest.mark.parametrize("address", ["nonsense", "tcp//host"])
def test_a_scheduler_address_is_checked(address, capsys):
    from analysis import cli as cli

    with pytest.raises(SystemExit) as stopped:
        cli.main(["ingest", "x.txt", "--dask", address])
    assert stopped.value.code == 2
    assert "not a scheduler address" in capsys.readouterr().err
