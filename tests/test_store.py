"""The store on SQLite and on a real PostgreSQL server: reports, migrations, transactional batches."""

from __future__ import annotations

import re
import sqlite3
import threading

import pytest

pytest.importorskip("sqlalchemy")
pytest.importorskip("alembic")

from corroborator.store import StoreError, normalise_url, open_store, report_id  # noqa: E402

from pg import postgres_url, store_url  # noqa: E402,F401


def _row(n: int, text: str | None = None) -> dict:
    text = text or f"Article number {n} says something."
    from corroborator.model import content_hash

    return {
        "id": f"a{n}", "content_hash": content_hash(text), "title": None, "outlet": None, "date": None,
        "url": None, "path": None, "text": text, "minhash": None, "reprint_of": None, "story_id": None,
    }


def test_saved_report_loads_back_with_its_kind(store_url):
    with open_store(store_url) as store:
        payload = {"schema": "corroborator.compare/1", "claims": [{"text": "Zürich – 5 km", "score": 0.5}]}
        rid = store.save_report("compare", payload)
        assert store.load_report(rid) == ("compare", payload)


def test_saving_the_same_report_twice_gives_the_same_id_and_one_row(store_url):
    with open_store(store_url) as store:
        first = store.save_report("audit", {"b": 2, "a": [1, 2]})
        again = store.save_report("audit", {"a": [1, 2], "b": 2})  # key order does not matter
        assert first == again == report_id("audit", {"a": [1, 2], "b": 2})
        assert re.fullmatch(r"[0-9a-f]{16}", first)
        assert store.save_report("compare", {"a": [1, 2], "b": 2}) != first  # the kind is part of the identity
        assert store.save_report("audit", {"a": [1, 2], "b": 3}) != first


def test_unknown_report_id_loads_as_none(store_url):
    with open_store(store_url) as store:
        assert store.load_report("0123456789abcdef") is None


def test_reports_survive_reopening_and_migrations_run_once(store_url):
    with open_store(store_url) as store:
        rid = store.save_report("compare", {"x": 1})
    with open_store(store_url) as store:
        assert store.load_report(rid) == ("compare", {"x": 1})
        from sqlalchemy import text

        with store.engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert versions == [_head()]


def test_tables_match_the_latest_migration(store_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from corroborator.store.schema import metadata

    with open_store(store_url) as store, store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []


def test_a_failing_batch_writes_nothing(store_url):
    with open_store(store_url) as store:
        store.write_batch([_row(1)])
        with pytest.raises(Exception):
            store.write_batch([_row(2), _row(3), _row(4, text="Article number 1 says something.")])
        assert [s.article.id for s in store.articles()] == ["a1"]
        assert store.known_hashes([_row(2)["content_hash"], _row(1)["content_hash"]]) == {_row(1)["content_hash"]}


def test_articles_come_back_in_ingest_order_with_their_fields(store_url):
    with open_store(store_url) as store:
        rows = [_row(n) for n in (3, 1, 2)]
        rows[0].update(title="Headline", outlet="Wire", date="2026-01-02", url="http://x/3", story_id="s1")
        store.write_batch(rows)
        got = store.articles()
        assert [s.article.id for s in got] == ["a3", "a1", "a2"]
        assert got[0].article.title == "Headline" and got[0].article.date == "2026-01-02"
        assert got[0].story_id == "s1"
        assert [s.article.id for s in store.articles(["a2", "a3"])] == ["a3", "a2"]
        assert store.taken_ids(["a1", "zz"]) == {"a1"}
        assert store.article_count() == 3


def test_two_threads_opening_a_new_sqlite_store_at_once_both_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'race.db'}"
    errors: list[BaseException] = []

    def open_and_save(n: int) -> None:
        try:
            with open_store(url) as store:
                store.save_report("k", {"n": n})
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_save, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = sqlite3.connect(tmp_path / "race.db").execute("SELECT count(*) FROM reports").fetchone()
    assert rows == (4,)


def test_postgres_urls_get_the_psycopg_driver():
    assert normalise_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("postgres://h/db") == "postgresql+psycopg://h/db"
    assert normalise_url("postgresql+psycopg://h/db") == "postgresql+psycopg://h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_bad_store_urls_fail_with_one_clear_message(tmp_path):
    with pytest.raises(StoreError, match="unsupported store URL"):
        open_store("mysql://h/db")
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")


def test_unreachable_postgres_fails_with_a_store_error_without_the_password(tmp_path):
    with pytest.raises(StoreError) as info:
        open_store(f"postgresql://u:secret@/db?host={tmp_path}&port=1")
    assert "secret" not in str(info.value) and "cannot open store" in str(info.value)


def _head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from corroborator.store import engine

    config = Config()
    config.set_main_option("script_location", str(engine._MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def test_an_older_store_is_upgraded_on_open_and_keeps_its_data(store_url):
    """A store left at migration 0002 (before stories kept ``touched``) opens at the head with its rows."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from corroborator.store import engine as store_engine

    eng = store_engine.make_engine(store_url)
    config = Config()
    config.set_main_option("script_location", str(store_engine._MIGRATIONS))
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO stories (id, title, seq, size, signature) VALUES ('s1', 'Old', 1, 2, '{}')"))
    eng.dispose()
    with open_store(store_url) as store:
        (story,) = store.stories()
        assert (story.id, story.title, story.size, story.touched) == ("s1", "Old", 2, None)
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == _head()


class _FlakyCursor:
    """A cursor whose WAL switch fails ``failures`` times the ways SQLite fails it under concurrent opens."""

    def __init__(self, failures: list) -> None:
        self.failures = failures
        self.calls = 0

    def execute(self, sql):
        self.calls += 1
        outcome = self.failures.pop(0) if self.failures else "wal"
        if isinstance(outcome, Exception):
            raise outcome
        self.row = (outcome,)
        return self

    def fetchone(self):
        return self.row


def test_switching_to_wal_is_retried_while_another_connection_holds_the_file():
    from corroborator.store.engine import _enable_wal

    cursor = _FlakyCursor([sqlite3.OperationalError("database is locked"), "delete", sqlite3.OperationalError("database is locked")])
    _enable_wal(cursor)
    assert cursor.calls == 4


def test_a_file_that_stays_locked_gives_a_store_error_and_other_errors_pass_through():
    from corroborator.store.engine import StoreError, _enable_wal

    with pytest.raises(StoreError, match="WAL"):
        _enable_wal(_FlakyCursor([sqlite3.OperationalError("database is locked")] * 1000), patience_s=0.1)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _enable_wal(_FlakyCursor([sqlite3.OperationalError("disk I/O error")]))
