"""Time from starting the app to a rendered Reader (first highlighted entity in chromium).

    .venv/bin/python bench/reader_startup.py [--runs N]

Two cases, side by side: a first start on an empty data folder (the store is created and
the seed article analysed) and a restart on that folder (analysis read from the store).
The clock starts when `streamlit run` is launched and stops when chromium shows the
first <mark> of the Reader.
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


def time_to_reader(browser, data_dir: Path) -> float:
    port = free_port()
    env = {**os.environ, "NEWSDASH_DATA_DIR": str(data_dir)}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        page = browser.new_page()
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}/reader", timeout=2000)
                break
            except Exception:  # server not listening yet
                time.sleep(0.05)
        page.locator("mark.ent").first.wait_for(timeout=120_000)
        elapsed = time.perf_counter() - start
        page.close()
        return elapsed
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    first, restart = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as folder:
                first.append(time_to_reader(browser, Path(folder)))
                restart.append(time_to_reader(browser, Path(folder)))
        browser.close()
    for name, times in (("first start (empty store, seed analysed)", first), ("restart", restart)):
        print(f"{name}: median {statistics.median(times):.2f} s over {len(times)} runs "
              f"({', '.join(f'{t:.2f}' for t in times)})")  # fmt: skip


if __name__ == "__main__":
    main()
