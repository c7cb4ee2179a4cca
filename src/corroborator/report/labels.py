"""Short labels (A, B, C, ...) for sources, shared by the human-readable renderers."""

from __future__ import annotations

import re
import string

from rich.markup import escape as escape_markup

from ..model import CompareReport

# C0 and C1 control characters but line breaks and tabs (ESC starts terminal sequences: clear the screen, set the
# window title), and the bidirectional overrides and isolates (they reorder what is shown): text from an article
# must never reach a terminal or a Markdown file raw.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with its control characters shown as U+FFFD."""
    return _CONTROLS.sub("\ufffd", text)


def escape(text: str) -> str:
    """Article text made safe for the terminal reports: control characters shown as U+FFFD, rich markup escaped."""
    return escape_markup(visible(text))


def source_labels(report: CompareReport) -> dict[str, str]:
    letters = string.ascii_uppercase
    return {
        a.id: (letters[i] if i < len(letters) else f"S{i + 1}") for i, a in enumerate(report.sources)
    }


def summary_line(report: CompareReport) -> str:
    """'14 claims agreed, 6 only in A, 5 only in B, 0 in conflict' (claims, as the other counts: one disagreement
    between two reports is a claim in conflict on each side). Copies of one wire story are counted once,
    as their first copy ('4 only in B (= C, D)'): their claims are the same claims."""
    labels = source_labels(report)
    copies: dict[str, list[str]] = {}
    for article in report.sources:
        copies.setdefault(report.reprints.get(article.id, article.id), []).append(article.id)
    counted = [ids[0] for ids in copies.values()]
    claims = [v for v in report.claims if v.claim.source in counted]
    agreed, conflicting = (sum(v.verdict == verdict for v in claims) for verdict in ("corroborated", "conflicting"))
    parts = [f"{agreed} claims agreed"]
    for ids in copies.values():
        single = sum(1 for v in report.claims_of(ids[0]) if v.verdict == "single_source")
        also = f" (= {', '.join(labels[i] for i in ids[1:])})" if len(ids) > 1 else ""
        parts.append(f"{single} only in {labels[ids[0]]}{also}")
    parts.append(f"{conflicting} in conflict")
    return ", ".join(parts)


def shorten_around(text: str, detail: str, width: int = 160) -> str:
    """``text`` shortened so that the other source's side of a conflict's ``detail`` stays in view ("… 320
    kilometres from Banda Aceh …" for "55 kilometres vs about 320 kilometres"), where the text has it past the cut."""
    text = " ".join(text.split())
    theirs = detail.rsplit(" vs ", 1)[-1].strip(" ‘’'\"") if " vs " in detail else ""
    at = _find_value(text, theirs)
    if len(text) <= width or at < 0 or at < width - 30:
        return shorten(text, width)
    start = max(0, min(at - width // 3, len(text) - width + 1))
    start = text.find(" ", start) + 1 or start  # from a word's beginning
    return "…" + shorten(text[start:], width - 1)


def _find_value(text: str, value: str) -> int:
    """Where the text writes the value, or its figure ("320" of "about 320 kilometres"); -1 when nowhere."""
    if not value:
        return -1
    at = text.lower().find(value.lower())
    if at < 0 and (figure := re.search(r"\d[\d,.]*", value)):
        found = re.search(rf"(?<![\d,.]){re.escape(figure.group())}(?![\d])", text)
        at = found.start() if found else -1
    return at


def shorten(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
