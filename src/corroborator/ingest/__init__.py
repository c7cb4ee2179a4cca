"""Ingest: files, folders and standard input to ``Article`` values.

    read_paths(paths, stdin)       files, folders (recursive, sorted), "-"; ids unique across all of them
     └── read_file(path)           one file, by extension
          ├── .txt .md             text.py     one article; headline rule; minimal Markdown stripping
          ├── .html .htm           html.py     one article; trafilatura text and metadata
          ├── .jsonl .json .csv    records.py  many articles; ``articles_from_records`` for in-memory ones
          ├── .rss .atom .xml      feeds.py    one article per feed entry (feedparser)
          └── .warc .warc.gz       warc.py     one article per HTML response (streamed; no size limit)
    decode_bytes(data, origin)     decode.py   BOM, UTF-8, cp1252, detection; binary refused

Every problem is an ``InputError`` naming the file (``<stdin>`` for standard input) and the problem.
Files are size-checked before they are read; standard input is read up to the same limit. Only regular files
are read (a FIFO would block forever). ``read_paths`` refuses an article longer than ``MAX_ARTICLE_CHARS``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import stat
import sys
import time
from pathlib import Path
from typing import BinaryIO, Sequence

from ..errors import InputError
from ..model import Article
from ..settings import MAX_INPUT_BYTES
from . import feeds, html, records, text, warc
from .decode import decode_bytes
from .ids import unique_ids
from .records import articles_from_records

__all__ = [
    "CORPUS_EXTENSIONS",
    "MAX_ARTICLE_CHARS",
    "STDIN",
    "SUPPORTED_EXTENSIONS",
    "articles_from_records",
    "check_lengths",
    "decode_bytes",
    "read_file",
    "read_paths",
    "read_stdin",
]

log = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".jsonl", ".json", ".csv")
# Feeds and WARC files are corpus inputs (``ingest``): read_file reads them, folders yield them on request.
CORPUS_EXTENSIONS: tuple[str, ...] = SUPPORTED_EXTENSIONS + feeds.EXTENSIONS + warc.EXTENSIONS
STDIN = "<stdin>"  # how errors name standard input; its articles have path "-" and id "stdin"
PIPE_WAIT_SECONDS = 2.0  # how long a named pipe nobody writes to is given before it reads as empty
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's ``nlp.max_length``: the analysis refuses longer texts
_EXPECTED = ", ".join(SUPPORTED_EXTENSIONS)


def read_paths(
    paths: Sequence[str], stdin: BinaryIO | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> list[Article]:
    """Articles from files, folders and "-" (one article from ``stdin``), in order, with unique ids."""
    found: list[Article] = []
    if list(paths).count("-") > 1:
        raise InputError(STDIN, "'-' given more than once (standard input holds one article)")
    for given in paths:
        if given == "-":
            found.append(read_stdin(sys.stdin.buffer if stdin is None else stdin, max_bytes))
        else:
            found.extend(_read_path(given, max_bytes))
    return unique_ids(check_lengths(found))


def check_lengths(articles: list[Article]) -> list[Article]:
    """The articles, or an InputError naming the first one too long to analyse (over ``MAX_ARTICLE_CHARS``)."""
    for article in articles:
        if len(article.text) > MAX_ARTICLE_CHARS:
            label = STDIN if article.path == "-" else article.path or article.id
            raise InputError(
                label, f"article {article.id!r} is {len(article.text):,} characters long, over the "
                f"{MAX_ARTICLE_CHARS:,} characters that can be analysed"
            )
    return articles


def read_file(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> list[Article]:
    """The articles in one file, read by its extension (see ``SUPPORTED_EXTENSIONS``)."""
    if not Path(path).exists():
        raise InputError(str(path), "no such file or folder")
    return _read_file(Path(path), str(path), max_bytes)


def read_stdin(stream: BinaryIO, max_bytes: int = MAX_INPUT_BYTES) -> Article:
    """One article from a byte stream: HTML if it starts like a page, else plain text."""
    data = _read_limited(stream, STDIN, max_bytes)
    if not data:
        raise InputError(STDIN, "no input on standard input")
    content = _decode(data, STDIN, html.declared_charset(data))
    if html.looks_like_html(content):
        return dataclasses.replace(html.html_article(content, id="stdin", path=STDIN), path="-")
    return text.text_article(content, id="stdin", path="-")


def _read_path(given: str, max_bytes: int) -> list[Article]:
    path = Path(given)
    if path.is_dir():
        return _read_folder(path, max_bytes)
    if not path.exists():
        raise InputError(given, "no such file or folder")
    return _read_file(path, given, max_bytes)


def _read_folder(folder: Path, max_bytes: int) -> list[Article]:
    found: list[Article] = []
    for path in _folder_files(folder):
        found.extend(_read_file(path, str(path), max_bytes, pipes=False))  # a pipe nobody writes would hang
    if not found:
        raise InputError(str(folder), f"no articles found in folder (looked for {_EXPECTED})")
    return found


def _folder_files(folder: Path, extensions: tuple[str, ...] = SUPPORTED_EXTENSIONS) -> list[Path]:
    """Readable files under ``folder``, sorted; hidden files and folders and other extensions skipped."""

    def fail(exc: OSError) -> None:
        raise InputError(str(exc.filename or folder), f"cannot read folder: {exc.strerror}")

    files: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=fail):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or _suffix(Path(name)) not in extensions:
                log.debug("skipping %s", Path(root, name))
                continue
            files.append(Path(root, name))
    return sorted(files)


def _read_file(path: Path, label: str, max_bytes: int, pipes: bool = True) -> list[Article]:
    suffix = _suffix(path)
    if pipes and _is_pipe(path) and suffix not in warc.EXTENSIONS:
        return _read_pipe(path, label, max_bytes, suffix)
    if suffix not in CORPUS_EXTENSIONS:
        kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
        raise InputError(label, f"unsupported file type {kind} (expected {_EXPECTED})")
    size = _regular_file_size(path, label)
    if suffix in warc.EXTENSIONS:
        return unique_ids(warc.read_warc_file(path, path=label))
    data = _read_bytes(path, label, size, max_bytes)
    if not data:
        raise InputError(label, "empty file")
    if suffix in feeds.EXTENSIONS:
        return unique_ids(feeds.read_feed(data, path=label, stem=path.stem))
    declared = html.declared_charset(data) if suffix in (".html", ".htm") else None
    return unique_ids(_parse(suffix, _decode(data, label, declared), label, path.stem))


def _is_pipe(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(path.stat().st_mode)
    except OSError:
        return False


def _read_pipe(path: Path, label: str, max_bytes: int, suffix: str) -> list[Article]:
    """A named pipe (``compare <(curl -s URL) b.txt``): read once, up to the limit; by its extension if it has
    one we read, else as standard input is (HTML if it starts like a page, else text)."""
    try:
        # Opened without waiting for a writer, which is given a moment to come: a FIFO nobody writes to reads as
        # empty instead of hanging.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as stream:
            data = _read_limited(stream, label, max_bytes)
            waited = 0.0
            while not data and waited < PIPE_WAIT_SECONDS:
                time.sleep(0.05)
                waited += 0.05
                data = _read_limited(stream, label, max_bytes)
    except OSError as exc:
        raise InputError(label, f"cannot read: {exc.strerror or exc}") from exc
    if not data:
        raise InputError(label, "empty input (a pipe nothing was written to)")
    if suffix in feeds.EXTENSIONS:
        return unique_ids(feeds.read_feed(data, path=label, stem=path.stem))
    content = _decode(data, label, html.declared_charset(data))
    if suffix in CORPUS_EXTENSIONS:
        return unique_ids(_parse(suffix, content, label, path.stem))
    if html.looks_like_html(content):
        return [html.html_article(content, id=f"pipe-{path.name}", path=label)]
    return [text.text_article(content, id=f"pipe-{path.name}", path=label)]


def _parse(suffix: str, content: str, label: str, stem: str) -> list[Article]:
    if suffix == ".txt":
        return [text.text_article(content, id=stem, path=label)]
    if suffix == ".md":
        return [text.markdown_article(content, id=stem, path=label)]
    if suffix in (".html", ".htm"):
        return [html.html_article(content, id=stem, path=label)]
    if suffix == ".jsonl":
        return records.read_jsonl(content, path=label, stem=stem)
    if suffix == ".json":
        return records.read_json(content, path=label, stem=stem)
    return records.read_csv(content, path=label, stem=stem)


def _suffix(path: Path) -> str:
    """The lower-cased extension, ``.warc.gz`` counting as one."""
    return ".warc.gz" if path.name.lower().endswith(".warc.gz") else path.suffix.lower()


def _decode(data: bytes, label: str, declared: str | None = None) -> str:
    content = decode_bytes(data, label, declared)
    if not content.strip():
        raise InputError(label, "no text")
    return content


def _regular_file_size(path: Path, label: str) -> int:
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(label, f"cannot read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(label, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(label, "not a regular file (a pipe, socket or device)")
    return info.st_size


def _read_bytes(path: Path, label: str, size: int, max_bytes: int) -> bytes:
    if size > max_bytes:
        raise InputError(label, f"file is {_size(size)}, over the {_size(max_bytes)} limit")
    try:
        with path.open("rb") as stream:
            return _read_limited(stream, label, max_bytes)
    except OSError as exc:
        raise InputError(label, f"cannot read: {exc.strerror or exc}") from exc


def _read_limited(stream: BinaryIO, label: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(label, f"input is over the {_size(max_bytes)} limit")
    return data


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"
