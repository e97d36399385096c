"""The refresh of the kept corpus views after adding one article, at several corpus sizes
(issue 19).

    .venv/bin/python bench/refresh_after_one.py /tmp/bench-corpus-10 /tmp/bench-corpus-1000 \
        /tmp/bench-corpus-10000 [--rounds 5] [--views]

Each DIR is a store built by bench/build_corpus.py (articles.sqlite in it). It is copied
to a temporary folder first (the original is never changed) and opened as the app opens
it (schema migrations run on the copy, timed apart). Then, per round:
  1. the default views are refreshed (`analysis.corpus.refresh.refresh_defaults`), as the app's
     background thread and `ingest` leave them after a change;
  2. one new article is added as `python -m analysis ingest` stores it
     (`library.store_analysed`: the article with its analysis, then its rows and its
     share of the aggregates; timed: "write");
  3. the refresh after that change is timed, in its two parts: "figures"
     (`refresh_figures`: the Overview and the Timeline's first events, read from the
     aggregates) and "lists" (`refresh_lists`: the Entities list, the Timeline's options,
     the network's nodes, edges, speakers and pairs).
The new articles are analysed once, before any timing: --rounds distinct short news
stories written here (people, places and quotes of a few sentences each), the same at
every size. Medians over the rounds are printed per size, and with --views the time of
each default view in the last round's refresh (computed, not read: the store changed).
A store of a schema before the aggregates is upgraded when opened ("open": the aggregates
filled from its rows).

Target: the refresh after one new article at 10,000 articles about the same as at 10.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.corpus import refresh  # noqa: E402
from analysis.ingest.library import analyse_documents, store_analysed, to_article  # noqa: E402
from analysis.ingest.readers import Document  # noqa: E402
from analysis.store import (  # noqa: E402
    Store,  # noqa: E402
    views,
)

PEOPLE = ["Nadia Keller", "Tomas Ferreira", "Ines Lundqvist", "Oscar Mbeki", "Lena Hartmann",
          "Rafael Ortega", "Yuki Tanabe", "Amara Diallo", "Jonas Weber", "Clara Novak"]  # fmt: skip
PLACES = ["Lisbon", "Oslo", "Nairobi", "Vienna", "Lima", "Osaka", "Dakar", "Prague"]


def new_documents(count: int) -> list[Document]:
    documents = []
    for n in range(count):
        person, other = PEOPLE[n % len(PEOPLE)], PEOPLE[(n + 3) % len(PEOPLE)]
        place = PLACES[n % len(PLACES)]
        text = (
            f"Talks in {place} end with a plan (refresh bench {n})\n\n"
            f"{person} met {other} in {place} on Tuesday to discuss the water agreement. "
            f'"We have a plan for the next decade," {person} told reporters after the talks. '
            f"{other} said the Ministry of Water would publish the details in March. "
            f"The United Nations welcomed the agreement on Wednesday."
        )
        documents.append(
            Document(
                text,
                f"refresh-{n}.txt",
                title=f"Talks in {place}",
                source="Bench Wire",
                published=f"2026-11-{10 + n:02d}",
            )  # fmt: skip
        )
    return documents


def timed_views() -> dict[str, list[float]]:
    """Wrap every stored view so the time of each computation is recorded."""
    spent: dict[str, list[float]] = defaultdict(list)
    original = views.remembered

    def remembered(store, name, params, compute):
        def timed():
            start = time.perf_counter()
            try:
                return compute()
            finally:
                spent[name].append(time.perf_counter() - start)

        return original(store, name, params, timed)

    views.remembered = remembered
    return spent


def measure(folder: Path, prepared: list, rounds: int, spent: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="refresh-bench-") as scratch:
        copy = Path(scratch) / "articles.sqlite"
        shutil.copyfile(folder / "articles.sqlite", copy)
        for suffix in ("-wal", "-shm"):
            if (folder / f"articles.sqlite{suffix}").exists():
                shutil.copyfile(folder / f"articles.sqlite{suffix}", f"{copy}{suffix}")
        start = time.perf_counter()
        store = Store(copy)
        opened = time.perf_counter() - start
        articles = store.article_count()
        writes, figures, lists = [], [], []
        for document, analysis in prepared[:rounds]:
            refresh.refresh_defaults(store)
            spent.clear()
            article = to_article(document)
            start = time.perf_counter()
            store_analysed(store, article, analysis, document.author)
            writes.append(time.perf_counter() - start)
            start = time.perf_counter()
            refresh.refresh_figures(store)
            figures.append(time.perf_counter() - start)
            start = time.perf_counter()
            refresh.refresh_lists(store)
            lists.append(time.perf_counter() - start)
        store.close()
    return {
        "articles": articles,
        "opened": opened,
        "write": statistics.median(writes),
        "figures": statistics.median(figures),
        "lists": statistics.median(lists),
        "rounds": list(zip(figures, lists, strict=True)),
        "views": {name: sum(times) for name, times in spent.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stores", nargs="+", type=Path, help="data folders of bench stores")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--views", action="store_true", help="print each view's time")
    args = parser.parse_args()
    documents = new_documents(args.rounds)
    analyses = analyse_documents([(d.text, d.published, d.title) for d in documents])
    prepared = list(zip(documents, analyses, strict=True))
    spent = timed_views()
    results = []
    for folder in args.stores:
        result = measure(folder, prepared, args.rounds, spent)
        results.append(result)
        print(
            f"{result['articles']:>7,} articles: open {result['opened']:.1f} s, "
            f"write one article {1000 * result['write']:.0f} ms, then the refresh: figures "
            f"{1000 * result['figures']:.0f} ms, lists {1000 * result['lists']:.0f} ms "
            "(rounds: "
            + ", ".join(f"{1000 * f:.0f}+{1000 * li:.0f}" for f, li in result["rounds"])
            + " ms)",
            flush=True,
        )
        if args.views:
            for name, seconds in sorted(result["views"].items(), key=lambda kv: -kv[1]):
                print(f"          {1000 * seconds:8.1f} ms  {name}")
    smallest, largest = results[0], results[-1]
    print(
        f"at {largest['articles']:,} against {smallest['articles']:,} articles: figures "
        f"{largest['figures'] / smallest['figures']:.2f}x, lists "
        f"{largest['lists'] / smallest['lists']:.2f}x, "
        f"write {largest['write'] / smallest['write']:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
