"""The command line as a user meets it: formats, atomic output, and one clear line for every bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE_DIR
from corroborator.cli import app

EXAMPLES = [str(p) for p in sorted(EXAMPLE_DIR.glob("*.txt"))]
runner = CliRunner()


def run(*args: str, input: bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def test_compare_json_follows_the_contract():
    result = run("compare", *EXAMPLES, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "corroborator.compare/1"
    assert [s["id"] for s in data["sources"]] == ["000_8179d51774d2f407", "002_69864105d11cb7cb"]
    texts = {s["id"]: s["text"] for s in data["sources"]}
    for claim in data["claims"]:
        assert set(claim) >= {"id", "source", "text", "start", "end", "verdict", "support", "conflicts"}
        assert texts[claim["source"]][claim["start"] : claim["end"]] == claim["text"]
        assert claim["verdict"] in {"corroborated", "single_source", "conflicting"}
        if claim["verdict"] == "corroborated":
            assert claim["support"]
        if claim["verdict"] == "conflicting":
            assert claim["conflicts"]


def test_json_is_the_default_when_output_is_not_a_terminal():
    result = run("compare", *EXAMPLES)
    assert json.loads(result.stdout)["schema"] == "corroborator.compare/1"


def test_text_format_opens_with_the_summary_line():
    result = run("compare", *EXAMPLES, "--format", "text")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    summary = next(line for line in lines if "claims agreed" in line)
    assert "only in A" in summary and "only in B" in summary and "conflict" in summary
    assert "AGREED" in result.stdout and "ONLY IN A" in result.stdout and "ONLY IN B" in result.stdout


def test_markdown_format_escapes_article_text(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Officials said the <b>deal</b> was *final* after talks in Paris on Monday.\n", encoding="utf-8")
    result = run("compare", str(a), EXAMPLES[0], "--format", "markdown")
    assert result.exit_code == 0
    assert "<b>" not in result.stdout and "\\<b\\>" in result.stdout
    assert result.stdout.startswith("# Comparison")


def test_output_file_is_written_and_its_extension_picks_the_format(tmp_path):
    out = tmp_path / "report.md"
    result = run("compare", *EXAMPLES, "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Comparison")
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left behind


def test_stdin_is_read_with_dash():
    stdin = Path(EXAMPLES[1]).read_bytes()
    result = run("compare", EXAMPLES[0], "-", "--format", "json", input=stdin)
    assert result.exit_code == 0, result.output
    ids = [s["id"] for s in json.loads(result.stdout)["sources"]]
    assert ids == ["000_8179d51774d2f407", "stdin"]


def test_single_article_says_so_and_exits_zero():
    result = run("compare", EXAMPLES[0], "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {c["verdict"] for c in data["claims"]} == {"single_source"}
    assert any("only one article" in n for n in data["summary"]["notes"])


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    unknown = tmp_path / "report.pdf"
    unknown.write_bytes(b"%PDF-1.4 some text")
    bad_jsonl = tmp_path / "feed.jsonl"
    bad_jsonl.write_text('{"text": "One fine article about Paris."}\n{"text": broken\n', encoding="utf-8")
    bad_json = tmp_path / "feed.json"
    bad_json.write_text('[{"text": "unterminated"', encoding="utf-8")
    bad_csv = tmp_path / "feed.csv"
    bad_csv.write_text("title,body\nA,some words\n", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    return {
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "folder": (folder, "no articles"),
        "unknown": (unknown, "unsupported file type"),
        "jsonl": (bad_jsonl, "line 2"),
        "json": (bad_json, "JSON"),
        "csv": (bad_csv, "text"),
        "huge": (huge, "MB"),
        "missing": (tmp_path / "missing.txt", "no such file"),
    }


@pytest.mark.parametrize("case", ["empty", "binary", "folder", "unknown", "jsonl", "json", "csv", "huge", "missing"])
def test_bad_input_gives_one_line_exit_2_and_no_output_file(tmp_path, case):
    path, problem = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out.json"
    out.write_text("previous report\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "corroborator.cli", "compare", EXAMPLES[0], str(path), "-o", str(out)],
        capture_output=True, text=True, env={**os.environ, "CORROBORATOR_DEBUG": ""},
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert str(path) in lines[0] and problem.lower() in lines[0].lower(), lines[0]
    assert out.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


def test_unknown_option_is_a_usage_error():
    assert run("compare", "--frobnicate", *EXAMPLES).exit_code == 2


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path):
    result = run("compare", *EXAMPLES, "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_help_lists_compare():
    result = run("--help")
    assert result.exit_code == 0 and "compare" in result.stdout


def test_output_file_gets_the_usual_permissions_not_owner_only(tmp_path):
    out = tmp_path / "report.json"
    old = os.umask(0o022)
    try:
        assert run("compare", *EXAMPLES, "-o", str(out)).exit_code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_serve_on_a_taken_port_is_one_line_and_exit_2(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), "--store", f"sqlite:///{tmp_path / 'r.db'}")
    assert result.exit_code == 2
    assert f"127.0.0.1:{port}" in result.stderr and "cannot listen" in result.stderr
