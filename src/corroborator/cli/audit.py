"""``corroborator audit``: check a rewrite claim by claim against its sources, or score a ``--pairs`` file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, NamedTuple, Optional

import typer

from ..errors import InputError
from .common import Format, app, choose_format, emit, refuse_input_as_output, run_guarded, to_stdout


@app.command()
def audit(
    paths: Optional[List[str]] = typer.Argument(None, help="The article to audit (a file or - for stdin); further paths are taken as more sources."),
    sources: Optional[List[str]] = typer.Option(None, "--sources", "-s", help="Source files or folders the article should rest on."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", help="Score a JSONL file of {id, claim, doc|sources} rows instead."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help="text (default on a terminal), json (default otherwise), markdown, html; without it, the -o file's extension chooses."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report (or the scored pairs) to this file, atomically."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", min=0.0, max=1.0, help="Exit with code 1 when the score is under this."),
    max_contradicted: Optional[int] = typer.Option(None, "--max-contradicted", min=0, help="Also exit with code 1 when more claims than this are contradicted by a source (0: any contradiction fails)."),
    verifier: str = typer.Option("default", "--verifier", help="default (= crossencoder) | overlap | lexical | nli:PATH | openai:URL[#MODEL]"),
    score_only: bool = typer.Option(False, "--score-only", help="With --pairs: the verdict from the verifier's score alone (faster; no typed conflicts, no alignment)."),
) -> None:
    """Check every claim of an article against its sources: supported, unsupported or contradicted."""
    paths = list(paths or [])
    if pairs is not None and (paths or sources):
        raise typer.BadParameter("give either --pairs or an ARTICLE with --sources, not both")
    if pairs is None and (not paths or not (sources or paths[1:])):
        raise typer.BadParameter("needs an ARTICLE and --sources PATH... (or --pairs FILE)")
    if pairs is not None and (fail_under is not None or max_contradicted is not None or fmt not in (None, Format.json)):
        raise typer.BadParameter("--pairs writes JSON lines, one score per row: --fail-under, --max-contradicted and --format do not apply")
    if score_only and pairs is None:
        raise typer.BadParameter("--score-only applies to --pairs")
    passed: list[bool] = []

    def action() -> None:
        from ..backends.verifier import load_verifier

        try:
            chosen_verifier = load_verifier(verifier)
        except ValueError as exc:
            raise InputError("--verifier", str(exc)) from exc
        if pairs is not None:
            _run_pairs(pairs, output, chosen_verifier, score_only)
        else:
            gate = _Gate(fail_under, max_contradicted)
            passed.append(_run_audit(paths[0], [*(sources or []), *paths[1:]], fmt, output, gate, chosen_verifier))

    run_guarded(action)
    if passed and not passed[0]:
        raise typer.Exit(1)


class _Gate(NamedTuple):
    fail_under: Optional[float]
    max_contradicted: Optional[int]


def _run_audit(article_path: str, source_paths: list[str], fmt: Optional[Format], output: Optional[Path], gate: _Gate, verifier: object) -> bool:
    from ..auditing import audit as audit_article
    from ..backends.embedder import preload_default_embedder
    from ..ingest import read_paths
    from ..report import render_audit

    chosen = choose_format(fmt, output)
    preload_default_embedder()
    articles = read_paths([article_path])
    if len(articles) != 1:
        raise InputError(article_path, f"holds {len(articles)} articles; audit checks exactly one")
    sources = read_paths(source_paths)
    refuse_input_as_output(output, (a.path for a in [*articles, *sources]))
    report = audit_article(articles[0], sources, verifier=verifier, fail_under=gate.fail_under,  # type: ignore[arg-type]
                           max_contradicted=gate.max_contradicted)
    color = to_stdout(output) and chosen is Format.text and sys.stdout.isatty()
    emit(render_audit(report, chosen.value, color=color), output)
    return report.passed


def _run_pairs(path: Path, output: Optional[Path], verifier: object, score_only: bool) -> None:
    from ..auditing import audit_pairs, read_pairs

    rows = read_pairs(path)  # every line is checked before anything is scored or written
    refuse_input_as_output(output, [str(path)])
    results = audit_pairs(rows, verifier=verifier, score_only=score_only)  # type: ignore[arg-type]
    emit("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), output)
