"""RSS and Atom feeds (feedparser): one article per entry.

Text: the entry's full content (``content:encoded`` / Atom ``content``) when present, else its summary; HTML in
it becomes plain text with lxml (entries are fragments, not pages, so trafilatura's boilerplate removal would
drop them). Title, link (-> ``url``), published or updated date (-> ``date``) and the feed's title (-> ``outlet``)
come along. Ids: the entry's link's last path part is not unique enough, so ``<file stem>-<n>``, n from 1.
Entries without text are skipped; a feed with none is an ``InputError``.
"""

from __future__ import annotations

import re
import time
from typing import Any

from ..errors import InputError
from ..model import Article
from .records import normalise_date

EXTENSIONS = (".rss", ".atom", ".xml")
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|tr)\b[^>]*>", re.IGNORECASE)


def read_feed(data: bytes, *, path: str, stem: str) -> list[Article]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = f"not an RSS or Atom feed ({parsed.bozo_exception})" if parsed.bozo else "feed has no entries"
        raise InputError(path, problem)
    outlet = _text(parsed.feed.get("title")) or None
    found: list[Article] = []
    for n, entry in enumerate(parsed.entries, start=1):
        text = _entry_text(entry)
        if not text:
            continue
        found.append(Article(
            id=f"{stem}-{n}", text=text, title=_text(entry.get("title")) or None, outlet=outlet,
            date=_date(entry), url=entry.get("link") or None, path=path,
        ))
    if not found:
        raise InputError(path, "no entry in the feed has any text")
    return found


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    raw = max((c.get("value", "") for c in contents), key=len, default="") or entry.get("summary", "")
    return _text(raw, keep_paragraphs=True)


def _text(raw: object, keep_paragraphs: bool = False) -> str:
    if not isinstance(raw, str) or not raw.strip():
        return ""
    if "<" in raw:
        import lxml.html

        marked = _BLOCK.sub("\n", raw) if keep_paragraphs else raw
        try:
            raw = lxml.html.fromstring(f"<div>{marked}</div>").text_content()
        except Exception:  # noqa: BLE001 - lxml rejects some fragments; keep the raw text then
            pass
    lines = (" ".join(line.split()) for line in raw.split("\n"))
    return "\n".join(line for line in lines if line) if keep_paragraphs else " ".join(raw.split())


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed)
    raw = entry.get("published") or entry.get("updated")
    return normalise_date(raw) if raw else None
