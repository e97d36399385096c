"""The corpus as the app and the CLI use it: add documents, seed, keep analyses current."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from analysis.ingest import Document, read_file
from analysis.pipeline import PIPELINE_VERSION, analyze
from analysis.records import Article
from analysis.store import Store

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SEEDED_KEY = "seeded"


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
        title=document.title or first_line(document.text),
        source=document.source,
        url=document.url,
        published=document.published,
        file=document.file,
        added=now(),
    )


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def add_document(store: Store, document: Document) -> tuple[bool, str]:
    """Analyse and store one document; (False, id) when the same text is already stored."""
    article = to_article(document)
    if store.has(article.article_id):
        return False, article.article_id
    analysis = analyze(article.text, article.published, article.title)
    return store.add(article, analysis), article.article_id


def seed_if_new(store: Store, seeds_dir: Path = SEEDS_DIR) -> int:
    """Load the seed articles into a store on its first start; returns how many were added."""
    if store.setting(SEEDED_KEY):
        return 0
    added = sum(add_document(store, read_file(path))[0] for path in sorted(seeds_dir.glob("*.txt")))
    store.set_setting(SEEDED_KEY, now())
    return added


def refresh_stale(store: Store) -> int:
    """Recompute analyses made by another pipeline version; returns how many."""
    stale = store.stale_ids(PIPELINE_VERSION)
    for article_id in stale:
        article = store.article(article_id)
        store.save_analysis(article, analyze(article.text, article.published, article.title))
    return len(stale)


def open_library(path: str | Path | None = None) -> Store:
    """The default store, seeded on first start and current with the pipeline."""
    store = Store(path)
    seed_if_new(store)
    refresh_stale(store)
    return store
