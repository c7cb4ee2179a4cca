"""The contract's error shape, ``{"error": {"code", "message"}}``, for every failure, and the request-size limit.

    ApiError(status, code, message)    raised by handlers for bad requests (400, 413, 422, 404)
    BodyLimit                          ASGI middleware: 413 before a body over the limit is read into memory
    install_error_handlers(app)        our errors, Starlette's 404/405, input errors and the last-resort 500
"""

from __future__ import annotations

import asyncio

import logging
from typing import Any

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A request the API refuses; rendered as the contract's error JSON with ``status``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class BodyTooLarge(ApiError):
    """The request body is over the server's limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, "too_large", f"request body is over the {limit / (1024 * 1024):.1f} MB limit")


# Every JSON answer carries this: a browser never reads one as anything else (HTML, script).
NOSNIFF = {"X-Content-Type-Options": "nosniff"}


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str) -> Any:
    from starlette.responses import JSONResponse

    return JSONResponse(error_body(code, message), status_code=status, headers=NOSNIFF)


_STATUS_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
                 415: "unsupported_media_type", 422: "invalid_request"}


def install_error_handlers(app: Any) -> None:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    from ..errors import CorroboratorError, InputError

    async def api_error(_request: Any, exc: ApiError) -> Any:
        return error_response(exc.status, exc.code, exc.message)

    async def http_error(request: Any, exc: HTTPException) -> Any:
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = f"no such page: {request.method} {request.url.path}" if exc.status_code == 404 else str(exc.detail)
        response = error_response(exc.status_code, code, message)
        response.headers.update(getattr(exc, "headers", None) or {})  # 405 says what is allowed (Allow)
        return response

    async def validation_error(_request: Any, exc: RequestValidationError) -> Any:
        return error_response(422, "invalid_request", "; ".join(_describe(e) for e in exc.errors()))

    async def input_error(_request: Any, exc: InputError) -> Any:
        return error_response(422, "invalid_input", str(exc))

    async def corroborator_error(_request: Any, exc: CorroboratorError) -> Any:
        log.warning("request failed: %s", exc)
        return error_response(503, "unavailable", str(exc))

    async def internal_error(_request: Any, exc: Exception) -> Any:
        log.exception("internal error")
        return error_response(500, "internal", f"internal error: {type(exc).__name__} (see the server log)")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(CorroboratorError, corroborator_error)
    app.add_exception_handler(Exception, internal_error)


def _describe(error: Any) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))


class BodyLimit:
    """Refuse bodies over ``limit`` bytes: at once when Content-Length says so, else while they stream in."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            # The whole answer goes out at once; only its end waits while the body is drained.
            await _send_json(send, 413, error_body("too_large", BodyTooLarge(self.limit).message), more_body=True)
            if int(declared) <= _DRAIN_MAX:  # past that, no browser is waiting for its answer
                await _drain(receive, _DRAIN_MAX)
            await send({"type": "http.response.body", "body": b""})
            return
        seen = 0

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, limited, send)


# Browsers report a reset connection, not the 413, when the server closes the connection on a body it has not
# read; so a moderately large body is read and dropped (never kept) before the answer ends.
_DRAIN_MAX = 256 * 1024 * 1024


_DRAIN_SECONDS = 30.0  # a client that declares a large body and sends nothing is not waited for longer


async def _drain(receive: Any, most: int) -> None:
    try:
        await asyncio.wait_for(_read_and_drop(receive, most), _DRAIN_SECONDS)
    except asyncio.TimeoutError:
        pass


async def _read_and_drop(receive: Any, most: int) -> None:
    seen = 0
    while seen <= most:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def _send_json(send: Any, status: int, body: dict[str, Any], more_body: bool = False) -> None:
    import json

    data = json.dumps(body).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
               *((k.lower().encode(), v.encode()) for k, v in NOSNIFF.items())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data, "more_body": more_body})
