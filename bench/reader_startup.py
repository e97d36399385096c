"""Time from starting the app to a rendered Reader, against a minimal Streamlit app, side by
side in one run (issues 2 and 15).

    .venv/bin/python bench/reader_startup.py [--runs N]

Three cases, each measured from launching `python -m streamlit run` to chromium laying out
the first <mark class="ent"> of the page (checked at every animation frame, in the page):
  - bare: a minimal Streamlit app (one st.html with one <mark class="ent">), in a folder of
    its own: what any Streamlit app costs to start and render on this machine;
  - first start: this app on an empty data folder (the store is created, the seed article
    analysed), at /reader;
  - restart: this app again on that folder (the analysis read from the store), at /reader.
Every server listens on one port, chosen at the start, so that a browser's cache applies
to the next launch as it does to an analyst's after a restart. Each case is measured with
the browser's cache warm (one browser context for every launch: Streamlit's scripts are
cached, as in the browser of an analyst who had the app open before) and cold (a new
context per launch: nothing cached, as for a first visit). A round runs the three cases in
turn, in both conditions, the order of the cases rotating from round to round; one warm-up
round (not counted) first. Printed: the median of each over --runs rounds and its ratio
to the bare app in the same condition (targets: restart <= 1.3x, first start <= 2x).
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
CONDITIONS = ("warm", "cold")


# In the page, from its first script on: the time (ms since the epoch) at which a mark.ent is
# first laid out (a non-empty box), checked at every animation frame. Playwright's own
# wait_for polls at growing intervals (up to 0.5 s): it would add up to half a second at
# random to a page whose mark appears while it is not looking.
SHOWN = """
(function check() {
  const mark = document.querySelector('mark.ent');
  if (mark && mark.getBoundingClientRect().width > 0) {
    window.markShown = performance.timeOrigin + performance.now();
    return;
  }
  requestAnimationFrame(check);
})();
"""


def time_to_mark(context, script: Path, url_path: str, env: dict[str, str], port: int) -> float:
    """Seconds from launching `streamlit run script` to chromium laying out the first
    mark.ent of the page."""
    launched = time.time()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=script.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        page = context.new_page()
        page.add_init_script(SHOWN)
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}/{url_path}", timeout=2000)
                break
            except Exception:  # noqa: BLE001 - the server is not listening yet
                time.sleep(0.02)
        page.locator('mark.ent, [data-testid="stException"]').first.wait_for(timeout=120_000)
        if failed := page.get_by_test_id("stException").all_inner_texts():
            raise RuntimeError(f"{script.name} failed: {failed[0]}")
        page.wait_for_function("window.markShown")
        elapsed = page.evaluate("window.markShown") / 1000 - launched
        page.close()
        return elapsed
    finally:
        process.terminate()
        process.wait()


def one_round(browser, warm, bare: Path, order: list[str], port: int) -> dict[tuple, float]:
    """(condition, case) -> seconds, for both browser cache conditions."""
    times: dict[tuple, float] = {}
    for condition in CONDITIONS:
        with tempfile.TemporaryDirectory() as folder:
            env = {**os.environ, "NEWSDASH_DATA_DIR": folder}
            for case in order:  # the first start comes before the restart, whatever the order
                context = warm if condition == "warm" else browser.new_context()
                script, path = (bare, "") if case == "bare" else (ROOT / "app.py", "reader")
                environment = dict(os.environ) if case == "bare" else env
                times[condition, case] = time_to_mark(context, script, path, environment, port)
                if context is not warm:
                    context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    measured: dict[tuple, list[float]] = {(c, k): [] for c in CONDITIONS for k in CASES}
    orders = [["bare", "first start", "restart"], ["first start", "restart", "bare"]]
    port = free_port()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        bare = Path(folder) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        warm = browser.new_context()
        one_round(browser, warm, bare, orders[0], port)  # warm-up: not counted
        for run in range(args.runs):
            for key, seconds in one_round(browser, warm, bare, orders[run % 2], port).items():
                measured[key].append(seconds)
        browser.close()
    for condition in CONDITIONS:
        print(f"browser cache {condition}:")
        bare_median = statistics.median(measured[condition, "bare"])
        for case in CASES:
            times = measured[condition, case]
            median = statistics.median(times)
            ratio = "" if case == "bare" else f"  {median / bare_median:.2f}x bare"
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(f"  {case:12} median {median:.2f} s ({runs}){ratio}")


if __name__ == "__main__":
    main()
