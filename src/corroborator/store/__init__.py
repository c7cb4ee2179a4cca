"""The store: saved reports, ingested articles and stories, in SQLite (default) or PostgreSQL.

    open_store(url) -> Store     creates the database if needed and applies the migrations (Alembic)
    Store.save_report(kind, payload) -> id      idempotent: id is a short hash of kind and payload
    Store.load_report(id) -> (kind, payload) | None
    Store.write_batch(...)       one transaction per ingest batch (see ``corroborator.stories.ingest``)

Needs the ``corpus`` extra (SQLAlchemy, Alembic, psycopg 3); imported lazily, so ``import corroborator``
stays light.
"""

from __future__ import annotations

from .engine import DEFAULT_URL, StoreError, normalise_url, require_existing, require_persistent, sqlite_file
from .store import Store, StoredArticle, StoryRow, open_store, report_id

__all__ = [
    "DEFAULT_URL",
    "Store",
    "StoreError",
    "StoredArticle",
    "StoryRow",
    "normalise_url",
    "open_store",
    "require_existing",
    "require_persistent",
    "sqlite_file",
    "report_id",
]
