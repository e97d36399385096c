"""The analyst's corrections of entities (issue 3), as stored: kept in the order they were
made, undone and redone by a flag; analysis.corpus.corrections applies them."""

from __future__ import annotations


class Corrections:
    """The corrections table (a part of Store)."""

    def add_correction(self, action: str, payload: str, author: str, created: str) -> int:
        """Store one correction (payload: JSON); returns its id."""
        rows = self.write(
            """INSERT INTO corrections (action, payload, author, created)
               VALUES (?, ?, ?, ?) RETURNING correction_id""",
            (action, payload, author, created),
        )
        return int(rows[0][0])

    def corrections(self) -> list[dict]:
        """Every correction, undone ones too, oldest first."""
        rows = self._rows(
            """SELECT correction_id, action, payload, author, created, undone
               FROM corrections ORDER BY correction_id"""
        )
        return [dict(row) for row in rows]

    def set_correction_undone(self, correction_id: int, undone: bool = True) -> bool:
        """Undo (or redo) a correction; False if there is no such correction."""
        rows = self.write(
            "UPDATE corrections SET undone = ? WHERE correction_id = ? RETURNING correction_id",
            (int(undone), correction_id),
        )
        return bool(rows)
