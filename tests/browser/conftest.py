"""A real app server on a free port with its own data folder, and Debian's chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "screenshots"  # pytest-playwright empties test-results/


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("the app did not start")


@pytest.fixture(scope="session")
def app_data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-data")


@pytest.fixture(scope="session")
def app_url(app_data):
    yield from serve_app(app_data)


@pytest.fixture
def fresh_app_url(tmp_path):
    """An app server that has served no request yet."""
    yield from serve_app(tmp_path)


def serve_app(app_data: Path):
    port = free_port()
    env = {**os.environ, "NEWSDASH_DATA_DIR": str(app_data)}
    log = open(app_data / "server.log", "w")  # noqa: SIM115 - closed at teardown
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (./dev test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def wait_until_idle(page) -> None:
    """Until the app's script has finished its run: a widget clicked during a rerun may be
    replaced before its click is handled."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


NEWS = ROOT / "tests" / "data" / "news"  # four invented articles in different outlets' styles


def add_news(data_dir: Path) -> None:
    """The seed and the four articles of tests/data/news in a store in `data_dir`."""
    from analysis.ingest.library import add_documents, open_library
    from analysis.ingest.readers import read_file
    from analysis.store import DB_FILE

    store = open_library(data_dir / DB_FILE)
    add_documents(store, [read_file(path) for path in sorted(NEWS.glob("*.*"))
                          if not path.name.endswith(".meta.json")])  # fmt: skip
    store.close()


@pytest.fixture(scope="session")
def news_data(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("news-data")
    add_news(folder)
    return folder


@pytest.fixture(scope="session")
def news_app_url(news_data):
    """An app server on the seed and four articles of other outlets (tests/data/news)."""
    yield from serve_app(news_data)
