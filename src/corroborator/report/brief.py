"""The brief of a story as JSON, text or Markdown (``corroborator brief``)."""

from __future__ import annotations

from typing import Sequence

from ..brief import BRIEF_SCHEMA, Brief, BriefLine
from ..model import Article
from .labels import visible
from .markdown import md_escape


def brief_json(b: Brief, story: str | None = None, sources: Sequence[Article] = ()) -> dict:
    """The ``corroborator.brief/1`` document; ``sources`` (the texts the offsets point into) when given."""
    return {
        "schema": BRIEF_SCHEMA,
        "story": story,
        "title": b.title,
        "articles": list(b.articles),
        "sources": [{"id": a.id, "path": a.path, "title": a.title, "text": a.text} for a in sources],
        "independent_sources": b.independent_sources,
        "single_source_claims": b.single_source_claims,
        "lines": [
            {"kind": line.kind, "text": line.text, "sources": line.sources, "conflict": line.conflict,
             "detail": line.detail,
             "citations": [{"source": c.source, "start": c.start, "end": c.end, "text": c.text} for c in line.citations]}
            for line in b.lines
        ],
    }


def brief_text(b: Brief, markdown: bool = False, asked: bool = True) -> str:
    """Each line with its citations as ``source start-end``; a dispute shows the other side's words too.
    ``asked``: were any lines asked for (``--agreed``/``--disputed`` above 0)?"""
    head = _one_line(b.title or "Story")
    out = [f"# {md_escape(head)}" if markdown else head,
           f"{_count(len(b.articles), 'article')}, {_count(b.independent_sources, 'independent source')}; "
           f"{_count(b.single_source_claims, 'statement')} carried by one source only (not listed)", ""]
    for kind, heading in (("agreed", "Sources agree"), ("disputed", "Sources may differ (read both)")):
        lines = [line for line in b.lines if line.kind == kind]
        if not lines:
            continue
        out.append(f"## {heading}" if markdown else heading.upper())
        for line in lines:
            out.extend(_line_text(line, markdown))
        out.append("")
    if not b.lines:
        out.append("No statement is carried by two independent sources, and none is disputed." if asked
                   else "No lines asked for (--agreed 0 --disputed 0).")
    return "\n".join(out).rstrip() + "\n"


def _line_text(line: BriefLine, markdown: bool) -> list[str]:
    said = _one_line(line.text)
    if line.kind == "agreed":
        count = f"{line.sources} sources"
    else:
        said = f"{said} ({line.conflict}: {_one_line(line.detail or '')})"
        count = "disputed"
    cites = [(_one_line(c.source), f"{c.start}–{c.end}" if markdown else f"{c.start}-{c.end}") for c in line.citations]
    if markdown:
        out = [f"- {md_escape(said)} — {count} [{'; '.join(f'{md_escape(s)} {span}' for s, span in cites)}]"]
        if line.kind == "disputed":
            other = line.citations[1]
            out.append(f"  - {md_escape(other.source)} says: {md_escape(_one_line(other.text))}")
        return out
    out = [f"  • {said}", f"      {count}: {'; '.join(f'{s} {span}' for s, span in cites)}"]
    if line.kind == "disputed":
        other = line.citations[1]
        out.append(f"      {_one_line(other.source)} says: {_one_line(other.text)}")
    return out


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _one_line(text: str) -> str:
    return " ".join(visible(text).split())
