"""Build a benchmark store of N news articles from real news text (issue 8).

    .venv/bin/python bench/build_corpus.py --size 1000 --out /tmp/bench-corpus-1000 [--workers 2]
    .venv/bin/python bench/build_corpus.py --size 10 --out /tmp/bench-corpus-10 \
        --from /tmp/bench-corpus-1000
    .venv/bin/python bench/build_corpus.py --size 10000 --out /tmp/bench-corpus-10000 \
        --from /tmp/bench-corpus-1000

The store is `articles.sqlite` in DIR (what the app opens with NEWSDASH_DATA_DIR=DIR).

How the corpus is made
----------------------
Texts: the 340 documents of ../shared/eval/tempeval3_tbaq_train.jsonl (256 TimeBank and
AQUAINT news stories, 1996-1998) and ../shared/eval/polnear_dev.jsonl (84 US political news
articles, 2016), read at run time (EVAL_DIR overrides the folder; exit 2 when missing),
never copied into the project. They are put in one fixed, mixed order (sorted by the CRC32
of their first 200 characters, so short wire stories and long political articles alternate)
and cycled: article number n (0-based) is copy k = n // 340 of text i = n % 340.

Every article is distinct text: it ends with a trailer paragraph
"(Benchmark copy k of eval text i.)". Its metadata is varied per copy:
  - published: the text's own publication date (`dct`) + 23 * k days, so the copies of one
    text spread over ~2 years (k < 30 at 10,000 articles);
  - source: one of 12 made-up outlet names, (i + k) mod 12;
  - title: the PolNeAR headline, or for TempEval (which has none) the first sentence cut to
    12 words; copies k >= 1 add " (copy k)";
  - url: https://news.example/<outlet>/<k>-<i>; author: PolNeAR's author, else empty;
  - file: bench-<i>-copy<k>.txt.

Articles 0 .. min(N, 1000)-1 (--analysed changes 1000, for quick tests) go through the
real pipeline, as `python -m analysis ingest` does it: `analysis.ingest.library.to_article` and
`analyze_in_workers` (spaCy nlp.pipe and every extractor in --workers forked processes),
then `Store.add`, one transaction per article.

Articles from 1,000 on are clones of analysed ones: clone n takes the stored article of
copy 0 of text i (its analysis read back from the store), appends a second trailer at the
END of the text, "(Benchmark clone: copy k of eval text i.)", so every offset of the
analysis stays valid, gets a new id from `article_id_for(text)` and the varied metadata of
copy k, and is stored with `Store.add(article, analysis)`, 500 per transaction. The clone's
analysis is the base copy's: its relative dates stay anchored to the base copy's
publication date and a copy's title suffix does not change it. Good enough for render
and memory benchmarks; not a corpus to score extraction on.

With --from SRC, the first min(N, |SRC|) articles are taken from the store in SRC as they
are (ids, metadata, analyses), in its listing order; the rest are cloned as above. So the
10-article store is the first 10 of the 1,000 (all from the pipeline) and the 10,000 one
is the 1,000 plus 9,000 clones.

The store is marked as seeded, so the app does not add its seed article: it holds exactly
N articles. When DIR already has a store with >= N articles it says so and stops; with
fewer (an interrupted build) it continues from where it stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import time
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.extract.pipeline import PIPELINE_VERSION  # noqa: E402
from analysis.ingest.library import (  # noqa: E402
    SEEDED_KEY,
    analyze_in_workers,
    article_id_for,
    now,
    to_article,
)
from analysis.ingest.readers import Document  # noqa: E402
from analysis.records import Article  # noqa: E402
from analysis.store import DB_FILE, Store  # noqa: E402

EVAL_DIR = Path(os.environ.get("EVAL_DIR") or ROOT.parent / "shared" / "eval")
EVAL_FILES = ("tempeval3_tbaq_train.jsonl", "polnear_dev.jsonl")
PIPELINE_LIMIT = 1000  # articles analysed by the real pipeline; the rest are clones
CLONE_BATCH = 500
DAYS_PER_COPY = 23
OUTLETS = [
    "The Daily Ledger",
    "Metro Herald",
    "Northern Courier",
    "Capital Wire",
    "Harbor Times",
    "Evening Sentinel",
    "Valley Gazette",
    "Coastal Post",
    "National Observer",
    "City Chronicle",
    "World Dispatch",
    "Morning Bulletin",
]
FILE_PATTERN = re.compile(r"^bench-(\d+)-copy(\d+)\.txt$")


@dataclass(slots=True)
class EvalText:
    index: int
    doc_id: str
    text: str
    dct: str | None
    title: str
    author: str


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def eval_texts() -> list[EvalText]:
    """The eval documents in the fixed mixed order (index i = position in it)."""
    missing = [name for name in EVAL_FILES if not (EVAL_DIR / name).is_file()]
    if missing:
        fail(
            f"the news texts are missing: {', '.join(str(EVAL_DIR / m) for m in missing)} "
            "(../shared/eval next to the project, or set EVAL_DIR)"
        )
    rows = []
    for name in EVAL_FILES:
        for line in (EVAL_DIR / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("text", "").strip():
                rows.append(row)
    rows.sort(key=lambda row: (zlib.crc32(row["text"][:200].encode()), row["id"]))
    texts = []
    for index, row in enumerate(rows):
        meta = row.get("meta") or {}
        title = (meta.get("title") or "").strip() or headline(row["text"])
        texts.append(
            EvalText(index, row["id"], row["text"], row.get("dct"), title, meta.get("author") or "")
        )
    return texts


def headline(text: str, words: int = 12) -> str:
    """A title for a text without one: its first sentence, at most `words` words."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    cut = sentence.split()
    return " ".join(cut[:words]) + ("…" if len(cut) > words else "")


def shifted(dct: str | None, copy: int) -> str | None:
    if not dct:
        return None
    return (date.fromisoformat(dct[:10]) + timedelta(days=DAYS_PER_COPY * copy)).isoformat()


def metadata(source: EvalText, copy: int) -> dict:
    outlet = OUTLETS[(source.index + copy) % len(OUTLETS)]
    slug = re.sub(r"[^a-z]+", "-", outlet.lower()).strip("-")
    return {
        "title": source.title + (f" (copy {copy})" if copy else ""),
        "source": outlet,
        "url": f"https://news.example/{slug}/{copy}-{source.index}",
        "published": shifted(source.dct, copy),
        "author": source.author,
        "file": f"bench-{source.index:03d}-copy{copy:02d}.txt",
    }


def position(n: int, cycle: int) -> tuple[int, int]:
    """Article number n -> (text index i, copy k)."""
    return n % cycle, n // cycle


def count_articles(out: Path) -> int:
    path = out / DB_FILE
    if not path.exists():
        return 0
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        try:
            return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def batch(store: Store):
    """One transaction for many Store.add calls (Store.add nests in an open transaction);
    without that private API, each add is its own transaction."""
    transaction = getattr(store, "_transaction", None)
    if transaction is None:
        from contextlib import nullcontext

        return nullcontext()
    return transaction()


def build_by_pipeline(store: Store, texts: list[EvalText], start: int, stop: int, workers: int):
    """Articles start..stop-1 through the real pipeline, stored one transaction each."""
    cycle = len(texts)
    articles = []
    for n in range(start, stop):
        i, k = position(n, cycle)
        source = texts[i]
        meta = metadata(source, k)
        text = source.text.rstrip() + f"\n\n(Benchmark copy {k} of eval text {i}.)\n"
        document = Document(
            text=text,
            file=meta["file"],
            title=meta["title"],
            source=meta["source"],
            url=meta["url"],
            published=meta["published"],
            author=meta["author"],
        )
        articles.append((document, to_article(document)))
    words = sum(len(a.text.split()) for _, a in articles)
    print(
        f"pipeline: {len(articles)} article(s), {words:,} words, {workers} worker process(es)",
        flush=True,
    )
    began = time.perf_counter()
    triples = [(a.text, a.published, a.title) for _, a in articles]
    added = 0
    for number, ((document, article), analysis) in enumerate(
        zip(articles, analyze_in_workers(triples, workers), strict=True), 1
    ):
        added += store.add(article, analysis, document.author)
        if number % 100 == 0 or number == len(articles):
            elapsed = time.perf_counter() - began
            print(f"  {number}/{len(articles)} analysed and stored, {elapsed:.1f} s", flush=True)
    elapsed = time.perf_counter() - began
    print(
        f"pipeline: {added} added in {elapsed:.1f} s "
        f"({words / elapsed:,.0f} words/s, {len(articles) / elapsed:.1f} articles/s)",
        flush=True,
    )
    return added


def copy_from(store: Store, source_dir: Path, limit: int) -> int:
    """The first `limit` articles of another benchmark store, as they are."""
    source = Store(source_dir / DB_FILE)
    try:
        ids = [row["article_id"] for row in source.article_summaries()][:limit]
        began = time.perf_counter()
        added = 0
        for start in range(0, len(ids), CLONE_BATCH):
            with batch(store):
                for article_id in ids[start : start + CLONE_BATCH]:
                    article, analysis = source.article(article_id), source.analysis(article_id)
                    added += store.add(article, analysis, article.author)
        elapsed = time.perf_counter() - began
        print(f"copied {added} article(s) from {source_dir} in {elapsed:.1f} s", flush=True)
        return added
    finally:
        source.close()


def bases(store: Store) -> dict[int, str]:
    """text index -> id of the stored copy 0 of that text (the base of its clones)."""
    found = {}
    for row in store.query("SELECT article_id, file FROM articles"):
        match = FILE_PATTERN.match(row["file"] or "")
        if match and int(match.group(2)) == 0:
            found[int(match.group(1))] = row["article_id"]
    return found


def build_by_cloning(store: Store, texts: list[EvalText], start: int, stop: int) -> int:
    base_ids = bases(store)
    if not base_ids:
        fail("no analysed article (bench-<i>-copy00.txt) to clone in the store")
    # texts cycle over those that have an analysed copy 0 (all 340 once >= 340 are analysed)
    cycle = min(len(texts), len(base_ids))
    if sorted(base_ids)[:cycle] != list(range(cycle)):
        fail("the store's analysed copies are not texts 0..k-1 of the mixed order")
    cache: dict[str, tuple[Article, object]] = {}
    began = time.perf_counter()
    added = 0
    for first in range(start, stop, CLONE_BATCH):
        with batch(store):
            for n in range(first, min(first + CLONE_BATCH, stop)):
                i, k = position(n, cycle)
                base_id = base_ids[i]
                if base_id not in cache:
                    cache[base_id] = (store.article(base_id), store.analysis(base_id))
                base, analysis = cache[base_id]
                text = base.text + f"\n(Benchmark clone: copy {k} of eval text {i}.)\n"
                meta = metadata(texts[i], k)
                article = Article(
                    article_id=article_id_for(text),
                    text=text,
                    title=meta["title"],
                    source=meta["source"],
                    url=meta["url"],
                    published=meta["published"],
                    file=meta["file"],
                    added=now(),
                    author=meta["author"],
                )
                added += store.add(article, analysis, meta["author"])
        elapsed = time.perf_counter() - began
        print(f"  cloned {n + 1 - start}/{stop - start}, {elapsed:.1f} s", flush=True)
    elapsed = time.perf_counter() - began
    print(
        f"clones: {added} added in {elapsed:.1f} s ({added / max(elapsed, 1e-9):,.0f} articles/s)",
        flush=True,
    )
    return added


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="data folder of the store")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for spaCy")
    parser.add_argument(
        "--analysed",
        type=int,
        default=PIPELINE_LIMIT,
        help=f"how many articles go through the pipeline before cloning (default {PIPELINE_LIMIT})",
    )
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="a smaller benchmark store to start from (its first articles, then clones)",
    )
    args = parser.parse_args()
    texts = eval_texts()
    present = count_articles(args.out)
    if present >= args.size:
        print(
            f"{args.out / DB_FILE} already holds {present:,} article(s) (>= {args.size:,}): "
            "nothing to do (delete the folder to rebuild)"
        )
        return 0
    began = time.perf_counter()
    print(
        f"building {args.size:,} article(s) in {args.out / DB_FILE} from {len(texts)} texts "
        f"in {EVAL_DIR}; pipeline {PIPELINE_VERSION}; {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    if present:
        print(f"continuing: {present:,} article(s) already stored", flush=True)
    store = Store(args.out / DB_FILE)
    try:
        store.set_setting(SEEDED_KEY, now())  # no seed article: exactly N articles
        if args.source is not None and present == 0:
            if count_articles(args.source) == 0:
                fail(f"no benchmark store in {args.source}")
            present += copy_from(store, args.source, args.size)
        analysed = min(args.size, args.analysed)
        if present < analysed:
            present += build_by_pipeline(store, texts, present, analysed, args.workers)
        if present < args.size:
            present += build_by_cloning(store, texts, present, args.size)
        total = len(store.article_summaries())
        stale = len(store.stale_ids(PIPELINE_VERSION))
    finally:
        store.close()
    size = sum(p.stat().st_size for p in args.out.glob(DB_FILE + "*"))
    print(
        f"done: {total:,} article(s) in {args.out / DB_FILE} ({size / 2**20:,.1f} MiB with WAL), "
        f"{stale} analysis(es) from another pipeline version, {time.perf_counter() - began:.1f} s;"
        f" load average {os.getloadavg()[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
