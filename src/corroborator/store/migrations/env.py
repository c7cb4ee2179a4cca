"""Alembic environment: always run on the connection ``store.migrate`` hands over (never from an ini URL)."""

from __future__ import annotations

from alembic import context

from corroborator.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("corroborator's migrations run through corroborator.store.open_store, not the alembic CLI")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
