"""What every command shares: the Typer app, output formats, atomic writes and the mapping of errors to exit codes."""

from __future__ import annotations

import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Callable, Iterable, Optional

import typer

from ..errors import CorroboratorError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Compare news reports claim by claim: what the sources agree on, what only one says, where they conflict.",
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Compare news reports claim by claim: what the sources agree on, what only one says, where they conflict."""


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


_EXTENSION_FORMATS = {".json": Format.json, ".md": Format.markdown, ".markdown": Format.markdown, ".txt": Format.text,
                      ".html": Format.html, ".htm": Format.html}


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"corroborator: error: {message}", err=True)
    raise typer.Exit(code)


def choose_format(fmt: Optional[Format], output: Optional[Path]) -> Format:
    """--format wins; else the output file's extension; else text on a terminal and json otherwise."""
    if fmt is not None:
        return fmt
    if not to_stdout(output):
        return _EXTENSION_FORMATS.get(output.suffix.lower(), Format.json)  # type: ignore[union-attr]
    return Format.text if sys.stdout.isatty() else Format.json


def write_atomically(path: Path, content: str) -> None:
    """Write to a temporary file beside the target, then rename: readers never see a half-written file.

    A symbolic link is followed (the file it points at is replaced, not the link). A pipe or device
    (``-o /dev/stdout``) is written to directly: there is no file to rename over it.
    """
    try:
        if path.is_dir():
            raise CorroboratorError(f"{path}: cannot write output: it is a folder")
        if path.exists() and not path.is_file():
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(content)
            return
        _replace(Path(os.path.realpath(path)) if path.is_symlink() else path, content)
    except OSError as exc:
        raise CorroboratorError(f"{path}: cannot write output: {exc.strerror or exc}") from exc


def _replace(path: Path, content: str) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CorroboratorError(f"{path}: cannot write output: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.chmod(tmp, _mode_for(path))  # mkstemp makes it owner-only; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def refuse_input_as_output(output: Optional[Path], inputs: Iterable[Optional[str]]) -> None:
    """``-o`` naming one of the inputs would replace it with the report: refuse before any work is done."""
    if to_stdout(output) or not output.is_file():  # type: ignore[union-attr]
        return
    for given in inputs:
        try:
            same = given not in (None, "-") and os.path.samefile(output, given)
        except OSError:  # an input path that no longer exists (a stored article's) cannot be the output
            continue
        if same:
            raise CorroboratorError(f"{output}: cannot write output: it is one of the inputs")


def _mode_for(path: Path) -> int:
    """The permissions of the file being replaced, or those of a new file (umask applied)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return _new_file_mode()


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def to_stdout(output: Optional[Path]) -> bool:
    """No ``-o``, or ``-o -``: the report goes to standard output."""
    return output is None or str(output) == "-"


def emit(content: str, output: Optional[Path]) -> None:
    if to_stdout(output):
        sys.stdout.write(content)
        sys.stdout.flush()
    else:
        write_atomically(output, content)  # type: ignore[arg-type]


# The package a command imports on first use, and the extra of pyproject.toml that installs it.
_EXTRA_OF = {"sqlalchemy": "corpus", "alembic": "corpus", "psycopg": "corpus", "feedparser": "corpus",
             "warcio": "corpus", "datasketch": "corpus", "scipy": "corpus", "ray": "distributed", "fastapi": "web",
             "uvicorn": "web", "multipart": "web", "transformers": "nli", "torch": "nli"}


def run_guarded(action: Callable[[], None]) -> None:
    """Run a command body, turning our errors into one line on stderr and an exit code."""
    try:
        action()
    except CorroboratorError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename or 'output'}: {exc.strerror or exc}")
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
        extra = _EXTRA_OF.get((exc.name or "").split(".")[0]) if isinstance(exc, ModuleNotFoundError) else None
        if extra is not None:
            _fail(f"this needs the {extra} extra ({exc.name} is not installed): pip install '.[{extra}]' in corroborator's folder")
        if os.environ.get("CORROBORATOR_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set CORROBORATOR_DEBUG=1 for details)", code=3)
