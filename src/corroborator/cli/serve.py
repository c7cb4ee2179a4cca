"""``corroborator serve``: the web app (page, JSON API, saved reports) on uvicorn."""

from __future__ import annotations

import typer

from .common import app, run_guarded

DEFAULT_STORE = "sqlite:///corroborator.db"


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 for every interface)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    store: str = typer.Option(DEFAULT_STORE, "--store", help="Where reports are kept: sqlite:///path.db or postgresql://..."),
) -> None:
    """Serve the web page and the JSON API (POST /api/compare, /api/audit; reports kept at /r/<id>)."""

    def action() -> None:
        try:
            import uvicorn

            from ..web import create_app
        except ImportError as exc:
            from ..errors import BackendUnavailable

            raise BackendUnavailable(f"serve needs the web extra: pip install '.[web]' in corroborator's folder ({exc})") from exc
        from ..store import require_persistent

        require_persistent(store)
        _check_port_free(host, port)
        web_app = create_app(store, warm=True)  # opens the store first: a bad --store fails here, exit 2
        typer.echo(f"corroborator: serving on http://{host}:{port}/ (store {store.split('@')[-1]})", err=True)
        uvicorn.run(web_app, host=host, port=port, log_level="info")

    run_guarded(action)


def _check_port_free(host: str, port: int) -> None:
    """A taken port is bad usage (exit 2 with one line), not a uvicorn crash."""
    import socket

    from ..errors import CorroboratorError

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        # As uvicorn binds: connections of a server just stopped (TIME_WAIT) do not hold the port.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CorroboratorError(f"{host}:{port}: cannot listen there: {exc.strerror or exc}") from exc
