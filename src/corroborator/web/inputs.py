"""Requests to ``Article`` values, through the same ingest code as the command line.

A request is JSON per the contract (``{"articles": [...]}`` or ``{"article": {...}, "sources": [...]}``) or a
form (``multipart/form-data``, what the page sends): pasted texts in ``text`` fields (with ``title`` fields in
the same order) and uploaded files in ``file`` fields; for an audit the article is the ``article`` text or the
``article_file`` upload. Uploads are read by their extension exactly as files are on the command line.
JSON fields other than these (and an article's ``ARTICLE_FIELDS``) are refused, not ignored; in a form, only filled-in
boxes and chosen files count as texts.
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
    # Parts of one form, filled in or not (empty boxes do not count as texts, but each costs parsing).
    max_form_parts: int = 1000


# What an article of a JSON request may hold (``ingest.records``); anything else is refused with its name. A
# report's own ``sources`` may be sent back: ``outlet`` is how it names ``source``, and its ``path`` is ignored.
ARTICLE_FIELDS = ("id", "title", "text", "source", "outlet", "date", "url", "path")


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
    records = _records(_object(data, ("articles",)), "articles")
    return _checked(articles_from_records(records, origin="articles"), limits, minimum=2)


def audit_from_json(data: Any, limits: Limits) -> AuditInput:
    body = _object(data, ("article", "sources"))
    article = body.get("article")
    if not isinstance(article, Mapping):
        raise ApiError(422, "invalid_request", "'article' must be an object with a 'text' field")
    sources = articles_from_records(_records(body, "sources"), origin="sources")
    if not sources:
        raise ApiError(422, "too_few_articles", "an audit needs at least one source")
    (own,) = articles_from_records([_known(article, ARTICLE_FIELDS, "article: ")], origin="article")
    return _audit_input(own, sources, limits)


def _no_files_in_text_fields(form: Any) -> None:
    """A file sent in a field meant for pasted text would otherwise be dropped without a word."""
    for field in ("text", "title", "article", "article_title"):
        if any(not isinstance(v, str) for v in form.getlist(field)):
            upload = "'article_file'" if field.startswith("article") else "'file'"
            raise ApiError(422, "invalid_request", f"field '{field}' holds a file: send files in {upload}")


def _filled_in(form: Any, limits: Limits) -> None:
    """Too many texts, counting only filled-in boxes and chosen files, is refused before any upload is read."""
    pasted = sum(isinstance(v, str) and bool(v.strip()) for f in ("text", "article") for v in form.getlist(f))
    chosen = sum(bool(getattr(v, "filename", None)) for f in ("file", "article_file") for v in form.getlist(f))
    _at_most(pasted + chosen, limits)


def compare_from_form(form: Any, limits: Limits) -> list[Article]:
    _no_files_in_text_fields(form)
    _filled_in(form, limits)
    pasted = _pasted(form.getlist("text"), form.getlist("title"), "pasted")
    uploaded = read_uploads(_files(form.getlist("file")), limits)
    return _checked(unique_ids([*pasted, *uploaded]), limits, minimum=2)


def audit_from_form(form: Any, limits: Limits) -> AuditInput:
    _no_files_in_text_fields(form)
    _filled_in(form, limits)
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


def _object(data: Any, fields: Sequence[str]) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ApiError(422, "invalid_request", f"expected a JSON object, got {json_kind(data)}")
    return _known(data, fields, "")


def _known(data: Mapping[str, Any], fields: Sequence[str], where: str) -> Mapping[str, Any]:
    """``data``, or a 422 naming its fields not in ``fields`` (a misspelt or unsupported option is not ignored)."""
    unknown = [repr(str(k)[:60]) for k in data if k not in fields]
    if unknown:
        raise ApiError(422, "invalid_request", f"{where}unknown field{'s' if len(unknown) > 1 else ''} "
                       f"{', '.join(unknown)} (known: {', '.join(fields)})")
    return data


def _records(body: Mapping[str, Any], key: str) -> list[Any]:
    """The list ``body[key]``, each of its objects holding only ``ARTICLE_FIELDS``."""
    value = body.get(key)
    if not isinstance(value, list):
        raise ApiError(422, "invalid_request", f"'{key}' must be a list of objects with a 'text' field")
    for n, record in enumerate(value, start=1):
        if isinstance(record, Mapping):  # anything else is refused by ``articles_from_records``
            _known(record, ARTICLE_FIELDS, f"{key}: record {n}: ")
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
    _at_most(len(articles), limits)
    return _within_chars(check_lengths(articles), limits)


def _at_most(texts: int, limits: Limits) -> None:
    if texts > limits.max_articles:
        raise ApiError(422, "too_many_articles",
                       f"{texts} texts is over the limit of {limits.max_articles} per request")


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
    _at_most(1 + len(sources), limits)
    _within_chars(check_lengths([article, *sources]), limits)
    return AuditInput(article, sources)
