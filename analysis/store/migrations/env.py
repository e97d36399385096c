"""Alembic's environment for the store: run by analysis.store.migrations.upgrade with the
store's SQLAlchemy connection (config.attributes["connection"]), inside the transaction that
holds the migration lock (Alembic then opens none of its own)."""

from alembic import context

from analysis.store.schema import METADATA

connection = context.config.attributes["connection"]
# target_metadata: the head schema as declared (analysis.store.schema), what autogenerate
# compares a store with; render_as_batch: a revision it writes alters SQLite tables by
# copying them (SQLite's ALTER TABLE cannot change or drop most things)
context.configure(connection=connection, target_metadata=METADATA, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
