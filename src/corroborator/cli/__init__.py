"""The command line: parse, call the library, render, map errors to exit codes. No logic of its own.

One module per command group, each registering its commands on ``app`` (see ``common.py`` for the shared
plumbing: formats, atomic output, error mapping).

Exit codes: 0 done; 1 ``audit`` scored under ``--fail-under``; 2 bad usage or unreadable input (one line on
stderr naming the file and the problem); 3 an internal error (set CORROBORATOR_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import sys

import typer

from .common import app

# Importing a command module registers its commands on ``app``.
from . import compare as _compare  # noqa: E402,F401
from . import corpus as _corpus  # noqa: E402,F401
from . import serve as _serve  # noqa: E402,F401
from . import audit as _audit  # noqa: E402,F401

__all__ = ["app", "main"]


def main() -> None:
    """Run the app. A usage error (unknown option, bad value) is one line on stderr and exit 2, like every other
    bad input, not Click's usage block; no arguments at all still print the help."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError  # typer vendors Click (pinned in the lock)

    try:
        code = app(prog_name="corroborator", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else "corroborator"
        print(f"{command}: error: {exc.format_message()} (see {command} --help)", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("corroborator: aborted", file=sys.stderr)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
