"""``Store``: saved reports, ingested articles and their stories, in SQLite or PostgreSQL."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Mapping, Sequence

from ..model import Article
from . import schema
from .engine import StoreError, make_engine, migrate, sqlite_file

log = logging.getLogger(__name__)

INGEST_LOCK = 0x636F7273  # "cors": PostgreSQL advisory lock key held by one ingest run at a time
_CHUNK = 500  # rows per IN (...) lookup: well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored: the article, its ingest order, its reprint group and its story."""

    article: Article
    seq: int
    reprint_of: str | None
    story_id: str | None
    minhash: bytes | None = None


@dataclass(frozen=True)
class StoryRow:
    """A story as stored; ``signature`` is grouping's own JSON-able summary of its articles."""

    id: str
    title: str | None
    seq: int
    first_date: str | None
    last_date: str | None
    size: int
    signature: Mapping[str, Any]
    touched: int | None = None  # grouping's clock when it last gained articles


def report_id(kind: str, payload: Mapping[str, Any]) -> str:
    """A short content hash: the same kind and payload always get the same id."""
    digest = hashlib.sha256(f"{kind}\n{_canonical(payload)}".encode("utf-8")).hexdigest()
    return digest[:16]


class Store:
    """One database. Open with ``open_store``; safe to share between threads; ``close()`` when done."""

    def __init__(self, url: str, engine: Any) -> None:
        self.url = url
        self.engine = engine

    # -- reports ---------------------------------------------------------------------------------------------
    def save_report(self, kind: str, payload: dict) -> str:
        """Save a report and return its id; saving the same report again returns the same id."""
        from sqlalchemy import select
        from sqlalchemy.exc import IntegrityError

        rid = report_id(kind, payload)
        row = {"id": rid, "kind": kind, "payload": _canonical(payload), "created_at": _now()}
        with self._write() as conn:
            if conn.execute(select(schema.reports.c.id).where(schema.reports.c.id == rid)).first():
                return rid
        try:
            with self._write() as conn:
                conn.execute(schema.reports.insert(), row)
        except IntegrityError:  # saved by another writer in between: same content, same id
            pass
        return rid

    def load_report(self, report_id: str) -> tuple[str, dict] | None:
        """``(kind, payload)`` of a saved report, or None when there is no report with that id."""
        from sqlalchemy import select

        t = schema.reports
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.kind, t.c.payload).where(t.c.id == report_id)).first()
        return None if row is None else (row.kind, json.loads(row.payload))

    # -- articles --------------------------------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Those of ``hashes`` already stored."""
        return self._present(schema.articles.c.content_hash, hashes)

    def taken_ids(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` already used by a stored article."""
        return self._present(schema.articles.c.id, ids)

    def article_count(self) -> int:
        from sqlalchemy import func, select

        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.articles)).scalar_one())

    def articles(self, ids: Sequence[str] | None = None, *, with_minhash: bool = False) -> list[StoredArticle]:
        """Stored articles in ingest order (all, or those with the given ids)."""
        return list(self.iter_articles(ids, with_minhash=with_minhash))

    def iter_articles(
        self, ids: Sequence[str] | None = None, *, with_minhash: bool = False, story_id: str | None = None
    ) -> Iterator[StoredArticle]:
        from sqlalchemy import select

        t = schema.articles
        columns = [c for c in t.c if with_minhash or c.name != "minhash"]
        query = select(*columns).order_by(t.c.seq)
        if story_id is not None:
            query = query.where(t.c.story_id == story_id)
        with self.engine.connect() as conn:
            if ids is None:
                yield from (_stored(row) for row in conn.execute(query))
                return
            found = {}
            for chunk in _chunks(list(ids)):
                found.update({row.id: _stored(row) for row in conn.execute(query.where(t.c.id.in_(chunk)))})
        yield from sorted(found.values(), key=lambda s: s.seq)

    def minhashes(self) -> Iterator[tuple[str, bytes, str | None]]:
        """(article id, MinHash bytes, reprint group) of every stored article with a MinHash, in ingest order."""
        from sqlalchemy import select

        t = schema.articles
        with self.engine.connect() as conn:
            query = select(t.c.id, t.c.minhash, t.c.reprint_of).where(t.c.minhash.is_not(None)).order_by(t.c.seq)
            yield from ((row.id, row.minhash, row.reprint_of) for row in conn.execute(query))

    # -- stories ---------------------------------------------------------------------------------------------
    def stories(self, since_date: str | None = None) -> list[StoryRow]:
        """Stories in the order they started; with ``since_date``, those whose last article is not older
        (stories without dates are always included)."""
        from sqlalchemy import or_, select

        t = schema.stories
        query = select(t).order_by(t.c.seq)
        if since_date is not None:
            query = query.where(or_(t.c.last_date.is_(None), t.c.last_date >= since_date))
        with self.engine.connect() as conn:
            return [_story(row) for row in conn.execute(query)]

    def story_members(self) -> dict[str, list[str]]:
        """story id -> article ids in ingest order."""
        from sqlalchemy import select

        t = schema.articles
        out: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(select(t.c.id, t.c.story_id).order_by(t.c.seq)):
                out.setdefault(row.story_id or "", []).append(row.id)
        return out

    def reprint_groups(self, ids: Iterable[str]) -> dict[str, str]:
        """article id -> reprint group id (the first stored copy's id) for those of ``ids`` that are copies
        of another article or have copies; articles with no copy are left out."""
        from sqlalchemy import or_, select

        t = schema.articles
        wanted = list(ids)
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(wanted):
                query = select(t.c.id, t.c.reprint_of).where(
                    or_(t.c.id.in_(chunk), t.c.reprint_of.in_(chunk))
                )
                for row in conn.execute(query):
                    if row.reprint_of:
                        out[row.id] = row.reprint_of
                        out[row.reprint_of] = row.reprint_of
        return {k: v for k, v in out.items() if k in set(wanted)}

    # -- the ingest write path -------------------------------------------------------------------------------
    def state(self, key: str) -> bytes | None:
        """A named blob of corpus state (see ``write_batch``), or None."""
        from sqlalchemy import select

        t = schema.corpus_state
        with self.engine.connect() as conn:
            return conn.execute(select(t.c.value).where(t.c.key == key)).scalar_one_or_none()

    def write_batch(
        self,
        rows: Sequence[Mapping[str, Any]],
        new_stories: Sequence[StoryRow] = (),
        changed_stories: Sequence[StoryRow] = (),
        state: Mapping[str, bytes] | None = None,
    ) -> None:
        """Insert article rows, insert/update stories and set state blobs in ONE transaction: all of it lands,
        or none. Each row has the ``articles`` columns but ``seq`` and ``ingested_at`` (given here)."""
        t, s = schema.articles, schema.stories
        now = _now()
        with self._write() as conn:
            for key, value in (state or {}).items():
                _put_state(conn, key, value)
            if rows:
                conn.execute(t.insert(), [{**row, "ingested_at": now} for row in rows])
            if new_stories:
                conn.execute(s.insert(), [_story_values(story) for story in new_stories])
            if changed_stories:
                from sqlalchemy import bindparam

                columns = [c.name for c in s.c if c.name != "id"]
                update = s.update().where(s.c.id == bindparam("_id")).values({c: bindparam(c) for c in columns})
                conn.execute(update, [{**_story_values(story), "_id": story.id} for story in changed_stories])

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """Held by one ingest run from reading the corpus state to its last batch: runs into one store queue
        here, so none groups against a state another is rewriting (two runs side by side used to lose each
        other's document frequencies). An advisory lock on PostgreSQL, a lock file beside an SQLite database."""
        database = sqlite_file(self.url)
        if database is not None:
            with open(f"{database}.ingest-lock", "a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
        elif self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                conn.exec_driver_sql(f"SELECT pg_advisory_lock({INGEST_LOCK})")
                conn.commit()
                try:
                    yield
                finally:
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({INGEST_LOCK})")
                    conn.commit()
        else:  # an in-memory database lives in this process alone
            yield

    # -- helpers ---------------------------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[Any]:
        """A connection in a write transaction: committed on success, rolled back on any error; a database error
        (disk full, a read-only file) becomes one line naming the store."""
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self.engine.connect().execution_options(sqlite_immediate=True) as conn, conn.begin():
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{_safe(self.url)}: cannot write to the store (nothing of this batch was written): "
                             f"{_first_line(exc)}") from exc

    def _present(self, column: Any, values: Iterable[str]) -> set[str]:
        from sqlalchemy import select

        found: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in _chunks(list(dict.fromkeys(values))):
                found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
        return found


def open_store(url: str = "sqlite:///corroborator.db") -> Store:
    """Open (creating and migrating if need be) the store at ``url``: ``sqlite:///path.db`` or
    ``postgresql://user:password@host/db``."""
    try:
        engine = make_engine(url)
        migrate(engine)
    except StoreError:
        raise
    except ImportError as exc:
        raise StoreError(f"the store needs the corpus extra: pip install '.[corpus]' in corroborator's folder ({exc})") from exc
    except Exception as exc:  # driver errors: unreachable server, bad password, unwritable file
        raise StoreError(f"{_safe(url)}: cannot open store: {_first_line(exc)}") from exc
    return Store(url, engine)


def _put_state(conn: Any, key: str, value: bytes) -> None:
    t = schema.corpus_state
    if conn.execute(t.update().where(t.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(t.insert().values(key=key, value=value))


def _canonical(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _stored(row: Any) -> StoredArticle:
    m = row._mapping
    article = Article(
        id=m["id"], text=m["text"], title=m["title"], outlet=m["outlet"], date=m["date"], url=m["url"],
        path=m["path"],
    )
    return StoredArticle(article, m["seq"], m["reprint_of"], m["story_id"], m.get("minhash"))


def _story(row: Any) -> StoryRow:
    return StoryRow(
        id=row.id, title=row.title, seq=row.seq, first_date=row.first_date, last_date=row.last_date,
        size=row.size, signature=json.loads(row.signature), touched=row.touched,
    )


def _story_values(story: StoryRow) -> dict[str, Any]:
    return {
        "id": story.id, "title": story.title, "seq": story.seq, "first_date": story.first_date,
        "last_date": story.last_date, "size": story.size, "touched": story.touched,
        "signature": json.dumps(story.signature, separators=(",", ":")),
    }


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL too broken to parse is shown as given
        return url


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
