"""The Ray engine (local Ray, 2 CPUs) stores exactly what the local engine stores for the same input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("ray")
pytest.importorskip("sqlalchemy")

from corroborator.engine import get_engine, ingest  # noqa: E402
from corroborator.store import open_store  # noqa: E402
from corroborator.stories import list_stories, stories_json  # noqa: E402

from stories_data import QUAKE_CHILE, QUAKE_JAPAN, records, wire_copies  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    rows = records(QUAKE_CHILE, QUAKE_JAPAN) + wire_copies()
    for n in range(4):  # several files, so parsing is spread over tasks
        part = rows[n::4]
        (folder / f"part{n}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
    (folder / "note.txt").write_text("Hokkaido Electric said power was back in Sapporo on Tuesday.\n", encoding="utf-8")
    return folder


def _run(engine_name: str, corpus: Path, db: Path) -> tuple[dict, list]:
    engine = get_engine(engine_name)
    with open_store(f"sqlite:///{db}") as store:
        ingest(store, [str(corpus)], engine, chunk=4)  # several chunks: incremental grouping across them
        listed = stories_json(list_stories(store))
    rows = sqlite3.connect(db).execute(
        "SELECT seq, id, content_hash, story_id, reprint_of, minhash, title, date FROM articles ORDER BY seq"
    ).fetchall()
    return listed, rows


def test_ray_engine_gives_the_same_stories_as_the_local_engine(local_ray, corpus, tmp_path):
    local_stories, local_rows = _run("local", corpus, tmp_path / "local.db")
    ray_stories, ray_rows = _run("ray", corpus, tmp_path / "ray.db")
    assert ray_rows == local_rows
    assert ray_stories == local_stories
    assert len(local_rows) == 9 and any(r[4] for r in local_rows)  # reprints were found
    assert len(local_stories["stories"]) == 2  # Chile (with the wire copies) and Hokkaido (with the note)



def test_bad_input_read_by_a_ray_worker_is_the_same_input_error_as_locally(local_ray, corpus, tmp_path):
    from corroborator.errors import InputError

    (corpus / "part2.jsonl").write_text('{"id": "x", "text": "Fine."}\n{not json\n', encoding="utf-8")
    messages = []
    for name in ("local", "ray"):
        with open_store(f"sqlite:///{tmp_path / f'{name}.db'}") as store, pytest.raises(InputError) as caught:
            ingest(store, [str(corpus)], get_engine(name))
        messages.append(str(caught.value))
        with open_store(f"sqlite:///{tmp_path / f'{name}.db'}") as store:
            assert store.article_count() == 0  # every input is read before anything is written
    assert messages[0] == messages[1] and "part2.jsonl: line 2" in messages[0]
