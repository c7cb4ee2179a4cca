"""The API's request bodies for OpenAPI, and ``/docs``: the OpenAPI document as one offline page.

FastAPI's own ``/docs`` loads Swagger UI from a CDN, which the app's Content-Security-Policy (and an offline
machine) would refuse; this page is rendered on the server from ``/openapi.json`` instead.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any, Mapping

from .inputs import ARTICLE_FIELDS

_ARTICLE = {
    "type": "object",
    "required": ["text"],
    "properties": {k: {"type": "string"} for k in ARTICLE_FIELDS},
    "additionalProperties": False,
}
_ERROR = {
    "type": "object",
    "properties": {"error": {"type": "object", "required": ["code", "message"],
                             "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}},
}
_FORM_NOTE = "or multipart/form-data: `text` (+ `title`) fields and `file` uploads"

COMPARE_BODY: dict[str, Any] = {"requestBody": {"required": True, "description": f"At least two articles ({_FORM_NOTE}).", "content": {
    "application/json": {"schema": {"type": "object", "required": ["articles"], "additionalProperties": False,
                                    "properties": {"articles": {"type": "array", "minItems": 2, "items": _ARTICLE}}}},
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "text": {"type": "array", "items": {"type": "string"}}, "title": {"type": "array", "items": {"type": "string"}},
        "file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
}}}
AUDIT_BODY: dict[str, Any] = {"requestBody": {"required": True, "description": f"One article and its sources ({_FORM_NOTE}; the article in `article` or `article_file`).", "content": {
    "application/json": {"schema": {"type": "object", "required": ["article", "sources"], "additionalProperties": False,
                                    "properties": {"article": _ARTICLE,
                                                   "sources": {"type": "array", "minItems": 1, "items": _ARTICLE}}}},
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "article": {"type": "string"}, "article_file": {"type": "string", "format": "binary"},
        "text": {"type": "array", "items": {"type": "string"}},
        "file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}},
}}}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": text, "content": {"application/json": {"schema": _ERROR}}}
    for status, text in ((400, "Invalid JSON or form"), (413, "Request body over the size limit"),
                         (415, "Neither JSON nor a form"), (422, "Too few or too many articles, or unusable text"))
}


def docs_page(spec: Mapping[str, Any]) -> str:
    """Every path and method of ``spec`` with its summary, description and request/response schemas."""
    from ..report.html import asset

    sections = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            sections.append(_operation(path, method, op))
    info = spec.get("info", {})
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>corroborator API</title>'
        f"<style>{asset('report.css')}</style></head><body class=\"api\"><header class=\"top\">"
        f"<h1>{escape(str(info.get('title', 'API')))} {escape(str(info.get('version', '')))}</h1>"
        f"<p>{escape(str(info.get('description', '')))}</p>"
        '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Errors are '
        "<code>{\"error\": {\"code\", \"message\"}}</code> with a 4xx/5xx status.</p></header>"
        f'<main class="tables">{"".join(sections)}</main></body></html>'
    )


def _operation(path: str, method: str, op: Mapping[str, Any]) -> str:
    body = op.get("requestBody", {}).get("content", {})
    schemas = "".join(
        f"<h3>request: {escape(kind)}</h3><pre>{escape(json.dumps(c.get('schema', {}), indent=2))}</pre>"
        for kind, c in body.items()
    )
    responses = "".join(
        f"<li><b>{escape(str(code))}</b> {escape(str(r.get('description', '')))}</li>"
        for code, r in op.get("responses", {}).items()
    )
    return (
        f"<section><h2><code>{escape(method.upper())} {escape(path)}</code> — {escape(str(op.get('summary', '')))}</h2>"
        f"<p>{escape(str(op.get('description', '')))}</p>{schemas}<ul>{responses}</ul></section>"
    )
