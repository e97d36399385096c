"""Command line: summarize files into CSV tables, ingest files into the store, export the store.

python -m analysis summarize FILE... --out DIR [--published YYYY-MM-DD]
python -m analysis ingest PATH... [--workers N] [--dask ADDRESS|local]
python -m analysis export --out DIR [--article ID ...]
python -m analysis worker [--idle-exit SECONDS]
python -m analysis seeds   (after a change of the pipeline: the seeds' shipped analyses)
python -m analysis search QUERY [--source S] [--since D] [--until D] [--entity NAME ...]
                                [--any-entity] [--type T] [--speaker NAME] [--limit N] [--csv FILE]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from analysis.corpus.corrections import load as load_corrections
from analysis.corpus.refresh import refresh_defaults
from analysis.corpus.rows import store_tables
from analysis.extract.pipeline import analyze
from analysis.ingest.library import (
    Failed,
    Stored,
    analyze_in_workers,
    open_library,
    patiently,
    store_analysed,
    to_article,
    write_seed_analyses,
)
from analysis.ingest.readers import IngestError, read_file, valid_date
from analysis.output.export import write_tables
from analysis.output.tables import all_tables
from analysis.store import StoreError


def _date_argument(value: str) -> str:
    if not valid_date(value):
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}")
    return value


def _dask_address(value: str) -> str:
    if not (value == "local" or "://" in value or value.rpartition(":")[2].isdigit()):
        raise argparse.ArgumentTypeError(
            f"not a scheduler address (tcp://host:8786) nor 'local': {value!r}"
        )
    return value


def summarize(files: list[str], out: str, published: str | None) -> int:
    """Analyse files without touching the store; write every table into `out`."""
    corpus, failures, seen = [], 0, Counter()
    for name in files:
        try:
            document = read_file(name)
        except IngestError as error:
            print(f"error: {error}", file=sys.stderr)
            failures += 1
            continue
        document.published = document.published or published
        article = to_article(document)
        # each file is its own article here: the same text under two names (say with two
        # publication dates) must not share rows, so a repeated id gets a suffix
        seen[article.article_id] += 1
        if seen[article.article_id] > 1:
            article.article_id += f"-{seen[article.article_id]}"
        corpus.append((article, analyze(article.text, article.published, article.title)))
    write_tables(all_tables(corpus), out)
    print(f"{len(corpus)} article(s) analysed, tables written to {out}", file=sys.stderr)
    return 1 if failures else 0


def expand(paths: list[str]) -> list[Path]:
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.endswith(".meta.json")
            )
        else:
            files.append(path)
    return files


def progress_bar(done: int, total: int, width: int = 24) -> str:
    filled = round(width * done / total) if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


def ingest(
    paths: list[str], workers: int | None = None, dask: str | None = None, analyse=None
) -> int:
    """Add files and folders to the store: read them all, then analyse the new ones with
    nlp.pipe in worker processes on this machine, or on a Dask cluster (`dask`: a
    scheduler's address, or "local"), storing each as soon as it is analysed (one
    transaction per article, so an interrupted run keeps everything stored before it).
    `analyse` (what a Dask worker runs on a batch) is for tests."""
    store = open_library()
    files = expand(paths)
    total = len(files)
    present = rejected = failed = added = 0
    done = 0

    def report(status: str, detail: str) -> None:
        nonlocal done
        done += 1
        print(f"{progress_bar(done, total)} {status}: {detail}", file=sys.stderr, flush=True)

    pending, seen = [], set()
    for path in files:
        try:
            document = read_file(path)
        except IngestError as error:
            rejected += 1
            report("rejected", str(error))
            continue
        article = to_article(document)
        if article.article_id in seen or store.has(article.article_id):
            present += 1
            report("already present", f"{document.file} ({article.article_id})")
            continue
        seen.add(article.article_id)
        pending.append((document, article))
    if workers is None:
        workers = min(os.cpu_count() or 1, 2) if len(pending) >= 4 or dask else 1
    corrections = load_corrections(store)
    try:
        with analyses_of(pending, workers, dask, store, analyse) as results:
            for index, result in results:
                document, article = pending[index]
                if isinstance(result, Failed):
                    failed += 1
                    report("failed", f"{document.file}: {result.reason}")
                    continue
                if isinstance(result, Stored):  # by the cluster's worker, in its database
                    is_new, warnings = result.added, result.warnings
                else:
                    is_new = store_analysed(store, article, result, document.author, corrections)
                    warnings = result.warnings
                added += is_new
                present += not is_new
                report("added" if is_new else "already present",
                       f"{document.file} ({article.article_id})")  # fmt: skip
                for warning in warnings:
                    print(f"  warning: {document.file}: {warning}", file=sys.stderr)
    except KeyboardInterrupt:
        print(f"interrupted: {added} added before the stop are stored", file=sys.stderr)
        return 130
    except StoreError as error:
        print(
            f"error: {error}\n{added} added before it are stored; run the same command "
            "again to add the rest",
            file=sys.stderr,
        )
        return 3
    except OSError as error:  # the scheduler cannot be reached
        print(f"error: the Dask cluster at {dask}: {error}", file=sys.stderr)
        return 2
    if patiently(partial(refresh_defaults, store)):  # what every page shows first, ready
        print("computed the corpus views the pages show first", file=sys.stderr)
    summary = f"{added} added, {present} already present, {rejected} rejected"
    print(summary + (f", {failed} failed" if failed else ""), file=sys.stderr)
    return 1 if rejected or failed else 0


@contextmanager
def analyses_of(pending, workers: int, dask: str | None, store, analyse=None):
    """(index into `pending`, Analysis | Stored | Failed) for each new document: in order
    from local worker processes, or as a Dask cluster finishes them."""
    articles = [article for _, article in pending]
    if dask is None or not pending:
        say(f"analysing {len(pending)} new article(s) with {workers} process(es)")
        triples = [(a.text, a.published, a.title) for a in articles]
        yield enumerate(analyze_in_workers(triples, workers))
        return
    from analysis.ingest import distributed

    where = f"a local Dask cluster of {workers} process(es)" if dask == distributed.LOCAL else dask
    say(f"connecting to {where}")
    with distributed.connected(dask, workers) as client:
        say(
            f"analysing {len(pending)} new article(s) on {where} "
            f"({distributed.worker_count(client)} worker(s) now)"
        )
        yield distributed.analyse_on_dask(client, articles, store, analyse=analyse)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def export(out: str, article_ids: list[str] | None) -> int:
    store = open_library()
    ids = article_ids or [a["article_id"] for a in store.article_summaries()]
    missing = [i for i in ids if not store.has(i)]
    if missing:
        print(f"error: no article with id {', '.join(missing)}", file=sys.stderr)
        return 1
    write_tables(store_tables(store, ids), out, with_zip=True)
    print(f"{len(ids)} article(s) exported to {out}", file=sys.stderr)
    return 0


def search_command(args: argparse.Namespace) -> int:
    """Print the best results of a query (title, date, article id, snippet per hit);
    with --csv, write every result to FILE as well."""
    from analysis.corpus import search
    from analysis.output.export import csv_bytes

    store = open_library(catch_up=False)
    try:
        query = search.parse_query(args.query)
        entities = []
        for name in args.entities or []:
            found = search.entities_named(store, name)
            if not found:
                print(f"error: no entity is named {name!r} (names and aliases, any case)",
                      file=sys.stderr)  # fmt: skip
                return 2
            entities.append(tuple(e.entity_id for e in found))
        speakers: list[str] = []
        for name in args.speakers or []:
            found = search.entities_named(store, name)
            if not found:
                print(f"error: no entity is named {name!r} (speaker)", file=sys.stderr)
                return 2
            speakers += [e.entity_id for e in found]
        filters = search.Filters(
            sources=tuple(args.sources or ()),
            since=args.since or "",
            until=args.until or "",
            entities=tuple(entities),
            any_entity=args.any_entity,
            types=tuple(args.types or ()),
            speakers=tuple(speakers),
        )
        results = search.search(store, query, filters, limit=args.limit)
        for number, hit in enumerate(results.hits, 1):
            title = search.plain_marks(hit.title, "", "") or "(untitled)"
            where = f"{hit.published or 'undated'} · {hit.source or 'unknown source'}"
            snippet = " ".join(search.plain_marks(hit.snippet).split())
            print(f"{number}. {title}\n   {where} · {hit.article_id}\n   {snippet}")
        shown = (
            f"; the first {len(results.hits)} shown" if results.total > len(results.hits) else ""
        )
        print(f"{results.total} article(s) match {query.show() or 'the filters'}{shown}",
              file=sys.stderr)  # fmt: skip
        if args.csv:
            Path(args.csv).write_bytes(csv_bytes(search.results_frame(store, query, filters)))
            print(f"every result written to {args.csv}", file=sys.stderr)
        return 0
    except search.QueryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("summarize", help="analyse files and write the CSV tables")
    p.add_argument("files", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument(
        "--published",
        type=_date_argument,
        help="publication date for files whose metadata gives none",
    )
    p = commands.add_parser("ingest", help="add files or folders to the store")
    p.add_argument("paths", nargs="+")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes for spaCy (default: up to 2, one for small batches); "
        "with --dask local, the local cluster's processes",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        type=_dask_address,
        default=None,
        help="analyse on a Dask cluster: its scheduler (tcp://host:8786), or 'local' for a "
        "LocalCluster of --workers processes on this machine",
    )
    p = commands.add_parser(
        "worker",
        help="analyse queued uploads and bring articles up to date (the app starts one itself)",
    )
    p.add_argument("--id", default=f"cli:{os.getpid()}", help="name of this worker in the queue")
    p.add_argument("--parent", type=int, default=None, help="leave when this process has gone")
    p.add_argument(
        "--idle-exit",
        type=float,
        default=None,
        help="leave after this many seconds with nothing to do (default: never)",
    )
    p = commands.add_parser("search", help="full-text search of the store, best results first")
    p.add_argument("query", help='words, "phrases", OR, -word, prefix* (quote it for the shell)')
    p.add_argument("--source", action="append", dest="sources", help="only this source")
    p.add_argument("--since", type=_date_argument, help="published on or after YYYY-MM-DD")
    p.add_argument("--until", type=_date_argument, help="published on or before YYYY-MM-DD")
    p.add_argument("--entity", action="append", dest="entities",
                   help="naming this entity (a name or alias; repeated: all of them)")  # fmt: skip
    p.add_argument("--any-entity", action="store_true", help="any of the --entity, not all")
    p.add_argument("--type", action="append", dest="types", help="naming an entity of this type")
    p.add_argument("--speaker", action="append", dest="speakers",
                   help="quoting this entity (its name or an alias)")  # fmt: skip
    p.add_argument("--limit", type=int, default=20, help="results printed (default 20)")
    p.add_argument("--csv", help="write every result to this CSV file")
    p = commands.add_parser("export", help="write the store's tables as CSV")
    p.add_argument("--out", required=True)
    p.add_argument("--article", action="append", dest="articles")
    commands.add_parser(
        "seeds", help="analyse the seed articles and write their analyses beside them"
    )
    args = parser.parse_args(argv)
    try:
        return run(args)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 3


def run(args: argparse.Namespace) -> int:
    if args.command == "summarize":
        return summarize(args.files, args.out, args.published)
    if args.command == "ingest":
        return ingest(args.paths, args.workers, args.dask)
    if args.command == "search":
        return search_command(args)
    if args.command == "worker":
        from analysis.ingest.jobs import run_worker

        return run_worker(args.id, args.parent, args.idle_exit)
    if args.command == "seeds":
        for path in write_seed_analyses():
            print(path)
        return 0
    return export(args.out, args.articles)
