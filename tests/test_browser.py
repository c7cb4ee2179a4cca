"""The web app and the HTML export in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Screenshots of the report page go to ``test-artifacts/`` for a person to look at.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
if CHROMIUM is None:
    pytest.skip("Chromium is not installed (Debian packages chromium and chromium-driver; see scripts/system-deps)",
                allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")
pytest.importorskip("fastapi", reason="the web extra is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed")

from corroborator.report.html import compare_html, render_html  # noqa: E402
from corroborator.web import create_app  # noqa: E402

from conftest import A_ID, B_ID, EXAMPLE_DIR, ROOT  # noqa: E402
from test_html_report import audit_payload, differing_report  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = ('Talks collapse in Geneva\n\nThe talks collapsed <script>window.pwned = 1</script> on Monday. '
           '<img src="x" onerror="window.pwned = 2"> Officials said <a href="javascript:window.pwned=3">more</a> '
           'talks would follow on Tuesday.')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "reports.db"
    port = _free_port()
    config = uvicorn.Config(create_app(f"sqlite:///{db}", warm=True), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


@pytest.fixture(scope="module")
def texts():
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE_DIR.glob("*.txt"))]


def submit(page, base: str, texts: list[str]) -> None:
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready='1']")
    while page.locator("#boxes textarea").count() < len(texts):
        page.click("#add-box")
    for i, text in enumerate(texts):
        page.locator("#boxes textarea").nth(i).fill(text)
    page.click("#go")


def open_report(page, base: str, texts: list[str]) -> dict:
    submit(page, base, texts)
    page.wait_for_url("**/r/*")
    page.wait_for_selector("body[data-ready='1']")
    return json.loads(page.locator("#report-data").text_content())


def first_supported_claim(data: dict, source: str) -> dict:
    return next(c for c in data["claims"]
                if c["source"] == source and c["verdict"] == "corroborated" and c["kind"] == "statement")


def test_paste_two_reports_and_see_the_evidence_in_the_other(page, server, texts):
    data = open_report(page, server, texts)
    assert [s["id"] for s in data["sources"]] == ["pasted-1", "pasted-2"]
    counts = {v: sum(c["verdict"] == v for c in data["claims"]) for v in ("corroborated", "single_source")}
    assert page.locator('[data-count="corroborated"] b').text_content() == str(counts["corroborated"])
    claim = first_supported_claim(data, "pasted-1")
    other = claim["support"][0]["source"]
    page.locator(f'[id="c-{claim["id"]}"]').click()
    panel = page.locator("#detail")
    playwright_api.expect(panel).to_contain_text(claim["support"][0]["text"][:60])
    marks = page.locator(f'.doc-text[data-doc="{other}"] mark.hit.support')
    assert marks.count() >= 1
    shown = "".join(marks.all_text_contents())
    assert claim["support"][0]["text"] in shown  # the evidence's exact words are marked in the other source
    playwright_api.expect(marks.first).to_be_in_viewport()
    assert page.locator(".claim.sel").first.get_attribute("data-claim") == claim["id"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(600)  # let the smooth scroll settle for the picture
    page.screenshot(path=str(ARTIFACTS / "report-page.png"))
    assert not page.errors


def test_hostile_article_runs_no_script(page, server, texts):
    open_report(page, server, [HOSTILE, texts[0]])
    first = page.locator(".claim").first
    first.focus()
    page.keyboard.press("Enter")  # claims work from the keyboard too
    playwright_api.expect(page.locator("#detail blockquote")).to_have_text(
        page.locator(f'[id="c-{first.get_attribute("data-claim")}"]').text_content()
    )
    assert page.evaluate("window.pwned") is None
    assert page.locator(".doc-text img, .doc-text script, .doc-text a").count() == 0
    playwright_api.expect(page.locator(".doc-text").first).to_contain_text("<script>window.pwned = 1</script>")
    assert not page.errors


def test_the_page_shows_errors_and_the_server_keeps_serving(page, server, texts):
    submit(page, server, [texts[0]])
    message = page.locator("#message")
    playwright_api.expect(message).to_be_visible()
    playwright_api.expect(message).to_contain_text("at least 2 articles")
    page.set_input_files("#files", files=[{"name": "scan.txt", "mimeType": "text/plain", "buffer": bytes(range(256)) * 4}])
    page.locator("#boxes textarea").nth(0).fill(texts[0])
    page.click("#go")
    playwright_api.expect(message).to_contain_text("scan.txt")
    page.set_input_files("#files", files=[{"name": "big.txt", "mimeType": "text/plain", "buffer": b"a" * (20 << 20)}])
    page.click("#go")
    playwright_api.expect(message).to_contain_text("over the 8.0 MB limit")  # the 413, not a reset connection
    page.set_input_files("#files", files=[])
    page.locator("#boxes textarea").nth(1).fill(texts[1])
    page.click("#go")
    page.wait_for_url("**/r/*")
    page.wait_for_selector("body[data-ready='1']")


def test_audit_mode_checks_one_article_against_its_source(page, server, texts):
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.check("input[name=mode][value=audit]")
    playwright_api.expect(page.locator("#go")).to_have_text("Audit")
    playwright_api.expect(page.locator(".box .caption").first).to_have_text("Article to audit")
    page.locator("#boxes textarea").nth(0).fill(texts[1])
    page.locator("#boxes textarea").nth(1).fill(texts[0])
    page.click("#go")
    page.wait_for_url("**/r/*")
    page.wait_for_selector("body[data-ready='1']")
    data = json.loads(page.locator("#report-data").text_content())
    assert data["schema"] == "corroborator.audit/1" and data["article"]["id"] == "article-1"
    supported = next(c for c in data["claims"] if c["verdict"] == "supported" and c["evidence"])
    page.locator(f'[id="c-{supported["id"]}"]').click()
    marks = page.locator(f'.doc-text[data-doc="{supported["evidence"][0]["source"]}"] mark.hit')
    assert supported["evidence"][0]["text"] in "".join(marks.all_text_contents())
    playwright_api.expect(page.locator("#detail p.why")).to_have_text("Why: " + supported["why"])
    assert not page.errors


def test_exported_file_works_offline_and_stacks_on_a_narrow_screen(browser, example_report, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(compare_html(example_report), encoding="utf-8")
    context = browser.new_context(viewport={"width": 480, "height": 900}, offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']")  # the inline script ran under the page's own CSP
    a = page.locator(f'section.doc[data-doc="{A_ID}"]').bounding_box()
    b = page.locator(f'section.doc[data-doc="{B_ID}"]').bounding_box()
    assert b["y"] >= a["y"] + a["height"] - 1  # stacked, not side by side
    claim = next(v for v in example_report.claims if v.verdict == "corroborated")
    page.locator(f'[id="c-{claim.claim.id}"]').click()
    playwright_api.expect(page.locator("#detail")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(800)  # let the smooth scroll to the evidence settle for the picture
    page.screenshot(path=str(ARTIFACTS / "report-narrow.png"))
    fact = page.locator("button.fact").first
    if fact.count():  # the cross-source tables: a cell marks its words in its source
        doc, start, end = (fact.get_attribute(k) for k in ("data-doc", "data-start", "data-end"))
        fact.click()
        source = next(a for a in example_report.sources if a.id == doc)
        marked = page.locator(f'.doc-text[data-doc="{doc}"] mark.hit').all_text_contents()
        assert "".join(marked) == source.text[int(start):int(end)]
    assert requests == [path.as_uri()]
    context.close()


def test_hostile_titles_neither_reorder_the_header_nor_widen_the_page(browser, tmp_path):
    text = "Talks went on in Geneva. Prices rose."
    sources = [{"id": "a\u202eid", "title": "Report from \u202eKyiv says peace is near", "text": text},
               {"id": "b", "title": "Second", "text": text}, {"id": "c", "title": "T" * 400, "text": text}]
    claims = [{"id": f"{s['id']}#0", "source": s["id"], "text": text[:24], "start": 0, "end": 24,
               "verdict": "single_source", "support": [], "conflicts": []} for s in sources]
    path = tmp_path / "hostile.html"
    path.write_text(render_html({"schema": "corroborator.compare/1", "sources": sources, "claims": claims}), encoding="utf-8")
    for width in (1400, 480):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri() + "#%E0%A4%A")  # a malformed fragment: the page still works
        page.wait_for_selector("body[data-ready='1']", timeout=10_000)
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # the 400-letter title wraps
        if width == 1400:  # A's title stays before B's letter, and a claim id's control stays inside it in the panel
            kyiv_right, b_left = page.evaluate("""() => {
                const names = document.querySelector('.names');
                const walker = document.createTreeWalker(names, NodeFilter.SHOW_TEXT);
                let node = walker.nextNode();
                while (node && node.data.indexOf('Kyiv') < 0) node = walker.nextNode();
                const range = document.createRange();
                range.setStart(node, node.data.indexOf('Kyiv'));
                range.setEnd(node, node.data.indexOf('Kyiv') + 4);
                return [range.getBoundingClientRect().right, names.querySelectorAll('b')[1].getBoundingClientRect().left];
            }""")
            assert kyiv_right <= b_left
            page.locator('[id="c-a\u202eid#0"]').click()
            playwright_api.expect(page.locator("#detail p.meta bdi")).to_have_text("a\u202eid#0")
        assert not errors
        context.close()


def open_file(browser, tmp_path, html: str):
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=10_000)
    return page


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def test_the_list_of_differences_and_the_keyboard_select_claims_and_move_the_focus(browser, tmp_path):
    page = open_file(browser, tmp_path, compare_html(differing_report()))
    panel = page.locator("#detail")
    page.locator(".overview a.goto").click()  # "number: 3 hours vs 5 hours  A vs B  “Talks lasted 3 hours.”"
    playwright_api.expect(page.locator(".claim.sel")).to_have_attribute("data-claim", "a#0")
    playwright_api.expect(panel).to_contain_text("number: 3 hours vs 5 hours · chars 0–21")
    assert focused(page) == "detail" and page.evaluate("location.hash") == "#c-a%230"
    page.keyboard.press("Escape")  # closes the panel, and the focus goes back to the claim
    playwright_api.expect(page.locator(".claim.sel")).to_have_count(0)
    assert focused(page) == "c-a#0" and "open" not in panel.get_attribute("class")
    page.keyboard.press("Enter")
    playwright_api.expect(panel.locator("blockquote")).to_have_text("Talks lasted 3 hours.")
    assert focused(page) == "detail"
    page.locator('[id="c-b#1"]').focus()  # only in B, but A's claim rests on its words: the panel links to it
    page.keyboard.press("Enter")
    playwright_api.expect(panel.locator("p.cited")).to_have_text("← A a#1 rests on these words: Merz attended the talks in Berlin.")
    panel.locator("p.cited a.goto").click()
    playwright_api.expect(page.locator(".claim.sel")).to_have_attribute("data-claim", "a#1")
    playwright_api.expect(panel.locator("li.support .meta")).to_have_text("score 0.80 · chars 22–36")
    assert not page.errors
    page.context.close()


def test_an_unsupported_claim_shows_its_closest_passages_apart_from_support(browser, tmp_path):
    page = open_file(browser, tmp_path, render_html(audit_payload()))
    panel = page.locator("#detail")
    page.locator(".overview a.goto").click()  # the one problem: rewrite#1, unsupported
    playwright_api.expect(panel.locator("h3").first).to_have_text("Closest source passages (not support) (1)")
    playwright_api.expect(panel.locator(".scale")).to_contain_text("supported from 0.58")
    near = page.locator('.doc-text[data-doc="wire"] mark.hit')
    assert near.count() >= 1 and page.locator("mark.hit.support").count() == 0
    assert near.first.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"  # not the support colour
    page.locator('[id="c-rewrite#0"]').click()
    playwright_api.expect(panel.locator("h3").first).to_have_text("Evidence (1)")
    assert page.locator('.doc-text[data-doc="wire"] mark.hit.support').count() >= 1
    assert not page.errors
    page.context.close()


def _four_reports_html() -> str:
    from corroborator.model import Article
    from corroborator.pipeline import compare

    lead = "A strong earthquake struck Aceh province in Indonesia on Tuesday, officials said. "
    filler = " ".join(f"Rescue teams searched collapsed building number {n} in the town through the night." for n in range(12))
    toll = "The quake killed {} people in the district of Bener Meriah, the disaster agency said."
    texts = [lead + filler + " " + toll.format(n) for n in ("24", "24", "24", "31")]
    return compare_html(compare([Article(id=f"r{k}", text=t) for k, t in enumerate(texts)]))


def _in_view(page, selector: str, area: str = "") -> bool:
    """Is the element inside the window (and inside ``area``'s box, when given)?"""
    return page.evaluate("""([sel, area]) => {
        const r = document.querySelector(sel).getBoundingClientRect();
        const a = area ? document.querySelector(area).getBoundingClientRect() : {left: 0, right: innerWidth};
        return r.top >= 0 && r.bottom <= innerHeight && r.left >= a.left - 1 && r.right <= a.right + 1; }""", [selector, area])


def test_four_reports_stay_readable_and_a_link_brings_its_claim_into_view(browser, tmp_path):
    # QA (session 18): at 800 px report A was squashed to 0 px; a link scrolled to the evidence, not the claim;
    # with four reports side by side, nothing scrolled sideways to a claim in the fourth
    path = tmp_path / "four.html"
    path.write_text(_four_reports_html(), encoding="utf-8")

    def opened(width: int):
        page = browser.new_context(viewport={"width": width, "height": 1000}).new_page()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=10_000)
        return page

    page = opened(1400)
    page.locator('.doc-text[data-doc="r0"] .claim.v-conflicting').last.click()  # its other side: the fourth report
    page.wait_for_timeout(1500)  # smooth scrolling
    assert _in_view(page, 'mark.hit.conflict', ".docs")
    page.context.close()
    narrow = opened(800)
    widths = narrow.evaluate("[...document.querySelectorAll('.doc')].map(d => d.getBoundingClientRect().width)")
    assert len(widths) == 4 and min(widths) > 600
    link = narrow.locator(".overview a.goto").first
    claim = link.get_attribute("data-claim")
    link.click()
    narrow.wait_for_timeout(1500)
    assert _in_view(narrow, f'[id="c-{claim}"]')
    narrow.context.close()
