"""Load and faults, measured on real processes (issue 16).

    .venv/bin/python bench/faults.py [--only load kill-app kill-ingest pg-restart full-disk]

Every scenario starts from an empty data folder in a temp dir and checks the store after:
every article stored exactly once, none half-written (an article without its analysis or
its rows), SQLite's integrity check "ok".

  load         an app server (`streamlit run app.py`), `python -m analysis ingest` of 100
               files running, and 10 chromium sessions each uploading 5 articles in the
               Library at once; meanwhile one more session opens the Library and the
               Overview over and over. Page time: page.goto to the page's title shown and
               the script run finished. Printed: the 95th percentile idle (before) and under
               load, their ratio (target <= 3x); each session's outcome; the store's counts.
  kill-app     5 long articles uploaded in the browser; `kill -9` of the app server while
               the worker analyses them; the store checked; the app started again: the time
               until every upload is stored.
  kill-ingest  `kill -9` of `ingest` after 4 of 12 files; the store checked; the same
               command again completes the batch.
  pg-restart   a PostgreSQL server of its own (Debian's, as ./dev test starts one; needs
               root or the postgres binaries); `pg_ctl restart` while `ingest` of 12 files
               runs with DATABASE_URL: the ingest's exit code, its messages, the counts.
  full-disk    the data folder on a 1 MB tmpfs (mount needs root): `ingest` until the disk
               is full: its exit code and error, the store's integrity and contents.

Texts are sentences written for this bench (names, places, quotes), numbered so each file
is a distinct article.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from analysis.ingest.jobs import STALE_AFTER  # noqa: E402

PEOPLE = ["Angela Merkel", "Emmanuel Macron", "Olaf Scholz", "Giorgia Meloni", "Pedro Sanchez",
          "Mark Rutte", "Donald Tusk", "Ursula von der Leyen"]  # fmt: skip
PLACES = ["Paris", "Berlin", "Rome", "Madrid", "Brussels", "Warsaw", "Vienna"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]  # fmt: skip


def article(tag: str, number: int, paragraphs: int = 4) -> str:
    person, other = PEOPLE[number % len(PEOPLE)], PEOPLE[(number + 3) % len(PEOPLE)]
    place = PLACES[number % len(PLACES)]
    body = [f"Talks in {place}, {tag} number {number}"]
    for p in range(paragraphs):
        body.append(
            f"{person} met {other} in {place} on Monday, officials said ({tag} {number}.{p}). "
            f'"We agreed on the budget for item {p}," {person} told reporters. '
            f"{other} is expected in {PLACES[(number + p) % len(PLACES)]} in March."
        )
    return "\n\n".join(body) + "\n"


def write_files(folder: Path, tag: str, count: int, paragraphs: int = 4) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{tag}-{number:03}.txt"
        path.write_text(article(tag, number, paragraphs), encoding="utf-8")
        paths.append(path)
    return paths


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(data: Path, log_name: str = "server.log") -> tuple[subprocess.Popen, str]:
    """A server in a process group of its own (with the worker it starts)."""
    port = free_port()
    env = {**os.environ, "NEWSDASH_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    log = open(data.parent / log_name, "a")  # noqa: SIM115 - the server's, for its life
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("the app did not start")


def sql(db: Path, query: str, params: tuple = ()) -> list:
    with closing(sqlite3.connect(db, timeout=60)) as connection:
        return connection.execute(query, params).fetchall()


def check_store(db: Path) -> dict:
    """Counts and the checks every scenario makes."""
    return {
        "integrity": sql(db, "PRAGMA integrity_check")[0][0],
        "articles": sql(db, "SELECT COUNT(*) FROM articles")[0][0],
        "without analysis": sql(
            db,
            "SELECT COUNT(*) FROM articles WHERE article_id NOT IN "
            "(SELECT article_id FROM analyses)",
        )[0][0],  # fmt: skip
        "without rows": sql(db, "SELECT COUNT(*) FROM analyses WHERE rows_ready = 0")[0][0],
        "files stored twice": sql(
            db, "SELECT COUNT(*) FROM (SELECT file FROM articles GROUP BY file HAVING COUNT(*) > 1)"
        )[0][0],  # fmt: skip
        "jobs": dict(sql(db, "SELECT state, COUNT(*) FROM jobs GROUP BY state")),
    }


def wait_until(condition, timeout: float, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    raise TimeoutError("condition not met")


def pending_jobs(db: Path) -> int:
    try:
        return sql(db, "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')")[0][0]
    except sqlite3.OperationalError:
        return 0


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


# -- browser helpers (async Playwright: one event loop drives every session) ------------


async def page_time(context, url: str, path: str) -> float:
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(f"{url}/{path}")
    await page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=180_000)
    await page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=180_000
    )
    elapsed = time.perf_counter() - start
    await page.close()
    return elapsed


async def upload(context, url: str, files: list[Path], wait_outcome: bool = True) -> str:
    """Upload files in the Library and submit them; the outcome line once analysed."""
    page = await context.new_page()
    page.set_default_timeout(600_000)
    await page.goto(f"{url}/library")
    await page.get_by_role("tab", name="Add articles").click()
    await page.locator("input[type=file]").set_input_files(
        [{"name": p.name, "mimeType": "text/plain", "buffer": p.read_bytes()} for p in files]
    )
    await page.get_by_role("button", name=f"Analyse and add {len(files)} article(s)").click()
    if not wait_outcome:
        await page.get_by_text("done ·", exact=False).first.wait_for()
        return "submitted"
    outcome = page.get_by_text("Outcome:", exact=False).first
    await outcome.wait_for()
    text = await outcome.inner_text()
    errors = await page.locator('[data-testid="stException"]').count()
    await page.close()
    return text + (f" ({errors} exception(s) shown)" if errors else "")


KEEP = False  # --keep: leave each scenario's folder (stores, server logs) for a look


@contextmanager
def scratch(name: str):
    folder = Path(tempfile.mkdtemp(prefix=f"newsdash-{name}-"))
    try:
        yield folder
    finally:
        if KEEP:
            print(f"({name}: kept in {folder})")
        else:
            shutil.rmtree(folder, ignore_errors=True)


# -- scenarios ---------------------------------------------------------------------------


def load() -> None:
    from playwright.async_api import async_playwright

    with scratch("load") as folder:
        data = folder / "data"
        app, url = start_app(data)
        db = data / "articles.sqlite"
        inbox = write_files(folder / "inbox", "ingested", 100)
        sessions = [write_files(folder / f"s{n}", f"session{n}", 5) for n in range(10)]

        async def run() -> tuple[list[float], list[float], list[str], float]:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
                )
                watcher = await browser.new_context(viewport={"width": 1400, "height": 1000})
                await page_time(watcher, url, "library")  # warm-up: spaCy, caches
                idle = [await page_time(watcher, url, path)
                        for path in ["library", "overview"] * 20]  # fmt: skip
                env = {**os.environ, "NEWSDASH_DATA_DIR": str(data)}
                ingest = subprocess.Popen(
                    [sys.executable, "-m", "analysis", "ingest", str(folder / "inbox")],
                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                )  # fmt: skip
                contexts = [await browser.new_context() for _ in sessions]
                started = time.perf_counter()
                uploads = asyncio.gather(
                    *(upload(c, url, files) for c, files in zip(contexts, sessions, strict=True))
                )
                loaded = []
                while not uploads.done() or len(loaded) < 20:
                    loaded.append(
                        await page_time(watcher, url, ["library", "overview"][len(loaded) % 2])
                    )
                    if uploads.done() and len(loaded) >= 20:
                        break
                outcomes = await uploads
                elapsed = time.perf_counter() - started
                ingest.wait(timeout=900)
                await browser.close()
                return idle, loaded, outcomes, elapsed

        idle, loaded, outcomes, elapsed = asyncio.run(run())
        wait_until(lambda: not pending_jobs(db), 600)
        store = check_store(db)
        os.killpg(app.pid, signal.SIGTERM)
        app.wait(timeout=60)
        print(f"load: page time idle p95 {p95(idle):.2f} s (median {statistics.median(idle):.2f}),"
              f" under load p95 {p95(loaded):.2f} s (median {statistics.median(loaded):.2f});"
              f" ratio {p95(loaded) / p95(idle):.2f}x over {len(loaded)} page loads")  # fmt: skip
        print("load: under load, seconds: " + " ".join(f"{t:.1f}" for t in loaded))
        print(f"load: 10 sessions x 5 uploads done in {elapsed:.0f} s; outcomes: "
              f"{sorted(set(outcomes))}")  # fmt: skip
        expected = 1 + len(inbox) + sum(len(s) for s in sessions)
        print(f"load: store {store}; expected {expected} articles")


def kill_app() -> None:
    from playwright.async_api import async_playwright

    with scratch("kill-app") as folder:
        data = folder / "data"
        db = data / "articles.sqlite"
        files = write_files(folder / "long", "long", 5, paragraphs=600)
        app, url = start_app(data)

        async def submit():
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
                )
                await upload(await browser.new_context(), url, files, wait_outcome=False)
                await browser.close()

        asyncio.run(submit())
        running = "SELECT COUNT(*) FROM jobs WHERE state = 'running'"
        wait_until(lambda: sql(db, running)[0][0], 300)
        os.killpg(app.pid, signal.SIGKILL)  # the server and its analysis worker
        app.wait()
        killed = check_store(db)
        print(f"kill-app: app and worker killed (-9) mid-analysis; store after: {killed}")
        started = time.monotonic()
        app, url = start_app(data, "server-2.log")

        async def come_back():  # the analyst opens the Library again
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
                )
                await page_time(await browser.new_context(), url, "library")
                await browser.close()

        asyncio.run(come_back())
        wait_until(lambda: not pending_jobs(db), 900)
        resumed = time.monotonic() - started
        after = check_store(db)
        retried = sql(db, "SELECT COUNT(*) FROM jobs WHERE attempts > 1")[0][0]
        os.killpg(app.pid, signal.SIGTERM)
        app.wait(timeout=60)
        stored = sql(db, "SELECT COUNT(*) FROM articles WHERE file LIKE 'long-%'")[0][0]
        print(f"kill-app: restarted; every upload done {resumed:.0f} s later (the killed job "
              f"waits {STALE_AFTER:.0f} s without heartbeat); {stored} of {len(files)} "
              f"uploads stored, {retried} job(s) tried a second time; store {after}")  # fmt: skip


def kill_ingest() -> None:
    with scratch("kill-ingest") as folder:
        data = folder / "data"
        db = data / "articles.sqlite"
        files = write_files(folder / "inbox", "batch", 12, paragraphs=60)
        env = {**os.environ, "NEWSDASH_DATA_DIR": str(data)}
        env.pop("DATABASE_URL", None)
        command = [sys.executable, "-m", "analysis", "ingest", str(folder / "inbox"),
                   "--workers", "1"]  # fmt: skip
        process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        wait_until(lambda: db.exists() and sql(db, "SELECT COUNT(*) FROM articles")[0][0] >= 5, 600)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        killed = check_store(db)
        again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        last = again.stderr.strip().splitlines()[-1]
        print(f"kill-ingest: killed (-9) with {killed['articles'] - 1} of {len(files)} stored; "
              f"store {killed}; run again: exit {again.returncode}, '{last}'; "
              f"store {check_store(db)}")  # fmt: skip


def pg_restart() -> None:
    import psycopg

    pg_bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    with scratch("pg") as folder:
        cluster = folder / "cluster"
        if as_pg:
            shutil.chown(folder, "postgres")
        port = free_port()
        subprocess.run([*as_pg, pg_bin / "initdb", "-D", cluster, "-U", "postgres", "-A", "trust",
                        "--no-sync"], check=True, capture_output=True)  # fmt: skip
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder}"
        pg_ctl = [*as_pg, pg_bin / "pg_ctl", "-D", cluster, "-l", folder / "server.log", "-w"]
        subprocess.run([*pg_ctl, "start", "-o", options], check=True, capture_output=True)
        try:
            url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
            files = write_files(folder / "inbox", "pg", 12, paragraphs=60)
            env = {**os.environ, "DATABASE_URL": url, "NEWSDASH_DATA_DIR": str(folder / "d")}
            command = [sys.executable, "-m", "analysis", "ingest", str(folder / "inbox"),
                       "--workers", "1"]  # fmt: skip
            process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE,
                                       text=True)  # fmt: skip

            def stored() -> int:
                try:
                    with psycopg.connect(url) as connection:
                        return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                except psycopg.Error:
                    return 0

            wait_until(lambda: stored() >= 4, 600)
            began = time.monotonic()
            subprocess.run([*pg_ctl, "restart", "-m", "fast", "-o", options], check=True,
                           capture_output=True)  # fmt: skip
            down = time.monotonic() - began
            _, errors = process.communicate(timeout=900)
            retries = [line for line in errors.splitlines() if "trying again" in line]
            with psycopg.connect(url) as connection:
                total, distinct = connection.execute(
                    "SELECT COUNT(*), COUNT(DISTINCT file) FROM articles").fetchone()  # fmt: skip
                missing_rows = connection.execute(
                    "SELECT COUNT(*) FROM analyses WHERE rows_ready = 0").fetchone()[0]  # fmt: skip
            print(f"pg-restart: server restarted ({down:.1f} s) after 3 of {len(files)} files; "
                  f"ingest exit {process.returncode}, {len(retries)} write(s) tried again, "
                  f"'{errors.strip().splitlines()[-1]}'; {total} articles ({distinct} files), "
                  f"{missing_rows} without rows")  # fmt: skip
        finally:
            subprocess.run([*pg_ctl, "stop", "-m", "fast"], capture_output=True)


def full_disk() -> None:
    with scratch("full-disk") as folder:
        data = folder / "data"
        data.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(data)], check=True)
        try:
            write_files(folder / "inbox", "full", 40, paragraphs=40)
            env = {**os.environ, "NEWSDASH_DATA_DIR": str(data), "NEWSDASH_STORE_PATIENCE": "3"}
            env.pop("DATABASE_URL", None)
            run = subprocess.run(
                [sys.executable, "-m", "analysis", "ingest", str(folder / "inbox"),
                 "--workers", "1"],
                cwd=ROOT, env=env, capture_output=True, text=True,
            )  # fmt: skip
            lines = run.stderr.splitlines()
            error = next((line for line in lines if line.startswith("error")), "")
            store = check_store(data / "articles.sqlite")
            readable = sql(
                data / "articles.sqlite", "SELECT COUNT(*) FROM analyses WHERE length(payload) > 0"
            )[0][0]
            print(f"full-disk: ingest exit {run.returncode}; '{error}'; store {store}; "
                  f"{readable} analyses readable")  # fmt: skip
        finally:
            subprocess.run(["umount", str(data)], check=False)


SCENARIOS = {"load": load, "kill-app": kill_app, "kill-ingest": kill_ingest,
             "pg-restart": pg_restart, "full-disk": full_disk}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--keep", action="store_true", help="keep the stores and server logs")
    args = parser.parse_args()
    global KEEP
    KEEP = args.keep
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    for name in args.only:
        started = time.monotonic()
        SCENARIOS[name]()
        print(f"({name}: {time.monotonic() - started:.0f} s)", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
