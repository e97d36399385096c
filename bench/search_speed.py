"""Full-text search against today's LIKE scan, side by side in one run, on SQLite and
PostgreSQL (issue 18): the 95th percentile of query time over a set of realistic queries,
and the size of the index.

    .venv/bin/python bench/build_corpus.py --size 10000 --out /tmp/bench-corpus-10000 \
        --from /tmp/bench-corpus-1000
    .venv/bin/python bench/search_speed.py --corpus /tmp/bench-corpus-10000 \
        [--postgres postgresql://.../newsdash_bench_test] [--rounds 5]

What is timed, per query and round (A then B, alternating which goes first):
  - search: `analysis.corpus.search.search` as the Search page runs it: the number of matching
    articles, then the best 20 ranked (bm25 / ts_rank) with their marked title and
    snippet (snippet() / ts_headline) and where their first hit is;
  - scan: `Store.search`, the Library's search until now: LOWER(title/text/entity names)
    LIKE '%words%' over every article, the words being the query's first term.
Each query runs once untimed first (the cache warm, as on a server in use). The queries are
names, words, phrases, OR, exclusions and prefixes an analyst of this corpus (US and world
news, 1996-98 and 2016) would type, three of them with filters (dates, a source, an
entity).

Index size: SQLite, the FTS5 tables and the id map (dbstat); PostgreSQL, the tsvector
column and its GIN index. The scan has no index: the texts it reads are given beside.

The articles build_corpus cloned have no table rows: they are written first (once), so
entity names are searched and the entity filter has rows to read. With --postgres, the
corpus's articles and entity and quote rows are copied into that database first (its
name must say test or bench: it is emptied), unless it already holds as many articles.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.corpus import search  # noqa: E402
from analysis.store import DB_FILE, Store  # noqa: E402

QUERIES: list[tuple[str, dict]] = [
    ("Clinton", {}),
    ('"White House"', {}),
    ("Trump OR Clinton", {}),
    ("election -Trump", {}),
    ("negotiat*", {}),
    ('"Justice Department" FBI', {}),
    ("police shooting", {}),
    ("Netanyahu", {}),
    ('"stock market" prices', {}),
    ("earthquake OR hurricane", {}),
    ("Iraq sanctions", {}),
    ("Russia*", {}),
    ('"Hillary Clinton" emails', {}),
    ("said", {}),
    ("Yeltsin", {}),
    ("tobacco -cigarettes", {}),
    ('"Supreme Court"', {}),
    ("Clinton", {"since": "1998-01-01", "until": "1998-12-31"}),
    ("police", {"sources": ("Metro Herald",)}),
    ("sanctions", {"entities": (("gpe:cuba",),)}),
]
PAGE = 20


def first_words(query: str) -> str:
    """What today's scan is given: the query's first term, as plain words."""
    term = search.parse_query(query).terms()[0]
    return term.text


def timed(function) -> float:
    began = time.perf_counter()
    function()
    return time.perf_counter() - began


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def measure(store: Store, rounds: int) -> dict:
    """Timings (seconds) of every query by both ways, per query and overall."""
    per_query: dict[str, dict[str, list[float]]] = {}
    for query, filters in QUERIES:
        chosen = search.Filters(**filters)
        needle = first_words(query)
        label = query + (f"  [{', '.join(filters)}]" if filters else "")
        ways = {
            "search": lambda q=query, f=chosen: search.search(store, q, f, 0, PAGE),
            "scan": lambda n=needle: store.search(n),
        }
        for way in ways.values():
            way()  # warm
        times: dict[str, list[float]] = {"search": [], "scan": []}
        for number in range(rounds):
            order = ["search", "scan"] if number % 2 == 0 else ["scan", "search"]
            for name in order:
                times[name].append(timed(ways[name]))
        times["matches"] = search.search(store, query, chosen, 0, 1).total
        per_query[label] = times
    return per_query


def index_size(store: Store) -> dict[str, int]:
    if store.dialect == "postgresql":
        row = store.query(
            """SELECT pg_relation_size('articles_search'),
                      (SELECT SUM(pg_column_size(search_vector)) FROM articles),
                      (SELECT SUM(octet_length(text)) FROM articles),
                      pg_total_relation_size('articles')"""
        )[0]
        return {"GIN index": row[0], "tsvector column": row[1], "texts": row[2],
                "articles table (all)": row[3]}  # fmt: skip
    sizes = dict(
        store.query(
            """SELECT name, SUM(pgsize) FROM dbstat
               WHERE name LIKE 'search_fts%' OR name = 'search_documents'
                  OR name LIKE 'sqlite_autoindex_search_documents%' GROUP BY name"""
        )
    )
    texts = store.query("SELECT SUM(length(CAST(text AS BLOB))) FROM articles")[0][0]
    return {"FTS5 index": sum(v for k, v in sizes.items() if k.startswith("search_fts")),
            "id map": sum(v for k, v in sizes.items() if not k.startswith("search_fts")),
            "texts": texts}  # fmt: skip


def write_rows(store: Store) -> None:
    """The entity rows (and so the entity names searched and the filters) of articles
    that have none: build_corpus stores its clones without them."""
    from analysis.ingest.library import materialise

    missing = store.ids_without_rows()
    if missing:
        began = time.perf_counter()
        print(f"writing the rows of {len(missing):,} article(s)…", flush=True)
        materialise(store, missing)
        print(f"  done in {time.perf_counter() - began:.0f} s", flush=True)


def load_postgres(url: str, source: Store) -> Store:
    """The corpus's articles (with their entity names) and entity and quote rows in the
    PostgreSQL database at `url` (emptied first), the index built as they go in."""
    import psycopg

    database = url.rsplit("/", 1)[-1].split("?")[0]
    if not re.search(r"test|bench", database, re.I):
        sys.exit(f"error: refusing to empty {database!r}: its name must say test or bench")
    target = Store(url)
    count = source.article_count()
    if target.article_count() == count:
        print(f"PostgreSQL already holds the {count:,} articles", flush=True)
        return target
    target.close()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")
    target = Store(url)
    began = time.perf_counter()
    columns = "article_id, title, source, url, published, text, file, added, author, search_names"
    copy_table(source, target, "articles", columns)
    for table in ("rows_entities", "rows_quotes"):
        names = [r[1] for r in source.query(f"PRAGMA table_info({table})")]
        copy_table(source, target, table, ", ".join(f'"{n}"' for n in names))
    target.write("ANALYZE", bump=False)
    print(f"copied into PostgreSQL in {time.perf_counter() - began:.0f} s", flush=True)
    return target


def copy_table(source: Store, target: Store, table: str, columns: str, chunk: int = 2000) -> None:
    rows = source.query(f"SELECT {columns} FROM {table}")
    marks = ", ".join("?" for _ in columns.split(","))
    for start in range(0, len(rows), chunk):
        target.write_many(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
            [tuple(row) for row in rows[start : start + chunk]],
            bump=False,
        )


def report(name: str, store: Store, rounds: int) -> dict:
    print(f"\n== {name}: {store.article_count():,} articles, {rounds} rounds ==", flush=True)
    per_query = measure(store, rounds)
    print(f"{'query':48} {'matches':>8} {'search ms':>10} {'scan ms':>9}")
    for label, times in per_query.items():
        print(f"{label[:48]:48} {times['matches']:>8,} "
              f"{statistics.median(times['search']) * 1000:>10.1f} "
              f"{statistics.median(times['scan']) * 1000:>9.1f}")  # fmt: skip
    every = {
        way: [t for times in per_query.values() for t in times[way]] for way in ("search", "scan")
    }
    result = {way: p95(samples) for way, samples in every.items()}
    print(
        f"p95 over {len(every['search'])} runs: search {result['search'] * 1000:.1f} ms, "
        f"scan {result['scan'] * 1000:.1f} ms, ratio {result['search'] / result['scan']:.3f} "
        f"(1/{result['scan'] / result['search']:.0f})"
    )
    sizes = index_size(store)
    print("size: " + ", ".join(f"{k} {v / 2**20:,.1f} MiB" for k, v in sizes.items()))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a bench corpus folder")
    parser.add_argument("--postgres", help="a PostgreSQL URL (database name says test/bench)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
        f"{len(QUERIES)} queries, page of {PAGE}",
        flush=True,
    )
    sqlite_store = Store(args.corpus / DB_FILE)  # the migration builds the index once
    try:
        write_rows(sqlite_store)
        report("SQLite (FTS5)", sqlite_store, args.rounds)
        if args.postgres:
            pg_store = load_postgres(args.postgres, sqlite_store)
            try:
                report("PostgreSQL (tsvector + GIN)", pg_store, args.rounds)
            finally:
                pg_store.close()
    finally:
        sqlite_store.close()
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
