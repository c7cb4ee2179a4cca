"""The web app: the page, the JSON API of the contract, and saved reports at ``/r/<id>``.

    GET  /                 the page: paste or upload articles, get the report
    POST /api/compare      JSON ``{"articles": [...]}`` or a form -> ``corroborator.compare/1``
    POST /api/audit        JSON ``{"article": {...}, "sources": [...]}`` or a form -> ``corroborator.audit/1``
    GET  /r/<id>           a saved report as the HTML page (``.json``: its JSON; ``.html``: the file to download)
    GET  /docs             the API described from ``/openapi.json`` (no CDN: works offline)

Handlers parse the request (``inputs``), call the library, save the result and answer; a failed request saves
nothing. A successful POST names the saved report in its ``Content-Location`` header.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

# Imported here, not lazily: FastAPI reads the handlers' annotations (``Request``) from this module's globals.
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from ..report.html import render_html
from ..settings import Settings
from ..report.json_report import compare_json
from .errors import NOSNIFF, ApiError, BodyLimit, install_error_handlers
from .inputs import Limits, audit_from_form, audit_from_json, compare_from_form, compare_from_json, parse_json
from .openapi import AUDIT_BODY, COMPARE_BODY, ERROR_RESPONSES, docs_page
from .page import page_html, page_security_policy, report_security_policy
from .turns import Turns

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["create_app"]

DEFAULT_STORE = "sqlite:///corroborator.db"
WAIT_POLL_SECONDS = 0.05


def create_app(store_url: str = DEFAULT_STORE, settings: Settings | None = None, limits: Limits | None = None,
               store: Store | None = None, warm: bool = False) -> FastAPI:
    """The ASGI app. ``store`` (an open ``Store``) wins over ``store_url``; ``warm`` loads the models at start."""
    from ..store import open_store

    limits = limits or Limits()
    store = store if store is not None else open_store(store_url)
    # One analysis at a time: the pipeline's caches are per process and not made for concurrent writers, and on
    # a couple of cores parallel analyses would only compete for the same CPUs.
    turns = Turns(WAIT_POLL_SECONDS)
    app = FastAPI(title="corroborator", version=_version(), docs_url=None, redoc_url=None, openapi_url=None,
                  description="Compare news reports claim by claim, and audit rewrites against their sources.")
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limit=limits.max_body_bytes)
    if warm:
        app.router.on_startup.append(_warm_up)

    async def run(request: Request, fn: Callable[[], Any]) -> Any:
        """``fn`` in a worker thread once no other analysis runs, in order of arrival. A request whose client hung
        up while it waited is dropped, so abandoned requests do not queue up work that nobody reads."""
        if not await turns.acquire(request.is_disconnected):
            raise ApiError(499, "client_closed", "the client closed the connection before the work began")
        try:
            return await run_in_threadpool(fn)
        finally:
            turns.release()

    async def saved(kind: str, payload: dict[str, Any]) -> JSONResponse:
        rid = await run_in_threadpool(store.save_report, kind, payload)  # database I/O off the event loop
        return JSONResponse(payload, headers={"Content-Location": f"/r/{rid}", **NOSNIFF})

    @app.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(page_html(limits), headers=_security_headers(page_security_policy()))

    @app.post("/api/compare", summary="Compare articles claim by claim", openapi_extra=COMPARE_BODY,
              responses=ERROR_RESPONSES)
    async def api_compare(request: Request) -> JSONResponse:
        """Returns the corroborator.compare/1 JSON; the Content-Location header names the saved report (/r/<id>)."""
        articles = await _articles(request, compare_from_json, compare_from_form, limits)
        from ..pipeline import compare

        report = await run(request, lambda: compare(articles, settings))
        return await saved("compare", compare_json(report))

    @app.post("/api/audit", summary="Audit an article against its sources", openapi_extra=AUDIT_BODY,
              responses=ERROR_RESPONSES)
    async def api_audit(request: Request) -> JSONResponse:
        """Returns the corroborator.audit/1 JSON; the Content-Location header names the saved report (/r/<id>)."""
        given = await _articles(request, audit_from_json, audit_from_form, limits)
        from ..auditing import audit
        from ..report.audit import audit_json

        report = await run(request, lambda: audit(given.article, given.sources, settings))
        return await saved("audit", audit_json(report))

    @app.api_route("/r/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    def saved_report(name: str) -> Response:
        rid, _, ext = name.partition(".")
        known = ext in ("", "json", "html")
        found = store.load_report(rid) if known else None
        if found is None:
            raise ApiError(404, "not_found", f"no saved report {rid!r}" if known else f"no such page: /r/{name}")
        _kind, payload = found
        if ext == "json":
            return JSONResponse(payload, headers=NOSNIFF)
        links = () if ext else (("New report", "/"), ("JSON", f"/r/{rid}.json"), ("Download HTML", f"/r/{rid}.html"))
        headers = _security_headers(report_security_policy())
        if ext == "html":
            headers["Content-Disposition"] = f'attachment; filename="corroborator-{rid}.html"'
        return HTMLResponse(render_html(payload, links=links), headers=headers)

    @app.api_route("/openapi.json", methods=["GET", "HEAD"], include_in_schema=False)
    def openapi() -> JSONResponse:  # FastAPI's own route, plus the header every JSON answer carries
        return JSONResponse(app.openapi(), headers=NOSNIFF)

    @app.api_route("/docs", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_page(app.openapi()), headers=_security_headers(report_security_policy()))

    return app


async def _articles(request: Any, from_json: Callable[..., Any], from_form: Callable[..., Any], limits: Limits) -> Any:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
            form = await _form(request, kind, limits)
            try:
                return await run_in_threadpool(from_form, form, limits)  # uploads may be HTML pages to extract
            finally:
                await form.close()
        if kind not in ("application/json", ""):
            raise ApiError(415, "unsupported_media_type",
                           f"send application/json (or a multipart form), not {kind or 'no content type'}")
        body = await request.body()
    except ClientDisconnect:  # nobody reads the answer: no traceback in the log for a hang-up
        raise ApiError(499, "client_closed", "the client closed the connection while sending its request") from None
    return from_json(parse_json(body), limits)


async def _form(request: Any, kind: str, limits: Limits) -> Any:
    if kind == "application/x-www-form-urlencoded" and (await request.body()).lstrip()[:1] in (b"{", b"["):
        raise ApiError(415, "unsupported_media_type", "the body is JSON sent as a form: send it with "
                       "Content-Type: application/json (curl -d needs -H 'Content-Type: application/json')")
    try:
        return await request.form(max_files=limits.max_form_parts, max_fields=limits.max_form_parts)
    except (ApiError, ClientDisconnect):
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed form is the client's error
        if "Too many" in str(exc):  # Starlette's limits, set from ours
            raise ApiError(422, "too_many_articles",
                           f"more than {limits.max_form_parts} fields or files in one form") from exc
        raise ApiError(400, "invalid_form", f"cannot read the form: {exc}") from exc


def _security_headers(policy: str) -> dict[str, str]:
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY"}


def _warm_up() -> None:
    """Load the models before the first request, so no user waits for them."""
    from ..analyse.nlp import load_nlp
    from ..backends.embedder import preload_default_embedder

    preload_default_embedder()
    load_nlp()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("corroborator")
    except PackageNotFoundError:
        return "0"
