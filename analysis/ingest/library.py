"""The corpus as the app and the CLI use it: add documents, seed, keep analyses current,
edit metadata, re-analyse, search, delete."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.corpus import corrections as entity_corrections
from analysis.extract.entities import entity_id
from analysis.extract.nlp import load_pipeline
from analysis.extract.pipeline import PIPELINE_VERSION, analyze, analyze_many
from analysis.ingest.readers import Document, IngestError, read_file, text_warnings, title_from_text
from analysis.records import Analysis, Article
from analysis.store import ROW_COUNTS, Store, StoreError, contains_pattern, marks

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
SEEDED_KEY = "seeded"
ADDED, PRESENT, REJECTED = "added", "already present", "rejected"
# metadata the analysis reads: changing it recomputes the analysis (the date anchors the
# timeline's relative dates; the title marks the headline)
ANALYSED_FIELDS = ("published", "title")

Progress = Callable[[int, int, str], None]  # (done, total, what is being done)


def article_id_for(text: str) -> str:
    """Stable id from the normalised text: other whitespace or file names give the same id."""
    normalised = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_article(document: Document) -> Article:
    return Article(
        article_id=article_id_for(document.text),
        text=document.text,
        title=document.title or title_from_text(document.text),
        source=document.source,
        url=document.url,
        published=document.published,
        file=document.file,
        added=now(),
        author=document.author,
    )


def analyse_article(
    article: Article, progress: Callable[[int, int], None] | None = None
) -> Analysis:
    """The pipeline's analysis plus the warnings about the input (e.g. not English);
    `progress(characters parsed, characters)` hears of each chunk parsed."""
    analysis = analyze(article.text, article.published, article.title, progress=progress)
    return with_text_warnings(analysis, article.text)


def with_text_warnings(analysis: Analysis, text: str) -> Analysis:
    for warning in text_warnings(text):
        if warning not in analysis.warnings:
            analysis.warnings.append(warning)
    return analysis


def analyse_documents(documents: list[tuple[str, str | None, str | None]]) -> list[Analysis]:
    """analyse_article() for a few (text, published, title) triples, parsed together with
    nlp.pipe: what one worker process (local or on a Dask cluster) runs at a time."""
    return [
        with_text_warnings(analysis, text)
        for (text, _, _), analysis in zip(documents, analyze_many(documents), strict=True)
    ]


def analyze_in_workers(
    documents: Iterable[tuple[str, str | None, str | None]], workers: int = 1, chunk: int = 2
) -> Iterator[Analysis]:
    """analyse_article() for many (text, published, title) triples, in order, in `workers`
    processes: each runs nlp.pipe and the extractors on a few articles at a time (the model
    is loaded once here and shared with the forked workers), so only finished analyses
    travel back. With workers=1 everything runs in this process."""
    documents = list(documents)
    if workers <= 1 or len(documents) <= 1:
        for start in range(0, len(documents), chunk):
            yield from analyse_documents(documents[start : start + chunk])
        return
    import multiprocessing

    load_pipeline()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunks = [documents[start : start + chunk] for start in range(0, len(documents), chunk)]
    with context.Pool(workers, initializer=os.nice, initargs=(10,)) as pool:
        for analyses in pool.imap(analyse_documents, chunks):
            yield from analyses


@dataclass(frozen=True, slots=True)
class Stored:
    """A document that a worker of a cluster analysed and stored itself (`added`: False
    when its id was already stored)."""

    added: bool
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Failed:
    """A document that could not be analysed, or stored by its worker, and why."""

    reason: str


STORE_PATIENCE = float(os.environ.get("NEWSDASH_STORE_PATIENCE") or 120)  # seconds


def patiently(write: Callable[[], object], patience: float | None = None):
    """Run `write()` (one transaction), again after a pause while the store cannot be used
    (a database server restarting, a disk being freed), for up to `patience` seconds;
    then the StoreError goes up. A failed transaction wrote nothing, so trying again is
    safe (adding an article twice is refused by its id)."""
    deadline = time.monotonic() + (STORE_PATIENCE if patience is None else patience)
    pause = 0.5
    while True:
        try:
            return write()
        except StoreError as error:
            if time.monotonic() + pause > deadline:
                raise
            print(f"  the store cannot be used ({error}); trying again in {pause:.0f} s",
                  file=sys.stderr, flush=True)  # fmt: skip
            time.sleep(pause)
            pause = min(pause * 2, 10.0)


def store_analysed(
    store: Store,
    article: Article,
    analysis: Analysis,
    author: str = "",
    corrections: list[entity_corrections.Correction] | None = None,
) -> bool:
    """The per-article write of every batch ingestion (`ingest`, on local workers or on a
    Dask cluster): the article with its analysis in one transaction (False if its id is
    already stored), then its table rows with the analyst's corrections in another; each
    tried again while the store cannot be used (`patiently`). A crash between the two
    leaves rows missing, which the next start writes (`catch_up_with_pipeline`)."""
    added = patiently(lambda: store.add(article, analysis, author))
    patiently(lambda: materialise(store, [article.article_id], corrections))
    return added


def add_document(store: Store, document: Document) -> tuple[bool, str]:
    """Analyse and store one document; (False, id) when the same text is already stored."""
    article = to_article(document)
    if store.has(article.article_id):
        return False, article.article_id
    added = store.add(article, analyse_article(article), document.author)
    materialise(store, [article.article_id])
    return added, article.article_id


def materialise(
    store: Store,
    article_ids: list[str] | None = None,
    corrections: list[entity_corrections.Correction] | None = None,
) -> int:
    """Write articles' table rows with the analyst's corrections applied (default: every
    article whose rows are missing or older than its analysis); returns how many."""
    from analysis.corpus.rows import stored_rows  # with the corpus views' modules: when writing

    ids = store.ids_without_rows() if article_ids is None else article_ids
    if corrections is None:
        corrections = entity_corrections.load(store)
    for article_id in ids:
        article, analysis = store.article(article_id), store.analysis(article_id)
        if article is not None and analysis is not None:
            corrected = entity_corrections.apply(analysis, corrections, article.text, article_id)
            store.replace_rows(article_id, stored_rows(article, corrected))
    return len(ids)


def _touched_by(store: Store, correction: entity_corrections.Correction) -> list[str]:
    """Articles whose rows a correction (or its undo) can change: those naming the
    entities it names, or containing the text it names; or its one article."""
    if correction.article_id:
        return [correction.article_id] if store.has(correction.article_id) else []
    ids = [i for i in (correction.entity_id, correction.target_id) if i]
    if correction.name:
        ids += [
            entity_id(t, correction.name)
            for t in {correction.type, *(i.split(":")[0].upper() for i in ids)}
            if t
        ]
    texts = [correction.alias] if correction.alias else []
    return store.ids_naming(ids, texts)


def save_correction(
    store: Store, correction: entity_corrections.Correction, author: str, created: str
) -> int:
    """Store a correction and rewrite the rows of the articles it touches; returns its id."""
    touched = _touched_by(store, correction)
    correction_id = entity_corrections.save(store, correction, author, created)
    materialise(store, sorted(set(touched) | set(_touched_by(store, correction))))
    return correction_id


def set_correction_undone(store: Store, correction_id: int, undone: bool = True) -> bool:
    """Undo (or restore) a correction and rewrite the rows of the articles it touches."""
    correction = next(
        (c for c in entity_corrections.load(store) if c.correction_id == correction_id), None
    )
    if correction is None:
        return False
    touched = _touched_by(store, correction)
    changed = store.set_correction_undone(correction_id, undone)
    materialise(store, sorted(set(touched) | set(_touched_by(store, correction))))
    return changed


@dataclass(slots=True)
class Outcome:
    """What became of one file or pasted text: added, already present, or rejected."""

    file: str
    status: str
    detail: str = ""
    article_id: str = ""
    warnings: list[str] = field(default_factory=list)


def add_documents(
    store: Store, documents: Iterable[Document], progress: Progress | None = None
) -> list[Outcome]:
    """Add documents one by one (one transaction each), reporting progress; a failure of
    one document is its outcome and never touches the others or what is stored."""
    documents = list(documents)
    outcomes: list[Outcome] = []
    seen: dict[str, str] = {}
    for number, document in enumerate(documents):
        if progress:
            words = len(document.text.split())
            progress(number, len(documents), f"Analysing {document.file} ({words:,} words)")
        article_id = article_id_for(document.text)
        if article_id in seen:
            detail = f"same text as {seen[article_id]}"
            outcomes.append(Outcome(document.file, PRESENT, detail, article_id))
            continue
        seen[article_id] = document.file
        try:
            is_new, article_id = add_document(store, document)
        except StoreError:
            raise  # the store, not the document: nothing more can be added now
        except Exception as error:  # noqa: BLE001 - logged with its traceback; the batch goes on
            log.exception("analysis of %r failed", document.file)
            detail = f"analysis failed ({type(error).__name__}: {error}); the error is logged"
            outcomes.append(Outcome(document.file, REJECTED, detail))
            continue
        if is_new:
            warnings = list(document.warnings)
            if not document.published:
                warnings.append("no publication date: the timeline cannot place it")
            outcomes.append(Outcome(document.file, ADDED, "", article_id, warnings))
        else:
            outcomes.append(Outcome(document.file, PRESENT, "same text already stored", article_id))
    if progress:
        progress(len(documents), len(documents), "Done")
    return outcomes


def rejected(error: IngestError, name: str) -> Outcome:
    return Outcome(name, REJECTED, str(error))


def seed_if_new(store: Store, seeds_dir: Path = SEEDS_DIR) -> int:
    """Load the seed articles into a store on its first start; returns how many were added.
    A seed's analysis is the one shipped beside it when it is of this pipeline version (a
    first start then loads no language model), else computed."""
    if store.setting(SEEDED_KEY):
        return 0
    added = 0
    for path in sorted(seeds_dir.glob("*.txt")):
        document = read_file(path)
        analysis = shipped_analysis(path)
        if analysis is None:
            added += add_document(store, document)[0]
            continue
        article = to_article(document)
        if store.add(article, analysis, document.author):
            materialise(store, [article.article_id])
            added += 1
    store.set_setting(SEEDED_KEY, now())
    return added


def shipped_analysis(seed: Path) -> Analysis | None:
    """The analysis shipped beside a seed article (X.analysis.json), if it is of the current
    pipeline version (`python -m analysis seeds` writes it)."""
    try:
        data = json.loads(seed.with_suffix(".analysis.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("pipeline_version") != PIPELINE_VERSION:
        return None
    return Analysis.from_dict(data)


def write_seed_analyses(seeds_dir: Path = SEEDS_DIR) -> list[Path]:
    """Analyse every seed article and write its analysis beside it (X.analysis.json)."""
    written = []
    for path in sorted(seeds_dir.glob("*.txt")):
        analysis = analyse_article(to_article(read_file(path)))
        out = path.with_suffix(".analysis.json")
        out.write_text(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(out)
    return written


def reanalyse(store: Store, article_id: str) -> bool:
    """Recompute one article's analysis; False when there is no such article."""
    article = store.article(article_id)
    if article is None:
        return False
    store.save_analysis(article, analyse_article(article))
    materialise(store, [article_id])
    return True


def refresh_stale(store: Store) -> int:
    """Recompute analyses made by another pipeline version; returns how many."""
    stale = store.stale_ids(PIPELINE_VERSION)
    for article_id in stale:
        reanalyse(store, article_id)
    return len(stale)


def edit_metadata(
    store: Store,
    article_id: str,
    recompute: Callable[[Store, str], object] = reanalyse,
    **changes: str | None,
):
    """Save edited metadata; recompute the analysis (`recompute(store, article_id)`: at
    once, or queued for the worker) when a field it reads changed. Returns what
    `recompute` returned (truthy: the analysis was recomputed or queued), else False."""
    article = store.article(article_id)
    if article is None:
        raise KeyError(article_id)
    current = {**{f: getattr(article, f, "") for f in changes if f != "author"}}
    if "author" in changes:
        current["author"] = store.author(article_id)
    changed = {k: v for k, v in changes.items() if (v or None) != (current.get(k) or None)}
    if "published" in changed:
        changed["published"] = changed["published"] or None
    if not changed:
        return False
    store.update_metadata(article_id, **changed)
    if any(name in changed for name in ANALYSED_FIELDS):
        return recompute(store, article_id)
    return False


def open_library(path: str | Path | None = None, catch_up: bool = True) -> Store:
    """The default store, seeded on first start; with `catch_up`, made current with the
    pipeline before it is returned (the app does that in the background: `catch_up`)."""
    store = Store(path)
    seed_if_new(store)
    if catch_up:
        catch_up_with_pipeline(store)
    return store


def catch_up_with_pipeline(store: Store) -> int:
    """Re-analyse articles another pipeline version analysed and write the rows a crash, an
    older version or a schema upgrade left missing; returns how many articles it touched.
    Each article is one transaction: readers see the store change article by article."""
    return refresh_stale(store) + materialise(store)


def backlog(store: Store) -> int:
    """How many articles `catch_up_with_pipeline` has still to bring up to date."""
    return store.backlog(PIPELINE_VERSION)


# -- the Library's list: filtered, sorted and paginated in SQL ----------------------------

LISTING_COLUMNS = ["article_id", "title", "source", "url", "published", "file", "words",
                   "entities", "quotes", "events", "added", "author"]  # fmt: skip
_WORDS = "COALESCE((SELECT n.words FROM analyses n WHERE n.article_id = a.article_id), 0)"


@dataclass(frozen=True)
class Listing:
    """Which articles the Library lists, and in what order: a search's results (None: no
    search), sources, publication days (ISO, inclusive; an undated article is outside
    any range), only undated ones; sorted by `sort` (a LISTING_COLUMNS name), undated
    articles last when sorting by publication, ties in store order."""

    ids: tuple[str, ...] | None = None
    sources: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    undated: bool = False
    sort: str = "added"
    ascending: bool = False

    def where(self) -> tuple[str, list]:
        conditions, params = [], []
        if self.ids is not None:
            conditions.append(f"a.article_id IN ({marks(self.ids)})" if self.ids else "1 = 0")
            params += self.ids
        if self.sources:
            conditions.append(f"a.source IN ({marks(self.sources)})")
            params += self.sources
        for bound, operator in ((self.since, ">="), (self.until, "<=")):
            if bound:
                conditions.append(f"COALESCE(a.published, '') <> '' AND a.published {operator} ?")
                params.append(bound)
        if self.undated:
            conditions.append("COALESCE(a.published, '') = ''")
        return " AND ".join(conditions) or "1 = 1", params

    def order(self) -> str:
        if self.sort not in LISTING_COLUMNS:
            raise ValueError(f"cannot sort by {self.sort!r}")
        direction = "ASC" if self.ascending else "DESC"
        column = (
            self.sort
            if self.sort in ("words", "entities", "quotes", "events")
            else (f"a.{self.sort}")
        )
        undated_last = "CASE WHEN COALESCE(a.published, '') = '' THEN 1 ELSE 0 END, "
        first = undated_last if self.sort == "published" else ""
        return f"{first}{column} {direction}, a.added, a.article_id"


def count_listed(store: Store, listing: Listing) -> int:
    where, params = listing.where()
    return store.query(f"SELECT COUNT(*) FROM articles a WHERE {where}", params)[0][0]


def listed_articles(
    store: Store, listing: Listing, offset: int = 0, limit: int | None = None
) -> pd.DataFrame:
    """One page of the list (all of it without `limit`): metadata and the counts of each
    article's stored rows (the analyst's corrections applied, as in articles.csv)."""
    where, params = listing.where()
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    return store.frame(
        f"""SELECT a.article_id, a.title, a.source, a.url, COALESCE(a.published, '') AS published,
                   a.file, {_WORDS} AS words, {ROW_COUNTS}, a.added, a.author
            FROM articles a WHERE {where} ORDER BY {listing.order()}{page}""",
        params,
        columns=LISTING_COLUMNS,
    )


def article_sources(store: Store) -> list[str]:
    rows = store.query("SELECT DISTINCT source FROM articles WHERE source <> '' ORDER BY source")
    return [row[0] for row in rows]


def article_titles(
    store: Store, words: str = "", limit: int | None = None, also: Sequence[str] = ()
) -> dict[str, str]:
    """Article id -> its title (or file name, or id), in store order: the first `limit` of
    those whose title contains `words` (any case), then any of the articles `also` not
    among them (the one open in the Reader stays listed)."""
    pattern = contains_pattern(words)
    page = f" LIMIT {int(limit)}" if limit is not None else ""
    rows = store.query(
        f"""SELECT article_id, title, file FROM articles
            WHERE LOWER(title) LIKE ? ESCAPE '\\' ORDER BY added, article_id{page}""",
        (pattern,),
    )
    missing = [i for i in dict.fromkeys(also) if i not in {row[0] for row in rows}]
    if missing:
        rows += store.query(
            f"SELECT article_id, title, file FROM articles WHERE article_id IN ({marks(missing)})",
            missing,
        )
    return {row[0]: row[1] or row[2] or row[0] for row in rows}


def titles_matching(titles: dict[str, str], words: str, limit: int) -> dict[str, str]:
    """Of `titles` (article id -> title, in order), the first `limit` whose title contains
    `words` (any case): a filter's options when a corpus has too many to list."""
    needle = words.strip().casefold()
    found: dict[str, str] = {}
    for article_id, title in titles.items():
        if len(found) >= limit:
            break
        if needle in title.casefold():
            found[article_id] = title
    return found
