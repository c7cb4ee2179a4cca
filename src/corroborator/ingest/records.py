"""Many articles per file: JSON Lines, JSON and CSV records with at least a ``text`` field.

Fields: ``text`` (required, non-empty), ``title``, ``source`` (-> ``Article.outlet``), ``date``, ``url``,
``id``. A record without ``id`` gets ``<stem>-<n>``, n its 1-based record number (a single-object ``.json``
gets ``<stem>``). Text has its newlines normalised and its ends stripped; it is not searched for a headline.
Errors name the place: ``line N`` in JSON Lines and CSV, ``record N`` in JSON and in ``articles_from_records``.
CSV headers are matched case-insensitively; the delimiter (``,``, ``;`` or tab) is read off the header line.
CSV is read strictly: a quote that is never closed, or text after a closing quote, is an error (read leniently,
the first would swallow the rest of the file into one field).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ..errors import InputError
from ..model import Article
from .ids import unique_ids

_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
_OPTIONAL = {"title": "title", "source": "outlet", "date": "date", "url": "url"}
_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d")
_JSON_SHAPE = "expected a list of articles, an object with an 'articles' list, or one article with a 'text' field"


def articles_from_records(records: Iterable[Mapping[str, Any]], origin: str) -> list[Article]:
    """Articles from mappings (``record N`` in errors); ids ``<stem of origin>-<n>`` where none is given."""
    stem = Path(origin).stem or origin
    found = [
        article_from_record(record, origin=origin, where=f"record {n}", default_id=f"{stem}-{n}")
        for n, record in enumerate(records, start=1)
    ]
    return unique_ids(found)


def article_from_record(record: object, *, origin: str, where: str, default_id: str) -> Article:
    """One record to an Article; InputError(origin, "<where>: ...") when it is unusable."""
    if not isinstance(record, Mapping):
        raise InputError(origin, f"{where}: expected an object with a 'text' field, got {json_kind(record)}")
    text = record.get("text")
    if "text" not in record:
        raise InputError(origin, f"{where}: record has no 'text' field")
    if not isinstance(text, str):
        raise InputError(origin, f"{where}: 'text' must be a string, got {json_kind(text)}")
    text = storable_text(text.replace("\r\n", "\n").replace("\r", "\n").strip())
    if not text:
        raise InputError(origin, f"{where}: record has an empty 'text' field")
    fields = {attr: _field(record, key, origin, where) for key, attr in _OPTIONAL.items()}
    fields["outlet"] = fields["outlet"] or _field(record, "outlet", origin, where)  # as our reports name it
    if fields["date"]:
        fields["date"] = normalise_date(fields["date"])
    article_id = _field(record, "id", origin, where) or default_id
    return Article(id=article_id, text=text, path=origin, **fields)


def read_jsonl(text: str, *, path: str, stem: str) -> list[Article]:
    """One JSON object per line; blank lines are skipped."""
    found: list[Article] = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"line {line_no}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
        except (RecursionError, ValueError) as exc:
            raise InputError(path, f"line {line_no}: invalid JSON: {json_limit(exc)}") from exc
        n = len(found) + 1
        found.append(article_from_record(record, origin=path, where=f"line {line_no}", default_id=f"{stem}-{n}"))
    return _some(found, path)


def read_json(text: str, *, path: str, stem: str) -> list[Article]:
    """A list of records, ``{"articles": [...]}``, or a single record."""
    try:
        data = loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    except (RecursionError, ValueError) as exc:
        raise InputError(path, f"invalid JSON: {json_limit(exc)}") from exc
    if isinstance(data, dict) and "articles" in data:
        data = data["articles"]
        if not isinstance(data, list):
            raise InputError(path, f"'articles' must be a list, got {json_kind(data)}")
    elif isinstance(data, dict) and "text" in data:
        return [article_from_record(data, origin=path, where="record 1", default_id=stem)]
    if not isinstance(data, list):
        raise InputError(path, f"{_JSON_SHAPE}; got {json_kind(data)}")
    found = [
        article_from_record(record, origin=path, where=f"record {n}", default_id=f"{stem}-{n}")
        for n, record in enumerate(data, start=1)
    ]
    return _some(found, path)


def read_csv(text: str, *, path: str, stem: str) -> list[Article]:
    """A header row naming at least a ``text`` column, then one article per row."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # articles are longer than 128 KiB at times
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
        if "text" not in header:
            raise InputError(path, f"no 'text' column (columns: {', '.join(header) or 'none'})")
        found = [
            article_from_record(record, origin=path, where=f"line {line_no}", default_id=f"{stem}-{n}")
            for n, (line_no, record) in enumerate(_rows(reader, header), start=1)
        ]
    except csv.Error as exc:
        unclosed = " (a quoted field is never closed)" if "end of data" in str(exc) else ""
        raise InputError(path, f"line {reader.line_num}: invalid CSV: {exc}{unclosed}") from exc
    return _some(found, path)


class _NotJsonNumber(ValueError):
    pass


def _refuse_constant(name: str) -> float:
    raise _NotJsonNumber(f"{name} is not a JSON number")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _NotJsonNumber(f"{literal} is too large for a number")
    return value


def loads(text: str) -> Any:
    """``json.loads`` without Python's extensions: ``NaN`` and ``Infinity`` are refused, and so is a number too
    large for a float (``1e400``; echoed into our JSON output any of them would make it invalid). Raises
    ``JSONDecodeError``, ``RecursionError`` or ``ValueError``."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def json_limit(exc: Exception) -> str:
    """Why ``loads`` failed when it is not a ``JSONDecodeError``: nesting, NaN/Infinity, or a huge integer."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc) if isinstance(exc, _NotJsonNumber) else "a number with too many digits"


def normalise_date(raw: str) -> str:
    """ISO 8601 for dates in obvious formats (ISO, RFC 2822, "15 December 2025"); otherwise ``raw`` stripped."""
    raw = raw.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat, parsedate_to_datetime):
        try:
            return parse(raw).isoformat()
        except (TypeError, ValueError, IndexError):
            continue
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    return raw


def _rows(reader: Any, header: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Non-blank rows of a ``csv.reader`` as (line number, {column: cell})."""
    for row in reader:
        if any(cell.strip() for cell in row):
            yield reader.line_num, dict(zip(header, row))


def _delimiter(text: str) -> str:
    header = text.partition("\n")[0]
    return max(",;\t", key=header.count) if any(d in header for d in ",;\t") else ","


def _field(record: Mapping[str, Any], key: str, origin: str, where: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return storable_text((value or "").strip()) or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise InputError(origin, f"{where}: '{key}' must be a string, got {json_kind(value)}")


def storable_text(text: str) -> str:
    """JSON may escape half a character ("\\ud800"), which no file or hash can hold, or a NUL ("\\u0000"),
    which PostgreSQL text cannot hold: each becomes U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text)


def _some(found: list[Article], path: str) -> list[Article]:
    if not found:
        raise InputError(path, "no records in file")
    return found


def json_kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)
