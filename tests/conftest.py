"""Shared fixtures: analyses are cached per text so each sentence is parsed once per run."""

from __future__ import annotations

import json
import re
from functools import cache
from html import unescape
from pathlib import Path

import pytest

from analysis import analyze
from analysis.records import Analysis

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = ROOT / "seeds" / "000_3a2b0fa7b6977883.txt"


@cache
def analysed(text: str, published: str | None = None, title: str | None = None) -> Analysis:
    return analyze(text, published, title)


def mention_pairs(analysis: Analysis) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in analysis.mentions]


def canonical_of(analysis: Analysis, surface: str) -> set[str]:
    names = {e.entity_id: e.name for e in analysis.entities}
    return {names[m.entity_id] for m in analysis.mentions if m.text == surface}


def visible_text(html: str) -> str:
    """What a reader sees of highlighted HTML: no tags, no type labels, entities decoded."""
    body = html.split("</style>")[-1]
    body = re.sub(r'<span class="ent-type">[^<]*</span>', "", body).replace("<br>", "\n")
    return unescape(re.sub(r"<[^>]+>", "", body))


@pytest.fixture(scope="session")
def seed_analysis() -> Analysis:
    meta = json.loads(SEED_TEXT.with_suffix(".meta.json").read_text(encoding="utf-8"))
    return analysed(SEED_TEXT.read_text(encoding="utf-8"), meta["published"], meta["title"])


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """An empty data folder used as the store's home for one test."""
    folder = tmp_path / "data"
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(folder))
    return folder
