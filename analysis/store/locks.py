"""Store-wide locks, one process at a time (analysis.store.views: the refresh of the kept
views). PostgreSQL: a session-level advisory lock, which the server releases when the
session ends (a killed process). SQLite (one machine): a row of `locks` naming its holder
(host and pid), taken over when that process is gone or its lease has run out."""

from __future__ import annotations

import hashlib
import os
import socket
import time

LOCK_LEASE = 300.0  # seconds a SQLite lock row holds when its holder cannot be checked


class Locks:
    """Named locks across processes (a part of Store)."""

    def try_lock(self, name: str) -> bool:
        """Take the store-wide lock `name` for this process; False if another holds it.
        Threads of one process share it: the caller keeps them apart."""
        if self.dialect == "postgresql":
            return bool(self._rows("SELECT pg_try_advisory_lock(?)", (_lock_key(name),))[0][0])
        me, now = _lock_holder(), time.time()
        with self._transaction() as db:
            row = db.execute("SELECT holder, expires FROM locks WHERE name = ?", (name,)).fetchone()
            if row and row[0] != me and row[1] > now and _holder_alive(row[0]):
                return False
            db.execute(
                """INSERT INTO locks (name, holder, expires) VALUES (?, ?, ?)
                   ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,
                                                    expires = excluded.expires""",
                (name, me, now + LOCK_LEASE),
            )
        return True

    def unlock(self, name: str) -> None:
        if self.dialect == "postgresql":
            self._rows("SELECT pg_advisory_unlock(?)", (_lock_key(name),))
            return
        with self._transaction() as db:
            db.execute("DELETE FROM locks WHERE name = ? AND holder = ?", (name, _lock_holder()))


def _lock_key(name: str) -> int:
    """A lock's name as a PostgreSQL advisory lock key (a signed 64-bit integer)."""
    digest = hashlib.sha256(f"newsdash:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _holder_alive(holder: str) -> bool:
    """Whether the process named by a lock row still runs (on another host: assumed)."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
