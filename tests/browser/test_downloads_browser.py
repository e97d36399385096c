"""Downloads in chromium: a CSV from every page, and the corpus zip equals the CLI export."""

import io
import os
import re
import subprocess
import sys
import zipfile

import pandas as pd
import pytest

from analysis.output.tables import COLUMNS
from tests.browser.conftest import wait_until_idle
from tests.conftest import ROOT

# page url path ("" is the home page, the Overview) -> (button label, first columns of the file)
PAGE_DOWNLOADS = {
    "": ("Download CSV", ["name", "type", "mentions", "articles"]),
    "reader": ("Download the entities shown (CSV)", COLUMNS["entities"]),
    "entities": ("Entities shown (CSV, one row per article)", COLUMNS["entities"]),
    "timeline": ("Download the events shown (CSV)", COLUMNS["events"]),
    "mentions": (re.compile(r"Download the \d+ quote\(s\)"), COLUMNS["quotes"]),
    "library": ("Download the articles shown (CSV)", COLUMNS["articles"]),
}


def download(page, button) -> bytes:
    wait_until_idle(page)
    with page.expect_download() as info:
        button.click()
    return open(info.value.path(), "rb").read()


@pytest.mark.parametrize("path", list(PAGE_DOWNLOADS))
def test_each_page_downloads_a_csv_of_what_it_shows(page, app_url, path):
    label, columns = PAGE_DOWNLOADS[path]
    page.goto(f"{app_url}/{path}")
    button = page.get_by_role("button", name=label).first
    button.wait_for()
    data = download(page, button)
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(table.columns)[: len(columns)] == columns
    assert len(table) > 0
    # downloading does not rerun or reset the page, and no page is "not found"
    assert button.is_visible()
    assert page.get_by_text("Page not found").count() == 0


def test_corpus_zip_is_byte_identical_to_the_cli_export(page, app_url, app_data, tmp_path):
    page.goto(app_url)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Download the corpus's tables").click()
    button = sidebar.get_by_role(
        "button", name="All tables (zip with a README of every column)", exact=True
    )
    data = download(page, button)
    env = {**os.environ, "NEWSDASH_DATA_DIR": str(app_data)}
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "export", "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert data == (tmp_path / "news-tables.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in COLUMNS:
            assert archive.read(f"{name}.csv") == (tmp_path / f"{name}.csv").read_bytes()
