"""Batch ingestion throughput: one process against worker processes, side by side.

    .venv/bin/python bench/ingest_throughput.py [--workers 2] [--docs 60] [--rounds 2]

Reads real news texts from ../shared/eval/*.jsonl (next to the project, or EVAL_DIR) at
run time and never copies them. Measures what `python -m analysis ingest` does per article
(analysis.ingest.library.analyze_in_workers: worker processes that each run nlp.pipe and the
extractors on a few articles at a time) with one process and with N workers on the same
documents, alternating the two in each round so that both see the same machine load, and
prints words per second of both and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.extract.nlp import load_pipeline  # noqa: E402
from analysis.ingest.library import analyze_in_workers  # noqa: E402

EVAL_DIR = Path(os.environ.get("EVAL_DIR") or ROOT.parent / "shared" / "eval")


def news_texts(limit: int) -> list[tuple[str, str | None, str | None]]:
    files = sorted(EVAL_DIR.glob("*.jsonl"))
    if not files:
        sys.exit(
            f"no news texts: {EVAL_DIR} is missing or has no *.jsonl files "
            "(set EVAL_DIR to a folder of JSON lines with a 'text' field)"
        )
    documents = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("text", "").strip():
                documents.append((row["text"], row.get("dct"), None))
    # interleave the sets so every run sees the same mix of lengths
    documents.sort(key=lambda d: zlib.crc32(d[0][:200].encode()))
    return documents[:limit]


def run(documents, n_process: int) -> float:
    start = time.perf_counter()
    count = sum(1 for _ in analyze_in_workers(documents, n_process))
    assert count == len(documents)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--docs", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    documents = news_texts(args.docs)
    words = sum(len(text.split()) for text, _, _ in documents)
    load_pipeline()
    run(documents[:4], 1)  # warm-up: caches, lazy imports
    print(
        f"{len(documents)} news articles ({words:,} words) from {EVAL_DIR}, "
        f"{os.cpu_count()} cores, {args.rounds} round(s), "
        f"load average before: {os.getloadavg()[0]:.2f}"
    )
    times = {1: [], args.workers: []}
    for _ in range(args.rounds):
        for n in (1, args.workers):
            times[n].append(run(documents, n))
            print(f"  n_process={n}: {times[n][-1]:.1f} s", flush=True)
    single, multi = min(times[1]), min(times[args.workers])
    print(f"single process      : {words / single:,.0f} words/s ({single:.1f} s, best)")
    print(f"{args.workers} worker processes  : {words / multi:,.0f} words/s ({multi:.1f} s, best)")
    print(f"speed-up            : {single / multi:.2f}x")
    load = os.getloadavg()[0]
    print(f"load average after  : {load:.2f}")
    if load > args.workers + 0.5:
        print("note: other processes were using the cores: the speed-up is understated")


if __name__ == "__main__":
    main()
