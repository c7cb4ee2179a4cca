"""The HTML report: self-contained, escaped, offsets kept, every verdict labelled (no browser; see test_browser)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from corroborator.cli import app
from corroborator.model import Article, ClaimVerdict, CompareReport, Conflict, Evidence
from corroborator.model import Claim
from corroborator.pipeline import compare
from corroborator.report import render_compare
from corroborator.report.labels import source_labels
from corroborator.report.mirrors import cited_by, claim_groups
from corroborator.report.html import _Mark, compare_html, highlight, json_for_script, render_html
from corroborator.report.json_report import compare_json

from conftest import EXAMPLE_DIR

HOSTILE = (
    'Breaking</script><script>window.pwned=1</script> news. <img src=x onerror="window.pwned=2"> '
    '<a href="javascript:window.pwned=3">click</a> & "quotes" \u2028 <!-- comment --> done.'
)


class Tree(HTMLParser):
    """Texts of every ``.doc-text``, claim pieces by id, tags seen, and whether the markup is balanced."""

    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.docs: dict[str, str] = {}
        self.pieces: dict[str, str] = {}
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.balanced = False
            return
        self.stack.pop()

    def handle_data(self, data):
        for tag, a in self.stack:
            if "doc-text" in (a.get("class") or ""):
                self.docs[a["data-doc"]] = self.docs.get(a["data-doc"], "") + data
            if "claim" in (a.get("class") or "").split():
                self.pieces[a["data-claim"]] = self.pieces.get(a["data-claim"], "") + data
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        if self.stack and self.stack[-1][0] == "style":
            self.styles.append(data)


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    return tree


def hostile_report() -> CompareReport:
    a = Article(id="evil", text=HOSTILE, title="<script>alert(1)</script>", url="javascript:alert(1)")
    b = Article(id="good", text="Breaking news. Nothing to see.", url="https://example.org/x?a=1&b=<2>")
    start = HOSTILE.index("<img")
    claim_a = Claim(start=0, end=len(HOSTILE), text=HOSTILE, id="evil#0", source="evil")
    inner = Claim(start=start, end=start + 10, text=HOSTILE[start:start + 10], id="evil#1", source="evil", kind="role")
    claim_b = Claim(start=0, end=14, text="Breaking news.", id="good#0", source="good")
    ev = Evidence(start=0, end=14, text="Breaking news.", source="good", score=0.9)
    verdicts = (ClaimVerdict(claim_a, "corroborated", support=(ev,)), ClaimVerdict(inner, "single_source"),
                ClaimVerdict(claim_b, "single_source"))
    return CompareReport(sources=(a, b), claims=verdicts, tables={"quotes": [{"speaker": "<b>X</b>", "text": "q"}]})


def differing_report(detail: str = "3 hours vs 5 hours") -> CompareReport:
    """A and B differ on a number (each side's claim listing the other: one difference), and A's claim rests on the
    words of a claim only B makes."""
    a = Article(id="a", text="Talks lasted 3 hours. Merz attended the talks in Berlin.")
    b = Article(id="b", text="Talks lasted 5 hours. Merz attended.")
    hours = "Talks lasted 3 hours.", "Talks lasted 5 hours."
    return CompareReport(sources=(a, b), claims=(
        ClaimVerdict(Claim(0, 21, hours[0], id="a#0", source="a"), "conflicting",
                     conflicts=(Conflict(0, 21, hours[1], source="b", type="number", detail=detail),)),
        ClaimVerdict(Claim(22, 56, a.text[22:], id="a#1", source="a"), "corroborated",
                     support=(Evidence(22, 36, "Merz attended.", source="b", score=0.8),)),
        ClaimVerdict(Claim(0, 21, hours[1], id="b#0", source="b"), "conflicting",
                     conflicts=(Conflict(0, 21, hours[0], source="a", type="number", detail="5 hours vs 3 hours"),)),
        ClaimVerdict(Claim(22, 36, "Merz attended.", id="b#1", source="b"), "single_source"),
    ))


def audit_payload() -> dict:
    article = "The minister resigned on Monday. Fuel prices rose."
    return {
        "schema": "corroborator.audit/1",
        "article": {"id": "rewrite", "text": article},
        "sources": [{"id": "wire", "text": "On Monday the minister resigned."}],
        "claims": [
            {"id": "rewrite#0", "text": article[:32], "start": 0, "end": 32, "verdict": "supported", "score": 0.9,
             "evidence": [{"source": "wire", "text": "On Monday the minister resigned.", "start": 0, "end": 32, "score": 0.9}],
             "conflicts": []},
            {"id": "rewrite#1", "text": article[33:], "start": 33, "end": 50, "verdict": "unsupported", "score": 0.1,
             "why": "verifier score 0.10 < 0.58, and no source piece states the same fact",
             "evidence": [{"source": "wire", "text": "On Monday the minister resigned.", "start": 0, "end": 32, "score": 0.3}],
             "conflicts": []},
        ],
        "score": 0.5,
        "passed": False,
        "summary": {"fail_under": 0.8, "notes": [], "verifier_threshold": 0.577},
    }


def overview(page: str) -> str:
    return re.search(r'<section class="overview".*?</section>', page, re.S).group(0)


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_example_report_is_one_self_contained_file(example_report):
    page = compare_html(example_report)
    tree = parse(page)
    assert tree.balanced and not tree.stack
    assert not re.search(r"https?://", page), "the example page must not name any other host"
    assert not [t for t, a in tree.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert not [a for t, a in tree.tags if t == "script" and "src" in a]
    assert "@import" not in page and "url(" not in "".join(tree.styles)


def test_csp_allows_exactly_the_inline_script_and_style(example_report):
    tree = parse(compare_html(example_report))
    csp = next(a["content"] for t, a in tree.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    code = [s for s in tree.scripts if "use strict" in s]
    assert len(code) == 1 and len(tree.styles) == 1
    assert f"script-src '{_sha(code[0])}'" in csp
    assert f"style-src '{_sha(tree.styles[0])}'" in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_the_example_texts_are_rendered_character_for_character(example_report):
    tree = parse(compare_html(example_report))
    assert tree.docs == {a.id: a.text for a in example_report.sources}
    for v in example_report.claims:
        assert tree.pieces[v.claim.id] == v.claim.text


def test_every_claim_carries_its_verdict_as_text_and_icon(example_report):
    page = compare_html(example_report)
    tree = parse(page)
    spans = [a for t, a in tree.tags if t == "span" and a.get("id", "").startswith("c-")]
    assert len(spans) == len(example_report.claims)
    by_id = {v.claim.id: v.verdict for v in example_report.claims}
    labels = {"corroborated": "Corroborated", "single_source": "Single source", "conflicting": "Conflicting"}
    for a in spans:
        verdict = by_id[a["data-claim"]]
        assert f"v-{verdict}" in a["class"] and a["title"].startswith(labels[verdict])
    icons = [a for t, a in tree.tags if t == "span" and a.get("class") == "ico"]
    assert len(icons) == len(example_report.claims) + 3  # one per claim, one per verdict in the summary
    for verdict, n in example_report.counts().items():
        assert re.search(rf'data-count="{verdict}">.*?<b>{n}</b>', page)
    for source in example_report.sources:  # and per source, in its column's header
        n = sum(v.verdict == "corroborated" for v in example_report.claims_of(source.id))
        assert re.search(rf'data-doc="{source.id}" aria-label.*?doc-counts">{n} corroborated\b', page)


def test_hostile_article_is_inert_text():
    report = hostile_report()
    page = compare_html(report)
    tree = parse(page)
    assert [t for t, _ in tree.tags].count("script") == 2  # the JSON data and the page's own code
    assert not [t for t, a in tree.tags if t in ("img", "a") and a.get("href", "").startswith("javascript")]
    assert not any(k.startswith("on") for _, a in tree.tags for k in a)
    assert not [t for t, _ in tree.tags if t == "img"]
    assert tree.docs["evil"] == HOSTILE  # shown exactly, as text
    hrefs = [a["href"] for t, a in tree.tags if t == "a"]
    assert hrefs == ["https://example.org/x?a=1&b=<2>"]  # only the http(s) link is a link, attribute-escaped
    assert "&lt;b&gt;X&lt;/b&gt;" in page  # table cells escaped too


def test_embedded_json_cannot_close_its_script_and_round_trips():
    report = hostile_report()
    page = compare_html(report)
    data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data
    assert json.loads(data) == json.loads(json.dumps(compare_json(report)))


def test_tables_are_rendered_when_present():
    page = compare_html(hostile_report())
    assert 'data-table="quotes"' in page and "<th>speaker</th>" in page
    assert "data-table" not in compare_html(CompareReport(sources=hostile_report().sources, claims=()))


def test_audit_payload_puts_claims_in_the_article_and_shows_the_score():
    payload = audit_payload()
    article = payload["article"]["text"]
    del payload["summary"]["verifier_threshold"]
    tree = parse(render_html(payload))
    assert tree.docs == {"rewrite": article, "wire": "On Monday the minister resigned."}
    assert tree.pieces == {"rewrite#0": article[:32], "rewrite#1": article[33:]}
    page = render_html(payload)
    assert "Score <b>0.50</b>" in page and "<b>failed</b> (threshold 0.8)" in page
    assert 'data-count="unsupported"' in page and "against 1 source<" in page
    assert 'class="verifier"' not in page  # no verifier named: none shown
    payload["summary"].update({"verifier": "<script>x</script>", "verifier_threshold": 0.577})
    page = render_html(payload).split('id="report-data"')[0]
    assert "&lt;script&gt;x&lt;/script&gt; verifier, supported from a score of 0.58" in page and "<script>x" not in page
    payload["summary"]["verifier_threshold"] = "<b>0.5</b>"  # a saved report is untrusted: only a number is shown
    assert "supported from" not in render_html(payload).split('id="report-data"')[0]
    payload["headline"] = {"text": "<img src=x onerror=alert(1)> Minister Quits", "verdict": "unsupported",
                           "why": "no source carries <Quits>", "score": 0.2}
    page = render_html(payload).split('id="report-data"')[0]
    assert "Headline, unsupported: “&lt;img src=x onerror=alert(1)&gt; Minister Quits” — no source carries &lt;Quits&gt;" in page
    assert "<img" not in page
    del payload["summary"]
    assert "<b>failed</b>" not in render_html(payload)  # no threshold given: a score, not a judgement


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 20)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab <>&\"'\r\n\x00é😀")), min_size=1, max_size=40), raw=spans)
def test_highlight_keeps_the_text_and_every_claim_whatever_the_overlaps(text, raw):
    marks = [_Mark(f"c{i}", s, min(s + n, len(text)), "corroborated") for i, (s, n) in enumerate(raw) if s < len(text)]
    html = f'<div class="doc-text" data-doc="d">{highlight(text, marks)}</div>'
    tree = parse(html)
    assert tree.balanced and not tree.stack
    got = tree.docs.get("d", "")
    # the parser turns &#13; into \r and &#0; into U+FFFD, as browsers do: one character each way
    assert got == text.replace("\x00", "\ufffd")
    for m in marks:
        assert tree.pieces[m.id] == text[m.start:m.end].replace("\x00", "\ufffd")


def test_json_for_script_escapes_every_angle_bracket():
    out = json_for_script({"t": "</script><!-- \u2028"})
    assert "<" not in out and json.loads(out) == {"t": "</script><!-- \u2028"}


def test_cli_writes_html_by_format_or_extension(tmp_path):
    paths = [str(p) for p in sorted(EXAMPLE_DIR.glob("*.txt"))]
    runner = CliRunner()
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["compare", *paths, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(app, ["compare", *paths, "--format", "html"])
    assert result.exit_code == 0 and "<!DOCTYPE html>" in result.stdout


def test_render_compare_knows_html(example_report):
    assert render_compare(example_report, "html") == compare_html(example_report)


def test_cli_audit_writes_html(tmp_path):
    article, source = (str(EXAMPLE_DIR / f"{n}.txt") for n in ("002_69864105d11cb7cb", "000_8179d51774d2f407"))
    out = tmp_path / "audit.html"
    result = CliRunner().invoke(app, ["audit", article, "--sources", source, "-o", str(out)])
    assert result.exit_code == 0, result.output
    tree = parse(out.read_text(encoding="utf-8"))
    assert tree.balanced and set(tree.docs) == {"002_69864105d11cb7cb", "000_8179d51774d2f407"}
    assert all(claim_id.startswith("002_69864105d11cb7cb#") for claim_id in tree.pieces)


def test_fact_tables_have_a_column_per_source_with_buttons_to_the_words(example_report):
    page = compare_html(example_report)
    data = compare_json(example_report)
    tree = parse(page)
    texts = {a.id: a.text for a in example_report.sources}
    buttons = [a for t, a in tree.tags if t == "button" and a.get("class") == "fact"]
    if not any(data.get(k) for k in ("quotes", "people", "numbers", "dates")):
        assert not buttons
        return
    assert buttons
    for key in ("quotes", "numbers", "dates"):
        for entry in data.get(key, []):
            for s in entry["sources"]:
                assert (s["source"], str(s["start"]), str(s["end"])) in {
                    (b["data-doc"], b["data-start"], b["data-end"]) for b in buttons
                }
                assert texts[s["source"]][s["start"]:s["end"]]  # the button marks real words of that source
    for key in ("quotes", "people", "numbers", "dates"):
        if data.get(key):
            header = re.search(rf'data-table="{key}">.*?<thead><tr>(.*?)</tr>', page, re.S).group(1)
            assert header.endswith("<th title=\"000_8179d51774d2f407\">A</th><th title=\"002_69864105d11cb7cb\">B</th>")


def test_titles_and_ids_are_isolated_so_bidi_controls_cannot_reorder_the_page():
    rlo = "Report from \u202eKyiv says peace is near"
    a = Article(id="a\u202eid", text="Talks went on. Prices rose.", title=rlo, outlet="\u202eWire")
    b = Article(id="b", text="Talks went on.")
    claim = Claim(start=0, end=14, text="Talks went on.", id="a\u202eid#0", source=a.id)
    page = compare_html(CompareReport(sources=(a, b), claims=(ClaimVerdict(claim, "single_source"),)))
    assert f"<b>A</b> <bdi>{rlo}</bdi> · <b>B</b> <bdi>b</bdi>" in page  # the header's names
    assert f'<h2 class="doc-title"><bdi>{rlo}</bdi></h2>' in page
    assert '<span class="doc-id"><bdi>a\u202eid</bdi></span>' in page and "<bdi>\u202eWire</bdi>" in page
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title == "Comparison: Report from Kyiv says peace is near"  # no markup there: the control is dropped


def test_where_they_differ_lists_each_conflict_once_with_its_values_sources_and_a_link():
    report = differing_report()
    listed = overview(compare_html(report))
    assert "<h2>Where they differ (1)</h2>" in listed  # b#0 only mirrors a#0, as in the text report
    assert listed.count("<li>") == 1
    assert '<b>number</b>: <bdi>3 hours vs 5 hours</bdi> <span class="who">A vs B</span>' in listed
    assert 'href="#c-a#0" data-claim="a#0">“<bdi>Talks lasted 3 hours.</bdi>”</a>' in listed
    groups = dict((heading, shown) for heading, shown, _ in claim_groups(report, source_labels(report)))
    assert re.findall(r'data-claim="([^"]*)"', listed) == [v.claim.id for v in groups["Conflicts"] for _ in v.conflicts]
    # one line a difference however many claims state it, named around the claim's own value
    edited = compare([Article(id="a", text="Merz joined the talks on Sunday. German Chancellor Friedrich Merz spoke first."),
                      Article(id="b", text="Scholz joined the talks on Sunday. German Chancellor Olaf Scholz spoke first.")])
    lines = overview(compare_html(edited)).split("<li>")[1:]
    details = [re.search(r"<bdi>([^<]*)</bdi>", line).group(1) for line in lines]
    assert len(details) == len({tuple(sorted(d.split(" vs "))) for d in details}) >= 1
    hostile = overview(compare_html(differing_report('<img src=x onerror="alert(1)"> vs 5')))
    assert "<img" not in hostile and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; vs 5" in hostile


def test_where_they_differ_says_when_no_conflict_was_found(example_report):
    assert example_report.counts()["conflicting"] == 0
    listed = overview(compare_html(example_report))
    assert "<h2>Where they differ (0)</h2>" in listed and "No conflicts found." in listed and "<li>" not in listed


def test_audit_problems_list_contradicted_then_unsupported_claims_with_why_and_a_link():
    payload = audit_payload()
    payload["claims"].insert(1, {
        "id": "rewrite#2", "text": "on Monday", "start": 22, "end": 31, "verdict": "contradicted", "score": 0.2,
        "why": "a source states it otherwise (date)", "evidence": [],
        "conflicts": [{"type": "date", "source": "wire", "text": "On Tuesday", "start": 0, "end": 9, "detail": "Monday vs Tuesday"}]})
    listed = overview(render_html(payload))
    assert "<h2>Problems (2)</h2>" in listed
    assert re.findall(r'data-claim="([^"]*)"', listed) == ["rewrite#2", "rewrite#1"]  # contradicted first
    assert ('“<bdi>on Monday</bdi>”</a> <span class="why">a source states it otherwise (date)</span> · '
            "<b>date</b>: <bdi>Monday vs Tuesday</bdi> (S1)") in listed
    assert '<span class="why">verifier score 0.10 &lt; 0.58, and no source piece states the same fact</span>' in listed
    payload["claims"] = payload["claims"][:1]
    assert "No problems found" in overview(render_html(payload))


def test_each_claim_is_named_by_its_verdict_for_screen_readers_and_the_panel_takes_focus():
    tree = parse(compare_html(differing_report()))
    names = {a["id"]: a["aria-label"] for t, a in tree.tags if t == "span" and a.get("id", "").startswith("c-")}
    assert names == {"c-a#0": "Conflicting claim: Talks lasted 3 hours.",
                     "c-a#1": "Corroborated claim: Merz attended the talks in Berlin.",
                     "c-b#0": "Conflicting claim: Talks lasted 5 hours.", "c-b#1": "Single source claim: Merz attended."}
    panel = next(a for t, a in tree.tags if a.get("id") == "detail")
    assert panel["tabindex"] == "-1" and panel["aria-label"] == "Claim details"


def test_a_claim_only_one_report_makes_names_the_claims_that_rest_on_its_words(example_report):
    for report in (differing_report(), example_report):
        tree = parse(compare_html(report))
        marked = {a["data-claim"]: json.loads(a["data-cited-by"]) for t, a in tree.tags if "data-cited-by" in a}
        assert marked == {k: [u.claim.id for u in us] for k, us in cited_by(report).items()} != {}
