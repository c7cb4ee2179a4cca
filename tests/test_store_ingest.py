"""Ingest into SQLite and a real PostgreSQL server alike: idempotent, grouped, reprints kept, resumable state."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("sqlalchemy")
pytest.importorskip("datasketch")

from corroborator.engine import get_engine, ingest  # noqa: E402
from corroborator.store import open_store  # noqa: E402
from corroborator.stories import list_stories, stories_json, story_articles  # noqa: E402

from pg import postgres_url, store_url  # noqa: E402,F401
from stories_data import FOOTER, QUAKE_CHILE, QUAKE_JAPAN, records, wire_copies  # noqa: E402


def _files(tmp_path, *groups):
    paths = []
    for n, rows in enumerate(groups):
        path = tmp_path / f"in{n}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_ingest_is_idempotent_on_both_databases(store_url, tmp_path):
    (path,) = _files(tmp_path, records(QUAKE_CHILE, QUAKE_JAPAN) + wire_copies())
    with open_store(store_url) as store:
        first = ingest(store, [path], get_engine())
        listed = stories_json(list_stories(store))
        again = ingest(store, [path], get_engine())
        assert (first.added, first.reprints) == (8, 2)
        assert (again.added, again.already, again.new_stories) == (0, 8, 0)
        assert stories_json(list_stories(store)) == listed
        assert store.article_count() == 8


def test_a_second_run_joins_the_stories_of_the_first_on_both_databases(store_url, tmp_path):
    early, late = _files(tmp_path, records(QUAKE_CHILE[:2], QUAKE_JAPAN[:1]), records(QUAKE_CHILE[2:], QUAKE_JAPAN[1:]))
    with open_store(store_url) as store:
        ingest(store, [early], get_engine())
    with open_store(store_url) as store:  # a new process would see only what the store kept
        summary = ingest(store, [late], get_engine())
        groups = sorted(sorted(s.articles) for s in list_stories(store))
    assert summary.new_stories == 0
    assert groups == [["chile-1", "chile-2", "chile-3"], ["japan-1", "japan-2"]]


def test_story_articles_come_with_their_reprint_groups(store_url, tmp_path):
    (path,) = _files(tmp_path, wire_copies())
    with open_store(store_url) as store:
        ingest(store, [path], get_engine())
        (story,) = list_stories(store)
        articles, reprints = story_articles(store, story.id)
    assert [a.id for a in articles] == ["wire-ap", "wire-copy1", "wire-copy2"]
    assert reprints == {"wire-ap": "wire-ap", "wire-copy1": "wire-ap", "wire-copy2": "wire-ap"}
    assert articles[1].outlet == "Daily One"


def test_the_cli_ingests_and_lists_stories_on_both_databases(store_url, tmp_path):
    from typer.testing import CliRunner

    from corroborator.cli import app

    (path,) = _files(tmp_path, records(QUAKE_CHILE, QUAKE_JAPAN))
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", path, "--store", store_url, "--quiet"]).exit_code == 0
    result = runner.invoke(app, ["stories", "--store", store_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    groups = sorted(sorted(s["articles"]) for s in json.loads(result.stdout)["stories"])
    assert groups == [["chile-1", "chile-2", "chile-3"], ["japan-1", "japan-2"]]


def test_story_recency_survives_between_runs(tmp_path):
    """Chile starts first, Hokkaido second, then Chile gains an article: with room for one candidate story, the
    next Chile article must still find Chile (extended last), not Hokkaido (started last)."""
    from corroborator.stories.grouping import GroupingSettings

    url = f"sqlite:///{tmp_path / 's.db'}"
    runs = _files(tmp_path, records(QUAKE_CHILE[:1]), records(QUAKE_JAPAN[:1]), records(QUAKE_CHILE[1:2]),
                  records(QUAKE_CHILE[2:]))
    for path, candidates in zip(runs, (2, 2, 2, 1)):
        with open_store(url) as store:  # a fresh index per run, as separate processes would have
            ingest(store, [path], get_engine(), settings=GroupingSettings(candidates=candidates))
    with open_store(url) as store:
        groups = sorted(sorted(s.articles) for s in list_stories(store))
    assert groups == [["chile-1", "chile-2", "chile-3"], ["japan-1"]]


def test_two_ingest_runs_at_once_queue_and_lose_nothing(store_url, tmp_path, monkeypatch):
    """Each run reads the corpus state, groups its articles against it and writes it back: side by side, the
    second writer used to drop the first one's document frequencies. A run now holds the store's ingest lock."""
    import importlib
    import threading
    import time

    ingest_module = importlib.import_module("corroborator.engine.ingest")  # the package's ``ingest`` is the function

    real_load = ingest_module.load_state

    def slow_load(store, settings):
        loaded = real_load(store, settings)
        time.sleep(0.5)  # both runs would have read the state before either writes it back
        return loaded

    monkeypatch.setattr(ingest_module, "load_state", slow_load)
    chile, japan = _files(tmp_path, records(QUAKE_CHILE), records(QUAKE_JAPAN))
    errors: list[BaseException] = []

    def run(path):
        try:
            with open_store(store_url) as store:
                ingest(store, [path], get_engine())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in (chile, japan)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with open_store(store_url) as store:
        assert int(store.state("grouping.n_docs")) == store.article_count() == len(records(QUAKE_CHILE, QUAKE_JAPAN))


def test_a_database_error_while_writing_is_one_line_exit_2_and_writes_nothing(tmp_path):
    import sqlite3

    from typer.testing import CliRunner

    from corroborator.cli import app

    url = f"sqlite:///{tmp_path / 'full.db'}"
    open_store(url).close()
    with sqlite3.connect(tmp_path / "full.db") as db:  # the disk fills up as the first article goes in
        db.execute("CREATE TRIGGER full BEFORE INSERT ON articles BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    (path,) = _files(tmp_path, records(QUAKE_CHILE))
    result = CliRunner().invoke(app, ["ingest", path, "--store", url, "--quiet"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write to the store" in lines[0] and "database or disk is full" in lines[0]
    with open_store(url) as store:
        assert store.article_count() == 0 and store.state("grouping.n_docs") is None


def test_a_reused_id_is_renamed_past_the_renames_of_earlier_batches(store_url, tmp_path):
    # A feed saved under one file name gives "<stem>-1", "<stem>-2" ... on every fetch.
    batches = _files(
        tmp_path,
        [{"id": "x", "text": "A bridge opened on Monday in the city centre."},
         {"id": "x-2", "text": "A warehouse burned on Tuesday near the port."}],
        [{"id": "x", "text": "A budget passed on Wednesday in parliament."}],
        [{"id": "x", "text": "A storm hit the coast on Thursday night."}],
    )
    with open_store(store_url) as store:
        for path in batches:
            ingest(store, [path], get_engine())
        assert sorted(a.article.id for a in store.articles()) == ["x", "x-2", "x-3", "x-4"]


def test_a_storys_dates_keep_the_hours_they_were_given(tmp_path):
    rows = records(QUAKE_CHILE[:2])
    rows[0]["date"], rows[1]["date"] = "2026-03-03T18:00:00+00:00", "2026-03-03T10:00:00+00:00"
    (path,) = _files(tmp_path, rows)
    with open_store(f"sqlite:///{tmp_path / 'd.db'}") as store:
        ingest(store, [path], get_engine())
        (story,) = list_stories(store)
    assert (story.first_date, story.last_date) == ("2026-03-03T10:00:00+00:00", "2026-03-03T18:00:00+00:00")


def test_a_story_is_never_titled_with_a_bare_date(tmp_path):
    rows = records(QUAKE_CHILE[:1])
    rows[0]["title"] = "May 2, 2013, 1:12 PM"
    (path,) = _files(tmp_path, rows)
    with open_store(f"sqlite:///{tmp_path / 't.db'}") as store:
        ingest(store, [path], get_engine())
        (story,) = list_stories(store)
    assert story.title.startswith("A magnitude 7.8 earthquake struck off the coast of Valparaiso")


UNRELATED = [
    ("library", "Mayor Alice Hartley opened the Springfield central library on Tuesday, a glass building with "
                "80,000 books, a children's wing and a cafe, paid for by a city bond voters approved in 2022. "
                "Hartley said the old library on Elm Street would become a community theatre next spring."),
    ("ferry", "Crews of Nordline ferries walked out in Tallinn and Helsinki over pay, stranding thousands of "
              "passengers on the Baltic crossing during the holiday weekend, the seamen's union said. "
              "Nordline said talks with the union would resume on Thursday and that cargo sailings ran as normal."),
    ("chess", "Sixteen-year-old Priya Raman beat grandmaster Lars Berg in the final round to win the Oslo chess "
              "open on Sunday, her first major title, after a six-hour game that ended in a rook endgame. "
              "Raman, who learned the game from her grandfather in Chennai, moved to Norway four years ago."),
]


def test_articles_alike_only_through_a_shared_footer_are_not_one_story(tmp_path):
    rows = [{"id": i, "date": "2026-03-02", "text": f"{text}\n{FOOTER}"} for i, text in UNRELATED]
    known, batch = _files(tmp_path, records(QUAKE_CHILE, QUAKE_JAPAN) + wire_copies(), rows)
    with open_store(f"sqlite:///{tmp_path / 'b.db'}") as store:
        ingest(store, [known], get_engine())
        summary = ingest(store, [batch], get_engine())
    assert (summary.reprints, summary.new_stories) == (0, 3)
