"""``corroborator ingest`` and ``corroborator stories``: corpora in a store."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Callable, List, Optional

import typer

from .common import app, emit, run_guarded

_STORE_HELP = "Store URL: sqlite:///path.db (default sqlite:///corroborator.db) or postgresql://user@host/db."


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class StoriesFormat(str, Enum):
    text = "text"
    json = "json"


class _Bars:
    """rich progress bars on stderr, one per step."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False,
        )

    def start(self, label: str, total: int) -> Callable[[int], None]:
        task = self.progress.add_task(label, total=total)
        return lambda n: self.progress.advance(task, n)


@app.command()
def ingest(
    paths: List[str] = typer.Argument(..., help="Files (.txt .md .html .jsonl .json .csv .rss .atom .xml .warc .warc.gz) or folders."),
    store: str = typer.Option("sqlite:///corroborator.db", "--store", help=_STORE_HELP),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local (this machine's cores) or ray (Ray Data)."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="Ray cluster to use: auto, or ray://head:10001. Default: start a local Ray."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars and no summary."),
) -> None:
    """Add articles to the store; find reprints; group them into stories. Safe to re-run or interrupt."""

    def action() -> None:
        from ..engine import get_engine, ingest as ingest_paths
        from ..engine.ingest import list_files
        from ..errors import InputError
        from ..ingest import MAX_ARTICLE_CHARS
        from ..store import open_store, require_persistent

        if "-" in paths:
            raise InputError("-", "ingest reads files and folders, not standard input (save it to a file first)")
        list_files(paths)  # a missing file is refused before a store is created for it
        bars = None if quiet else _Bars()
        with open_store(require_persistent(store)) as db:
            runner = get_engine(engine.value, address=ray_address)
            try:
                if bars is None:
                    summary = ingest_paths(db, paths, runner)
                else:
                    with bars.progress:
                        summary = ingest_paths(db, paths, runner, bars)
            finally:
                runner.close()
        if summary.too_long:  # said even with --quiet: a brief of their story will leave them out
            shown = ", ".join(repr(i) for i in summary.too_long[:5]) + (" …" if len(summary.too_long) > 5 else "")
            typer.echo(f"corroborator: note: stored, but over the {MAX_ARTICLE_CHARS:,} characters that can be analysed, "
                       f"so comparisons and briefs leave out: {shown}", err=True)
        if not quiet:
            typer.echo(
                f"{summary.read} articles read: {summary.added} added, {summary.already} already stored, "
                f"{summary.reprints} reprints; {summary.new_stories} new stories, {summary.stories} in the store",
                err=True,
            )

    run_guarded(action)


@app.command()
def stories(
    store: str = typer.Option("sqlite:///corroborator.db", "--store", help=_STORE_HELP),
    fmt: Optional[StoriesFormat] = typer.Option(None, "--format", "-f", help="text (default on a terminal) or json."),
) -> None:
    """List the stories in the store and their articles."""

    def action() -> None:
        from ..report.json_report import dumps
        from ..stories import list_stories, stories_json, stories_text
        from ..store import open_store, require_existing

        chosen = fmt or (StoriesFormat.text if sys.stdout.isatty() else StoriesFormat.json)
        with open_store(require_existing(store)) as db:
            found = list_stories(db)
        emit(dumps(stories_json(found)) if chosen is StoriesFormat.json else stories_text(found), None)

    run_guarded(action)
