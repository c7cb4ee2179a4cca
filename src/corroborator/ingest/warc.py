"""WARC files (``.warc``, ``.warc.gz``), as Common Crawl's CC-NEWS ships them: one article per HTML response.

Only ``response`` records with HTTP status 200 and an HTML content type are read; the page goes through
``html.html_article`` (trafilatura), so text and metadata match a saved ``.html`` file. The record's
``WARC-Target-URI`` is the url when the page names none, and ``WARC-Date`` the date when it has none.
Pages without article text (index pages, paywalls) are skipped and counted in the log; a WARC with no article
at all is an ``InputError``. Ids: ``<file stem>-<n>``, n the 1-based number among the file's articles.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..model import Article
from .decode import decode_bytes
from .html import declared_charset, html_article
from .records import normalise_date

log = logging.getLogger(__name__)

EXTENSIONS = (".warc", ".warc.gz")


def read_warc_file(file: Path, *, path: str) -> list[Article]:
    """The articles of a WARC file, streamed (CC-NEWS files are about 1 GB, so no size limit applies)."""
    try:
        with file.open("rb") as stream:
            return read_warc(stream, path=path, stem=warc_stem(file.name))
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc


def read_warc(stream: BinaryIO, *, path: str, stem: str) -> list[Article]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found: list[Article] = []
    skipped = 0
    try:
        for record in ArchiveIterator(stream):
            page = _html_page(record)
            if page is None:
                continue
            article = _article(page, record, path, f"{stem}-{len(found) + 1}")
            if article is None:
                skipped += 1
            else:
                found.append(article)
    except ArchiveLoadFailed as exc:
        raise InputError(path, f"not a WARC file ({exc})") from exc
    if skipped:
        log.info("%s: %d pages without article text skipped", path, skipped)
    if not found:
        raise InputError(path, "no HTML page with article text in the WARC file")
    return found


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
