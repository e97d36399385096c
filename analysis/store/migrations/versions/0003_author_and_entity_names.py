"""The library (issue 6): the article's author from its metadata, and the entity names of
its analysis for search, filled in here for the analyses stored before."""

import json

from analysis.store.articles import names_and_aliases
from analysis.store.migrations import migration, run_script

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQL = """
    ALTER TABLE articles ADD COLUMN author TEXT NOT NULL DEFAULT '';
    ALTER TABLE analyses ADD COLUMN entity_names TEXT NOT NULL DEFAULT '';
    """


def upgrade() -> None:
    run_script(SQL)
    db = migration()
    for article_id, payload in db.execute("SELECT article_id, payload FROM analyses").fetchall():
        names = names_and_aliases(json.loads(payload).get("entities", []))
        db.execute("UPDATE analyses SET entity_names = ? WHERE article_id = ?", (names, article_id))
