"""CSV files that open cleanly and cannot run formulas."""

import io

import pandas as pd
import pytest

from analysis.export import csv_bytes, neutralise


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
