"""The analysis queue and its worker: jobs claimed once, outcomes, failures kept with their
reason and retried later, dead workers' jobs tried once more then reported, a store that
cannot be used fails no article. On SQLite and PostgreSQL (`location`)."""

import logging
import os
import signal
import threading
import time

import pytest

from analysis.background import Health, supervised
from analysis.extract.pipeline import PIPELINE_VERSION
from analysis.ingest import jobs
from analysis.ingest.library import add_document, article_id_for
from analysis.ingest.readers import Document
from analysis.store import Store, StoreError
from tests.store.test_core import location  # noqa: F401 - a store on either backend

STORY = "Angela Merkel met Emmanuel Macron in Paris on Monday, officials said."
OTHER = "Olaf Scholz visited Rome on Tuesday to meet Giorgia Meloni."


@pytest.fixture
def store(location):  # noqa: F811
    store = Store(location)
    yield store
    store.close()


def work_until_idle(store, worker="w-test"):
    jobs.work(store, worker, idle_exit=0.3, poll=0.05)


def test_queued_documents_are_analysed_and_stored_once_each(store):
    documents = [
        Document(STORY, "a.txt", title="Paris talks", published="2024-03-04"),
        Document(OTHER, "b.txt"),
        Document(STORY + "\n", "copy.txt"),  # the same text: already present when its turn comes
    ]
    batch = jobs.queue_documents(store, documents, queued_by="ed@example.org")
    queued = jobs.batch_jobs(store, batch)
    assert [(j.file, j.state) for j in queued] == [("a.txt", "queued"), ("b.txt", "queued"),
                                                   ("copy.txt", "queued")]  # fmt: skip
    assert jobs.progress_of(queued) == (0.0, "0 of 3 done · waiting for the analysis worker")
    assert not store.has(article_id_for(STORY))  # nothing analysed in the caller

    work_until_idle(store)

    done = jobs.batch_jobs(store, batch)
    assert [(j.file, j.state, j.outcome) for j in done] == [
        ("a.txt", "done", "added"),
        ("b.txt", "done", "added"),
        ("copy.txt", "done", "already present"),
    ]
    assert done[1].warnings == [jobs.NO_DATE] and done[0].warnings == []
    assert done[0].article_id == article_id_for(STORY)
    assert jobs.progress_of(done) == (1.0, "3 of 3 done")
    assert store.article_count() == 2
    assert store.analysis(article_id_for(OTHER)).entities
    assert store.ids_without_rows() == []
    # the texts are not kept twice once analysed
    assert store.query("SELECT COUNT(*) FROM jobs WHERE document <> ''")[0][0] == 0


def test_a_job_is_claimed_by_one_worker_only(store):
    jobs.queue_documents(store, [Document(STORY, "a.txt"), Document(OTHER, "b.txt")])
    first, second = jobs.claim(store, "w1"), jobs.claim(store, "w2")
    assert {first.file, second.file} == {"a.txt", "b.txt"}
    assert jobs.claim(store, "w3") is None
    assert jobs.queue_counts(store) == {"queued": 0, "running": 2}


def test_a_dead_workers_job_is_tried_once_more_then_reported_with_the_reason(store):
    batch = jobs.queue_documents(store, [Document(STORY, "a.txt")])
    assert jobs.claim(store, "w1").attempts == 1
    assert jobs.recover(store, "the analysis worker was killed (SIGKILL)", worker="w1") == 1
    (job,) = jobs.batch_jobs(store, batch)
    assert (job.state, job.detail) == (
        "queued",
        "tried again: the analysis worker was killed (SIGKILL)",
    )
    assert jobs.claim(store, "w2").attempts == 2
    assert jobs.recover(store, "other worker", worker="w1") == 0  # not w1's any more
    jobs.recover(store, "the analysis worker was killed (SIGKILL)", worker="w2")
    (job,) = jobs.batch_jobs(store, batch)
    assert (job.state, job.outcome) == ("failed", "rejected")
    assert job.detail == "not analysed: the analysis worker was killed (SIGKILL) (tried 2 times)"
    assert store.article_count() == 0


def test_a_job_without_heartbeat_is_recovered_by_anyone(store):
    batch = jobs.queue_documents(store, [Document(STORY, "a.txt")])
    jobs.claim(store, "gone-server:1:x")
    assert jobs.recover(store, "no heartbeat", stale_after=60) == 0  # fresh: left alone
    store.write("UPDATE jobs SET heartbeat = ?", (time.time() - 120,), bump=False)
    assert jobs.recover(store, "no heartbeat", stale_after=60) == 1
    assert jobs.batch_jobs(store, batch)[0].state == "queued"


def test_an_analysis_that_raises_is_logged_and_reported_failed(store, monkeypatch, caplog):
    def broken(article, progress=None):
        raise TypeError("unsupported operand")

    monkeypatch.setattr(jobs, "analyse_article", broken)
    batch = jobs.queue_documents(store, [Document(STORY, "a.txt")])
    with caplog.at_level(logging.ERROR, logger="analysis.ingest.jobs"):
        work_until_idle(store)
    (job,) = jobs.batch_jobs(store, batch)
    assert (job.state, job.outcome) == ("failed", "rejected")
    assert job.detail == ("analysis failed (TypeError: unsupported operand); the error is logged")
    (record,) = [r for r in caplog.records if "a.txt" in r.getMessage()]
    assert record.exc_info and record.exc_info[0] is TypeError  # the traceback is logged


def test_a_store_fault_puts_the_job_back_instead_of_failing_it(store, monkeypatch):
    batch = jobs.queue_documents(store, [Document(STORY, "a.txt")])
    real_add, calls = store.add, []

    def add_once_failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("the store at x cannot be written or read: the database is full")
        return real_add(*args, **kwargs)

    monkeypatch.setattr(store, "add", add_once_failing)
    work_until_idle(store)
    (job,) = jobs.batch_jobs(store, batch)
    assert (job.state, job.outcome, job.attempts) == ("done", "added", 1)
    assert len(calls) == 2 and store.article_count() == 1


def make_stale(store, article_id):
    analysis = store.analysis(article_id)
    analysis.pipeline_version = "old"
    store.save_analysis(store.article(article_id), analysis)


def test_an_article_that_fails_to_catch_up_is_kept_with_its_reason_and_not_tried_first(
    store, monkeypatch, caplog
):
    for text in (STORY, OTHER):
        add_document(store, Document(text, "x.txt"))
    bad, good = article_id_for(STORY), article_id_for(OTHER)
    for article_id in (bad, good):
        make_stale(store, article_id)
    store.write("UPDATE articles SET added = '2000-01-01' WHERE article_id = ?", (bad,))
    real = jobs.analyse_article

    def fails_on_bad(article, progress=None):
        if article.article_id == bad:
            raise KeyError("speaker")
        return real(article, progress)

    monkeypatch.setattr(jobs, "analyse_article", fails_on_bad)
    assert jobs.next_due(store) == bad  # store order: the bad one comes first
    with caplog.at_level(logging.ERROR, logger="analysis.ingest.jobs"):
        assert jobs.catch_up_one(store) is True
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)
    assert jobs.failures(store) == {
        bad: "KeyError: 'speaker' (failed 1 time(s); tried again later)"
    }
    # not tried first again: the other article is next, then nothing until its pause ends
    assert jobs.next_due(store) == good
    assert jobs.catch_up_one(store) is True
    assert store.analysis(good).pipeline_version == PIPELINE_VERSION
    assert jobs.next_due(store) is None and jobs.has_work(store) is False
    # its pause over, it is tried again (and fails again: twice the pause)
    store.write("UPDATE failures SET retry_after = 0", bump=False)
    assert jobs.next_due(store) == bad
    jobs.catch_up_one(store)
    attempts, retry_after = store.query(
        "SELECT attempts, retry_after FROM failures WHERE article_id = ?", (bad,)
    )[0]
    assert attempts == 2 and retry_after - time.time() == pytest.approx(2 * jobs.RETRY_FIRST, abs=5)
    # fixed: once it succeeds, its failure is forgotten
    monkeypatch.setattr(jobs, "analyse_article", real)
    store.write("UPDATE failures SET retry_after = 0", bump=False)
    assert jobs.catch_up_one(store) is True
    assert jobs.failures(store) == {} and store.analysis(bad).pipeline_version == PIPELINE_VERSION


def test_a_task_that_raises_is_logged_shown_and_started_again(caplog):
    health, calls = Health(), []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionError("server closed the connection")

    with caplog.at_level(logging.ERROR, logger="analysis.background"):
        thread = supervised(health, "views", flaky, first_pause=0.01)
        thread.join(timeout=10)
    assert len(calls) == 3 and not thread.is_alive()
    (problem,) = health.problems()
    assert (problem.task, problem.reason, problem.count) == (
        "views", "ConnectionError: server closed the connection", 2
    )  # fmt: skip
    assert sum(bool(r.exc_info) for r in caplog.records) == 2
    health.recovered("views")
    assert health.problems() == []


# -- the worker process, watched by the supervisor (SQLite: a real process each time) -----

LONG = "\n\n".join(
    f"Angela Merkel met Emmanuel Macron in Paris on day {n}, officials said. "
    f'"We agreed on item {n}," Merkel told reporters in Berlin.'
    for n in range(1500)
)


def wait_for(condition, timeout=240.0, every=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    raise TimeoutError("the condition did not come true")


@pytest.fixture
def supervised_store(tmp_path):
    store = Store(tmp_path / "articles.sqlite")
    supervisor = jobs.Supervisor(store, str(store.path), idle_exit=30, poll=0.1).start()
    yield store, supervisor
    supervisor.close()
    store.close()


def running_pid(supervisor, store, batch):
    """The worker's pid once it is analysing the batch's job."""
    status = supervisor.status()
    running = jobs.batch_jobs(store, batch)[0].state == "running"
    return status.pid if status.running and running else None


def test_the_supervisor_restarts_a_killed_worker_and_its_file_is_tried_once_more(
    supervised_store,
):
    store, supervisor = supervised_store
    batch = jobs.queue_documents(store, [Document(LONG, "long.txt")])
    first = wait_for(lambda: running_pid(supervisor, store, batch))
    os.kill(first, signal.SIGKILL)
    (job,) = wait_for(lambda: [j for j in jobs.batch_jobs(store, batch) if j.finished], 600)
    assert (job.state, job.outcome, job.attempts) == ("done", "added", 2)
    assert supervisor.status().last_death == "the analysis worker was killed (SIGKILL)"
    assert supervisor.status().pid != first
    assert store.article_count() == 1


def test_a_file_whose_worker_dies_twice_is_reported_with_the_reason(supervised_store):
    store, supervisor = supervised_store
    batch = jobs.queue_documents(store, [Document(LONG, "long.txt")])
    first = wait_for(lambda: running_pid(supervisor, store, batch))
    os.kill(first, signal.SIGKILL)
    second = wait_for(lambda: (pid := running_pid(supervisor, store, batch)) != first and pid)
    os.kill(second, signal.SIGKILL)
    (job,) = wait_for(lambda: [j for j in jobs.batch_jobs(store, batch) if j.finished])
    assert (job.state, job.outcome) == ("failed", "rejected")
    assert job.detail == ("not analysed: the analysis worker was killed (SIGKILL) (tried 2 times)")
    assert store.article_count() == 0
    assert supervisor.status().restarting_in >= 0


def test_a_worker_whose_parent_is_gone_finishes_the_queue_then_leaves(tmp_path):
    store = Store(tmp_path / "articles.sqlite")
    batch = jobs.queue_documents(store, [Document(STORY, "a.txt"), Document(OTHER, "b.txt")])
    thread = threading.Thread(
        target=jobs.work, args=(store, "w"), kwargs={"parent": -1, "idle_exit": None}
    )
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive()  # no idle wait: it left once the queue was empty
    assert [job.outcome for job in jobs.batch_jobs(store, batch)] == ["added", "added"]
    store.close()


def test_a_job_put_back_after_its_article_was_stored_still_reports_it_added(store, monkeypatch):
    batch = jobs.queue_documents(store, [Document(STORY, "a.txt")])
    real, calls = jobs.materialise, []

    def fails_once(*args, **kwargs):  # the store fails after the article's own transaction
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("the database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "materialise", fails_once)
    work_until_idle(store)
    (job,) = jobs.batch_jobs(store, batch)
    assert (job.state, job.outcome, job.detail) == ("done", "added", "")
    assert store.article_count() == 1 and store.ids_without_rows() == []
