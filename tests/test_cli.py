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
    assert data["reprints"] == []  # always there: no two of these sources copy each other
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


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["compare", "--format", "bogus", *EXAMPLES], "'bogus' is not one of"),
        (["compare", "--frobnicate", *EXAMPLES], "No such option: --frobnicate"),
        (["audit", EXAMPLES[0], "--sources", EXAMPLES[1], "--fail-under", "abc"], "--fail-under"),
        (["nosuchcommand"], "No such command 'nosuchcommand'"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args, problem):
    """The installed entry point (``corroborator.cli:main``), not the Typer app the other tests drive."""
    proc = subprocess.run([sys.executable, "-c", "from corroborator.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and problem in proc.stderr, proc.stderr
    assert "--help" in proc.stderr and proc.stdout == ""


def test_no_arguments_still_print_the_help():
    proc = subprocess.run([sys.executable, "-c", "from corroborator.cli import main; main()"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "compare" in proc.stdout + proc.stderr


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
    out.chmod(0o664)  # a report written over keeps the permissions its owner gave it
    assert run("compare", *EXAMPLES, "-o", str(out)).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o664


def test_serve_on_a_taken_port_is_one_line_and_exit_2(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port), "--store", f"sqlite:///{tmp_path / 'r.db'}")
    assert result.exit_code == 2
    assert f"127.0.0.1:{port}" in result.stderr and "cannot listen" in result.stderr


def test_serve_can_restart_on_a_port_whose_last_connections_are_closing():
    import socket

    from corroborator.cli.serve import _check_port_free

    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = server.accept()
        accepted.close()  # the server side closes first: its end of the connection waits (TIME_WAIT) on the port
        client.close()
    _check_port_free("127.0.0.1", port)  # a restart right after a stop: uvicorn binds with SO_REUSEADDR too


# --- -o: never an input, named in every error, pipes and links written through ---------------------------------

PAIR = '{"id": 1, "doc": "Merz met Zelensky in Berlin on Monday.", "claim": "Merz met Zelensky."}\n'


@pytest.mark.parametrize("command", ["compare", "audit", "pairs"])
def test_output_that_is_one_of_the_inputs_is_refused_and_left_alone(tmp_path, command):
    given = tmp_path / ("in.jsonl" if command == "pairs" else "in.txt")
    given.write_bytes(PAIR.encode() if command == "pairs" else Path(EXAMPLES[1]).read_bytes())
    before = given.read_bytes()
    args = {
        "compare": ["compare", EXAMPLES[0], str(given)],
        "audit": ["audit", EXAMPLES[0], "--sources", str(tmp_path)],  # the input is inside a --sources folder
        "pairs": ["audit", "--pairs", str(given), "--verifier", "lexical"],
    }[command]
    result = run(*args, "-o", str(given))
    assert result.exit_code == 2
    assert result.stderr == f"corroborator: error: {given}: cannot write output: it is one of the inputs\n"
    assert given.read_bytes() == before and sorted(tmp_path.iterdir()) == [given]


def test_output_errors_name_the_output_not_a_temporary_file(tmp_path, monkeypatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    result = run("compare", *EXAMPLES, "-o", str(folder))
    assert result.exit_code == 2
    assert result.stderr == f"corroborator: error: {folder}: cannot write output: it is a folder\n"

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(folder / ".r.json.abc.tmp"))

    monkeypatch.setattr("corroborator.cli.common.tempfile.mkstemp", refused)  # a read-only folder, even as root
    out = folder / "r.json"
    result = run("compare", *EXAMPLES, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"corroborator: error: {out}: cannot write output: Permission denied\n"


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    target, link = tmp_path / "real.json", tmp_path / "link.json"
    target.write_text("old\n", encoding="utf-8")
    link.symlink_to(target.name)
    assert run("compare", *EXAMPLES, "-o", str(link)).exit_code == 0
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["schema"] == "corroborator.compare/1"


def test_output_to_a_fifo_writes_into_it(tmp_path):
    """A pipe (or device: ``-o /dev/stdout``) cannot be renamed over; it was replaced by a regular file."""
    import stat
    import threading

    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("compare", *EXAMPLES, "-o", str(fifo))
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and json.loads(received[0])["schema"] == "corroborator.compare/1"


# --- audit --pairs files -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "no rows in file"),
        (b" \n\n", "no rows in file"),
        (b"[" * 100_000 + b"]" * 100_000 + b"\n", "line 1: not valid JSON (nested too deeply)"),
        (b'{"id": ' + b"9" * 5000 + b', "doc": "a", "claim": "b"}\n',
         "line 1: not valid JSON (a number with too many digits)"),
        (b'{"id": NaN, "doc": "a b", "claim": "a"}\n', "line 1: not valid JSON (NaN is not a JSON number)"),
    ],
)
def test_pairs_file_without_usable_rows_is_exit_2(tmp_path, content, problem):
    pairs, out = tmp_path / "pairs.jsonl", tmp_path / "out.jsonl"
    pairs.write_bytes(content)
    result = run("audit", "--pairs", str(pairs), "-o", str(out), "--verifier", "lexical")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"corroborator: error: {pairs}: {problem}") and result.stderr.count("\n") == 1
    assert not out.exists()


def test_pairs_file_with_a_utf8_bom_is_read(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(b"\xef\xbb\xbf" + PAIR.encode())
    result = run("audit", "--pairs", str(pairs), "--verifier", "lexical")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == 1


def test_pairs_fifo_is_refused_not_waited_for(tmp_path):
    fifo = tmp_path / "pairs.jsonl"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [sys.executable, "-m", "corroborator.cli", "audit", "--pairs", str(fifo), "--verifier", "lexical"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"corroborator: error: {fifo}: not a regular file (a pipe, socket or device)\n"


# --- corpora -------------------------------------------------------------------------------------------------


def test_ingest_from_standard_input_says_it_is_not_supported(tmp_path):
    pytest.importorskip("sqlalchemy")
    result = run("ingest", "-", "--store", f"sqlite:///{tmp_path / 'c.db'}", "-q", input=b"Some text.")
    assert result.exit_code == 2
    assert result.stderr == (
        "corroborator: error: -: ingest reads files and folders, not standard input (save it to a file first)\n"
    )


def test_compare_story_with_an_article_too_long_to_analyse_is_exit_2(tmp_path):
    pytest.importorskip("sqlalchemy")
    url = f"sqlite:///{tmp_path / 'c.db'}"
    corpus = tmp_path / "long.jsonl"
    corpus.write_text(json.dumps({"id": "long", "text": "Talks went on. " * 70_000}) + "\n", encoding="utf-8")
    assert run("ingest", str(corpus), "--store", url, "-q").exit_code == 0
    [story] = json.loads(run("stories", "--store", url, "--format", "json").stdout)["stories"]
    result = run("compare", "--story", story["id"], "--store", url)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"corroborator: error: {corpus}: article 'long' is 1,049,999 characters long")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
@pytest.mark.parametrize("command", ["ingest", "stories", "compare", "serve"])
def test_an_in_memory_store_is_refused_where_it_would_keep_nothing(tmp_path, command, url):
    article = tmp_path / "a.txt"
    article.write_text("The talks lasted five hours in Berlin on Monday.", encoding="utf-8")
    args = {"ingest": [str(article)], "stories": [], "compare": ["--story", "s1"], "serve": ["--port", "1"]}[command]
    result = run(command, *args, "--store", url)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and url in result.stderr and "in-memory" in result.stderr


def test_compare_story_refuses_to_write_over_its_own_store(tmp_path):
    pytest.importorskip("sqlalchemy")
    db = tmp_path / "c.db"
    assert run("ingest", *EXAMPLES, "--store", f"sqlite:///{db}", "-q").exit_code == 0
    story = json.loads(run("stories", "--store", f"sqlite:///{db}", "--format", "json").stdout)["stories"][0]["id"]
    before = db.read_bytes()
    result = run("compare", "--story", story, "--store", f"sqlite:///{db}", "-o", str(db))
    assert result.exit_code == 2
    assert result.stderr == f"corroborator: error: {db}: cannot write output: it is one of the inputs\n"
    assert db.read_bytes() == before


def test_dash_as_output_is_standard_output(tmp_path):
    result = subprocess.run([sys.executable, "-m", "corroborator.cli", "compare", *EXAMPLES, "-o", "-", "-f", "json"],
                            capture_output=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == "corroborator.compare/1"
    assert not (tmp_path / "-").exists()


def test_terminal_escapes_in_an_article_never_reach_the_terminal(tmp_path):
    hostile = tmp_path / "ansi.txt"
    hostile.write_text("Friedrich Merz met Volodymyr Zelensky in Berlin on Sunday \x1b[2J\x1b]0;pwned\x07 for five hours.\n")
    for command in (["compare", str(hostile), EXAMPLES[1]], ["audit", str(hostile), "--sources", EXAMPLES[1]]):
        result = run(*command, "-f", "text")
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\ufffd[2J" in result.stdout  # shown, defused
    markdown = run("audit", str(hostile), "--sources", EXAMPLES[1], "-f", "markdown")
    assert "\x1b" not in markdown.stdout and "\ufffd\\[2J" in markdown.stdout  # defused, then escaped as Markdown
    hostile.write_text("Friedrich Merz met Volodymyr Zelensky in Berlin \u202eyadnuS no\u202c for five hours.\n")
    assert "\u202e" not in run("compare", str(hostile), EXAMPLES[1], "-f", "text").stdout  # no reordering either


def test_pairs_refuses_options_that_do_not_apply(tmp_path):
    pairs = tmp_path / "p.jsonl"
    pairs.write_text('{"id": 1, "doc": "The sky is blue.", "claim": "The sky is blue."}\n')
    for extra in (["--fail-under", "0.5"], ["--format", "html"]):
        result = run("audit", "--pairs", str(pairs), *extra)
        assert result.exit_code == 2 and "do not apply" in result.stderr


def test_a_missing_extra_is_named_not_an_internal_error(capsys):
    import typer

    from corroborator.cli.common import run_guarded

    def needs_the_store() -> None:
        raise ModuleNotFoundError("No module named 'sqlalchemy'", name="sqlalchemy")

    with pytest.raises(typer.Exit) as exited:
        run_guarded(needs_the_store)
    assert exited.value.exit_code == 2
    assert capsys.readouterr().err.strip() == (
        "corroborator: error: this needs the corpus extra (sqlalchemy is not installed): "
        "pip install '.[corpus]' in corroborator's folder")

    def broken() -> None:
        raise ModuleNotFoundError("No module named 'nothing_we_use'", name="nothing_we_use")

    with pytest.raises(typer.Exit) as exited:
        run_guarded(broken)
    assert exited.value.exit_code == 3  # not an extra of ours: an internal error
