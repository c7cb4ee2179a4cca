"""HTML articles: main text and metadata by trafilatura (imported lazily: it is slow to import).

The text is what trafilatura extracts in precision mode without comments or tables; ``<script>``, ``<style>``,
``<noscript>`` and ``<template>`` are pruned first, so their content never reaches the text. The result is
plain text, never markup. A first line that repeats the title is dropped, as for plain-text headlines.
Metadata: title, site name (-> ``outlet``), publication date and canonical URL.
"""

from __future__ import annotations

import logging
import re

from ..errors import InputError
from ..model import Article
from .records import normalise_date

log = logging.getLogger(__name__)

NO_TEXT = "no article text found in HTML"
_PRUNE = ["//script", "//style", "//noscript", "//template"]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html|head|body|article|meta|title)\b", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its start, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def looks_like_html(text: str) -> bool:
    """True when text starts like an HTML document (used for standard input, which has no extension)."""
    return _HTML_START.match(text) is not None


def html_article(html: str, *, id: str, path: str) -> Article:
    """Extract one article from an HTML page; InputError if there is no article text in it."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            prune_xpath=_PRUNE,
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on hostile input
        log.debug("%s: trafilatura failed", path, exc_info=True)
        raise InputError(path, f"{NO_TEXT} (extraction failed: {exc})") from exc
    text = (getattr(doc, "text", None) or "").strip()
    if not text and not looks_like_html(html):  # a fragment, or plain text saved as .html: too small for trafilatura
        text = _paragraph_text(html)
    if not text:
        raise InputError(path, NO_TEXT)
    title = _clean(getattr(doc, "title", None))
    date = _clean(getattr(doc, "date", None))
    return Article(
        id=id,
        text=_without_title_line(text, title),
        title=title,
        outlet=_clean(getattr(doc, "sitename", None)),
        date=normalise_date(date) if date else None,
        url=_clean(getattr(doc, "url", None)),
        path=path,
    )


def _paragraph_text(html: str) -> str:
    """The paragraphs and headings of a fragment, outside navigation, page furniture and forms: trafilatura
    leaves a paragraph or two of ``<p>`` empty, and plain text saved as ``.html``. A whole page it finds nothing
    in (links and footers) still has no article text."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True, remove_comments=True))
    except (lxml.etree.ParserError, ValueError):
        return ""
    for furniture in root.xpath("//script|//style|//noscript|//template|//nav|//header|//footer|//aside|//form"):
        furniture.drop_tree()
    blocks = root.xpath("//p|//h1|//h2|//h3|//h4|//h5|//h6|//blockquote")
    chosen = set(blocks)
    outermost = [b for b in blocks if not any(parent in chosen for parent in b.iterancestors())]
    if not outermost:  # no markup at all: the text is the article
        return root.text_content().strip()
    return "\n\n".join(t for t in (" ".join(b.text_content().split()) for b in outermost) if t)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _without_title_line(text: str, title: str | None) -> str:
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()).casefold() == title.casefold():
        return rest.strip()
    return text
