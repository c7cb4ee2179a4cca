"""The store's tables (SQLAlchemy Core: ingest writes in batches with executemany, no ORM objects).

    reports   saved reports, keyed by a short hash of their kind and content
    articles  one row per distinct article text (content hash unique); ``seq`` orders ingest
    stories   one row per story; ``signature`` holds what incremental grouping compares new articles with
    corpus_state  named blobs grouping keeps between runs (document frequencies)

The tables here mirror the latest migration (``migrations/versions``); a test checks they agree.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

reports = Table(
    "reports",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(512), nullable=False, unique=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text),
    Column("outlet", Text),
    Column("date", String(64)),
    Column("url", Text),
    Column("path", Text),
    Column("text", Text, nullable=False),
    Column("minhash", LargeBinary),
    Column("reprint_of", String(512)),  # id of the first stored copy of the same wire story; null if none
    Column("story_id", String(64), index=True),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text),
    Column("seq", Integer, nullable=False),  # order in which stories started (1, 2, ...)
    Column("first_date", String(64)),
    Column("last_date", String(64)),
    Column("size", Integer, nullable=False),
    Column("signature", Text, nullable=False),  # JSON, see stories.grouping
    Column("touched", Integer),  # grouping's clock when the story last gained articles (null: use seq)
)

corpus_state = Table(
    "corpus_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", LargeBinary, nullable=False),
)
