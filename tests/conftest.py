"""Shared fixtures: analyses are cached per text so each sentence is parsed once per run."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
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


def store_of(corpus, location):
    """A store at `location` (a SQLite path or a PostgreSQL URL) holding (article,
    analysis) pairs with their table rows written, as the app keeps them."""
    from analysis.ingest.library import materialise
    from analysis.store import Store

    store = Store(location)
    for article, analysis in corpus:
        store.add(article, analysis)
    materialise(store)
    return store


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """An empty data folder used as the store's home for one test."""
    folder = tmp_path / "data"
    monkeypatch.setenv("NEWSDASH_DATA_DIR", str(folder))
    # the analysis worker a test's app starts leaves soon after its work is done
    monkeypatch.setenv("NEWSDASH_WORKER_IDLE", "10")
    return folder


PEOPLE = ["Angela Merkel", "Emmanuel Macron", "Olaf Scholz", "Giorgia Meloni", "Pedro Sanchez"]
PLACES = ["Paris", "Berlin", "Rome", "Madrid", "Brussels", "Warsaw"]
OUTLETS = ["Wire One", "Daily Two", "Gazette Three"]


def generated_documents(count: int):
    """`count` short, distinct news items with varied people, places, sources and dates."""
    from datetime import date, timedelta

    from analysis.ingest.readers import Document

    for n in range(count):
        person, other = PEOPLE[n % len(PEOPLE)], PEOPLE[(n + 2) % len(PEOPLE)]
        place = PLACES[n % len(PLACES)]
        published = (date(2024, 1, 1) + timedelta(days=3 * n)).isoformat()
        text = (
            f"Summit number {n} opens\n\n"
            f"{person} met {other} in {place} on Monday, officials said. "
            f'"We agreed on item {n}," {person} said. {other} visited {place} in March.'
        )
        yield Document(text, f"item-{n}.txt", title=f"Summit number {n} opens",
                       source=OUTLETS[n % len(OUTLETS)], published=published)  # fmt: skip


@pytest.fixture
def generated_store(data_dir) -> Path:
    """A store in the test's data folder with the seed and 300 generated articles."""
    from analysis.ingest.library import add_documents, open_library

    store = open_library()
    add_documents(store, generated_documents(300))
    store.close()
    return data_dir


# a story and a news page used by the Library's page and browser tests
STORY = (
    "Angela Merkel met Emmanuel Macron in Paris on Monday. The two leaders discussed the "
    "budget of the European Union, officials said after the meeting at the Elysee Palace."
)
PAGE = (
    "<html><head><title>Scholz in Rome | Example News</title>"
    '<meta property="og:title" content="Scholz visits Rome">'
    '<meta property="og:site_name" content="Example News">'
    '<meta property="article:published_time" content="2024-03-05T10:00:00Z">'
    '<link rel="canonical" href="https://news.example.org/scholz-rome"></head><body>'
    "<nav><a href='/'>Home</a></nav><article>"
    + "<p>Olaf Scholz met Giorgia Meloni in Rome on Tuesday to talk about migration and "
    "energy prices, a government spokesman said.</p>" * 3 + "</article></body></html>"
)


# -- how many tests ran on each store backend (printed at the end; CI requires PostgreSQL) --

BACKEND_NAMES = ("sqlite", "postgresql")
_backend_outcomes: dict[str, Counter] = {name: Counter() for name in BACKEND_NAMES}


def backend_of(item) -> str | None:
    """The store backend a test runs on: the value of its backend parameter, else of its
    `backend` marker (a test on one backend only), if any."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    found = next((v for v in params.values() if isinstance(v, str) and v in BACKEND_NAMES), None)
    marker = item.get_closest_marker("backend")
    return found or (marker.args[0] if marker else None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.backend = backend_of(item)
    return report


def pytest_runtest_logreport(report):
    backend = getattr(report, "backend", None)
    if backend and (report.when == "call" or report.outcome != "passed"):
        _backend_outcomes[backend][report.outcome] += 1


def pytest_terminal_summary(terminalreporter):
    counts = "; ".join(
        f"{name} {', '.join(f'{n} {outcome}' for outcome, n in sorted(outcomes.items())) or 'none'}"
        for name, outcomes in _backend_outcomes.items()
    )
    terminalreporter.write_line(f"store backends: {counts}")


def pytest_sessionfinish(session, exitstatus):
    """Under CI, PostgreSQL tests are required: none skipped, and some run when any of the
    collected tests is on PostgreSQL."""
    if os.environ.get("CI", "").lower() != "true":
        return
    postgres = _backend_outcomes["postgresql"]
    collected = any(backend_of(item) == "postgresql" for item in session.items)
    if postgres["skipped"] or (collected and not postgres["passed"] + postgres["failed"]):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
