"""CSV writing that opens cleanly and safely in Excel, LibreOffice and pandas.

UTF-8 with BOM, RFC 4180 quoting with CRLF line ends, one header row, and no text
cell that a spreadsheet would run as a formula: following OWASP's CSV-injection
guidance, a text cell starting with = + - @ tab or carriage return gets a leading '.
Numeric columns stay numeric.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_bytes(df: pd.DataFrame) -> bytes:
    safe = df.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        path = out / f"{name}.csv"
        path.write_bytes(csv_bytes(df))
        written.append(path)
    return written
