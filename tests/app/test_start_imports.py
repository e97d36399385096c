"""What the Reader loads before the article's text shows: neither pandas (nor numpy, pyarrow)
nor networkx nor spaCy. Pages that draw import them when they run (issue 15: a restart to a
rendered Reader within 1.3x of a bare Streamlit app; bench/reader_startup.py)."""

import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ["pandas", "numpy", "pyarrow", "networkx", "spacy"]
READER_PATH = [  # the modules app.py, the sidebar and the Reader import
    "pages._shared",
    "pages._corrections",
    "analysis.output.highlight",
    "analysis.ingest.library",
    "analysis.corpus.corrections",
    "analysis.store",
    "analysis.store.views",
    "analysis.output.tables",
    "analysis.output.export",
    "analysis.corpus.rows",
]


def test_the_reader_path_imports_no_heavy_library():
    code = (
        "import sys\n"
        f"for name in {READER_PATH!r}: __import__(name)\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip().splitlines()[-1] == "[]", found.stderr
