"""The command line: parse, call the library, render, map errors to exit codes. No logic of its own.

One module per command group, each registering its commands on ``app`` (see ``common.py`` for the shared
plumbing: formats, atomic output, error mapping).

Exit codes: 0 done; 1 ``audit`` scored under ``--fail-under``; 2 bad usage or unreadable input (one line on
stderr naming the file and the problem); 3 an internal error (set CORROBORATOR_DEBUG=1 for the traceback).
"""

from __future__ import annotations

from .common import app

# Importing a command module registers its commands on ``app``.
from . import compare as _compare  # noqa: E402,F401
from . import corpus as _corpus  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import audit as _audit  # noqa: E402,F401

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="corroborator")
