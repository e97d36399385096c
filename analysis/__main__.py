"""Command line: summarize files into CSV tables, ingest files into the store, export the store.

python -m analysis summarize FILE... --out DIR [--published YYYY-MM-DD]
python -m analysis ingest PATH... [--workers N]
python -m analysis export --out DIR [--article ID ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.export import write_tables
from analysis.ingest import IngestError, read_file, valid_date
from analysis.library import add_document, open_library, to_article
from analysis.pipeline import analyze
from analysis.tables import all_tables


def _date_argument(value: str) -> str:
    if not valid_date(value):
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}")
    return value


def summarize(files: list[str], out: str, published: str | None) -> int:
    """Analyse files without touching the store; write every table into `out`."""
    corpus, failures = [], 0
    for name in files:
        try:
            document = read_file(name)
        except IngestError as error:
            print(f"error: {error}", file=sys.stderr)
            failures += 1
            continue
        document.published = document.published or published
        article = to_article(document)
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


def ingest(paths: list[str]) -> int:
    store = open_library()
    added = present = failed = 0
    files = expand(paths)
    for number, path in enumerate(files, 1):
        try:
            is_new, article_id = add_document(store, read_file(path))
        except IngestError as error:
            print(f"[{number}/{len(files)}] rejected: {error}", file=sys.stderr)
            failed += 1
            continue
        added += is_new
        present += not is_new
        status = "added" if is_new else "already present"
        print(f"[{number}/{len(files)}] {status}: {path.name} ({article_id})", file=sys.stderr)
    print(f"{added} added, {present} already present, {failed} rejected", file=sys.stderr)
    return 1 if failed else 0


def export(out: str, article_ids: list[str] | None) -> int:
    store = open_library()
    ids = article_ids or [a["article_id"] for a in store.article_summaries()]
    missing = [i for i in ids if not store.has(i)]
    if missing:
        print(f"error: no article with id {', '.join(missing)}", file=sys.stderr)
        return 1
    corpus = [(store.article(i), store.analysis(i)) for i in ids]
    write_tables(all_tables(corpus), out)
    print(f"{len(corpus)} article(s) exported to {out}", file=sys.stderr)
    return 0


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
    p = commands.add_parser("export", help="write the store's tables as CSV")
    p.add_argument("--out", required=True)
    p.add_argument("--article", action="append", dest="articles")
    args = parser.parse_args(argv)
    if args.command == "summarize":
        return summarize(args.files, args.out, args.published)
    if args.command == "ingest":
        return ingest(args.paths)
    return export(args.out, args.articles)


if __name__ == "__main__":
    sys.exit(main())
