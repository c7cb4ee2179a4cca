"""``corroborator compare``: reports of one event, claim by claim."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .common import Format, app, choose_format, emit, refuse_input_as_output, run_guarded, to_stdout


@app.command()
def compare(
    paths: Optional[List[str]] = typer.Argument(None, help="Article files (.txt .md .html .jsonl .json .csv), folders, or - for stdin."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help="text (default on a terminal), json (default otherwise), markdown, html; without it, the -o file's extension chooses."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file (atomically)."),
    store: str = typer.Option("sqlite:///corroborator.db", "--store", help="Store URL for --story."),
    story: Optional[str] = typer.Option(None, "--story", help="Compare the articles of this story (see `corroborator stories`); copies of one wire story count once."),
) -> None:
    """Compare reports of one event claim by claim."""
    if story and paths:
        raise typer.BadParameter("give either --story ID or article files, not both")

    def action() -> None:
        from ..backends.embedder import preload_default_embedder
        from ..pipeline import compare as compare_articles
        from ..report import render_compare

        chosen = choose_format(fmt, output)
        preload_default_embedder()
        articles, reprints = _inputs(paths, store, story, output, "compare")
        report = compare_articles(articles, reprints=reprints)
        color = to_stdout(output) and chosen is Format.text and sys.stdout.isatty()
        emit(render_compare(report, chosen.value, color=color), output)

    run_guarded(action)


def _inputs(paths: Optional[List[str]], store: str, story: Optional[str], output: Optional[Path], command: str) -> tuple[list, Optional[dict]]:
    """The articles to read (a story's, or the files') and their reprint groups; an output file that is one of
    the inputs (the store included) is refused."""
    from ..ingest import read_paths

    if story:
        from ..store import sqlite_file

        refuse_input_as_output(output, [sqlite_file(store)])  # the store is an input too
    articles, reprints = _story(store, story) if story else (read_paths(_given(paths, command)), None)
    refuse_input_as_output(output, (a.path for a in articles))
    return articles, reprints


def _given(paths: Optional[List[str]], command: str) -> List[str]:
    if not paths:
        from ..errors import CorroboratorError

        raise CorroboratorError(f"{command} needs article files, folders or - (or --story ID with --store URL)")
    return paths


def _story(store_url: str, story_id: str) -> tuple[list, dict]:
    from ..ingest import MAX_ARTICLE_CHARS, check_lengths
    from ..stories import story_articles
    from ..store import open_store, require_existing

    with open_store(require_existing(store_url)) as db:
        articles, reprints = story_articles(db, story_id)
    # Ingest stores articles too long to analyse (grouping reads them): the story is compared without them.
    fit = [a for a in articles if len(a.text) <= MAX_ARTICLE_CHARS]
    if not fit:
        check_lengths(articles)  # nothing left to compare: the error names the first one
    for article in articles:
        if len(article.text) > MAX_ARTICLE_CHARS:
            typer.echo(f"corroborator: note: article {article.id!r} ({len(article.text):,} characters) is over the "
                       f"{MAX_ARTICLE_CHARS:,} that can be analysed and is left out", err=True)
    return fit, reprints


@app.command()
def brief(
    paths: Optional[List[str]] = typer.Argument(None, help="Article files, folders, or - for stdin (or --story ID)."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help="text (default on a terminal), json (default otherwise), markdown; without it, the -o file's extension chooses."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the brief to this file (atomically)."),
    store: str = typer.Option("sqlite:///corroborator.db", "--store", help="Store URL for --story."),
    story: Optional[str] = typer.Option(None, "--story", help="Brief the articles of this story (see `corroborator stories`)."),
    agreed: int = typer.Option(6, "--agreed", min=0, help="At most this many statements the sources agree on."),
    disputed: int = typer.Option(4, "--disputed", min=0, help="At most this many statements the sources state differently."),
) -> None:
    """What a story's independent sources agree on and where they differ, every line cited."""
    if story and paths:
        raise typer.BadParameter("give either --story ID or article files, not both")

    def action() -> None:
        from ..brief import brief as brief_of
        from ..errors import CorroboratorError
        from ..pipeline import compare as compare_articles
        from ..report.brief import brief_json, brief_text
        from ..report.json_report import dumps

        chosen = choose_format(fmt, output)
        if chosen is Format.html:
            raise CorroboratorError("brief is written as text, json or markdown, not html")
        articles, reprints = _inputs(paths, store, story, output, "brief")
        if reprints is None:  # files: near-copies among them are one source, as the store's reprints are
            from ..pipeline import near_copy_groups

            reprints = near_copy_groups(articles)
        result = brief_of(compare_articles(articles, reprints=reprints), agreed=agreed, disputed=disputed)
        asked = agreed + disputed > 0
        rendered = (dumps(brief_json(result, story, articles)) if chosen is Format.json
                    else brief_text(result, chosen is Format.markdown, asked))
        emit(rendered, output)

    run_guarded(action)
