"""The analysis queue and its worker process: uploads and re-analyses never run in a page.

A page queues work in the store (`queue_documents`, `queue_reanalysis`): one `jobs` row per
document, a batch in one transaction, and reads its progress back (`batch_jobs`). The
worker (`python -m analysis worker`, started and watched by the app's `Supervisor`) claims
the oldest queued job, analyses it with progress, stores the article and marks the job done
with its outcome. With the queue empty it brings articles of an older pipeline version up
to date, one at a time (`catch_up_one`).

Faults:
- an article whose analysis raises is logged with its traceback; a queued one is reported
  failed with the reason; one being brought up to date is kept in `failures` with the
  reason (the Library shows it) and tried again after a growing pause (1 min, 2, 4 ... a
  day), after every article that has not failed;
- a worker that dies (killed, out of memory) is restarted by its supervisor; the job it was
  analysing is queued again once, and reported failed with the reason if it dies again;
  a running job whose worker stopped sending heartbeats (its whole server was killed) is
  treated the same way by whichever supervisor notices;
- a store that cannot be used for now (StoreError: disk full, server restarting) fails no
  article: the worker puts its job back and waits, longer each time, until it can.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis.background import Health, describe
from analysis.extract.pipeline import PIPELINE_VERSION
from analysis.ingest.library import (
    ADDED,
    PRESENT,
    REJECTED,
    analyse_article,
    materialise,
    now,
    to_article,
)
from analysis.ingest.readers import Document
from analysis.store import Store, StoreError

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]

ADD, REANALYSE = "add", "reanalyse"
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
MAX_ATTEMPTS = 2  # a job whose worker died is tried once more, then reported
HEARTBEAT = 5.0  # seconds between a worker's signs of life
STALE_AFTER = 60.0  # a running job without a heartbeat this long has lost its worker
# a worker with nothing to do for this long exits (the app starts another when needed);
# NEWSDASH_WORKER_IDLE overrides it (seconds)
IDLE_EXIT = 600.0
IDLE_ENV = "NEWSDASH_WORKER_IDLE"
RETRY_FIRST, RETRY_MAX = 60.0, 86_400.0  # pause before trying a failed article again
NO_DATE = "no publication date: the timeline cannot place it"
STORE_ENV = "NEWSDASH_WORKER_STORE"  # where the worker finds the store (not on its command line)


@dataclass(slots=True)
class Job:
    job_id: int
    batch: str
    kind: str
    file: str
    state: str
    article_id: str = ""
    outcome: str = ""
    detail: str = ""
    warnings: list[str] = field(default_factory=list)
    attempts: int = 0
    progress: float = 0.0
    document: str = ""  # JSON of the Document (emptied once the job has finished)
    queued_by: str = ""
    created: str = ""

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)


_JOB_COLUMNS = ("job_id, batch, kind, file, state, article_id, outcome, detail, warnings, "
                "attempts, progress, created")  # fmt: skip


def _job(row, document: str = "", queued_by: str = "") -> Job:
    values = dict(row)
    values["warnings"] = json.loads(values["warnings"] or "[]")
    return Job(**values, document=document, queued_by=queued_by)


# -- the queue, as pages use it ----------------------------------------------------------


def queue_documents(store: Store, documents: Sequence[Document], queued_by: str = "") -> str:
    """Queue documents for analysis, all in one transaction; returns the batch's id."""
    batch = uuid.uuid4().hex
    store.write_many(
        """INSERT INTO jobs (batch, kind, file, document, queued_by, created)
           VALUES (?, ?, ?, ?, ?, ?)""",
        [
            (batch, ADD, d.file, json.dumps(asdict(d), ensure_ascii=False), queued_by, now())
            for d in documents
        ],  # fmt: skip
        bump=False,
    )
    return batch


def queue_reanalysis(store: Store, article_id: str, queued_by: str = "") -> str:
    """Queue one stored article to be analysed again; returns the batch's id."""
    batch = uuid.uuid4().hex
    article = store.article(article_id)
    store.write(
        """INSERT INTO jobs (batch, kind, article_id, file, queued_by, created)
           VALUES (?, ?, ?, ?, ?, ?)""",
        (batch, REANALYSE, article_id, (article.title or article.file) if article else "",
         queued_by, now()),
        bump=False,
    )  # fmt: skip
    return batch


def batch_jobs(store: Store, batch: str) -> list[Job]:
    rows = store.query(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE batch = ? ORDER BY job_id", (batch,))
    return [_job(row) for row in rows]


def queue_counts(store: Store) -> dict[str, int]:
    """How many jobs are queued and running, in the whole store."""
    rows = store.query(
        "SELECT state, COUNT(*) FROM jobs WHERE state IN (?, ?) GROUP BY state", (QUEUED, RUNNING)
    )
    return {QUEUED: 0, RUNNING: 0} | {row[0]: row[1] for row in rows}


# -- articles that failed to be brought up to date ---------------------------------------


def record_failure(store: Store, article_id: str, error: BaseException | str) -> float:
    """Keep why an article failed and when to try again (twice as late each time); returns
    the pause in seconds."""
    rows = store.query("SELECT attempts FROM failures WHERE article_id = ?", (article_id,))
    attempts = (rows[0][0] if rows else 0) + 1
    pause = min(RETRY_FIRST * 2 ** (attempts - 1), RETRY_MAX)
    reason = describe(error) if isinstance(error, BaseException) else error
    store.write(  # a change the Library shows: bumps the revision
        """INSERT INTO failures
               (article_id, pipeline_version, reason, attempts, failed, retry_after)
           SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM articles WHERE article_id = ?)
           ON CONFLICT (article_id) DO UPDATE SET pipeline_version = excluded.pipeline_version,
               reason = excluded.reason, attempts = excluded.attempts, failed = excluded.failed,
               retry_after = excluded.retry_after""",
        (article_id, PIPELINE_VERSION, reason, attempts, now(), time.time() + pause, article_id),
    )
    return pause


def clear_failure(store: Store, article_id: str) -> None:
    if store.query("SELECT 1 FROM failures WHERE article_id = ?", (article_id,)):
        store.write("DELETE FROM failures WHERE article_id = ?", (article_id,))


def failures(store: Store) -> dict[str, str]:
    """Article id -> why its analysis failed (with the current pipeline), for the Library."""
    rows = store.query(
        "SELECT article_id, reason, attempts FROM failures WHERE pipeline_version = ?",
        (PIPELINE_VERSION,),
    )
    return {row[0]: f"{row[1]} (failed {row[2]} time(s); tried again later)" for row in rows}


# -- the worker's side ---------------------------------------------------------------------


def claim(store: Store, worker: str) -> Job | None:
    """Take the oldest queued job for `worker`; None when nothing is queued (or another
    worker took it first: the state is checked again as the row is updated)."""
    rows = store.write(
        """UPDATE jobs SET state = ?, attempts = attempts + 1, worker = ?, heartbeat = ?,
                           progress = 0
           WHERE job_id = (SELECT job_id FROM jobs WHERE state = ? ORDER BY job_id LIMIT 1)
             AND state = ?
           RETURNING job_id, document, queued_by""",
        (RUNNING, worker, time.time(), QUEUED, QUEUED),
        bump=False,
    )
    if not rows:
        return None
    job_id, document, queued_by = rows[0]
    found = store.query(f"SELECT {_JOB_COLUMNS} FROM jobs WHERE job_id = ?", (job_id,))
    return _job(found[0], document, queued_by)


def finish(store: Store, job: Job, outcome: str, detail: str = "", article_id: str = "",
           warnings: Sequence[str] = ()) -> None:  # fmt: skip
    """Mark a job done (or failed when rejected) with its outcome; its text is dropped."""
    store.write(
        """UPDATE jobs SET state = ?, outcome = ?, detail = ?, article_id = ?, warnings = ?,
                           progress = 1, finished = ?, document = ''
           WHERE job_id = ?""",
        (FAILED if outcome == REJECTED else DONE, outcome, detail, article_id,
         json.dumps(list(warnings)), now(), job.job_id),
        bump=False,
    )  # fmt: skip


def put_back(store: Store, worker: str) -> int:
    """Queue again the jobs `worker` is running, as if never tried (the store failed, not
    the article); returns how many."""
    rows = store.write(
        """UPDATE jobs SET state = ?, attempts = attempts - 1, worker = ''
           WHERE state = ? AND worker = ? RETURNING job_id""",
        (QUEUED, RUNNING, worker),
        bump=False,
    )
    return len(rows)


def recover(store: Store, reason: str, worker: str | None = None,
            stale_after: float | None = None) -> int:  # fmt: skip
    """Running jobs whose worker died (`worker`), or sent no heartbeat for `stale_after`
    seconds: queued again if tried less than MAX_ATTEMPTS times, else failed with `reason`.
    Returns how many."""
    if worker is not None:
        rows = store.query(
            "SELECT job_id, attempts, worker FROM jobs WHERE state = ? AND worker = ?",
            (RUNNING, worker),
        )
    else:
        rows = store.query(
            "SELECT job_id, attempts, worker FROM jobs WHERE state = ? AND heartbeat < ?",
            (RUNNING, time.time() - (stale_after or STALE_AFTER)),
        )
    for job_id, attempts, owner in rows:
        if attempts < MAX_ATTEMPTS:
            sql = """UPDATE jobs SET state = ?, worker = '', detail = ?
                     WHERE job_id = ? AND state = ? AND worker = ?"""
            params = (QUEUED, f"tried again: {reason}", job_id, RUNNING, owner)
        else:
            detail = f"not analysed: {reason} (tried {attempts} times)"
            sql = """UPDATE jobs SET state = ?, outcome = ?, detail = ?, finished = ?, document = ''
                     WHERE job_id = ? AND state = ? AND worker = ?"""
            params = (FAILED, REJECTED, detail, now(), job_id, RUNNING, owner)
        store.write(sql, params, bump=False)
        log.warning(
            "job %s %s: %s", job_id, "queued again" if attempts < MAX_ATTEMPTS else "failed", reason
        )
    return len(rows)


class _Reporter:
    """Writes a job's progress (and so its heartbeat) at most once a second."""

    def __init__(self, store: Store, job: Job):
        self.store, self.job, self.last = store, job, 0.0

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.last >= 1.0:
            self.last = time.monotonic()
            share = 0.9 * done / total if total else 0.0  # the extractors take the rest
            self.store.write(
                "UPDATE jobs SET progress = ?, heartbeat = ? WHERE job_id = ?",
                (share, time.time(), self.job.job_id),
                bump=False,
            )


def run_job(store: Store, job: Job) -> None:
    """Analyse and store one claimed job, and record its outcome. An analysis that raises is
    logged with its traceback and reported as the job's reason; a StoreError goes to the
    caller (the job is not the article's fault: it is put back)."""
    try:
        if job.kind == ADD:
            _add(store, job)
        else:
            _reanalyse(store, job)
    except StoreError:
        raise
    except Exception as error:  # noqa: BLE001 - logged with its traceback, reported in the job
        log.exception("analysis of %r (job %s) failed", job.file, job.job_id)
        finish(store, job, REJECTED, f"analysis failed ({describe(error)}); the error is logged")


def _add(store: Store, job: Job) -> None:
    document = Document(**json.loads(job.document))
    article = to_article(document)
    if store.has(article.article_id):
        # tried again (its worker died, or the store failed after the article was stored):
        # the first try may have stored it, as this file, after the job was queued
        stored = store.article(article.article_id)
        ours = stored.file == document.file and stored.added >= job.created
        if not ours:
            finish(store, job, PRESENT, "same text already stored", article.article_id)
            return
    else:
        analysis = analyse_article(article, _Reporter(store, job))
        if not store.add(article, analysis, document.author):
            finish(store, job, PRESENT, "same text already stored", article.article_id)
            return
    materialise(store, [article.article_id])
    clear_failure(store, article.article_id)
    warnings = list(document.warnings) + ([] if document.published else [NO_DATE])
    finish(store, job, ADDED, "", article.article_id, warnings)


def _reanalyse(store: Store, job: Job) -> None:
    article = store.article(job.article_id)
    if article is None:
        finish(store, job, REJECTED, "the article was deleted meanwhile")
        return
    store.save_analysis(article, analyse_article(article, _Reporter(store, job)))
    materialise(store, [article.article_id])
    clear_failure(store, article.article_id)
    finish(store, job, DONE, "analysed again", article.article_id)


def next_due(store: Store) -> str | None:
    """The article to bring up to date next: analysed by another pipeline version (or its
    rows missing), not failed recently; those that never failed first, in store order."""
    rows = store.query(
        """SELECT a.article_id FROM articles a
               LEFT JOIN analyses n USING (article_id) LEFT JOIN failures f USING (article_id)
           WHERE (n.pipeline_version IS NULL OR n.pipeline_version <> ? OR n.rows_ready = 0)
             AND (f.article_id IS NULL OR f.pipeline_version <> ? OR f.retry_after <= ?)
           ORDER BY CASE WHEN f.article_id IS NULL THEN 0 ELSE 1 END, a.added, a.article_id
           LIMIT 1""",
        (PIPELINE_VERSION, PIPELINE_VERSION, time.time()),
    )
    return rows[0][0] if rows else None


def catch_up_one(store: Store) -> bool:
    """Bring the next due article up to date (analysis and rows); False if none is due.
    One that fails is logged with its traceback and kept in `failures`, to be tried again
    later."""
    article_id = next_due(store)
    if article_id is None:
        return False
    try:
        stored = store.analysis(article_id)
        if stored is None or stored.pipeline_version != PIPELINE_VERSION:
            article = store.article(article_id)
            if article is not None:
                store.save_analysis(article, analyse_article(article))
        materialise(store, [article_id])
    except StoreError:
        raise
    except Exception as error:  # noqa: BLE001 - logged, kept with its reason, tried again later
        log.exception("bringing article %s up to date failed", article_id)
        pause = record_failure(store, article_id, error)
        log.warning("article %s will be tried again in %.0f s", article_id, pause)
        return True
    clear_failure(store, article_id)
    return True


def has_work(store: Store) -> bool:
    """Whether a worker has something to do: a queued job, or an article due."""
    return bool(store.query("SELECT 1 FROM jobs WHERE state = ? LIMIT 1", (QUEUED,))) or (
        next_due(store) is not None
    )


def work(store: Store, worker: str, stop: threading.Event | None = None,
         idle_exit: float | None = IDLE_EXIT, parent: int | None = None,
         poll: float = 0.5) -> None:  # fmt: skip
    """The worker's loop: queued jobs first, then articles to bring up to date; returns
    after `idle_exit` seconds with nothing to do, or when `stop` is set. When the process
    that started it (`parent`) has gone, it finishes what is queued and due, then leaves."""
    stop = stop or threading.Event()
    beating = threading.Thread(target=_heartbeat, args=(store, worker, stop), daemon=True)
    beating.start()
    idle_since, pause, put_back_due = time.monotonic(), 1.0, False
    while not stop.is_set():
        if parent and os.getppid() != parent:
            idle_exit = 0  # orphaned (the app was killed): finish what is queued, then leave
        try:
            if put_back_due:
                put_back(store, worker)
                put_back_due = False
            job = claim(store, worker)
            if job is not None:
                run_job(store, job)
            busy = job is not None or catch_up_one(store)
            pause = 1.0
        except StoreError as error:
            log.warning("the store cannot be used (%s); trying again in %.0f s", error, pause)
            put_back_due = True
            stop.wait(pause)
            pause = min(pause * 2, 60.0)
            continue
        if busy:
            idle_since = time.monotonic()
        elif idle_exit is not None and time.monotonic() - idle_since >= idle_exit:
            break
        else:
            stop.wait(poll)
    stop.set()


def _heartbeat(store: Store, worker: str, stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT):
        try:
            store.write(
                "UPDATE jobs SET heartbeat = ? WHERE state = ? AND worker = ?",
                (time.time(), RUNNING, worker),
                bump=False,
            )
        except StoreError as error:  # the loop sees it too, and waits for the store
            log.warning("heartbeat not written: %s", error)


# -- the app's side: a worker process, watched and restarted -------------------------------


@dataclass(frozen=True, slots=True)
class WorkerStatus:
    running: bool
    pid: int | None
    last_death: str  # why the worker last died ("" if it never did)
    restarting_in: float  # seconds until the next start after a death (0: none pending)


def exit_reason(code: int, log_tail: str = "") -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        reason = f"the analysis worker was killed ({name})"
    else:
        reason = f"the analysis worker exited with code {code}"
    return f"{reason}: {log_tail}" if log_tail else reason


class Supervisor:
    """Starts the analysis worker process when there is work, watches it and restarts it
    when it dies (after 1 s, 2 s, 4 s ... at most a minute if it keeps dying); recovers the
    jobs of dead workers, its own and (by heartbeat) those of other servers."""

    def __init__(self, store: Store, location: str, health: Health | None = None,
                 idle_exit: float | None = None, poll: float = 0.5):  # fmt: skip
        self.store, self.location, self.health = store, location, health or Health()
        self.idle_exit = idle_exit or float(os.environ.get(IDLE_ENV) or IDLE_EXIT)
        self.poll = poll
        self.process: subprocess.Popen | None = None
        self.worker = ""
        self.last_death = ""
        self.deaths_in_row = 0
        self.start_after = 0.0
        self.stop = threading.Event()
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - the worker's stderr, kept open
            prefix="newsdash-worker-", suffix=".log", delete=False
        )
        self.thread: threading.Thread | None = None

    def start(self) -> Supervisor:
        self.thread = threading.Thread(target=self._watch, name="analysis-worker", daemon=True)
        self.thread.start()
        return self

    def status(self) -> WorkerStatus:
        process = self.process
        running = process is not None and process.poll() is None
        return WorkerStatus(
            running,
            process.pid if running else None,
            self.last_death,
            max(0.0, self.start_after - time.monotonic()) if self.deaths_in_row else 0.0,
        )

    def close(self) -> None:
        self.stop.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def _watch(self) -> None:
        while not self.stop.wait(self.poll) and not self.store.closed:
            try:
                self.tick()
                self.health.recovered("supervisor")
            except Exception as error:  # noqa: BLE001 - logged, shown, and tried again
                log.exception("the analysis worker's supervisor failed")
                self.health.failed("supervisor", error)
                self.stop.wait(5.0)
        self.close()

    def tick(self) -> None:
        process = self.process
        if process is not None and process.poll() is not None:
            self._reap(process.returncode)
        recover(self.store, "its worker stopped sending heartbeats (its server was stopped?)",
                stale_after=STALE_AFTER)  # fmt: skip
        if self.process is None and time.monotonic() >= self.start_after and has_work(self.store):
            self._spawn()

    def _spawn(self) -> None:
        self.worker = f"{os.uname().nodename}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        env = {**os.environ, STORE_ENV: self.location}
        command = [sys.executable, "-m", "analysis", "worker", "--id", self.worker,
                   "--parent", str(os.getpid()), "--idle-exit", str(self.idle_exit)]  # fmt: skip
        self._log.seek(0)
        self._log.truncate()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.info("analysis worker %s started (pid %s)", self.worker, self.process.pid)

    def _reap(self, code: int) -> None:
        self.process = None
        if code == 0:  # idle, or its parent's request: nothing to recover
            self.deaths_in_row = 0
            self.health.recovered("worker")
            return
        reason = exit_reason(code, self._log_tail())
        log.error("%s; its job is tried again once", reason)
        recover(self.store, reason, worker=self.worker)
        self.last_death = reason
        self.deaths_in_row += 1
        self.start_after = time.monotonic() + min(2.0 ** (self.deaths_in_row - 1), 60.0)
        self.health.failed("worker", reason)

    def _log_tail(self) -> str:
        """The last line the dead worker wrote (the error that ended it, if any)."""
        try:
            lines = Path(self._log.name).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return next((line.strip()[:300] for line in reversed(lines) if line.strip()), "")


def run_worker(worker: str, parent: int | None, idle_exit: float | None,
               location: str | None = None) -> int:  # fmt: skip
    """`python -m analysis worker`: the loop, on the store the app named, until idle."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # analysis yields the processor to the app's page runs: the app stays quick meanwhile
    os.nice(10)
    store = Store(location or os.environ.get(STORE_ENV) or None)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # finish the job at hand, then leave
    try:
        work(store, worker, stop, idle_exit=idle_exit, parent=parent)
    finally:
        store.close()
    return 0


def progress_of(jobs: Sequence[Job]) -> tuple[float, str]:
    """A batch's share done (0..1) and what it is doing, for a progress bar."""
    if not jobs:
        return 1.0, "Nothing queued"
    done = sum(job.finished for job in jobs)
    share = sum(1.0 if job.finished else job.progress for job in jobs) / len(jobs)
    running = next((job for job in jobs if job.state == RUNNING), None)
    if done == len(jobs):
        return 1.0, f"{done} of {len(jobs)} done"
    if running is not None:
        what = f"analysing {running.file} ({running.progress:.0%})"
    else:
        what = "waiting for the analysis worker"
    return share, f"{done} of {len(jobs)} done · {what}"
