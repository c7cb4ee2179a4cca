"""The brief of a story as JSON, text or Markdown (``corroborator brief``)."""

from __future__ import annotations

from ..brief import BRIEF_SCHEMA, Brief, BriefLine
from .labels import visible
from .markdown import md_escape


def brief_json(b: Brief, story: str | None = None) -> dict:
    return {
        "schema": BRIEF_SCHEMA,
        "story": story,
        "title": b.title,
        "articles": list(b.articles),
        "independent_sources": b.independent_sources,
        "single_source_claims": b.single_source_claims,
        "lines": [
            {"kind": line.kind, "text": line.text, "sources": line.sources, "conflict": line.conflict,
             "detail": line.detail,
             "citations": [{"source": c.source, "start": c.start, "end": c.end, "text": c.text} for c in line.citations]}
            for line in b.lines
        ],
    }


def brief_text(b: Brief, markdown: bool = False) -> str:
    """Each line with its citations as ``source start-end``; Markdown quotes the cited words."""
    head = _one_line(b.title or "Story")
    out = [f"# {md_escape(head)}" if markdown else head,
           f"{len(b.articles)} articles, {b.independent_sources} independent sources; "
           f"{b.single_source_claims} statements carried by one source only (not listed)", ""]
    for kind, heading in (("agreed", "Sources agree"), ("disputed", "Sources differ")):
        lines = [line for line in b.lines if line.kind == kind]
        if not lines:
            continue
        out.append(f"## {heading}" if markdown else heading.upper())
        for line in lines:
            out.extend(_line_text(line, markdown))
        out.append("")
    if not b.lines:
        out.append("No statement is carried by two independent sources, and none is disputed.")
    return "\n".join(out).rstrip() + "\n"


def _line_text(line: BriefLine, markdown: bool) -> list[str]:
    said = _one_line(line.text) if line.kind == "agreed" else f"{_one_line(line.text)} ({line.conflict}: {_one_line(line.detail or '')})"
    count = f"{line.sources} sources" if line.kind == "agreed" else "disputed"
    if markdown:
        cites = "; ".join(f"{md_escape(c.source)} {c.start}–{c.end}" for c in line.citations)
        return [f"- {md_escape(said)} — {count} [{cites}]"]
    cites = "; ".join(f"{_one_line(c.source)} {c.start}-{c.end}" for c in line.citations)
    return [f"  • {said}", f"      {count}: {cites}"]


def _one_line(text: str) -> str:
    return " ".join(visible(text).split())
