"""Renderers: a report (``CompareReport``) in, a string out. The JSON is the contract; the rest are views of it."""

from __future__ import annotations

from typing import Callable

from ..model import CompareReport
from .html import compare_html
from .json_report import compare_json, dumps
from .markdown import compare_markdown
from .audit import audit_json, render_audit
from .text import compare_text

FORMATS = ("text", "json", "markdown", "html")

__all__ = ["FORMATS", "audit_json", "compare_json", "dumps", "render_audit", "render_compare"]


def render_compare(report: CompareReport, fmt: str, color: bool = False) -> str:
    renderers: dict[str, Callable[[], str]] = {
        "json": lambda: dumps(compare_json(report)),
        "markdown": lambda: compare_markdown(report),
        "text": lambda: compare_text(report, color=color),
        "html": lambda: compare_html(report),
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return renderers[fmt]()
