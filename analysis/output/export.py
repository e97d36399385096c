"""CSV writing that opens cleanly and safely in Excel, LibreOffice and pandas.

UTF-8 with BOM, RFC 4180 quoting with CRLF line ends, one header row, and no text
cell that a spreadsheet would run as a formula: following OWASP's CSV-injection
guidance, a text cell starting with = + - @ tab or carriage return gets a leading '.
Numeric columns stay numeric.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.output.tables import COLUMN_DOCS

if TYPE_CHECKING:  # the tables written are DataFrames: pandas is loaded by whoever made them
    import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_bytes(df: pd.DataFrame) -> bytes:
    from pandas.api.types import is_string_dtype

    safe = df.copy()
    for column in safe.columns:
        if safe[column].dtype == object or is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def write_tables(
    tables: dict[str, pd.DataFrame], out_dir: str | Path, with_zip: bool = False
) -> list[Path]:
    """Each table as NAME.csv (and, with `with_zip`, the zip and README the app offers)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {f"{name}.csv": lambda df=df: csv_bytes(df) for name, df in tables.items()}
    if with_zip:
        files[README_NAME] = lambda: readme_text(tables).encode("utf-8")
        files[ZIP_NAME] = lambda: zip_bytes(tables)
    written = []
    for file_name, build in files.items():
        path = out / file_name
        path.write_bytes(build())
        written.append(path)
    return written


ZIP_NAME = "news-tables.zip"
README_NAME = "README.txt"
# a fixed timestamp makes the zip byte-identical for the same tables
ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)

CONVENTIONS = """Files: UTF-8 with a byte-order mark, comma-separated, RFC 4180 quoting, CRLF line
ends, one header row. Dates are ISO 8601. Lists inside a cell are joined with '; '.
Character offsets (start, end) count characters of the article text; end is exclusive.

Formula safety: a text cell that starts with =, +, -, @, a tab or a carriage return
gets a leading apostrophe (') so no spreadsheet runs it as a formula (OWASP CSV
injection guidance). Remove that apostrophe if you need the raw text; numeric
columns are never changed.
"""


def readme_text(tables: dict[str, pd.DataFrame]) -> str:
    lines = ["News analyst dashboard: tables", "", CONVENTIONS]
    for name, df in tables.items():
        lines += [f"{name}.csv ({len(df)} rows)"]
        lines += [f"  {column}: {COLUMN_DOCS.get(name, {}).get(column, '')}" for column in df]
        lines.append("")
    return "\n".join(lines)


def zip_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """All tables and a README describing every column, in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(README_NAME, readme_text(tables).encode("utf-8"))] + [
            (f"{name}.csv", csv_bytes(df)) for name, df in tables.items()
        ]:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
