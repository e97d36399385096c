"""The command line: summarize writes every table of the schema."""

import json
import subprocess
import sys

import pandas as pd

from analysis.output.tables import COLUMNS
from tests.conftest import ROOT


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_summarize_writes_all_tables(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Angela Merkel met Emmanuel Macron in Paris.", encoding="utf-8")
    story.with_suffix(".meta.json").write_text(json.dumps({"title": "Meeting"}), encoding="utf-8")
    result = run_cli(
        "summarize", str(story), "--out", str(tmp_path / "out"), "--published", "2024-01-05"
    )
    assert result.returncode == 0, result.stderr
    for name, columns in COLUMNS.items():
        df = pd.read_csv(tmp_path / "out" / f"{name}.csv", encoding="utf-8-sig")
        assert list(df.columns) == columns
    articles = pd.read_csv(tmp_path / "out" / "articles.csv", encoding="utf-8-sig")
    assert articles.loc[0, "file"] == "story.txt" and articles.loc[0, "published"] == "2024-01-05"
    mentions = pd.read_csv(tmp_path / "out" / "mentions.csv", encoding="utf-8-sig")
    assert set(mentions["text"]) == {"Angela Merkel", "Emmanuel Macron", "Paris"}


def test_unreadable_file_fails_after_writing_the_others(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Angela Merkel spoke.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run_cli(
        "summarize",
        str(good),
        str(bad),
        str(tmp_path / "missing.txt"),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 1
    assert "bad.txt: the file has no text" in result.stderr
    assert "missing.txt" in result.stderr
    articles = pd.read_csv(tmp_path / "out" / "articles.csv", encoding="utf-8-sig")
    assert articles["file"].tolist() == ["good.txt"]


def test_summarize_keeps_files_with_the_same_text_apart(tmp_path):
    for name, day in (("monday", "2024-03-04"), ("friday", "2024-03-08")):
        path = tmp_path / f"{name}.txt"
        path.write_text("On Tuesday, Angela Merkel visited Paris.", encoding="utf-8")
        path.with_suffix(".meta.json").write_text(json.dumps({"published": day}), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(
        "summarize", str(tmp_path / "monday.txt"), str(tmp_path / "friday.txt"), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    articles = pd.read_csv(out / "articles.csv", encoding="utf-8-sig")
    assert articles["article_id"].nunique() == 2
    dates = pd.read_csv(out / "dates.csv", encoding="utf-8-sig").merge(articles, on="article_id")
    assert dict(zip(dates["file"], dates["value"], strict=True)) == {
        "monday.txt": "2024-02-27",
        "friday.txt": "2024-03-05",
    }


def test_export_writes_the_store_tables_and_zip(tmp_path, monkeypatch):
    import zipfile

    data = tmp_path / "data"
    env = {**__import__("os").environ, "NEWSDASH_DATA_DIR": str(data)}
    env_run = subprocess.run(
        [sys.executable, "-m", "analysis", "export", "--out", str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert env_run.returncode == 0, env_run.stderr
    out = tmp_path / "out"
    assert (out / "README.txt").exists()
    with zipfile.ZipFile(out / "news-tables.zip") as archive:
        for name in COLUMNS:
            assert archive.read(f"{name}.csv") == (out / f"{name}.csv").read_bytes()
    articles = pd.read_csv(out / "articles.csv", encoding="utf-8-sig")
    assert articles["file"].tolist() == ["000_3a2b0fa7b6977883.txt"]  # the seed


def test_search_prints_ranked_hits_and_writes_every_result_as_csv(tmp_path, data_dir):
    from analysis.ingest.library import add_documents, open_library
    from tests.corpus.test_search import DOCUMENTS

    store = open_library()
    add_documents(store, DOCUMENTS)
    store.close()
    env = {"NEWSDASH_DATA_DIR": str(data_dir)}
    out = tmp_path / "hits.csv"
    result = run_search(
        '"harbour authority" OR Brackwater', "--limit", "1", "--csv", str(out), env=env
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1. Dock strike in Valmora"  # the phrase twice ranks above one word
    assert lines[1].startswith("   2024-02-06 · Coast Wire · ")
    assert "«harbour authority»" in lines[2].lower()
    assert "3 article(s) match" in result.stderr and "the first 1 shown" in result.stderr
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert list(table["rank"]) == [1, 2, 3] and table.loc[0, "title"] == "Dock strike in Valmora"

    filtered = run_search("harbour", "--entity", "Ilse Tornquist", "--since", "2024-03-01", env=env)
    assert filtered.returncode == 0, filtered.stderr
    assert filtered.stdout.splitlines()[0] == "1. Brackwater budget approved"
    assert "1 article(s) match" in filtered.stderr


def test_search_says_what_is_wrong_with_a_query_or_a_name(data_dir):
    from analysis.ingest.library import open_library

    open_library(catch_up=False).close()
    env = {"NEWSDASH_DATA_DIR": str(data_dir)}
    bad = run_search('"harbour authority', env=env)
    assert bad.returncode == 2 and "quotation mark is not closed" in bad.stderr
    assert "Traceback" not in bad.stderr
    unknown = run_search("harbour", "--entity", "Nobody Atall", env=env)
    assert unknown.returncode == 2 and "no entity is named 'Nobody Atall'" in unknown.stderr


def run_search(*args, env):
    import os

    return subprocess.run(
        [sys.executable, "-m", "analysis", "search", *args],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env},
    )  # fmt: skip
