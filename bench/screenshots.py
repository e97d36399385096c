"""Screenshots of every page at 5 articles and at 1,000, for the README's page table.

    .venv/bin/python bench/screenshots.py [--news DIR] [--bench /tmp/bench-corpus-1000]
        [--out docs/screenshots]

Two stores:
  - 5 articles: the seed and the four invented articles of tests/data/news (a wire story,
    a broadsheet's web page, a public broadcaster's page copied as text, an online outlet's
    Markdown), added through the Library's own path (analysis.ingest.library.add_documents) into
    --news (default: a temporary folder);
  - 1,000 articles: the benchmark corpus of bench/build_corpus.py (--bench; skipped when
    the folder has no store).
For each, an app server (its own port and data folder) and Debian's chromium (the flags of
tests/browser/conftest.py) at 1500 x 1100: every page of app.py's PAGES is opened, the
script run and its charts waited for, and the window saved as OUT/<5|1000>/<page>.png.
The Overview is also saved scrolled to its charts over time (overview-charts.png), Who
mentions whom to its Top speakers (mentions-below.png) and the Timeline to its chart
(timeline-chart.png).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.page_render import app_pages  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    add_news,
    free_port,
    wait_until_healthy,
)

DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHARTS = ".js-plotly-plot .main-svg"
SETTLE = 2.0  # seconds for plotly to draw and fonts to settle after the run


def serve(data: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, "NEWSDASH_DATA_DIR": str(data)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_until_healthy(url, process)
    return process, url


def settle(page) -> None:
    page.wait_for_selector(DONE, timeout=300_000)
    if page.locator(".js-plotly-plot").count():
        page.locator(CHARTS).first.wait_for(timeout=120_000)
    time.sleep(SETTLE)


def scroll_to(page, selector: str) -> None:
    page.locator(selector).first.scroll_into_view_if_needed()
    time.sleep(1.0)


def shoot(browser, data: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    process, url = serve(data)
    try:
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.set_default_timeout(300_000)
        for index, (_file, _title, path) in enumerate(app_pages()):
            page.goto(f"{url}/{'' if index == 0 else path}")  # the home page is at /
            settle(page)
            name = path
            page.screenshot(path=str(out / f"{name}.png"))
            print(f"{out / name}.png")
            if name == "overview":
                scroll_to(page, ".st-key-trend")
                page.screenshot(path=str(out / "overview-charts.png"))
            if name == "mentions":
                scroll_to(page, ".st-key-mentions_speakers")
                page.screenshot(path=str(out / "mentions-below.png"))
            if name == "timeline":
                scroll_to(page, ".st-key-timeline_chart")
                page.screenshot(path=str(out / "timeline-chart.png"))
        page.close()
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--news", type=Path, default=None)
    parser.add_argument("--bench", type=Path, default=Path("/tmp/bench-corpus-1000"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        news = args.news or Path(folder)
        if not (news / "articles.sqlite").exists():
            add_news(news)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        shoot(browser, news, args.out / "5")
        if (args.bench / "articles.sqlite").exists():
            shoot(browser, args.bench, args.out / "1000")
        else:
            print(f"no store in {args.bench}: build it with bench/build_corpus.py --size 1000")
        browser.close()


if __name__ == "__main__":
    main()
