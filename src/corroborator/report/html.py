"""HTML: one self-contained page (inline CSS and JS, no request to any other host) for a compare or audit report.

The page is rendered from the contract's JSON (``corroborator.compare/1`` or ``corroborator.audit/1``), so a
report saved by the web app renders exactly like a fresh one. Article text is only ever inserted escaped, and
the page carries a Content-Security-Policy that allows its own inline script and style (by hash) and nothing
else: hostile input can neither run script nor make the page load anything.

    render_html(payload)        contract JSON -> page
     ├── compare_html(report)   CompareReport -> page
     └── audit_html(report)     AuditReport -> page
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Any, Mapping, Sequence
from urllib.parse import urlsplit

from ..model import Article, AuditReport, Claim, ClaimVerdict, CompareReport, Conflict, Evidence
from .audit import audit_json, score_text
from .html_tables import tables_html
from .json_report import compare_json
from .labels import shorten, shorten_around
from .mirrors import cited_by, without_mirrors

__all__ = ["audit_html", "compare_html", "content_security_policy", "render_html"]

# verdict -> (label, icon); icons and underline styles (see report.css) tell verdicts apart without colour.
VERDICT_LABELS: dict[str, tuple[str, str]] = {
    "corroborated": ("Corroborated", "✓"),
    "single_source": ("Single source", "1"),
    "conflicting": ("Conflicting", "✗"),
    "supported": ("Supported", "✓"),
    "unsupported": ("Unsupported", "?"),
    "contradicted": ("Contradicted", "✗"),
}
_COMPARE_VERDICTS = ("corroborated", "single_source", "conflicting")
_AUDIT_VERDICTS = ("supported", "unsupported", "contradicted")
# Top-level keys of the contract JSON that are not cross-source tables.
_NOT_TABLES = frozenset({"schema", "sources", "claims", "summary", "article", "score", "passed", "fail_under", "max_contradicted",
                         "verifier", "verifier_threshold", "notes", "counts", "reprints"})


@dataclass(frozen=True)
class _Doc:
    id: str
    label: str
    role: str  # "source" (compare), "article" or "source" (audit)
    title: str | None
    meta: tuple[str, ...]
    url: str | None
    text: str


@dataclass(frozen=True)
class _Mark:
    id: str
    start: int
    end: int
    verdict: str
    cited_by: tuple[str, ...] = ()  # claims of other reports that rest on this single-source claim's words


@dataclass(frozen=True)
class _Placed:
    doc: str
    mark: _Mark


def compare_html(report: CompareReport) -> str:
    return render_html(compare_json(report))


def audit_html(report: AuditReport) -> str:
    return render_html(audit_json(report))


def render_html(payload: Mapping[str, Any], links: Sequence[tuple[str, str]] = ()) -> str:
    """The page for a compare or audit report given as the contract's JSON; ``links`` (text, same-site path)
    become a navigation bar (the web app's; an exported file has none)."""
    is_audit = str(payload.get("schema", "")).startswith("corroborator.audit/")
    docs = _audit_docs(payload) if is_audit else _compare_docs(payload)
    verdicts = _AUDIT_VERDICTS if is_audit else _COMPARE_VERDICTS
    claims = payload.get("claims") or []
    labels = {d.id: d.label for d in docs}
    if is_audit:
        overview, citers = _problems(claims, labels), {}
    else:
        model = _compare_model(payload, docs)
        overview = _differences(model, labels)
        citers = {k: tuple(u.claim.id for u in us) for k, us in cited_by(model).items()}
    placed = _marks(claims, str(payload["article"]["id"]) if is_audit else None, citers)
    script, style = asset("report.js"), asset("report.css")
    body = "\n".join([
        _nav(links),
        _header(payload, docs, claims, verdicts, is_audit, overview),
        '<main id="docs" class="docs docs-%d">' % min(len(docs), 4),
        *(_doc_html(d, [p for p in placed if p.doc == d.id]) for d in docs),
        "</main>",
        _detail_panel(),
        tables_html(payload, [(d.id, d.label) for d in docs if d.role == "source"], _NOT_TABLES),
    ])
    return _PAGE.format(
        csp=escape(content_security_policy(script, style)),
        title=escape(_page_title(docs, is_audit)),
        style=style,
        body=body,
        data=json_for_script(payload),
        script=script,
    )


def content_security_policy(script: str, style: str, connect: str = "'none'") -> str:
    """Nothing may load from anywhere; only the page's own inline script and style (by hash) run."""
    return (
        f"default-src 'none'; script-src '{_sha256(script)}'; style-src '{_sha256(style)}'; img-src data:; "
        f"connect-src {connect}; base-uri 'none'; form-action 'none'"
    )


def json_for_script(payload: Mapping[str, Any]) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<`` can close the element early."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# -- documents ---------------------------------------------------------------------------------------------------
def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"S{i + 1}"


def _compare_docs(payload: Mapping[str, Any]) -> list[_Doc]:
    return [_doc(s, _letter(i), "source") for i, s in enumerate(payload.get("sources") or [])]


def _audit_docs(payload: Mapping[str, Any]) -> list[_Doc]:
    sources = [_doc(s, f"S{i + 1}", "source") for i, s in enumerate(payload.get("sources") or [])]
    return [_doc(payload["article"], "Article", "article"), *sources]


def _doc(raw: Mapping[str, Any], label: str, role: str) -> _Doc:
    meta = tuple(str(raw[k]) for k in ("outlet", "date") if raw.get(k))
    return _Doc(id=str(raw["id"]), label=label, role=role, title=raw.get("title") or None, meta=meta,
                url=raw.get("url") or None, text=str(raw.get("text") or ""))


def _marks(claims: Sequence[Mapping[str, Any]], owner: str | None,
           citers: Mapping[str, tuple[str, ...]]) -> list[_Placed]:
    """Each claim with the document it points into (an audit's claims all point into its article)."""
    return [
        _Placed(owner if owner is not None else str(c.get("source", "")),
                _Mark(str(c["id"]), int(c["start"]), int(c["end"]), str(c["verdict"]), citers.get(str(c["id"]), ())))
        for c in claims
    ]


def _compare_model(payload: Mapping[str, Any], docs: Sequence[_Doc]) -> CompareReport:
    """The contract's JSON back as the model, so that the page lists conflicts and cited words exactly as the text
    and Markdown views do (``report.mirrors``), for a saved report as for a fresh one."""
    def span(raw: Mapping[str, Any]) -> dict[str, Any]:
        return {"start": int(raw["start"]), "end": int(raw["end"]), "text": str(raw.get("text") or ""),
                "source": str(raw.get("source", ""))}

    return CompareReport(
        sources=tuple(Article(id=d.id, text=d.text) for d in docs),
        claims=tuple(
            ClaimVerdict(
                Claim(**span(c), id=str(c["id"])), c["verdict"],
                tuple(Evidence(**span(e), score=float(e.get("score") or 0)) for e in c.get("support") or []),
                tuple(Conflict(**span(x), type=x.get("type", "other"), detail=str(x.get("detail") or ""))
                      for x in c.get("conflicts") or []),
            )
            for c in payload.get("claims") or []
        ),
    )


def _doc_html(doc: _Doc, placed: Sequence[_Placed]) -> str:
    title = f'<h2 class="doc-title">{_isolated(doc.title)}</h2>' if doc.title else ""
    meta = " · ".join(_isolated(m) for m in doc.meta)
    link = _safe_link(doc.url)
    info = " · ".join(x for x in (meta, link) if x)
    counts: dict[str, int] = {}
    for p in placed:
        counts[p.mark.verdict] = counts.get(p.mark.verdict, 0) + 1
    tally = " · ".join(f"{n} {VERDICT_LABELS.get(v, (v, ''))[0].lower()}" for v, n in sorted(counts.items(), key=_order))
    return (
        f'<section class="doc doc-{doc.role}" data-doc="{escape(doc.id)}" aria-label="{escape(doc.label)}">'
        f'<header class="doc-head"><span class="doc-label">{escape(doc.label)}</span>'
        f'<span class="doc-id">{_isolated(doc.id)}</span>{title}'
        f'{f"""<p class="doc-meta">{info}</p>""" if info else ""}'
        f'{f"""<p class="doc-meta doc-counts">{escape(tally)}</p>""" if tally else ""}</header>'
        f'<div class="doc-text" data-doc="{escape(doc.id)}">{highlight(doc.text, [p.mark for p in placed])}</div>'
        "</section>"
    )


def _order(item: tuple[str, int]) -> int:
    order = list(VERDICT_LABELS)
    return order.index(item[0]) if item[0] in order else len(order)


def _isolated(text: str) -> str:
    """``text`` escaped in a ``<bdi>``: a bidi control in a title or id (an unclosed U+202E) cannot reorder what
    follows it on the line."""
    return f"<bdi>{escape(text)}</bdi>"


def _safe_link(url: str | None) -> str:
    """Only http(s) links become links; anything else (``javascript:``, ``data:``) is shown as text."""
    if not url:
        return ""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:  # e.g. an unbalanced "[" in the host
        scheme = ""
    if scheme in ("http", "https"):
        return f'<a href="{escape(url.strip())}" rel="noopener noreferrer nofollow">{_isolated(url)}</a>'
    return f'<span class="doc-url">{_isolated(url)}</span>'


# -- highlighting --------------------------------------------------------------------------------------------------
def _escape_text(text: str) -> str:
    """Escape so the DOM's text is ``text`` character for character (the JS maps claim offsets onto it)."""
    return escape(text, quote=True).replace("\r", "&#13;").replace("\x00", "&#0;")


def highlight(text: str, marks: Sequence[_Mark]) -> str:
    """``text`` escaped, each claim wrapped in a ``<span class="claim">``; overlapping claims nest.

    A claim that crosses the end of an enclosing one is closed there and reopened after it, so the markup stays
    well formed; every piece carries the claim id, and the verdict icon follows the claim's last piece.
    """
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    starts: dict[int, list[_Mark]] = {}
    ends: dict[int, list[_Mark]] = {}
    for m in valid:
        starts.setdefault(m.start, []).append(m)
        ends.setdefault(m.end, []).append(m)
    out: list[str] = []
    stack: list[_Mark] = []
    pos = 0
    for p in sorted(set(starts) | set(ends)):
        out.append(_escape_text(text[pos:p]))
        pos = p
        closing = [m for m in stack if m.end == p]
        if closing:
            first = min(stack.index(m) for m in closing)
            reopen = [m for m in stack[first:] if m.end != p]
            for m in reversed(stack[first:]):
                out.append(_close(m, final=m.end == p))
            del stack[first:]
            for m in reopen:
                out.append(_open(m, cont=True))
                stack.append(m)
        for m in sorted(starts.get(p, []), key=lambda m: -m.end):
            out.append(_open(m, cont=False, words=text[m.start:m.end]))
            stack.append(m)
    out.append(_escape_text(text[pos:]))
    return "".join(out)


def _open(m: _Mark, cont: bool, words: str = "") -> str:
    label = VERDICT_LABELS.get(m.verdict, (m.verdict, "•"))[0]
    attrs = f'class="claim v-{escape(m.verdict)}{" cont" if cont else ""}" data-claim="{escape(m.id)}"'
    if not cont:
        attrs += (f' id="c-{escape(m.id)}" tabindex="0" role="button" title="{escape(label)}: click for the evidence"'
                  f' aria-label="{escape(label)} claim: {escape(shorten(words, 60))}"')
        if m.cited_by:
            attrs += f' data-cited-by="{escape(json.dumps(m.cited_by, ensure_ascii=False))}"'
    return f"<span {attrs}>"


def _close(m: _Mark, final: bool) -> str:
    icon = f'<span class="ico" data-v="{escape(m.verdict)}" aria-hidden="true"></span>' if final else ""
    return icon + "</span>"


# -- header, panel, tables -------------------------------------------------------------------------------------------
# Embeddings, overrides and isolates: ``<title>`` holds no markup to isolate them in, so they are dropped there.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _page_title(docs: Sequence[_Doc], is_audit: bool) -> str:
    first = docs[0].title or docs[0].id if docs else ""
    return f"{'Audit' if is_audit else 'Comparison'}: {_BIDI_CONTROLS.sub('', first)}"


def _header(payload: Mapping[str, Any], docs: Sequence[_Doc], claims: Sequence[Mapping[str, Any]],
            verdicts: Sequence[str], is_audit: bool, overview: str) -> str:
    counts = {v: 0 for v in verdicts}
    for c in claims:
        counts[str(c.get("verdict"))] = counts.get(str(c.get("verdict")), 0) + 1
    chips = "".join(
        f'<li class="chip v-{v}" data-count="{v}"><span class="ico" data-v="{v}" aria-hidden="true"></span>'
        f'<b>{counts.get(v, 0)}</b> {escape(VERDICT_LABELS[v][0].lower())}</li>'
        for v in verdicts
    )
    score = _score_html(payload) if is_audit else ""
    notes = "".join(f'<p class="note">{escape(str(n))}</p>' for n in (payload.get("summary") or {}).get("notes", []))
    notes += "".join(f'<p class="note">{escape(str(n))}</p>' for n in payload.get("notes") or [])
    notes += _reprints_html(payload, docs)
    names = " · ".join(f"<b>{escape(d.label)}</b> {_isolated(d.title or d.id)}" for d in docs)
    n = len(docs) - 1
    heading = (f"Audit of an article against {n} source{'s' if n != 1 else ''}" if is_audit
               else f"Comparison of {len(docs)} reports")
    return (
        f'<header class="top"><h1>{heading}</h1>'
        f'<p class="names">{names}</p>{score}<ul class="counts" aria-label="claims by verdict">{chips}'
        f'<li class="total"><b>{len(claims)}</b> claims</li></ul>{overview}{notes}'
        '<p class="hint">Click a highlighted claim to see its evidence; the matching words are marked in the other '
        "text.</p></header>"
    )


def _differences(model: CompareReport, labels: Mapping[str, str]) -> str:
    """Where the reports differ: each conflict once (a claim that only mirrors one listed is left out, as in the text
    report), its type and values, the two reports, and a link that selects the claim."""
    shown, _ = without_mirrors([v for v in model.claims if v.verdict == "conflicting"])
    found: dict[tuple[str, ...], list[tuple[ClaimVerdict, Conflict]]] = {}
    for v in shown:
        for x in v.conflicts:  # one line a difference, whichever side states it and in how many claims
            found.setdefault((x.type, *sorted(x.detail.split(" vs "))), []).append((v, x))
    items = []
    for pairs in found.values():
        v, x = pairs[0]
        who = f"{escape(labels.get(v.claim.source, v.claim.source))} vs {escape(labels.get(x.source, x.source))}"
        items.append(_overview_item("conflicting", f'{_conflict_html(x.type, x.detail)} <span class="who">{who}</span> '
                                    + _goto(v.claim.id, v.claim.text, _mine_in_view(x.detail)) + _more_claims(len(pairs) - 1)))
    return _overview("Where they differ", items, "No conflicts found.")


def _more_claims(more: int) -> str:
    return f' <span class="who">and {more} more claim{"s" if more > 1 else ""}</span>' if more else ""


def _problems(claims: Sequence[Mapping[str, Any]], labels: Mapping[str, str]) -> str:
    """The audit's problems, as ``corroborator audit`` lists them: contradicted claims, then unsupported ones, each
    with why (and a contradiction's values and source), and a link that selects the claim."""
    items = []
    for verdict in ("contradicted", "unsupported"):
        for c in (c for c in claims if c.get("verdict") == verdict):
            html = f'{_goto(str(c["id"]), str(c.get("text") or ""))} <span class="why">{escape(str(c.get("why") or ""))}</span>'
            for x in c.get("conflicts") or []:
                source = str(x.get("source", ""))
                html += f' · {_conflict_html(x.get("type", ""), x.get("detail", ""))} ({escape(labels.get(source, source))})'
            items.append(_overview_item(verdict, html))
    return _overview("Problems", items, "No problems found: the sources support every claim.")


def _conflict_html(kind: Any, detail: Any) -> str:
    """'<b>number</b>: 3 hours vs 5 hours', the values as the conflict's detail gives them."""
    return f"<b>{escape(str(kind))}</b>: <bdi>{escape(str(detail or ''))}</bdi>"


def _overview_item(verdict: str, html: str) -> str:
    return f'<li><span class="ico" data-v="{escape(verdict)}" aria-hidden="true"></span>{html}</li>'


def _goto(claim_id: str, text: str, detail: str = "") -> str:
    """A link that selects the claim (the page's ``#c-<id>``), named by its words (around the value that differs,
    given as the second side of ``detail``)."""
    return (f'<a class="goto" href="#c-{escape(claim_id)}" data-claim="{escape(claim_id)}">'
            f'“<bdi>{escape(shorten_around(text, detail, 90))}</bdi>”</a>')


def _mine_in_view(detail: str) -> str:
    """The detail turned round ("5 hours vs 3 hours" -> "3 hours vs 5 hours"), for ``shorten_around`` to keep the
    claim's own value in view."""
    return " vs ".join(reversed(detail.split(" vs ", 1)))


def _overview(heading: str, items: Sequence[str], empty: str) -> str:
    body = f'<ul>{"".join(items)}</ul>' if items else f'<p class="none">{escape(empty)}</p>'
    return f'<section class="overview" aria-label="{escape(heading)}"><h2>{escape(heading)} ({len(items)})</h2>{body}</section>'


def _reprints_html(payload: Mapping[str, Any], docs: Sequence[_Doc]) -> str:
    labels = {d.id: d.label for d in docs}
    groups = [g for g in payload.get("reprints") or [] if isinstance(g, Mapping)]
    return "".join(
        '<p class="note">Copies of one story, so they never count as corroborating each other: '
        f'{escape(", ".join(labels.get(str(a), str(a)) for a in g.get("articles") or []))}</p>'
        for g in groups
    )


def _score_html(payload: Mapping[str, Any]) -> str:
    """The audit score; passed/failed only when a gate was given (``--fail-under``, ``--max-contradicted``)."""
    if "score" not in payload:
        return ""
    summary = payload.get("summary") or {}
    fail_under = summary.get("fail_under")
    bar = float(fail_under) if isinstance(fail_under, (int, float)) and not isinstance(fail_under, bool) else None
    text = f'Score <b>{score_text(float(payload["score"]), bar)}</b> (the share of the article\'s claims the sources support)'
    if summary.get("verifier"):
        line = summary.get("verifier_threshold")
        cut = "" if isinstance(line, bool) or not isinstance(line, (int, float)) else f", supported from a score of {float(line):.2f}"
        text += f'<br><span class="verifier">{escape(str(summary["verifier"]))} verifier{cut}</span>'
    headline = payload.get("headline")
    if isinstance(headline, Mapping) and headline.get("text"):
        text += (f'<br><span class="headline">Headline, {escape(str(headline.get("verdict", "")))}: '
                 f'“{escape(str(headline["text"]))}” — {escape(str(headline.get("why", "")))}</span>')
    most = summary.get("max_contradicted")
    most = most if isinstance(most, int) and not isinstance(most, bool) else None
    gates = ([f"threshold {bar:g}"] if bar is not None else []) + ([f"at most {most} contradicted"] if most is not None else [])
    if not gates:
        return f'<p class="score">{text}</p>'
    passed = "passed" if payload.get("passed", True) else "failed"
    return f'<p class="score {passed}">{text} — <b>{passed}</b> ({escape(", ".join(gates))})</p>'


def _nav(links: Sequence[tuple[str, str]]) -> str:
    if not links:
        return ""
    items = "".join(f'<a href="{escape(href)}">{escape(text)}</a>' for text, href in links)
    return f'<nav class="links">{items}</nav>'


def _detail_panel() -> str:
    return (
        '<aside id="detail" class="detail" tabindex="-1" aria-label="Claim details" aria-live="polite">'
        '<p class="hint">No claim selected.</p></aside>'
    )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
{body}
<script type="application/json" id="report-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""
