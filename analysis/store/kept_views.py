"""The corpus views kept per revision (the `corpus_views` table): what analysis.store.views,
the mechanism, looks up and keeps. A view is kept only for the revision it was computed
at; keeping one drops those of older revisions."""

from __future__ import annotations


class KeptViews:
    """The kept views (a part of Store)."""

    def kept_view(self, name: str, params: str, code: str, revision: int) -> str | None:
        """The payload kept for a view at this revision and code version, if any (a pinned
        copy looks in its store: the view may have been kept after it was pinned)."""
        rows = (self._pinned_from or self)._rows(
            """SELECT payload FROM corpus_views
               WHERE name = ? AND params = ? AND code = ? AND revision = ?""",
            (name, params, code, revision),
        )
        return rows[0][0] if rows else None

    def keep_view(self, name: str, params: str, code: str, revision: int, payload: str) -> bool:
        """Keep a view computed at `revision` (not a change of the corpus: no bump), unless
        the store has changed since; views of older revisions are dropped. False if not
        kept."""
        with self._transaction() as db:
            if db.execute("SELECT value FROM revision").fetchone()[0] != revision:
                return False
            db.execute("DELETE FROM corpus_views WHERE revision <> ?", (revision,))
            db.execute(
                """INSERT INTO corpus_views (name, params, code, revision, payload)
                   VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (name, params, code)
                   DO UPDATE SET revision = excluded.revision, payload = excluded.payload""",
                (name, params, code, revision, payload),
            )
        return True
