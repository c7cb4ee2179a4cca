"""WARC files (``.warc``, ``.warc.gz``), as Common Crawl's CC-NEWS ships them: one article per HTML response.

Only ``response`` records with HTTP status 200 and an HTML content type are read; the page goes through
``html.html_article`` (trafilatura), so text and metadata match a saved ``.html`` file. The record's
``WARC-Target-URI`` is the url when the page names none, and ``WARC-Date`` the date when it has none.
Pages without article text (index pages, paywalls) are skipped and counted in the log; a WARC with no article
at all is an ``InputError``, and so is a file cut short (a truncated download). Ids: ``<file stem>-<n>``, n the 1-based number among the file's articles.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import logging
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from ..errors import InputError
from ..model import Article
from .decode import decode_bytes
from .html import declared_charset, html_article
from .records import normalise_date

log = logging.getLogger(__name__)

EXTENSIONS = (".warc", ".warc.gz")
GZIP_MAGIC = b"\x1f\x8b"


def read_warc_file(file: Path, *, path: str) -> list[Article]:
    """The articles of a WARC file, streamed (CC-NEWS files are about 1 GB, so no size limit applies)."""
    try:
        with file.open("rb") as stream:
            if not _ends_a_record(stream):
                raise InputError(path, "truncated: the file does not end with a complete WARC record")
            return read_warc(stream, path=path, stem=warc_stem(file.name))
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc


def read_warc(stream: BinaryIO, *, path: str, stem: str) -> list[Article]:
    found: list[Article] = []
    skipped = 0
    try:
        for record in _records(_decompressed(stream), path):
            page = _html_page(record)
            if page is None:
                continue
            article = _article(page, record, path, f"{stem}-{len(found) + 1}")
            if article is None:
                skipped += 1
            else:
                found.append(article)
    except _CutShort as exc:
        raise InputError(path, f"truncated or corrupt gzip data ({exc.__cause__})") from exc
    if skipped:
        log.info("%s: %d pages without article text skipped", path, skipped)
    if not found:
        raise InputError(path, "no HTML page with article text in the WARC file")
    return found


class _CutShort(Exception):
    """The compressed stream ended early or is corrupt (not an ``EOFError``: warcio reads that as the end)."""


class _GzipChecked:
    """A gzipped WARC read through ``gzip``, which notices where the file was cut short: warcio's own decompression
    stops there silently, and a truncated download would pass as a shorter crawl."""

    def __init__(self, stream: BinaryIO) -> None:
        self._gzip = gzip.GzipFile(fileobj=stream, mode="rb")

    def read(self, size: int = -1) -> bytes:
        try:
            return self._gzip.read(size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise _CutShort() from exc

    def tell(self) -> int:
        return self._gzip.tell()


def _decompressed(stream: BinaryIO) -> BinaryIO:
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    if buffered.peek(2)[:2] == GZIP_MAGIC:  # type: ignore[attr-defined]
        return _GzipChecked(buffered)  # type: ignore[return-value]
    return buffered


def _ends_a_record(stream: BinaryIO) -> bool:
    """Does an uncompressed WARC end as every record does, with a blank line? A file cut inside a record's header
    would otherwise end the crawl silently (warcio reads a header cut short as the end). A gzipped one is
    checked as it is read (``_GzipChecked``)."""
    if stream.read(2) == GZIP_MAGIC:
        stream.seek(0)
        return True
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - 4))
    tail = stream.read()
    stream.seek(0)
    return size == 0 or tail.endswith(b"\n\n") or tail.endswith(b"\r\n\r\n")


def _records(stream: BinaryIO, path: str) -> Iterator[object]:
    """The WARC's records; a header warcio cannot parse (a plain WARC cut short in a header, say) is a one-line
    input error naming the file, not a traceback."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = iter(ArchiveIterator(stream))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except ArchiveLoadFailed as exc:
            raise InputError(path, f"not a WARC file ({exc})") from exc
        except (AttributeError, ValueError, TypeError) as exc:  # warcio's parser on a broken header
            raise InputError(path, f"malformed WARC record header ({exc})") from exc
        yield record
        if _cut_short(record):
            uri = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
            raise InputError(path, f"truncated: the file ends inside the record of {uri or 'an unnamed target'}")


def _cut_short(record: object) -> bool:
    """Did the file end before the record's declared length? (Read to its end first, as warcio would.)"""
    body = getattr(record, "raw_stream", None)
    if body is None or not hasattr(body, "limit"):
        return False
    while body.read(1 << 16):
        pass
    return body.limit > 0


def warc_stem(name: str) -> str:
    """``news-2026.warc.gz`` -> ``news-2026``."""
    for ext in (".warc.gz", ".warc"):
        if name.lower().endswith(ext):
            return name[: -len(ext)]
    return name


def _html_page(record: object) -> bytes | None:
    if getattr(record, "rec_type", None) != "response" or record.http_headers is None:  # type: ignore[attr-defined]
        return None
    headers = record.http_headers  # type: ignore[attr-defined]
    if headers.get_statuscode() != "200" or "html" not in (headers.get_header("Content-Type") or "").lower():
        return None
    return record.content_stream().read()  # type: ignore[attr-defined]


def _article(page: bytes, record: object, path: str, article_id: str) -> Article | None:
    uri = record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]
    label = f"{path} ({uri})"
    try:
        html = decode_bytes(page, label, declared_charset(page))
        article = html_article(html, id=article_id, path=path)
    except InputError as exc:
        log.debug("%s", exc)
        return None
    warc_date = record.rec_headers.get_header("WARC-Date")  # type: ignore[attr-defined]
    return dataclasses.replace(
        article,
        url=article.url or uri,
        date=article.date or (normalise_date(warc_date) if warc_date else None),
    )
