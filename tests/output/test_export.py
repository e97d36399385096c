"""CSV files that open cleanly and cannot run formulas."""

import io

import pandas as pd
import pytest

from analysis.output.export import csv_bytes, neutralise


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain text", "plain text"),
        (42, 42),
    ],
)
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def test_csv_has_bom_crlf_and_keeps_numbers_numeric():
    df = pd.DataFrame({"name": ["=1+1", "Kim, Jong Un", 'say "hi"'], "count": [-3, 2, 1]})
    data = csv_bytes(df)
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["name"].tolist() == ["'=1+1", "Kim, Jong Un", 'say "hi"']
    assert back["count"].tolist() == [-3, 2, 1]


INJECTIONS = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tcmd"]


@pytest.fixture(scope="module")
def hostile_tables():
    """Tables of an article whose title, file name, text, entity names and quotes start
    with spreadsheet formulas."""
    from analysis.ingest.library import to_article
    from analysis.ingest.readers import Document
    from analysis.output.tables import all_tables
    from tests.conftest import analysed

    text = '=HYPERLINK("http://x","y") Angela Merkel said "+1 is not -2+3" in Berlin.'
    article = to_article(Document(text, "@SUM(A1).txt", title="-2+3 =cmd", source="\tWire"))
    analysis = analysed(text)
    analysis.entities[0].name = '=HYPERLINK("http://x","y")'
    return all_tables([(article, analysis)])


def read_back(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)


@pytest.mark.parametrize("name", ["articles", "entities", "mentions", "quotes"])
def test_no_cell_of_any_table_starts_a_formula(hostile_tables, name):
    back = read_back(csv_bytes(hostile_tables[name]))
    for column in back.columns:
        if back[column].dtype == object:
            assert not back[column].str.startswith(("=", "+", "-", "@", "\t", "\r")).any(), column


def test_injected_cells_keep_their_text_after_the_apostrophe(hostile_tables):
    articles = read_back(csv_bytes(hostile_tables["articles"]))
    assert articles.loc[0, "title"] == "'-2+3 =cmd"
    assert articles.loc[0, "file"] == "'@SUM(A1).txt"
    assert articles.loc[0, "source"] == "'\tWire"
    entities = read_back(csv_bytes(hostile_tables["entities"]))
    assert entities.loc[0, "name"] == '\'=HYPERLINK("http://x","y")'


def test_round_trip_through_pandas_keeps_types(hostile_tables):
    from analysis.output.tables import COLUMNS, INTEGER_COLUMNS

    for name, df in hostile_tables.items():
        back = read_back(csv_bytes(df))
        assert list(back.columns) == COLUMNS[name]
        for column in COLUMNS[name]:
            if column in INTEGER_COLUMNS and len(back):
                assert back[column].dtype.kind == "i", (name, column)


def test_zip_holds_every_table_and_a_readme_of_every_column(hostile_tables):
    import zipfile

    from analysis.output.export import zip_bytes
    from analysis.output.tables import COLUMN_DOCS

    data = zip_bytes(hostile_tables)
    assert data == zip_bytes(hostile_tables)  # deterministic
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        readme = archive.read("README.txt").decode("utf-8")
        assert archive.read("mentions.csv") == csv_bytes(hostile_tables["mentions"])
    assert names == ["README.txt", *[f"{n}.csv" for n in hostile_tables]]
    for table, columns in COLUMN_DOCS.items():
        assert f"{table}.csv" in readme
        for column, doc in columns.items():
            assert f"  {column}: {doc}" in readme
    assert "leading apostrophe" in readme
