"""``corroborator ingest`` / ``stories`` / ``compare --story``: idempotent, interruptible, reprints counted once."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")
pytest.importorskip("datasketch")

from typer.testing import CliRunner  # noqa: E402

from corroborator.cli import app  # noqa: E402

from stories_data import QUAKE_CHILE, QUAKE_JAPAN, records, wire_copies  # noqa: E402

runner = CliRunner()


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _invoke(*args: str):
    result = runner.invoke(app, list(args))
    return result


def _stories(url: str) -> dict:
    result = _invoke("stories", "--store", url, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _synthetic(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    vocab = [f"word{k}" for k in range(3000)]
    names = [f"Name{k}" for k in range(400)]
    return [
        {"id": f"doc{i}", "text": " ".join(rng.choice(vocab) for _ in range(60)) + " "
         + " ".join(rng.choice(names) for _ in range(5)) + "."}
        for i in range(n)
    ]


def test_ingest_twice_stores_each_article_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    data = _write_jsonl(tmp_path / "a.jsonl", records(QUAKE_CHILE, QUAKE_JAPAN))
    first = _invoke("ingest", str(data), "--store", url)
    assert first.exit_code == 0, first.output
    assert "5 added" in first.stderr
    before = _stories(url)
    again = _invoke("ingest", str(data), "--store", url, "--quiet")
    assert again.exit_code == 0 and again.stdout == "" and again.stderr == ""
    assert _stories(url) == before
    rows = sqlite3.connect(tmp_path / "c.db").execute("SELECT count(*) FROM articles").fetchone()
    assert rows == (5,)


def test_stories_json_follows_the_contract(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    data = _write_jsonl(tmp_path / "a.jsonl", records(QUAKE_CHILE, QUAKE_JAPAN))
    assert _invoke("ingest", str(data), "--store", url, "-q").exit_code == 0
    out = _stories(url)
    assert out["schema"] == "corroborator.stories/1"
    ids = [a for s in out["stories"] for a in s["articles"]]
    assert sorted(ids) == sorted(r["id"] for r in records(QUAKE_CHILE, QUAKE_JAPAN))  # each exactly once
    assert all(isinstance(s["id"], str) and isinstance(s["title"], str) for s in out["stories"])
    groups = sorted(sorted(s["articles"]) for s in out["stories"])
    assert groups == [["chile-1", "chile-2", "chile-3"], ["japan-1", "japan-2"]]


def test_same_text_under_another_name_is_not_stored_twice_and_new_ids_never_clash(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    rows = records(QUAKE_CHILE)
    _write_jsonl(tmp_path / "a.jsonl", rows)
    renamed = [dict(rows[0], id="other-name"), dict(records(QUAKE_JAPAN)[0], id="chile-1")]
    _write_jsonl(tmp_path / "b.jsonl", renamed)
    assert _invoke("ingest", str(tmp_path / "a.jsonl"), "--store", url, "-q").exit_code == 0
    assert _invoke("ingest", str(tmp_path / "b.jsonl"), "--store", url, "-q").exit_code == 0
    ids = sorted(a for s in _stories(url)["stories"] for a in s["articles"])
    assert ids == ["chile-1", "chile-1-2", "chile-2", "chile-3"]


def test_bad_input_fails_with_one_line_and_writes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    good = _write_jsonl(tmp_path / "a.jsonl", records(QUAKE_CHILE))
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"text": "fine"}\n{not json\n', encoding="utf-8")
    result = _invoke("ingest", str(good), str(bad), "--store", url, "-q")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(bad) in result.stderr and "line 2" in result.stderr
    assert _stories(url)["stories"] == []


def test_ingest_of_a_missing_file_creates_no_store(tmp_path):
    database = tmp_path / "typo.db"
    result = _invoke("ingest", str(tmp_path / "no-such.jsonl"), "--store", f"sqlite:///{database}", "-q")
    assert result.exit_code == 2 and "no such file" in result.stderr
    assert not database.exists()


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    """A real process is killed (SIGKILL) between two committed chunks; the re-run completes the corpus."""
    db = tmp_path / "k.db"
    url = f"sqlite:///{db}"
    rows = _synthetic(1500)
    data = _write_jsonl(tmp_path / "big.jsonl", rows)
    script = (
        "import sys\n"
        "from corroborator.engine import get_engine, ingest\n"
        "from corroborator.store import open_store\n"
        "ingest(open_store(sys.argv[1]), [sys.argv[2]], get_engine(), chunk=10)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, url, str(data)], stderr=subprocess.PIPE)
    try:
        stored = _wait_for_rows(db, proc, at_least=30)
        os.kill(proc.pid, signal.SIGSTOP)  # freeze it mid-run, look, then kill it without a chance to clean up
        stored = _count(db)
        workers = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert 30 <= stored < len(rows), "the process should have been killed part-way"
    assert not _still_running(workers, seconds=15), "pool workers outlived their killed parent"
    result = _invoke("ingest", str(data), "--store", url)
    assert result.exit_code == 0, result.output
    assert f"{len(rows) - stored} added, {stored} already stored" in result.stderr
    out = _stories(url)
    ids = [a for s in out["stories"] for a in s["articles"]]
    assert sorted(ids) == sorted(r["id"] for r in rows)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*), count(DISTINCT content_hash) FROM articles").fetchone() == (1500, 1500)
    sizes = dict(conn.execute("SELECT id, size FROM stories").fetchall())
    assert sizes == {s["id"]: len(s["articles"]) for s in out["stories"]}


def _children(pid: int) -> list[int]:
    """The process's children (Linux /proc; an empty list elsewhere)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _still_running(pids: list[int], seconds: float) -> list[int]:
    import time

    deadline = time.monotonic() + seconds
    while True:
        alive = [p for p in pids if _alive(p)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    try:  # an exited child nobody has reaped yet is a zombie ("Z"): gone for our purpose
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def _wait_for_rows(db: Path, proc: subprocess.Popen, at_least: int) -> int:
    import time

    while proc.poll() is None:
        n = _count(db)
        if n >= at_least:
            return n
        time.sleep(0.02)
    raise AssertionError(f"ingest ended before it could be killed: {proc.stderr.read().decode()[-2000:]}")


def test_a_claim_carried_only_by_copies_of_one_wire_story_is_single_source(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    data = _write_jsonl(tmp_path / "wire.jsonl", wire_copies())
    assert _invoke("ingest", str(data), "--store", url, "-q").exit_code == 0
    stories = _stories(url)["stories"]
    story = next(s for s in stories if "wire-ap" in s["articles"])
    assert set(story["articles"]) == {"wire-ap", "wire-copy1", "wire-copy2"}
    assert story["reprints"] == [{"group": "wire-ap", "articles": ["wire-ap", "wire-copy1", "wire-copy2"]}]

    result = _invoke("compare", "--store", url, "--story", story["id"], "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["reprints"] == story["reprints"]
    toha = [c for c in report["claims"] if "Toha" in c["text"]]
    assert len(toha) >= 3 and {c["source"] for c in toha} == {"wire-ap", "wire-copy1", "wire-copy2"}
    assert all(c["verdict"] == "single_source" and c["support"] == [] for c in toha)

    # the same three files compared as independent reports corroborate each other: the grouping is what counts
    plain = _invoke("compare", str(data), "--format", "json")
    assert any(c["verdict"] == "corroborated" for c in json.loads(plain.stdout)["claims"] if "Toha" in c["text"])


def test_compare_with_an_unknown_story_fails_cleanly(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    for command in (["compare", "--store", url, "--story", "nope"], ["stories", "--store", url]):
        missing = _invoke(*command)  # a typo in the store's path: an error, and no empty store left behind
        assert missing.exit_code == 2 and "no store there" in missing.stderr and not (tmp_path / "c.db").exists()
    from corroborator.store import open_store

    open_store(url).close()
    result = _invoke("compare", "--store", url, "--story", "nope", "--format", "json")
    assert result.exit_code == 2 and "no story 'nope'" in result.stderr
    both = _invoke("compare", "--store", url, "--story", "nope", str(tmp_path / "missing.txt"))
    assert both.exit_code == 2 and "not both" in both.stderr


def test_a_stored_article_too_long_to_analyse_is_left_out_of_its_storys_comparison(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    copies = wire_copies()
    copies[-1] = {**copies[-1], "id": "wire-huge", "text": copies[-1]["text"] + " More words." * 100_000}
    stored = _invoke("ingest", str(_write_jsonl(tmp_path / "wire.jsonl", copies)), "--store", url, "-q")
    assert stored.exit_code == 0  # and, even with -q, a note that comparisons will leave it out (QA, session 18)
    assert stored.stderr.count("\n") == 1 and "comparisons and briefs leave out: 'wire-huge'" in stored.stderr
    story = next(s for s in _stories(url)["stories"] if "wire-ap" in s["articles"])
    assert "wire-huge" in story["articles"]
    result = _invoke("compare", "--store", url, "--story", story["id"], "--format", "json")
    assert result.exit_code == 0, result.output
    assert "wire-huge" not in {s["id"] for s in json.loads(result.stdout)["sources"]}
    assert "'wire-huge' (1,200," in result.stderr and "left out" in result.stderr


def test_stories_text_lists_every_article(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    data = _write_jsonl(tmp_path / "a.jsonl", records(QUAKE_CHILE, QUAKE_JAPAN))
    assert _invoke("ingest", str(data), "--store", url, "-q").exit_code == 0
    text = _invoke("stories", "--store", url, "--format", "text").stdout
    assert all(r["id"] in text for r in records(QUAKE_CHILE, QUAKE_JAPAN))
    assert text.rstrip().endswith("2 stories, 5 articles")


def test_one_article_files_keep_the_article_limit_in_a_corpus(tmp_path):
    """A corpus file of many articles may be large; a single page over 20 MB is refused before it is read."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    page = tmp_path / "huge.html"
    with page.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: the size check comes before any reading
    result = _invoke("ingest", str(page), "--store", url, "-q")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(page) in result.stderr and "over the 20.0 MB limit" in result.stderr
