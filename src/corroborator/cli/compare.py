"""``corroborator compare``: reports of one event, claim by claim."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .common import Format, app, choose_format, emit, run_guarded


@app.command()
def compare(
    paths: List[str] = typer.Argument(..., help="Article files (.txt .md .html .jsonl .json .csv), folders, or - for stdin."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help="text (default on a terminal), json (default otherwise), markdown."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file (atomically)."),
) -> None:
    """Compare reports of one event claim by claim."""

    def action() -> None:
        from ..backends.embedder import preload_default_embedder
        from ..ingest import read_paths
        from ..pipeline import compare as compare_articles
        from ..report import render_compare

        chosen = choose_format(fmt, output)
        preload_default_embedder()
        articles = read_paths(paths)
        report = compare_articles(articles)
        color = output is None and chosen is Format.text and sys.stdout.isatty()
        emit(render_compare(report, chosen.value, color=color), output)

    run_guarded(action)
