"""The terminal view: a summary line, then agreed / only-in-X / conflicting groups, each claim with its sources."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console

from ..model import ClaimVerdict, CompareReport
from .facts import fact_sections
from .labels import escape, shorten, shorten_around, source_labels, summary_line
from .mirrors import cited_by, claim_groups

_WIDTH = 110
_STYLES = {"Agreed": "green", "Conflicts": "red"}


def _claim_lines(v: ClaimVerdict, labels: dict[str, str], cited: Sequence[ClaimVerdict] = ()) -> list[str]:
    c = v.claim
    lines = [f"  [bold]{labels[c.source]}[/bold] {escape(shorten(c.text))}  [dim]({escape(c.id)}, {c.start}-{c.end})[/dim]"]
    for u in cited:
        lines.append(f"      [dim]← {labels[u.claim.source]} {escape(u.claim.id)} rests on these words: {escape(shorten(u.claim.text, 90))}[/dim]")
    for e in v.support:
        lines.append(f"      [green]= {labels[e.source]} {e.score:.2f}[/green] {escape(shorten(e.text, 120))}  [dim]({e.start}-{e.end})[/dim]")
    for x in v.conflicts:
        lines.append(f"      [red]≠ {labels[x.source]} {x.type}: {escape(x.detail)}[/red] — {escape(shorten_around(x.text, x.detail, 100))}  [dim]({x.start}-{x.end})[/dim]")
    return lines


def compare_text(report: CompareReport, color: bool = False) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=_WIDTH, highlight=False, soft_wrap=True)
    labels = source_labels(report)
    console.print(f"[bold]corroborator compare[/bold]: {len(report.sources)} source{'s' if len(report.sources) != 1 else ''}")
    for a in report.sources:
        title = f' "{escape(shorten(a.title, 80))}"' if a.title else ""
        console.print(f"  [bold]{labels[a.id]}[/bold]  {escape(a.id)}{title}")
    console.print()
    console.print(f"[bold]{escape(summary_line(report))}[/bold]")
    for note in report.notes:
        console.print(f"[yellow]note: {escape(note)}[/yellow]")
    cited = cited_by(report)
    for heading, verdicts, count in claim_groups(report, labels):
        style = _STYLES.get(heading, "yellow")
        console.print()
        console.print(f"[bold {style}]{heading.upper()} ({escape(count)})[/bold {style}]")
        for v in verdicts:
            for line in _claim_lines(v, labels, cited.get(v.claim.id, [])):
                console.print(line)
    for title, head, rows in fact_sections(report, labels):
        console.print()
        console.print(f"[bold]{title} ({len(rows)})[/bold]  [dim]{escape(' | '.join(head))}[/dim]")
        for row in rows:
            console.print("  " + escape(" | ".join(row)))
    return buffer.getvalue()
