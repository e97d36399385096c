"""The command line: summarize writes every table of the schema."""

import json
import subprocess
import sys

import pandas as pd

from analysis.tables import COLUMNS
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
