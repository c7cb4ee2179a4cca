"""Requests to ``Article`` values, through the same ingest code as the command line.

A request is JSON per the contract (``{"articles": [...]}`` or ``{"article": {...}, "sources": [...]}``) or a
form (``multipart/form-data``, what the page sends): pasted texts in ``text`` fields (with ``title`` fields in
the same order) and uploaded files in ``file`` fields; for an audit the article is the ``article`` text or the
``article_file`` upload. Uploads are read by their extension exactly as files are on the command line.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..errors import InputError
from ..ingest import SUPPORTED_EXTENSIONS, articles_from_records, check_lengths, read_file
from ..ingest.records import json_kind, json_limit, loads
from ..ingest.ids import unique_ids
from ..ingest.text import text_article
from ..model import Article
from ..settings import MAX_INPUT_BYTES
from .errors import ApiError


@dataclass(frozen=True)
class Limits:
    """What one request may hold. A body over ``max_body_bytes`` gets 413; too many articles 422."""

    max_body_bytes: int = 8 * 1024 * 1024
    max_articles: int = 12
    max_file_bytes: int = MAX_INPUT_BYTES
    # Texts of one request together: every text is checked against every other, so the work grows with the
    # square of the count (12 texts of 16,600 characters of near-identical sentences, the worst case: 33 s and
    # 760 MB on two cores, against 22 GB before this limit); a dozen news articles are ~60,000. The command line
    # has no such limit.
    max_chars: int = 200_000


@dataclass(frozen=True)
class AuditInput:
    article: Article
    sources: list[Article]


def parse_json(body: bytes) -> Any:
    """The body as JSON, or a 400 naming the problem."""
    if not body.strip():
        raise ApiError(400, "invalid_json", "empty request body: send a JSON object")
    try:
        text = body.decode("utf-8-sig")  # a byte-order mark is allowed, as in files
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid_json", f"request body is not UTF-8 (byte {exc.start})") from exc
    try:
        return loads(text)
    except json.JSONDecodeError as exc:
        raise ApiError(400, "invalid_json", f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except (RecursionError, ValueError) as exc:
        raise ApiError(400, "invalid_json", f"invalid JSON: {json_limit(exc)}") from exc


def compare_from_json(data: Any, limits: Limits) -> list[Article]:
    records = _list_field(_object(data), "articles")
    return _checked(articles_from_records(records, origin="articles"), limits, minimum=2)


def audit_from_json(data: Any, limits: Limits) -> AuditInput:
    body = _object(data)
    article = body.get("article")
    if not isinstance(article, Mapping):
        raise ApiError(422, "invalid_request", "'article' must be an object with a 'text' field")
    sources = articles_from_records(_list_field(body, "sources"), origin="sources")
    if not sources:
        raise ApiError(422, "too_few_articles", "an audit needs at least one source")
    (own,) = articles_from_records([article], origin="article")
    return _audit_input(own, sources, limits)


def _no_files_in_text_fields(form: Any) -> None:
    """A file sent in a field meant for pasted text would otherwise be dropped without a word."""
    for field in ("text", "title", "article", "article_title"):
        if any(not isinstance(v, str) for v in form.getlist(field)):
            upload = "'article_file'" if field.startswith("article") else "'file'"
            raise ApiError(422, "invalid_request", f"field '{field}' holds a file: send files in {upload}")


def compare_from_form(form: Any, limits: Limits) -> list[Article]:
    _no_files_in_text_fields(form)
    pasted = _pasted(form.getlist("text"), form.getlist("title"), "pasted")
    uploaded = read_uploads(_files(form.getlist("file")), limits)
    return _checked(unique_ids([*pasted, *uploaded]), limits, minimum=2)


def audit_from_form(form: Any, limits: Limits) -> AuditInput:
    _no_files_in_text_fields(form)
    own = _pasted([form.get("article") or ""], [form.get("article_title") or ""], "article")
    own += read_uploads(_files([form.get("article_file")]), limits)
    if len(own) != 1:
        raise ApiError(422, "invalid_request", "give the article to audit once: paste it or upload one file"
                       if own else "empty submission: paste or upload the article to audit")
    sources = [*_pasted(form.getlist("text"), form.getlist("title"), "source"),
               *read_uploads(_files(form.getlist("file")), limits)]
    return _audit_input(own[0], sources, limits)


def read_uploads(uploads: Sequence[tuple[str, bytes]], limits: Limits) -> list[Article]:
    """Uploaded files read by extension, as the command line reads files; errors name the uploaded file."""
    found: list[Article] = []
    with tempfile.TemporaryDirectory(prefix="corroborator-upload-") as tmp:
        for n, (name, data) in enumerate(uploads):
            base = Path(name.replace("\\", "/")).name or f"upload-{n + 1}"
            if Path(base).suffix.lower() not in SUPPORTED_EXTENSIONS:
                raise InputError(base, f"unsupported file type (expected {', '.join(SUPPORTED_EXTENSIONS)})")
            folder = Path(tmp, str(n))
            folder.mkdir()
            (folder / base).write_bytes(data)
            try:
                articles = read_file(folder / base, max_bytes=limits.max_file_bytes)
            except InputError as exc:
                raise InputError(base, exc.problem) from None
            found.extend(dataclasses.replace(a, path=base) for a in articles)
    return found


def _object(data: Any) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ApiError(422, "invalid_request", f"expected a JSON object, got {json_kind(data)}")
    return data


def _list_field(body: Mapping[str, Any], key: str) -> list[Any]:
    value = body.get(key)
    if not isinstance(value, list):
        raise ApiError(422, "invalid_request", f"'{key}' must be a list of objects with a 'text' field")
    return value


def _pasted(texts: Sequence[Any], titles: Sequence[Any], stem: str) -> list[Article]:
    found = []
    for n, text in enumerate(texts):
        if not isinstance(text, str) or not text.strip():
            continue
        title = titles[n].strip() if n < len(titles) and isinstance(titles[n], str) else ""
        article = text_article(text.replace("\r\n", "\n").strip(), id=f"{stem}-{n + 1}", path=f"{stem} {n + 1}")
        found.append(dataclasses.replace(article, title=title or article.title))
    return found


def _files(values: Sequence[Any]) -> list[tuple[str, bytes]]:
    """(file name, bytes) of the uploads given; empty file inputs (no file chosen) are skipped."""
    out = []
    for v in values:
        if v is None or isinstance(v, str) or not getattr(v, "filename", None):
            continue
        out.append((str(v.filename), v.file.read()))
    return out


def _checked(articles: list[Article], limits: Limits, minimum: int) -> list[Article]:
    if not articles:
        raise ApiError(422, "too_few_articles", "empty submission: paste or upload at least two articles")
    if len(articles) < minimum:
        raise ApiError(422, "too_few_articles", f"a comparison needs at least {minimum} articles, got {len(articles)}")
    if len(articles) > limits.max_articles:
        raise ApiError(422, "too_many_articles",
                       f"{len(articles)} articles is over the limit of {limits.max_articles} per request")
    return _within_chars(check_lengths(articles), limits)


def _within_chars(articles: list[Article], limits: Limits) -> list[Article]:
    total = sum(len(a.text) for a in articles)
    if total > limits.max_chars:
        raise ApiError(422, "too_much_text",
                       f"{total:,} characters of text is over the limit of {limits.max_chars:,} per request "
                       "(use the command line for longer texts)")
    return articles


def _audit_input(article: Article, sources: list[Article], limits: Limits) -> AuditInput:
    if not sources:
        raise ApiError(422, "too_few_articles", "an audit needs at least one source: paste or upload it")
    if 1 + len(sources) > limits.max_articles:
        raise ApiError(422, "too_many_articles",
                       f"{1 + len(sources)} texts is over the limit of {limits.max_articles} per request")
    _within_chars(check_lengths([article, *sources]), limits)
    return AuditInput(article, sources)
