"""Corpus views kept in the store: what a page aggregates over the whole corpus is computed
once per revision of the store and kept there, so the first run of a page after a restart,
or on another replica sharing the store, reads one row instead of aggregating again.

`@stored_view` wraps an analysis function whose first argument is the store. A call looks
up (function, arguments, code version) at the store's current revision; on a miss the
function runs and its result is kept (unless the store changed meanwhile). Parameters
annotated as DataFrames take tables derived from the same store (the network's node
table): they are not part of the key. The code version is a digest of the analysis
package's source, so a deployment with other code never reads views the old code kept.

`refresh_defaults` computes the views every page shows first (default filters); the
app runs it in a background thread after each change of the store (`keep_fresh`), the
`ingest` command after adding articles. One process refreshes at a time (a store-wide
lock); the others wait for its result. The figures come first (`refresh_figures`: a few
rows of the aggregates each, analysis.store.aggregates), then the corpus-wide lists.

Results are kept as JSON, never pickled (a shared store must not be a way to run code on
the app's servers): DataFrames (their dtypes, datetimes and tuple cells restored), records
registered with `@stored_record` (dataclasses and named tuples), tuples, lists, dicts with
string keys, dates and plain scalars.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import json
import logging
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from analysis.store import Store

if TYPE_CHECKING:  # pandas is imported by the views that make DataFrames, when they run
    import pandas as pd

log = logging.getLogger(__name__)
T = TypeVar("T")
_RECORDS: dict[str, type] = {}
VIEWS: dict[str, Callable] = {}  # every stored view by the name it is kept under
_computing: dict[tuple, threading.Lock] = {}  # one computation of a view at a time
_computing_guard = threading.Lock()
computed: Counter[str] = Counter()  # views computed (not read) in this process, by name


def _code_version() -> str:
    """A digest of the analysis package's source and data: any change of code or data makes
    the views kept by other code invisible."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted([*package.glob("**/*.py"), *package.glob("data/**/*")]):
        if path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


def stored_record(cls: type[T]) -> type[T]:
    """Register a dataclass or named tuple that a stored view may return."""
    _RECORDS[cls.__name__] = cls
    return cls


def stored_view(function: Callable[..., T]) -> Callable[..., T]:
    """Keep `function(store, ...)`'s result in the store, per revision and arguments."""
    signature = inspect.signature(function)
    name = f"{function.__module__}.{function.__qualname__}"
    derived = {p.name for p in signature.parameters.values() if "DataFrame" in str(p.annotation)}

    @functools.wraps(function)
    def view(store: Store, *args, **kwargs) -> T:
        bound = signature.bind(store, *args, **kwargs)
        bound.apply_defaults()
        key = {k: v for k, v in list(bound.arguments.items())[1:] if k not in derived}
        params = json.dumps(encode(key), sort_keys=True, separators=(",", ":"))
        return remembered(store, name, params, lambda: function(store, *args, **kwargs))

    view.compute = function  # the function itself, e.g. to compare with what is kept
    VIEWS[name] = view
    return view


def remembered(store: Store, name: str, params: str, compute: Callable[[], T]) -> T:
    """The view kept at the store's revision, else `compute()` kept for the next reader."""
    with _lock_of((str(store.path), name, params)):
        revision = store.revision()
        payload = store.kept_view(name, params, CODE_VERSION, revision)
        if payload is not None:
            return decode(json.loads(payload))
        value = compute()
        computed[name] += 1
        try:
            store.keep_view(name, params, CODE_VERSION, revision, json.dumps(encode(value)))
        except Exception:  # noqa: BLE001 - a view not kept costs time, never the page
            log.exception("could not keep the view %s", name)
        return value


def _lock_of(key: tuple) -> threading.Lock:
    with _computing_guard:
        return _computing.setdefault(key, threading.Lock())


# -- JSON encoding ----------------------------------------------------------------------


def encode(value: Any) -> Any:
    """`value` as JSON-ready data that `decode` turns back into an equal value."""
    if _is_a("pandas", "DataFrame", value):
        return {"$frame": _encode_frame(value)}
    if isinstance(value, tuple) and type(value).__name__ in _RECORDS:  # a named tuple
        return {"$record": type(value).__name__, "items": [encode(v) for v in value]}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _RECORDS:
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$record": type(value).__name__, "fields": fields}
    if isinstance(value, tuple):
        return {"$tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, (set, frozenset)):  # an argument: its order does not matter
        return {"$set": sorted((encode(v) for v in value), key=repr)}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("a stored view's dict needs string keys")
        return {"$dict": {k: encode(v) for k, v in value.items()}}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if _is_a("numpy", "generic", value):
        return value.item()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"a stored view cannot keep a {type(value).__name__}")


def _is_a(module: str, name: str, value: Any) -> bool:
    """isinstance(value, module.name), without importing the module: a value cannot be of
    a library that was never imported."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(value, getattr(loaded, name))


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "$frame" in data:
        return _decode_frame(data["$frame"])
    if "$record" in data:
        cls = _RECORDS[data["$record"]]
        if "items" in data:
            return cls(*(decode(v) for v in data["items"]))
        return cls(**{k: decode(v) for k, v in data["fields"].items()})
    if "$tuple" in data:
        return tuple(decode(v) for v in data["$tuple"])
    if "$set" in data:
        return {decode(v) for v in data["$set"]}
    if "$dict" in data:
        return {k: decode(v) for k, v in data["$dict"].items()}
    if "$date" in data:
        return date.fromisoformat(data["$date"])
    raise ValueError(f"not a stored view: {sorted(data)[:3]}")


def _encode_frame(df: pd.DataFrame) -> dict:
    import pandas as pd

    if not isinstance(df.index, pd.RangeIndex) or df.index.start != 0 or df.index.step != 1:
        raise TypeError("a stored view's DataFrame needs the default index")
    objects = [c for c in df.columns if df[c].dtype == object]
    return {
        "columns": [str(c) for c in df.columns],
        "dtypes": [str(t) for t in df.dtypes],
        "tuples": {c: shape for c in objects if (shape := _tuple_shape(df[c]))},
        "rows": json.loads(df.to_json(orient="values", date_format="iso", double_precision=15)),
    }


def _tuple_shape(column: pd.Series) -> str:
    """JSON has no tuples: "cell" when the cells are tuples, "items" when they are lists
    of tuples (judged by the first cell that says), else ""."""
    for cell in column:
        if isinstance(cell, tuple):
            return "cell"
        if isinstance(cell, list) and cell:
            return "items" if isinstance(cell[0], tuple) else ""
    return ""


def _decode_frame(data: dict) -> pd.DataFrame:
    import pandas as pd

    columns = data["columns"]
    df = pd.DataFrame(data["rows"], columns=columns, dtype=object)
    for column, dtype in zip(columns, data["dtypes"], strict=True):
        if dtype.startswith("datetime64"):
            df[column] = pd.to_datetime(df[column]).astype(dtype)
        elif dtype != "object":
            df[column] = df[column].astype(dtype)
    for column, shape in data["tuples"].items():
        if shape == "cell":
            df[column] = [tuple(v) if isinstance(v, list) else v for v in df[column]]
        else:
            df[column] = [[tuple(i) for i in v] if isinstance(v, list) else v for v in df[column]]
    return df


# -- one process at a time ----------------------------------------------------------------

LOCK_WAIT = 600.0  # seconds a waiter waits for the holder of a lock before it goes on anyway


@contextmanager
def one_at_a_time(store: Store, name: str, wait: float | None = None) -> Iterator[None]:
    """Hold the store-wide lock `name` (analysis.store: a PostgreSQL advisory lock, or a
    lock row on SQLite) and, in this process, its thread lock, for the block; wait while
    another process holds it (polling, so no connection is tied up meanwhile). After
    `wait` seconds the block runs anyway (logged): a stuck holder delays, never stops,
    the refresh."""
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    with _lock_of((str(store.path), "lock", name)):
        pause, held = 0.05, False
        while not (held := store.try_lock(name)):
            if time.monotonic() >= deadline:
                log.warning("another process has held %r too long: going on without it", name)
                break
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
        try:
            yield
        finally:
            if held and not store.closed:
                store.unlock(name)
