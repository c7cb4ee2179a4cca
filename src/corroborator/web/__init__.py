"""The web app (``corroborator serve``): ``create_app(store_url)`` returns the ASGI app; see ``app.py``.

Needs the ``web`` extra (FastAPI, uvicorn, python-multipart) and the ``corpus`` extra for the store.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Limits", "create_app"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The ASGI app; see ``corroborator.web.app.create_app``."""
    from .app import create_app as _create_app

    return _create_app(*args, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "Limits":
        from .inputs import Limits

        return Limits
    raise AttributeError(name)
