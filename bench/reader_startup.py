"""Time from starting the app to a rendered Reader, against a minimal Streamlit app, side by
side in one run (issues 2 and 15).

    .venv/bin/python bench/reader_startup.py [--runs N]

Three cases, each measured from launching `python -m streamlit run` to chromium showing the
first <mark class="ent"> of the page:
  - bare: a minimal Streamlit app (one st.html with one <mark class="ent">), in a folder of
    its own: what any Streamlit app costs to start and render on this machine;
  - first start: this app on an empty data folder (the store is created, the seed article
    analysed), at /reader;
  - restart: this app again on that folder (the analysis read from the store), at /reader.
A round runs the three in turn, the order rotating from round to round; one warm-up round
(not counted) first, so every case finds the files in the OS cache. Printed: the median of
each case over --runs rounds and the ratios to the bare app (targets: restart <= 1.3x,
first start <= 2x).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS, free_port  # noqa: E402

BARE_APP = """import streamlit as st

st.html('<mark class="ent">A bare Streamlit app</mark>')
"""
CASES = ("bare", "first start", "restart")


def time_to_mark(browser, script: Path, url_path: str, env: dict[str, str]) -> float:
    """Seconds from launching `streamlit run script` to the first mark.ent in chromium."""
    port = free_port()
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=script.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        page = browser.new_page()
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}/{url_path}", timeout=2000)
                break
            except Exception:  # noqa: BLE001 - the server is not listening yet
                time.sleep(0.02)
        page.locator('mark.ent, [data-testid="stException"]').first.wait_for(timeout=120_000)
        elapsed = time.perf_counter() - start
        if page.get_by_test_id("stException").count():
            raise RuntimeError(
                f"{script.name} failed: {page.get_by_test_id('stException').first.inner_text()}"
            )
        page.close()
        return elapsed
    finally:
        process.terminate()
        process.wait()


def one_round(browser, bare: Path, order: list[str]) -> dict[str, float]:
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "NEWSDASH_DATA_DIR": folder}
        for case in order:
            if case == "bare":
                times[case] = time_to_mark(browser, bare, "", dict(os.environ))
            else:  # the first start before the restart, whatever the order
                times[case] = time_to_mark(browser, ROOT / "app.py", "reader", env)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    measured: dict[str, list[float]] = {case: [] for case in CASES}
    orders = [["bare", "first start", "restart"], ["first start", "restart", "bare"]]
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        bare = Path(folder) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        one_round(browser, bare, orders[0])  # warm-up: not counted
        for run in range(args.runs):
            for case, seconds in one_round(browser, bare, orders[run % 2]).items():
                measured[case].append(seconds)
        browser.close()
    medians = {case: statistics.median(times) for case, times in measured.items()}
    for case in CASES:
        ratio = "" if case == "bare" else f"  {medians[case] / medians['bare']:.2f}x bare"
        runs = ", ".join(f"{t:.2f}" for t in measured[case])
        print(f"{case:12} median {medians[case]:.2f} s ({runs}){ratio}")


if __name__ == "__main__":
    main()
