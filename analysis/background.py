"""Background work that never dies silently: what failed, when and why, for the sidebar.

`Health` keeps the latest problem of each piece of background work (the views refresh, the
analysis worker) until it works again; `supervised` runs a function in a daemon thread and
starts it again after a growing pause whenever it raises, logging the traceback each time,
so a thread can fail but never vanish.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)
MAX_PAUSE = 60.0  # seconds between restarts of a task that keeps failing


@dataclass(frozen=True, slots=True)
class Problem:
    task: str
    reason: str
    since: float  # time.time() of the first failure in a row
    count: int  # failures in a row


def describe(error: BaseException) -> str:
    """An error as one line: its type and message."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


class Health:
    """The latest problem of each background task, cleared when it works again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._problems: dict[str, Problem] = {}

    def failed(self, task: str, reason: BaseException | str) -> None:
        text = describe(reason) if isinstance(reason, BaseException) else reason
        with self._lock:
            earlier = self._problems.get(task)
            self._problems[task] = Problem(
                task,
                text,
                earlier.since if earlier else time.time(),
                (earlier.count if earlier else 0) + 1,
            )

    def recovered(self, task: str) -> None:
        with self._lock:
            self._problems.pop(task, None)

    def problems(self) -> list[Problem]:
        with self._lock:
            return sorted(self._problems.values(), key=lambda p: p.since)


def supervised(
    health: Health,
    task: str,
    target: Callable[[], object],
    stop: threading.Event | None = None,
    first_pause: float = 1.0,
) -> threading.Thread:
    """Run `target()` in a daemon thread; if it raises, log the traceback, tell `health`,
    wait (1 s, 2 s, 4 s ... at most a minute) and run it again, until it returns or `stop`
    is set."""
    stop = stop or threading.Event()

    def run() -> None:
        pause = first_pause
        while not stop.is_set():
            try:
                target()
                return
            except Exception as error:  # noqa: BLE001 - logged, shown, and started again
                log.exception("background task %r failed; starting it again in %.0f s", task, pause)
                health.failed(task, error)
            if stop.wait(pause):
                return
            pause = min(pause * 2, MAX_PAUSE)

    thread = threading.Thread(target=run, name=task, daemon=True)
    thread.start()
    return thread
