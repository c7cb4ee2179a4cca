"""The submission page (``/``) and the Content-Security-Policy of every page the app serves."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from importlib import resources

from ..ingest import MAX_ARTICLE_CHARS
from ..report.html import asset as report_asset
from ..report.html import content_security_policy
from .inputs import Limits


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def page_html(limits: Limits) -> str:
    """The page; it only talks to this server (``connect-src 'self'``) and runs only its own inline script."""
    values = {
        "@CSP@": escape(page_security_policy()),
        "@STYLE@": _asset("app.css"),
        "@SCRIPT@": _asset("app.js"),
        "@MAX_ARTICLES@": str(limits.max_articles),
        "@MAX_MB@": f"{limits.max_body_bytes / (1024 * 1024):g}",
        "@MAX_TEXT_CHARS@": f"{min(MAX_ARTICLE_CHARS, limits.max_chars):,}",  # what one text may have, at most
        "@MAX_CHARS@": f"{limits.max_chars:,}",
    }
    page = _asset("page.html")
    for key, value in values.items():
        page = page.replace(key, value)
    return page


def page_security_policy() -> str:
    return content_security_policy(_asset("app.js"), _asset("app.css"), connect="'self'")


def report_security_policy() -> str:
    return content_security_policy(report_asset("report.js"), report_asset("report.css"))
