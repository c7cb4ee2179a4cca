"""Markdown: the same groups as the text view, as lists a newsroom wiki or an issue can show."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ClaimVerdict, CompareReport
from .facts import fact_sections
from .labels import shorten, shorten_around, source_labels, summary_line, visible
from .mirrors import cited_by, claim_groups


def md_escape(text: str) -> str:
    """Escape what Markdown would interpret; article text is data, never markup."""
    out = visible(text).replace("\\", "\\\\")
    for ch in "`*_{}[]<>#|!~&":  # "~~" strikes out, "&amp;" is an entity: article text shows as written
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def _claim_md(v: ClaimVerdict, labels: dict[str, str], cited: Sequence[ClaimVerdict] = ()) -> list[str]:
    c = v.claim
    lines = [f"- **{labels[c.source]}** {md_escape(shorten(c.text, 400))} <sub>{md_escape(c.id)}, chars {c.start}–{c.end}</sub>"]
    lines += [f"  - ← **{labels[u.claim.source]}** {md_escape(u.claim.id)} rests on these words: {md_escape(shorten(u.claim.text, 200))}"
              for u in cited]
    for e in v.support:
        lines.append(f"  - = **{labels[e.source]}** ({e.score:.2f}) {md_escape(shorten(e.text, 300))} <sub>chars {e.start}–{e.end}</sub>")
    for x in v.conflicts:
        lines.append(f"  - ≠ **{labels[x.source]}** {x.type}: {md_escape(x.detail)} — {md_escape(shorten_around(x.text, x.detail, 300))} <sub>chars {x.start}–{x.end}</sub>")
    return lines


def compare_markdown(report: CompareReport) -> str:
    labels = source_labels(report)
    lines = ["# Comparison", "", "| | source | title |", "|---|---|---|"]
    lines += [f"| {labels[a.id]} | {md_escape(a.id)} | {md_escape(a.title or '')} |" for a in report.sources]
    lines += ["", f"**{summary_line(report)}**", ""]
    lines += [f"> note: {md_escape(n)}" for n in report.notes]
    cited = cited_by(report)
    for heading, verdicts, count in claim_groups(report, labels):
        lines += ["", f"## {heading} ({count})", ""]
        for v in verdicts:
            lines += _claim_md(v, labels, cited.get(v.claim.id, []))
    for title, head, rows in fact_sections(report, labels):
        lines += ["", f"## {title.capitalize()} ({len(rows)})", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
