"""The house rules of analysis/ (docs/architecture.md): each folder is one stage of an
article's flow and imports only point down the stages; no import circles; no file over
~800 lines; extraction loads neither the store, pandas nor Streamlit; each package says
what it holds and what it may import."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "analysis"
# the stages, lowest first: a module may import its own stage and those before it
STAGES = ["base", "extract", "output", "store", "corpus", "ingest", "cli"]
MAX_LINES = 800
NEVER_LOADED_BY_EXTRACTION = ("pandas", "streamlit", "sqlalchemy", "sqlite3", "psycopg",
                              "analysis.store", "analysis.corpus", "analysis.output",
                              "analysis.ingest")  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    module_name(path): path
    for path in sorted(PACKAGE.rglob("*.py"))
    if "data" not in path.relative_to(PACKAGE).parts
}


def stage_of(module: str) -> str:
    parts = module.split(".")
    if module in ("analysis", "analysis.__main__"):
        return "cli"
    if len(parts) > 2 or parts[1] in STAGES:
        return parts[1]
    return "base"  # records, quote_kinds, lazy, background, access


def imported_modules(path: Path) -> set[str]:
    """The analysis modules `path` imports anywhere (inside functions too), but for
    imports only a type checker runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name in MODULES}


IMPORTS = {module: imported_modules(path) for module, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_stages(module):
    rank = STAGES.index(stage_of(module))
    upward = sorted(
        imported
        for imported in IMPORTS[module]
        if STAGES.index(stage_of(imported)) > rank
        and not module.startswith(imported + ".")  # a package's __init__ is its own
    )
    assert upward == [], f"{module} ({stage_of(module)}) imports a later stage"


def test_there_is_no_import_circle():
    graph = {
        module: {i for i in imported if not module.startswith(i + ".")}
        for module, imported in IMPORTS.items()
    }
    state: dict[str, str] = {}
    circles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                circles.append(trail[trail.index(imported) :] + [imported])
            elif imported not in state:
                visit(imported, [*trail, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_file_is_over_800_lines(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(ROOT)}: {lines} lines"


@pytest.mark.parametrize(
    "package",
    sorted(m for m, p in MODULES.items() if p.name == "__init__.py"),
)
def test_each_package_says_what_it_holds_and_may_import(package):
    docstring = ast.get_docstring(ast.parse(MODULES[package].read_text(encoding="utf-8")))
    assert docstring and len(docstring.split()) >= 12, f"{package} needs its docstring"
    if package.count(".") == 1 and stage_of(package) != "cli":
        assert "import" in docstring, f"{package}'s docstring says what it may import"


def test_extraction_loads_neither_the_store_pandas_nor_streamlit():
    code = (
        "import sys\n"
        "import analysis.extract.pipeline\n"
        f"print(sorted(m for m in sys.modules if m.startswith({NEVER_LOADED_BY_EXTRACTION})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_stages_are_the_folders():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(STAGES) - {"base", "cli"}


PAGES = sorted([*(ROOT / "pages").glob("*.py"), ROOT / "app.py"])
SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b")


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_pages_hold_no_sql_and_no_nlp(page):
    tree = ast.parse(page.read_text(encoding="utf-8"))
    strings = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)]
    assert not [s for s in strings if isinstance(s, str) and SQL.search(s)]
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names] if isinstance(node, ast.Import)
            else [node.module or ""] if isinstance(node, ast.ImportFrom)
            else []
        )
    }  # fmt: skip
    assert "spacy" not in imported and "sqlite3" not in imported and "psycopg" not in imported
