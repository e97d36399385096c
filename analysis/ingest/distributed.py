"""Ingestion on a Dask cluster: `python -m analysis ingest PATH... --dask ADDRESS`.

The `ingest` command reads the files and drops those already stored, as it always does;
`analyse_on_dask` sends the new documents to a Dask cluster in small batches and yields
each document's result as soon as it is back, whichever worker finishes first.

- ADDRESS is a scheduler (`tcp://host:8786`: `dask scheduler` on one machine, `dask worker
  tcp://host:8786` on each of the others, docs/scaling.md), or `local`: a LocalCluster of
  `workers` processes on this machine, started and stopped here.
- Each worker loads the spaCy model once, when it joins (`LoadModel`; the model is cached
  per process), and analyses a batch with nlp.pipe and the extractors, as a local worker
  process of `ingest --workers` does (`library.analyse_documents`).
- Where results are stored. On PostgreSQL, a worker whose own DATABASE_URL names the
  client's database stores what it analysed itself, through the per-article write every
  ingestion shares (`library.store_analysed`: one transaction per article, an id stored
  once), and only the outcome travels back. Otherwise (a SQLite store, which only the
  client's process writes, or a worker started without DATABASE_URL) the analyses travel
  back and the client stores them. A worker whose DATABASE_URL names another database
  stores nothing and fails its files with that reason.
- Faults. A document whose analysis raises fails alone, with its reason, reported per file.
  A worker that dies (killed, out of memory) takes its batch with it: the scheduler runs
  the batch again on another worker, up to `distributed.scheduler.allowed-failures` times
  (3 by default), after which its files are reported failed. Running a batch twice stores
  nothing twice (an article id is stored once). A killed client loses nothing stored:
  the same command again skips what is stored and analyses the rest.

`ingest` imports this module only with `--dask`: without it, and in the app, dask is
never loaded.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed
from distributed.scheduler import KilledWorker

from analysis.background import describe
from analysis.ingest.library import Failed, Stored, analyse_documents, store_analysed
from analysis.records import Analysis, Article
from analysis.store import DATABASE_URL_ENV, Store, is_database_url, redact

log = logging.getLogger(__name__)
LOCAL = "local"
BATCH_SIZE = 2  # documents per task: as `ingest --workers` hands its processes
IN_FLIGHT_PER_WORKER = 4  # batches queued per worker: enough to keep each one busy
CONNECT_TIMEOUT = "30s"
# a worker samples its threads' stacks every 10 ms for the dashboard's profile, which this
# command never shows: that time goes to the analysis instead (on a cluster of your own,
# DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False does the same)
QUIET_WORKERS = {"distributed.worker.profile.enabled": False}

Triple = tuple[str, str | None, str | None]  # (text, published, title)
Analyse = Callable[[list[Triple]], list[Analysis]]


Result = Analysis | Stored | Failed


# -- on the workers --------------------------------------------------------------------


class LoadModel(WorkerPlugin):
    """Load the spaCy model when a worker joins (or restarts), not at its first batch."""

    name = "newsdash-load-model"
    idempotent = True  # registered by every client: loaded once per worker all the same

    def setup(self, worker) -> None:
        from analysis.extract.nlp import load_pipeline

        load_pipeline()


class Yield(WorkerPlugin):
    """A local cluster's workers yield the processor to the client (nice 10), which stores
    what they analyse: as `ingest --workers` runs its processes."""

    name = "newsdash-yield"
    idempotent = True

    def setup(self, worker) -> None:
        os.nice(10)


_stores: dict[str, Store] = {}  # a worker's connection to its database, opened once
_stores_lock = threading.Lock()


def _worker_store(url: str) -> Store:
    with _stores_lock:
        if url not in _stores:
            _stores[url] = Store(url)
        return _stores[url]


def writable_here(
    target: str | None, environ: Mapping[str, str] = os.environ
) -> tuple[str | None, str]:
    """(the database URL this worker stores into, or None; why it must not analyse, or
    ""): the client's PostgreSQL store `target` (redacted) is stored into when this
    process's DATABASE_URL names it; other databases are refused, no URL sends results
    back."""
    own = environ.get(DATABASE_URL_ENV, "")
    if not target or not is_database_url(own):
        return None, ""
    if redact(own) != target:
        return None, (
            f"this worker's {DATABASE_URL_ENV} names {redact(own)}, not the store being "
            f"ingested into ({target}): start the workers with the client's {DATABASE_URL_ENV}"
        )
    return own, ""


def analyse_batch(
    batch: Sequence[tuple[int, Article]], target: str | None, analyse: Analyse | None = None
) -> list[tuple[int, Result]]:
    """A task: analyse a batch of (index, article) and store it when this worker writes to
    the client's database (`writable_here`); each document's result by its index."""
    url, refusal = writable_here(target)
    if refusal:
        return [(index, Failed(refusal)) for index, _ in batch]
    analyse = analyse or analyse_documents
    articles = [article for _, article in batch]
    analyses = _each_or_alone(analyse, articles)
    if url is None:
        return [(index, result) for (index, _), result in zip(batch, analyses, strict=True)]
    store = _worker_store(url)
    results: list[tuple[int, Result]] = []
    for (index, article), analysis in zip(batch, analyses, strict=True):
        if isinstance(analysis, Failed):
            results.append((index, analysis))
            continue
        added = store_analysed(store, article, analysis, article.author)
        results.append((index, Stored(added, list(analysis.warnings))))
    return results


def _each_or_alone(analyse: Analyse, articles: list[Article]) -> list[Analysis | Failed]:
    """The batch's analyses; when the batch raises, each document alone, so that only the
    one that fails is reported (with its reason, its traceback in the worker's log)."""
    triples = [(a.text, a.published, a.title) for a in articles]
    try:
        return list(analyse(triples))
    except Exception:  # noqa: BLE001 - told per document below
        log.warning("a batch of %d failed; analysing its documents one by one", len(triples))
    results: list[Analysis | Failed] = []
    for article, triple in zip(articles, triples, strict=True):
        try:
            results.extend(analyse([triple]))
        except Exception as error:  # noqa: BLE001 - logged on the worker, reported per file
            log.exception("analysis of %r failed", article.file)
            results.append(Failed(f"analysis failed ({describe(error)})"))
    return results


# -- on the client ---------------------------------------------------------------------


@contextmanager
def connected(address: str, workers: int, env: dict[str, str] | None = None) -> Iterator:
    """A Client of the scheduler at `address`, or of a LocalCluster of `workers` processes
    (one thread each: spaCy and the extractors hold the GIL) for `local`, which inherit
    this process's environment and `env` besides."""
    if address == LOCAL:
        cluster = _local_cluster(workers, env or {})
        try:
            with Client(cluster) as client:
                client.register_plugin(Yield())
                yield client
        finally:
            cluster.close()
        return
    with Client(address, timeout=CONNECT_TIMEOUT) as client:
        yield client


def _local_cluster(workers: int, env: dict[str, str]) -> LocalCluster:
    """A LocalCluster of `workers` processes, started once more when a worker process
    fails to start (a nanny can lose its start to a loaded machine)."""

    def start() -> LocalCluster:
        with dask.config.set(QUIET_WORKERS):  # passed on to the workers it starts
            return LocalCluster(
                n_workers=max(workers, 1),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                env=env,
            )

    try:
        return start()
    except (RuntimeError, TimeoutError) as error:
        log.warning("the local Dask cluster did not start (%s); starting it again", error)
        return start()


def worker_count(client) -> int:
    return len(client.scheduler_info().get("workers", {}))


def analyse_on_dask(
    client,
    articles: Sequence[Article],
    store: Store,
    batch_size: int = BATCH_SIZE,
    analyse: Analyse | None = None,
) -> Iterator[tuple[int, Result]]:
    """Each article's result (index into `articles`, Analysis | Stored | Failed) as the
    cluster finishes it. At most IN_FLIGHT_PER_WORKER batches per worker are submitted at
    a time, so a large input never sits whole in the scheduler's memory. `analyse` (what a
    worker runs on a batch of (text, published, title)) is for tests."""
    client.register_plugin(LoadModel())
    target = store.path if store.dialect == "postgresql" else None  # redacted: no password
    batches = [
        [(i, articles[i]) for i in range(start, min(start + batch_size, len(articles)))]
        for start in range(0, len(articles), batch_size)
    ]
    window = max(worker_count(client), 2) * IN_FLIGHT_PER_WORKER
    pending = iter(batches)
    in_flight: dict = {}  # future -> its batch

    def submit(batch):
        future = client.submit(analyse_batch, batch, target, analyse, pure=False)
        in_flight[future] = batch
        return future

    running = as_completed([submit(batch) for batch in islice(pending, window)])
    try:
        for future in running:
            batch = in_flight.pop(future)
            if future.status == "error":
                error = future.exception()
                reason = (
                    "the worker analysing it died (killed, or out of memory), "
                    f"{_allowed_failures() + 1} time(s)"
                    if isinstance(error, KilledWorker)
                    else f"the cluster failed it ({describe(error)})"
                )
                yield from ((index, Failed(reason)) for index, _ in batch)
            else:
                yield from future.result()
            future.release()
            following = next(pending, None)
            if following is not None:
                running.add(submit(following))
    finally:  # interrupted: what is queued need not run (what was stored stays)
        if in_flight:
            client.cancel(list(in_flight))


def _allowed_failures() -> int:
    return int(dask.config.get("distributed.scheduler.allowed-failures"))
