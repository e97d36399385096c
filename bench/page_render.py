"""Every page's render time and the peak memory at two corpus sizes, side by side (issue 8).

    .venv/bin/python bench/page_render.py --small /tmp/bench-corpus-10 \
        --large /tmp/bench-corpus-10000 [--reruns 3] [--runs 3] [--skip-browser]

Targets: each page renders at the large size in at most 2x its time at the small size
(AppTest and chromium), and the process's peak memory at the large size is at most 1.5x
that at the small size. Build the stores with bench/build_corpus.py.

Pages: the PAGES list of app.py, read with `ast` (importing app.py would run Streamlit).

AppTest: for each store, a separate Python process (so its peak memory is the store's)
with NEWSDASH_DATA_DIR set to the store's folder runs `AppTest.from_file("app.py")`:
  - first run: app.run() of the home page on empty caches (opens the store);
  - then for each page: switch_page(page) and run: "cold" = the first run of that page in
    the process (what st.cache_resource / st.cache_data hold from the pages before it stays
    held: pages/_shared.py caches by store location and revision, shared by all pages);
  - "warm" = the median of --reruns further runs of the same page (every read cached);
    a page whose run takes more than --slow seconds gets one warm rerun only.
  Peak memory: resource.getrusage(RUSAGE_SELF).ru_maxrss of that process after all pages.
  The two stores' processes run one after the other, small first.

Chromium: one `streamlit run app.py` server per store (both up at once, idle in turn), and
Debian's chromium through Playwright (flags of tests/browser/conftest.py). Each measured
navigation is a new tab (a new Streamlit session, so the page's script runs) in one browser
context per server (HTTP cache warm, as for a returning analyst). The clock runs from
page.goto(URL of the page) to the first meaningful paint, defined as: the page's title
(`[data-testid="stMain"] h1`) visible AND its main content visible, which is, chosen once
per page from a warm-up navigation on the small store, the first of
  - a plotly chart drawn (`[data-testid="stMain"] .js-plotly-plot .main-svg`), if the page
    has one; else
  - the first highlighted entity (`[data-testid="stMain"] mark.ent`), if it has one; else
  - a table (`[data-testid="stMain"] [data-testid="stDataFrame"]`), if it has one;
"settled" = first meaningful paint AND the script run finished
(`[data-testid="stApp"][data-test-script-state="notRunning"]`; Streamlit's running
indicator `[data-testid="stStatusWidget"]` is not rendered with this app's config, so it
cannot be waited for). Plotly charts are drawn by the browser after the run has finished,
so on charted pages "settled" often equals the first meaningful paint. Per page: one
navigation on the small store to choose the main content, one warm-up navigation on each
store, then --runs navigations alternating the stores (small first in odd runs, large
first in even ones); the medians are printed. On a store where the page takes more than
--slow seconds, one timed navigation only. A navigation that takes longer than --timeout
seconds is reported as a timeout (and the page's remaining runs
on that store are skipped). Server memory: VmHWM (peak RSS) of the server process from
/proc/PID/status after all pages, and its RSS after start-up before any page was opened.

Kept corpus views (analysis.store.views): before measuring, each store's default views are
computed for the current revision and code, as `python -m analysis ingest` and the app's
background refresh leave them (the time it takes is printed: the once-per-change cost);
with --drop-views none are kept, and each page's first run computes its own (as right
after a change, before the refresh has run; the app's refresh thread then starts after
2 s and runs beside the pages).

Before measuring, each store is checked: it must exist, hold analyses of the current
pipeline version (else the app would re-analyse every article at start; exit 2) and be
marked as seeded (else the app adds its seed article: a warning).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_FILE = "articles.sqlite"
MAIN = '[data-testid="stMain"]'
TITLE = f"{MAIN} h1"
CONTENT = [  # (name, selector), in order of preference
    ("chart", f"{MAIN} .js-plotly-plot .main-svg"),
    ("highlighted entity", f"{MAIN} mark.ent"),
    ("table", f'{MAIN} [data-testid="stDataFrame"]'),
]
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def app_pages() -> list[tuple[str, str, str]]:
    """(file, title, url path) of app.py's PAGES, without running app.py."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets
        ):
            pages = ast.literal_eval(node.value)
            return [(page[0], page[1], page[3]) for page in pages]
    fail("no PAGES list in app.py")
    return []


def check_store(folder: Path) -> int:
    """Number of articles; exit 2 when the app would have to re-analyse the store."""
    from analysis.extract.pipeline import PIPELINE_VERSION

    path = folder / DB_FILE
    if not path.is_file():
        fail(f"no store at {path}: build it with bench/build_corpus.py")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        stale = db.execute(
            """SELECT COUNT(*) FROM articles a LEFT JOIN analyses n USING (article_id)
               WHERE n.pipeline_version IS NULL OR n.pipeline_version != ?""",
            (PIPELINE_VERSION,),
        ).fetchone()[0]
        seeded = db.execute("SELECT 1 FROM settings WHERE key = 'seeded'").fetchone()
    if stale:
        fail(
            f"{stale:,} of the {articles:,} analyses in {path} are not from pipeline "
            f"{PIPELINE_VERSION}: the app would re-analyse them at start. Rebuild the store "
            "(delete the folder, run bench/build_corpus.py)."
        )
    if not seeded:
        print(f"warning: {path} is not marked as seeded: the app adds its seed article to it")
    return articles


def prepare_views(folder: Path, drop: bool) -> float:
    """Leave the store's kept corpus views as `ingest` and the app leave them: computed for
    the current revision and code (seconds it took; 0 when they were kept already), or,
    with `drop`, none kept (each page then computes its own: a first view right after a
    change, before the app's background refresh has run)."""
    from analysis.corpus.refresh import refresh_defaults
    from analysis.store import Store

    store = Store(folder / DB_FILE)
    try:
        start = time.perf_counter()
        computed = refresh_defaults(store)
        seconds = time.perf_counter() - start if computed else 0.0
    finally:
        store.close()
    if drop:  # not a change of the corpus: the revision stays (Store.write would bump it)
        with closing(sqlite3.connect(folder / DB_FILE)) as db, db:
            db.execute("DELETE FROM corpus_views")
    return seconds


# -- AppTest, in a process of its own per store ---------------------------------------------


def rss_now_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def apptest_worker(reruns: int, timeout: float, slow: float) -> None:
    """Runs in the child process (NEWSDASH_DATA_DIR set); prints one JSON line."""
    os.chdir(ROOT)
    from streamlit.testing.v1 import AppTest

    result: dict = {"rss_after_imports_mib": rss_now_mib(), "pages": {}}

    def timed_run(at) -> tuple[float, str]:
        start = time.perf_counter()
        try:
            at.run()
        except Exception as error:  # noqa: BLE001 - a timeout or crash is a figure too
            return time.perf_counter() - start, f"{type(error).__name__}: {error}"[:300]
        elapsed = time.perf_counter() - start
        problem = ""
        if at.exception:
            problem = "exception: " + str(at.exception[0].message)[:300]
        return elapsed, problem

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    result["first_run_s"], result["first_run_problem"] = timed_run(at)
    for file, _, _ in app_pages():
        at.switch_page(file)
        cold, problem = timed_run(at)
        warm: list[float] = []
        if not problem:
            for _ in range(reruns if cold <= slow else 1):
                seconds, problem = timed_run(at)
                if problem:
                    break
                warm.append(seconds)
                if seconds > slow:
                    break
        result["pages"][file] = {"cold": cold, "warm": warm, "problem": problem}
        print(
            f"    {file}: cold {cold:.2f} s, warm {fmt_list(warm)}"
            + (f" [{problem}]" * bool(problem)),
            file=sys.stderr,
            flush=True,
        )
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result), flush=True)


def run_apptest(folder: Path, reruns: int, timeout: float, slow: float) -> dict:
    env = {**os.environ, "NEWSDASH_DATA_DIR": str(folder)}
    command = [sys.executable, __file__, "--apptest-worker", "--reruns", str(reruns),
               "--timeout", str(timeout), "--slow", str(slow)]  # fmt: skip
    start = time.perf_counter()
    process = subprocess.run(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False
    )
    lines = [line for line in process.stdout.splitlines() if line.startswith("RESULT ")]
    if process.returncode or not lines:
        fail(f"the AppTest process for {folder} failed (exit {process.returncode})")
    result = json.loads(lines[-1][len("RESULT ") :])
    result["process_s"] = time.perf_counter() - start
    return result


# -- chromium -------------------------------------------------------------------------------


class Server:
    def __init__(self, name: str, folder: Path, log_dir: Path):
        from tests.browser.conftest import free_port

        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_dir / f"server-{name}.log", "w")  # noqa: SIM115 - closed in stop
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.headless", "true", "--server.fileWatcherType", "none"],
            cwd=ROOT, env={**os.environ, "NEWSDASH_DATA_DIR": str(folder)},
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.started_rss_mib = float("nan")

    def wait(self) -> None:
        from tests.browser.conftest import wait_until_healthy

        wait_until_healthy(self.url, self.process)
        self.started_rss_mib = self.memory("VmRSS")

    def memory(self, field: str) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def navigate(context, url: str, content: str | None, timeout: float) -> tuple[float, float]:
    """Seconds from goto to first meaningful paint, and to settled (script run finished)."""
    page = context.new_page()
    page.set_default_timeout(timeout * 1000)
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.locator(TITLE).first.wait_for(state="visible")
        if content:
            page.locator(content).first.wait_for(state="visible")
        paint = time.perf_counter() - start
        page.locator(DONE).wait_for(state="attached")
        settled = time.perf_counter() - start
        return paint, settled
    finally:
        page.close()


def content_of(context, url: str, timeout: float) -> tuple[str, str | None]:
    """The main content of a page (see the module docstring), from a settled navigation."""
    page = context.new_page()
    page.set_default_timeout(timeout * 1000)
    try:
        page.goto(url, wait_until="commit")
        page.locator(TITLE).first.wait_for(state="visible")
        page.locator(DONE).wait_for(state="attached")
        # charts are drawn after the run: wait until what is shown stops changing
        counts, still_since = None, time.perf_counter()
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            now = [page.locator(selector).count() for _, selector in CONTENT]
            if now != counts:
                counts, still_since = now, time.perf_counter()
            elif time.perf_counter() - still_since > 2:
                break
            page.wait_for_timeout(100)
        for (name, selector), count in zip(CONTENT, counts, strict=True):
            if count:
                return name, selector
        return "title only", None
    finally:
        page.close()


def run_browser(
    small: Path, large: Path, runs: int, timeout: float, slow: float, log_dir: Path | None
) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS

    if not Path(CHROMIUM).exists():
        fail(f"{CHROMIUM} is missing: install Debian's chromium")
    result: dict = {"pages": {}, "servers": {}}
    with tempfile.TemporaryDirectory(prefix="page-render-") as temporary:
        logs = Path(log_dir or temporary)
        logs.mkdir(parents=True, exist_ok=True)
        servers = {
            name: Server(name, folder, logs)
            for name, folder in (("small", small), ("large", large))
        }
        try:
            for name, server in servers.items():
                start = time.perf_counter()
                server.wait()
                print(f"  {name} server up in {time.perf_counter() - start:.1f} s", flush=True)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                contexts = {
                    name: browser.new_context(viewport={"width": 1500, "height": 1100})
                    for name in servers
                }
                for file, title, path in app_pages():
                    urls = {name: f"{server.url}/{path}" for name, server in servers.items()}
                    figures = {"paint": {}, "settled": {}, "problem": {}, "warmup": {}}
                    try:
                        what, content = content_of(contexts["small"], urls["small"], timeout)
                    except Exception as error:  # noqa: BLE001
                        what, content = f"unknown ({type(error).__name__})", None
                    figures["content"] = what
                    alive = {}
                    for name in servers:  # warm-up navigation
                        figures["paint"][name], figures["settled"][name] = [], []
                        try:
                            figures["warmup"][name] = navigate(
                                contexts[name], urls[name], content, timeout
                            )
                            alive[name] = True
                        except Exception as error:  # noqa: BLE001
                            figures["problem"][name] = f"warm-up: {type(error).__name__}"
                            alive[name] = False
                    for run in range(runs):
                        order = list(servers) if run % 2 == 0 else list(reversed(servers))
                        for name in order:
                            if not alive[name]:
                                continue
                            done = figures["settled"][name]
                            if done and max(done + [figures["warmup"][name][1]]) > slow:
                                continue  # a slow page: one timed navigation is enough
                            try:
                                paint, settled = navigate(
                                    contexts[name], urls[name], content, timeout
                                )
                            except Exception as error:  # noqa: BLE001
                                figures["problem"][name] = f"run {run + 1}: {type(error).__name__}"
                                alive[name] = False
                                continue
                            figures["paint"][name].append(paint)
                            figures["settled"][name].append(settled)
                    result["pages"][file] = figures
                    print(
                        f"  {title}: main content = {what}; "
                        + "; ".join(
                            f"{name} paint {fmt_list(figures['paint'][name])}"
                            f" settled {fmt_list(figures['settled'][name])}"
                            for name in servers
                        )
                        + "".join(f" [{n}: {p}]" for n, p in figures["problem"].items()),
                        flush=True,
                    )
                browser.close()
            for name, server in servers.items():
                result["servers"][name] = {
                    "started_rss_mib": server.started_rss_mib,
                    "peak_rss_mib": server.memory("VmHWM"),
                    "rss_mib": server.memory("VmRSS"),
                }
        finally:
            for server in servers.values():
                server.stop()
    return result


# -- report ---------------------------------------------------------------------------------


def fmt_list(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:.2f}" for v in values) + "]"


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def cell(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "—"
    return f"{value:,.0f} {unit}" if unit == "MiB" else f"{value:.2f} {unit}"


def ratio(large: float | None, small: float | None, target: float) -> str:
    if large is None or small is None or small <= 0:
        return "—"
    value = large / small
    return f"{value:.2f}x" + (" !" if value > target else "")


def row(label: str, small: float | None, large: float | None, target: float, unit="s") -> str:
    return (
        f"  {label:44} {cell(small, unit):>11} {cell(large, unit):>11} "
        f"{ratio(large, small, target):>9}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=Path, help="data folder of the small store (10)")
    parser.add_argument("--large", type=Path, help="data folder of the large store (10,000)")
    parser.add_argument("--reruns", type=int, default=3, help="AppTest warm reruns per page")
    parser.add_argument("--runs", type=int, default=3, help="chromium navigations per page")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run/navigation")
    parser.add_argument(
        "--slow",
        type=float,
        default=60,
        help="seconds: a page whose run takes longer gets one warm rerun (AppTest) or one "
        "timed navigation (chromium)",
    )
    parser.add_argument(
        "--drop-views",
        action="store_true",
        help="measure with no kept corpus views (a first view right after a change)",
    )
    parser.add_argument("--skip-apptest", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    parser.add_argument("--apptest-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.apptest_worker:
        apptest_worker(args.reruns, args.timeout, args.slow)
        return 0
    if not (args.small and args.large):
        parser.error("--small and --large are required")
    small, large = args.small.resolve(), args.large.resolve()
    sizes = {"small": check_store(small), "large": check_store(large)}
    pages = app_pages()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    refresh = {name: prepare_views(folder, args.drop_views) for name, folder in
               (("small", small), ("large", large))}  # fmt: skip
    print(
        "kept corpus views: "
        + ("dropped: every page computes its own" if args.drop_views else "computed for the run")
        + f" (refresh: {refresh['small']:.2f} s small, {refresh['large']:.2f} s large; "
        "0 = kept already)",
        flush=True,
    )
    print(
        f"small: {sizes['small']:,} articles in {small}; large: {sizes['large']:,} articles in "
        f"{large}; {len(pages)} pages; {os.cpu_count()} cores; load average before: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    figures: dict = {"command": sys.argv, "sizes": sizes, "refresh_s": refresh}
    if not args.skip_apptest:
        figures["apptest"] = {}
        for name, folder in (("small", small), ("large", large)):
            print(f"AppTest, {name} store ({sizes[name]:,} articles)…", flush=True)
            figures["apptest"][name] = run_apptest(folder, args.reruns, args.timeout, args.slow)
    if not args.skip_browser:
        print("chromium…", flush=True)
        figures["browser"] = run_browser(
            small, large, args.runs, args.timeout, args.slow, args.logs
        )
    load_after = os.getloadavg()

    n_small, n_large = f"{sizes['small']:,}", f"{sizes['large']:,}"
    print()
    print(f"  {'':44} {n_small + ' art.':>11} {n_large + ' art.':>11} {'ratio':>9}")
    apptest, browser = figures.get("apptest"), figures.get("browser")
    if apptest:
        s, g = apptest["small"], apptest["large"]
        print(row("AppTest first run (home, cold)", s["first_run_s"], g["first_run_s"], 2))
        print(row("AppTest process, start to end (wall)", s["process_s"], g["process_s"], 2))
    for file, title, _ in pages:
        print(f"{title} ({file})")
        if apptest:
            ps, pl = apptest["small"]["pages"][file], apptest["large"]["pages"][file]
            print(row("AppTest cold (first run)", ps["cold"], pl["cold"], 2))
            print(row("AppTest warm (median rerun)", median(ps["warm"]), median(pl["warm"]), 2))
            for name, p in (("small", ps), ("large", pl)):
                if p["problem"]:
                    print(f"    {name}: {p['problem']}")
        if browser:
            b = browser["pages"][file]
            print(
                row(
                    f"chromium first paint ({b['content']})",
                    median(b["paint"]["small"]),
                    median(b["paint"]["large"]),
                    2,
                )
            )
            print(
                row(
                    "chromium settled (run finished)",
                    median(b["settled"]["small"]),
                    median(b["settled"]["large"]),
                    2,
                )
            )
            for name, problem in b["problem"].items():
                print(f"    {name}: {problem}")
    print("Peak memory")
    if apptest:
        s, g = apptest["small"], apptest["large"]
        print(row("AppTest process peak RSS", s["peak_rss_mib"], g["peak_rss_mib"], 1.5, "MiB"))
        print(
            row(
                "  (RSS after imports)",
                s["rss_after_imports_mib"],
                g["rss_after_imports_mib"],
                1.5,
                "MiB",
            )
        )
    if browser:
        s, g = browser["servers"]["small"], browser["servers"]["large"]
        print(row("server peak RSS (VmHWM)", s["peak_rss_mib"], g["peak_rss_mib"], 1.5, "MiB"))
        print(
            row(
                "  (server RSS after start)", s["started_rss_mib"], g["started_rss_mib"], 1.5, "MiB"
            )
        )
    print("targets: render ratio <= 2x, memory ratio <= 1.5x ('!' marks a miss)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in load_after)}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
