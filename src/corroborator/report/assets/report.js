/* corroborator report: click a claim to see its evidence; the evidence's words are marked in the other texts.
   Data comes from the JSON in #report-data and is only ever inserted with textContent, never as markup.
   Offsets in the JSON count Unicode code points (Python string indices); the DOM counts UTF-16 units. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const isAudit = String(data.schema || "").indexOf("corroborator.audit/") === 0;
  const LABELS = {
    corroborated: "Corroborated", single_source: "Single source", conflicting: "Conflicting",
    supported: "Supported", unsupported: "Unsupported", contradicted: "Contradicted",
  };
  const claims = new Map();
  (data.claims || []).forEach(function (c) {
    claims.set(String(c.id), {
      id: String(c.id), source: isAudit ? data.article.id : c.source, text: c.text, verdict: c.verdict,
      start: c.start, end: c.end, kind: c.kind, score: c.score, support: c.support || c.evidence || [], conflicts: c.conflicts || [],
      why: typeof c.why === "string" ? c.why : "",
    });
  });
  const docLabel = new Map();
  document.querySelectorAll("section.doc").forEach(function (s) {
    docLabel.set(s.dataset.doc, s.getAttribute("aria-label"));
  });
  const panel = document.getElementById("detail");
  const threshold = typeof (data.summary || {}).verifier_threshold === "number" ? data.summary.verifier_threshold : null;

  function codePoints(s) { let n = 0; for (const _ of s) n++; return n; }
  function unitIndex(s, cp) {  // UTF-16 index of code point number cp in s
    let i = 0;
    for (let k = 0; k < cp && i < s.length; k++) {
      const c = s.charCodeAt(i);
      i += (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) ? 2 : 1;
    }
    return i;
  }
  function textOf(docId) {
    for (const el of document.querySelectorAll(".doc-text")) if (el.dataset.doc === docId) return el;
    return null;
  }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Wrap the characters [start, end) of a document's text in <mark>s (one per text node they cross).
  function markRange(container, start, end, cls) {
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    const nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
    const made = [];
    let pos = 0;
    for (const node of nodes) {
      const len = codePoints(node.data);
      const a = Math.max(start, pos), b = Math.min(end, pos + len);
      if (a < b) {
        const ua = unitIndex(node.data, a - pos), ub = unitIndex(node.data, b - pos);
        let target = node;
        if (ub < node.data.length) node.splitText(ub);
        if (ua > 0) target = node.splitText(ua);
        const m = el("mark", cls);
        target.parentNode.insertBefore(m, target);
        m.appendChild(target);
        made.push(m);
      }
      pos += len;
      if (pos >= end) break;
    }
    return made;
  }
  function clearMarks() {
    document.querySelectorAll("mark.hit").forEach(function (m) {
      const parent = m.parentNode;
      while (m.firstChild) parent.insertBefore(m.firstChild, m);
      parent.removeChild(m);
    });
    document.querySelectorAll(".doc-text").forEach(function (t) { t.normalize(); });
    document.querySelectorAll(".claim.sel").forEach(function (c) { c.classList.remove("sel"); });
  }
  // Scroll the text that holds the mark inside its own box, so the clicked claim stays where the reader left
  // it; scroll the page too only when the mark would still be out of sight (stacked layout, or from a table).
  // Scroll the mark into view inside its text's box; with movePage, also the page and, when four or more reports
  // scroll sideways, the reports. Only one mark may move the page: two smooth scrolls at once end on neither.
  function reveal(mark, movePage) {
    const behavior = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
    const box = mark.closest(".doc-text");
    let top = mark.getBoundingClientRect().top;
    if (box && box.scrollHeight > box.clientHeight + 1) {
      const inBox = top - box.getBoundingClientRect().top + box.scrollTop;
      const target = Math.min(Math.max(0, inBox - box.clientHeight / 3), box.scrollHeight - box.clientHeight);
      top -= target - box.scrollTop;
      box.scrollTo({ top: target, behavior: behavior });
    }
    if (!movePage) return;
    const docs = mark.closest(".docs"), doc = mark.closest(".doc");
    if (docs && doc && docs.scrollWidth > docs.clientWidth + 1) {
      const d = doc.getBoundingClientRect(), area = docs.getBoundingClientRect();
      const by = d.right > area.right ? d.right - area.right : d.left < area.left ? d.left - area.left : 0;
      if (by) docs.scrollBy({ left: by, behavior: behavior });
    }
    if (top < 0 || top > window.innerHeight - 40) {
      window.scrollBy({ top: top - window.innerHeight / 3, behavior: behavior });
    }
  }

  function claimSpan(id) { return document.getElementById("c-" + id); }
  // how: "click" (the claim stays put), "link" (from a list or the panel: bring the claim into view) or "load".
  function select(id, how) {
    const claim = claims.get(id);
    clearMarks();
    if (!claim) { panel.classList.remove("open"); delete document.body.dataset.selected; return; }
    document.querySelectorAll(".claim").forEach(function (c) { if (c.dataset.claim === id) c.classList.add("sel"); });
    // an audit claim the sources do not support shows the closest source passages: not support, not its colour
    claim.near = isAudit && claim.verdict !== "supported";
    const support = claim.support.map(function (e) { return place(e, claim.near ? "hit near" : "hit support"); });
    const conflicts = claim.conflicts.map(function (x) { return place(x, "hit conflict"); });
    const marks = support.concat(conflicts);
    const firstPerDoc = new Map();
    marks.forEach(function (m) { if (m.made.length && !firstPerDoc.has(m.doc)) firstPerDoc.set(m.doc, m.made[0]); });
    firstPerDoc.forEach(function (mark) { reveal(mark, false); });
    // a click leaves the claim where it is and brings one piece of evidence to view, the other side of a conflict
    // first; a link brings the claim
    const shown = conflicts.concat(support).find(function (m) { return m.made.length; });
    if (how === "click" && shown) reveal(shown.made[0], true);
    if (how !== "click" && claimSpan(id)) reveal(claimSpan(id), true);
    showDetail(claim, marks);
    document.body.dataset.selected = id;
    if (history.replaceState) history.replaceState(null, "", "#c-" + encodeURIComponent(id));
    if (how !== "load") panel.focus({ preventScroll: true });
  }
  function deselect() {  // close the panel and give the focus back to the claim it showed
    const span = claimSpan(document.body.dataset.selected || "");
    select(null);
    if (span) span.focus({ preventScroll: true });
  }
  function place(item, cls) {
    const container = textOf(item.source);
    const made = container ? markRange(container, item.start, item.end, cls) : [];
    return { doc: item.source, made: made };
  }

  function showDetail(claim, marks) {
    panel.replaceChildren();
    const close = el("button", "close", "Close");
    close.type = "button";
    close.addEventListener("click", deselect);
    panel.append(close, el("h2", null, (docLabel.get(claim.source) || claim.source) + " · " + (LABELS[claim.verdict] || claim.verdict)));
    panel.append(el("blockquote", "v-" + claim.verdict, claim.text));
    const hasScore = claim.score !== undefined && claim.score !== null;
    const facts = [claim.kind, chars(claim), hasScore ? "support score " + Number(claim.score).toFixed(2) : null];
    const meta = el("p", "meta", "Claim ");
    meta.append(el("bdi", null, claim.id), " · " + facts.filter(Boolean).join(" · "));  // an id's bidi controls stay in it
    panel.append(meta);
    if (claim.why) panel.append(el("p", "why", "Why: " + claim.why));
    if (isAudit && hasScore) {
      panel.append(el("p", "meta scale", "Support score: the verifier's 0–1 reading of how far the sources state the claim" +
        (threshold !== null ? " (supported from " + threshold.toFixed(2) + ")" : "") + "; a passage's score: how near it is to the claim in meaning and words."));
    }
    const spanOf = claimSpan(claim.id);
    JSON.parse((spanOf && spanOf.dataset.citedBy) || "[]").forEach(function (id) {
      const other = claims.get(id);
      if (!other) return;
      const p = el("p", "cited", "← ");
      p.append(goto(id, (docLabel.get(other.source) || other.source) + " " + id), " rests on these words: " + other.text);
      panel.append(p);
    });
    let k = 0;
    const support = isAudit ? (claim.near ? "Closest source passages (not support)" : "Evidence") : "Support";
    panel.append(el("h3", null, support + " (" + claim.support.length + ")"));
    panel.append(list(claim.support, claim.near ? "near" : "support", function (e) { return "score " + Number(e.score).toFixed(2) + " · " + chars(e); }, marks, k));
    k += claim.support.length;
    panel.append(el("h3", null, "Conflicts (" + claim.conflicts.length + ")"));
    panel.append(list(claim.conflicts, "conflict", function (x) { return x.type + (x.detail ? ": " + x.detail : "") + " · " + chars(x); }, marks, k));
    panel.classList.add("open");
  }
  function chars(item) { return "chars " + item.start + "–" + item.end; }
  function goto(id, text) {  // a link that selects a claim, as the lists at the top have
    const a = el("a", "goto");
    a.href = "#c-" + id;
    a.dataset.claim = id;
    a.append(el("bdi", null, text));
    return a;
  }
  function list(items, cls, describe, marks, offset) {
    if (!items.length) return el("p", "none", cls === "conflict" ? "None found." : "No other text carries this claim.");
    const ul = el("ul");
    items.forEach(function (item, i) {
      const li = el("li", cls);
      li.append(el("span", "src", docLabel.get(item.source) || item.source), el("span", "meta", describe(item)));
      const made = marks[offset + i] ? marks[offset + i].made : [];
      if (made.length) {
        const show = el("button", null, "Show");
        show.type = "button";
        show.addEventListener("click", function () {
          document.querySelectorAll("mark.focus").forEach(function (m) { m.classList.remove("focus"); });
          made.forEach(function (m) { m.classList.add("focus"); });
          reveal(made[0]);
        });
        li.append(show);
      }
      li.append(el("div", "quote", item.text));
      ul.append(li);
    });
    return ul;
  }

  // A cell of the quotes/people/numbers/dates tables: mark those words in their source.
  function showFact(button) {
    select(null);
    const container = textOf(button.dataset.doc);
    if (!container) return;
    const made = markRange(container, Number(button.dataset.start), Number(button.dataset.end), "hit support focus");
    if (made.length) reveal(made[0]);
  }

  document.addEventListener("click", function (ev) {
    const fact = ev.target.closest && ev.target.closest("button.fact");
    if (fact) { showFact(fact); return; }
    const link = ev.target.closest && ev.target.closest("a.goto");
    if (link) { ev.preventDefault(); select(link.dataset.claim, "link"); return; }
    const c = ev.target.closest && ev.target.closest(".claim");
    if (c) select(c.dataset.claim, "click");
  });
  document.addEventListener("keydown", function (ev) {
    const c = ev.target.closest && ev.target.closest(".claim");
    if (c && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); select(c.dataset.claim, "click"); }
    if (ev.key === "Escape" && document.body.dataset.selected) deselect();
  });
  let start = "";
  try { start = decodeURIComponent((location.hash || "").replace(/^#c-/, "")); } catch (e) { start = ""; }  // e.g. #%E0%A4%A
  if (start && claims.has(start)) select(start, "load");
  document.body.dataset.ready = "1";
})();
