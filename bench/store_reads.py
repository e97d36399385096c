"""What opening a store and its simplest reads cost (issue 17: the store on SQLAlchemy).

    .venv/bin/python bench/store_reads.py [--store /tmp/bench-corpus-10/articles.sqlite]
        [--url postgresql://...] [--rounds 5]

On a copy of the given SQLite store (default: a new one, made here) and, with --url, on a
PostgreSQL database (its name must say test: the store is created in it), it times in one
process, best of --rounds rounds:
  - open: `Store(location)` on a store at the current schema, then `close()`: the first
    open in the process (imports, the engine) apart from the next ones (median of 20);
  - reads: `store.revision()` (what every cached page read is keyed on),
    `store.setting("seeded")` (one row by key) and `store.article_count()`, each the
    median of 2,000 calls, in microseconds;
  - pinned: entering and leaving `store.pinned()` (one page run's snapshot), median of 500.
Only the Store API is used, so the same script times an older commit of the store (run it
from a `git worktree` of that commit).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(call, repeat: int) -> float:
    """Median seconds of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def measure(location: str, rounds: int) -> dict[str, float]:
    start = time.perf_counter()
    from analysis.store import Store

    Store(location).close()
    first = time.perf_counter() - start
    best: dict[str, float] = {}
    for _ in range(rounds):
        store = Store(location)
        figures = {
            "open (next), ms": timed(lambda: Store(location).close(), 20) * 1e3,
            "revision(), us": timed(store.revision, 2000) * 1e6,
            "setting(), us": timed(lambda s=store: s.setting("seeded"), 2000) * 1e6,
            "article_count(), us": timed(store.article_count, 2000) * 1e6,
            "pinned() enter+exit, us": timed(lambda s=store: _pin(s), 500) * 1e6,
        }
        store.close()
        best = {k: min(v, best.get(k, v)) for k, v in figures.items()}
    return {"open (first in process), ms": first * 1e3, **best}


def _pin(store) -> None:
    with store.pinned():
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", help="a SQLite store to copy (default: a new one)")
    parser.add_argument("--url", help="a PostgreSQL test database to time as well")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "articles.sqlite")
        if args.store:
            shutil.copy(args.store, path)
        print(f"python {sys.version.split()[0]}, store code at {ROOT}")
        for name, location in [("sqlite", path), ("postgresql", args.url)]:
            if not location:
                continue
            for label, value in measure(location, args.rounds).items():
                print(f"{name:10} {label:28} {value:9.1f}")


if __name__ == "__main__":
    main()
