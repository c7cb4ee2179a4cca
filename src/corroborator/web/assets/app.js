/* The submission page: builds the form, posts it to the API and opens the saved report (or shows the error). */
(function () {
  "use strict";
  const form = document.getElementById("submit-form");
  const boxes = document.getElementById("boxes");
  const template = document.getElementById("box-template");
  const message = document.getElementById("message");
  const go = document.getElementById("go");
  const busy = document.getElementById("busy");
  const articleFile = document.getElementById("article-file");

  function mode() { return form.querySelector("input[name=mode]:checked").value; }
  function addBox() {
    boxes.appendChild(template.content.cloneNode(true));
    relabel();
  }
  function relabel() {
    const audit = mode() === "audit";
    boxes.querySelectorAll(".box").forEach(function (box, i) {
      const first = audit && i === 0;
      box.querySelector(".caption").textContent = audit ? (first ? "Article to audit" : "Source " + i) : "Article " + (i + 1);
      box.querySelector("textarea").name = first ? "article" : "text";
      box.querySelector("input[type=text]").name = first ? "article_title" : "title";
    });
    articleFile.disabled = !audit;
    document.getElementById("article-file-label").hidden = !audit;
    document.getElementById("files-caption").textContent = audit ? "Sources" : "Articles";
    go.textContent = audit ? "Audit" : "Compare";
  }
  function show(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  form.addEventListener("change", function (ev) { if (ev.target.name === "mode") relabel(); });
  document.getElementById("add-box").addEventListener("click", addBox);
  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    show("");
    go.disabled = true;
    busy.hidden = false;
    try {
      const body = new FormData(form);
      body.delete("mode");
      const response = await fetch("/api/" + mode(), { method: "POST", body: body });
      let data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      if (response.ok && response.headers.get("Content-Location")) {
        window.location.assign(response.headers.get("Content-Location"));
        return;
      }
      const error = data && data.error ? data.error : null;
      show(error ? error.message : "The server answered " + response.status + " " + response.statusText + ".");
    } catch (e) {
      show("Could not reach the server: " + e.message);
    } finally {
      go.disabled = false;
      busy.hidden = true;
    }
  });
  addBox();
  addBox();
  document.body.dataset.ready = "1";
})();
