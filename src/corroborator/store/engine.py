"""Database URLs, engines and migrations.

``sqlite:///path.db`` (the default) or ``postgresql://...``; plain PostgreSQL URLs are given the psycopg 3
driver. SQLite runs in WAL mode with a busy timeout so a reader (the web app) and a writer (``ingest``) can
share one file. Migrations are applied on open, under a lock, so two processes opening one new store at once
do not both create the tables.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from ..errors import CorroboratorError

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///corroborator.db"
_MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK = 0x636F7272  # "corr": advisory lock key held while migrating a PostgreSQL store


class StoreError(CorroboratorError):
    """The store cannot be opened or used (bad URL, server unreachable, missing driver)."""


def normalise_url(url: str) -> str:
    """The SQLAlchemy URL to connect with: ``postgresql://`` and ``postgres://`` get the psycopg 3 driver."""
    url = url.strip()
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if not (url.startswith("sqlite:") or url.startswith("postgresql+")):
        raise StoreError(f"{url}: unsupported store URL (expected sqlite:///path.db or postgresql://...)")
    return url


def sqlite_file(url: str) -> str | None:
    """The database file of an SQLite URL (None for PostgreSQL or an in-memory database)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(normalise_url(url))
    database = parsed.database or ""
    return database if parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:") else None


def require_persistent(url: str) -> str:
    """``url``, or a StoreError when it names an in-memory SQLite database: the command line keeps what it
    stores for the next command, and a memory store would silently keep nothing (the library may use one)."""
    if normalise_url(url).startswith("sqlite") and sqlite_file(url) is None:
        raise StoreError(f"{url}: an in-memory store keeps nothing after this command (give a file: sqlite:///path.db)")
    return url


def require_existing(url: str) -> str:
    """``url``, or a StoreError when it names an SQLite file that does not exist: a command that only reads the
    store (``stories``, ``compare --story``) must not leave an empty database behind a typo."""
    database = sqlite_file(require_persistent(url))
    if database is not None and not Path(database).exists():
        raise StoreError(f"{database}: no store there (corroborator ingest creates one)")
    return url


def make_engine(url: str) -> Any:
    """An SQLAlchemy engine for ``url``; SQLite folders must exist, the file is created on first use."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import StaticPool

    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:")
    if not in_memory and not Path(database).parent.resolve().is_dir():
        raise StoreError(f"{url}: folder {Path(database).parent} does not exist")
    kwargs: dict[str, Any] = {"connect_args": {"timeout": 60, "check_same_thread": False}}
    if in_memory:
        kwargs["poolclass"] = StaticPool  # one shared connection, else every connection sees an empty database
    engine = create_engine(parsed, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" below issue BEGIN (pysqlite's is too late)
        cursor = dbapi_conn.cursor()
        if not in_memory:
            _enable_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock at BEGIN, so two writers queue instead of failing half-way.
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _enable_wal(cursor: Any, patience_s: float = 60.0) -> None:
    """Switch the file to WAL. The switch needs an exclusive lock, and SQLite does not wait for it where waiting
    could deadlock: threads or processes opening one new store at once can get "database is locked" at once
    (seen in CI), or the old mode back. Retried until the file is in WAL mode (persistent: later opens find it)."""
    import sqlite3

    deadline = time.monotonic() + patience_s
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0]).lower() == "wal":
                return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise StoreError("cannot switch the SQLite file to WAL mode: it stays locked by another connection")
        time.sleep(0.02)


def migrate(engine: Any) -> None:
    """Bring the schema to the latest migration (no-op when it is there already)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect().execution_options(sqlite_immediate=True) as conn:
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")
            current = MigrationContext.configure(conn).get_current_revision()
            if current == head:
                return
            log.info("migrating store from %s to %s", current or "empty", head)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
