"""The ``audit`` report: the contract's JSON (``corroborator.audit/1``), a terminal view and Markdown (HTML is
``report.html.audit_html``, drawn from the same JSON)."""

from __future__ import annotations

import io
from typing import Any, Callable

from rich.console import Console

from ..model import AuditClaimVerdict, AuditReport, HeadlineVerdict
from .json_report import claim_fields, conflict_json, dumps, evidence_json
from .labels import escape, shorten
from .markdown import md_escape

AUDIT_SCHEMA = "corroborator.audit/1"
_WIDTH = 110
_STYLE = {"supported": "green", "unsupported": "yellow", "contradicted": "red"}
_MARK = {"supported": "✓", "unsupported": "?", "contradicted": "✗"}


def audit_claim_json(v: AuditClaimVerdict, threshold: float | None = None) -> dict[str, Any]:
    return {
        **claim_fields(v.claim),
        "verdict": v.verdict,
        "score": v.score,
        "basis": v.basis,
        "missing": list(v.missing),
        **({"unproven": v.unproven} if v.unproven else {}),
        "why": why(v, threshold),
        "evidence": [evidence_json(e) for e in v.evidence],
        "conflicts": [conflict_json(x) for x in v.conflicts],
    }


def _headline_json(report: AuditReport) -> dict[str, Any] | None:
    h = report.headline
    if h is None:
        return None
    return {"text": h.text, "verdict": h.verdict, "score": h.score, "basis": h.basis, "missing": list(h.missing),
            "why": why(h, report.verifier_threshold), "evidence": [evidence_json(e) for e in h.evidence]}


def why(v: AuditClaimVerdict | HeadlineVerdict, threshold: float | None) -> str:
    """The rule that decided the verdict, in words, with the numbers it compared."""
    score = f"verifier score {v.score:.2f}"
    if threshold is not None:
        score += f" {'≥' if v.score >= threshold else '<'} {threshold:.2f}"
    reasons = {
        "conflict": lambda: f"a source states it otherwise ({', '.join(sorted({x.type for x in v.conflicts}))})",
        "missing_specifics": lambda: f"no source carries {', '.join(v.missing)}",
        "verifier": lambda: score,
        "aligned": lambda: "a source sentence states the same fact" + (
            f" (the verifier alone scored {v.score:.2f}, under its line of {threshold:.2f})" if threshold is not None else f" ({score})"),
        "aligned_unproven": lambda: f"{score}, and the source words nearest to it do not prove it: {getattr(v, 'unproven', '') or 'see the evidence'}",
        "below_threshold": lambda: f"{score}, and no source piece states the same fact",
    }
    text = reasons[v.basis]()
    if v.missing and v.basis != "missing_specifics":
        text += f"; not in the sources: {', '.join(v.missing)}"
    return text


def audit_json(report: AuditReport) -> dict[str, Any]:
    """The ``corroborator.audit/1`` document (contract fields, plus ``kind``/``score`` per claim and a summary)."""
    a = report.article
    return {
        "schema": AUDIT_SCHEMA,
        "article": {"id": a.id, "path": a.path, "title": a.title, "text": a.text},
        "sources": [{"id": s.id, "path": s.path, "title": s.title, "text": s.text} for s in report.sources],
        "claims": [audit_claim_json(v, report.verifier_threshold) for v in report.claims],
        "headline": _headline_json(report),
        "score": report.score,  # exact: a reader comparing it with fail_under gets the same answer as passed
        "passed": report.passed,
        "summary": {
            "counts": report.counts(),
            "headline_scored": report.headline_scored,
            "verifier": report.verifier,
            "verifier_threshold": report.verifier_threshold,
            "fail_under": report.fail_under,
            "max_contradicted": report.max_contradicted,
            "notes": list(report.notes),
        },
    }


def score_text(score: float, fail_under: float | None = None) -> str:
    """The score to two decimals, or to as many more as it takes not to look equal to the ``--fail-under`` line it
    misses (15 of 29 is 0.5172: "0.52, FAILED under 0.52" would read as a contradiction)."""
    for digits in range(2, 7):
        shown = round(score, digits)
        if fail_under is None or ((shown >= fail_under) == (score >= fail_under) and (shown != fail_under or score == fail_under)):
            break
    return f"{score:.{digits}f}"


def _failed_because(report: AuditReport) -> str:
    reasons = []
    if report.fail_under is not None and report.score < report.fail_under:
        reasons.append(f"under {report.fail_under:g}")
    if report.too_many_contradicted:
        reasons.append(f"{report.counts()['contradicted']} contradicted, more than {report.max_contradicted}")
    return "; ".join(reasons)


def summary_line(report: AuditReport) -> str:
    counts = report.counts()
    verdict = "" if report.fail_under is None and report.max_contradicted is None else (
        " — passed" if report.passed else f" — FAILED ({_failed_because(report)})")
    scored = " (counted in the score)" if report.headline_scored else " (not scored)"
    headline = "" if report.headline is None else f", headline {report.headline.verdict}{scored}"
    return (
        f"score {score_text(report.score, report.fail_under)}: {counts['supported']} supported, {counts['unsupported']} unsupported, "
        f"{counts['contradicted']} contradicted{headline}{verdict}"
    )


def verifier_note(report: AuditReport) -> str:
    """Which verifier scored the claims, and the score at which it calls a claim supported."""
    line = "" if report.verifier_threshold is None else f", supported from a score of {report.verifier_threshold:.2f}"
    return f"{report.verifier} verifier{line}"


def audit_text(report: AuditReport, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=_WIDTH, highlight=False, soft_wrap=True)
    console.print(f"[bold]corroborator audit[/bold]: {escape(report.article.id)} against {len(report.sources)} source(s) ({escape(verifier_note(report))})")
    for s in report.sources:
        console.print(f"  source {escape(s.id)}")
    console.print(f"[bold]{escape(summary_line(report))}[/bold]")
    for note in report.notes:
        console.print(f"[yellow]note: {escape(note)}[/yellow]")
    if report.headline is not None:
        h = report.headline
        console.print()
        console.print(f"[bold]HEADLINE[/bold]  [{_STYLE[h.verdict]}]{_MARK[h.verdict]} {h.score:.2f}[/{_STYLE[h.verdict]}] {escape(h.text)}")
        console.print(f"      [italic]why: {escape(why(h, report.verifier_threshold))}[/italic]")
    for name in ("contradicted", "unsupported", "supported"):
        chosen = [v for v in report.claims if v.verdict == name]
        console.print()
        console.print(f"[bold {_STYLE[name]}]{name.upper()} ({len(chosen)})[/bold {_STYLE[name]}]")
        for v in chosen:
            c = v.claim
            console.print(f"  [{_STYLE[name]}]{_MARK[name]} {v.score:.2f}[/{_STYLE[name]}] {escape(shorten(c.text))}  [dim]({escape(c.id)}, {c.start}-{c.end})[/dim]")
            console.print(f"      [italic]why: {escape(why(v, report.verifier_threshold))}[/italic]")
            for x in v.conflicts:
                console.print(f"      [red]≠ {escape(x.source)} {x.type}: {escape(x.detail)}[/red] {escape(shorten(x.text, 100))}")
            for e in v.evidence[:2 if name == "supported" else 1]:
                console.print(f"      [dim]{'=' if name == 'supported' else '~'} {escape(e.source)} {e.score:.2f} {escape(shorten(e.text, 110))} ({e.start}-{e.end})[/dim]")
    return buffer.getvalue()


def audit_markdown(report: AuditReport) -> str:
    lines = [f"# Audit of {md_escape(report.article.id)}", "", f"**{md_escape(summary_line(report))}**", "", f"_{md_escape(verifier_note(report))}_", ""]
    lines += [f"- source: {md_escape(s.id)}" for s in report.sources]
    lines += [f"> note: {md_escape(n)}" for n in report.notes]
    if report.headline is not None:
        h = report.headline
        lines += ["", f"**Headline** {_MARK[h.verdict]} ({h.score:.2f}) {md_escape(h.text)}", f"- why: {md_escape(why(h, report.verifier_threshold))}"]
    for name in ("contradicted", "unsupported", "supported"):
        chosen = [v for v in report.claims if v.verdict == name]
        lines += ["", f"## {name.capitalize()} ({len(chosen)})", ""]
        for v in chosen:
            lines.append(f"- {_MARK[name]} ({v.score:.2f}) {md_escape(shorten(v.claim.text, 400))} <sub>{md_escape(v.claim.id)}, chars {v.claim.start}–{v.claim.end}</sub>")
            lines.append(f"  - why: {md_escape(why(v, report.verifier_threshold))}")
            lines += [f"  - ≠ {md_escape(x.source)} {x.type}: {md_escape(x.detail)} — {md_escape(shorten(x.text, 300))}" for x in v.conflicts]
            lines += [f"  - {'=' if name == 'supported' else '~'} {md_escape(e.source)} ({e.score:.2f}) {md_escape(shorten(e.text, 300))}" for e in v.evidence[:2]]
    return "\n".join(lines) + "\n"


def render_audit(report: AuditReport, fmt: str, color: bool = False) -> str:
    renderers: dict[str, Callable[[], str]] = {
        "json": lambda: dumps(audit_json(report)),
        "markdown": lambda: audit_markdown(report),
        "text": lambda: audit_text(report, color=color),
        "html": lambda: _audit_html(report),
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(renderers)})")
    return renderers[fmt]()


def _audit_html(report: AuditReport) -> str:
    from .html import audit_html  # the HTML renderer lives with the compare one (report/html.py)

    return audit_html(report)
