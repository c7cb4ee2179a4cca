"""The web app's JSON API: the contract's answers, its error shape for every bad request, saved reports."""

from __future__ import annotations

import sqlite3

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("sqlalchemy", reason="the corpus extra (the store) is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from corroborator.web import create_app  # noqa: E402
from corroborator.web.inputs import Limits  # noqa: E402

from conftest import EXAMPLE_DIR  # noqa: E402

MB = 1024 * 1024


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return tmp_path_factory.mktemp("web") / "reports.db"


@pytest.fixture(scope="module")
def client(db):
    app = create_app(f"sqlite:///{db}", limits=Limits(max_body_bytes=2 * MB, max_articles=5))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def texts():
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE_DIR.glob("*.txt"))]


def saved_reports(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from reports").fetchone()[0]


def assert_error(response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]["message"]


def test_compare_returns_the_contract_json_and_a_permanent_link(client, texts):
    body = {"articles": [{"id": "a", "title": "A", "text": texts[0]}, {"id": "b", "text": texts[1]}]}
    response = client.post("/api/compare", json=body)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["schema"] == "corroborator.compare/1"
    assert [s["id"] for s in data["sources"]] == ["a", "b"]
    assert any(c["verdict"] == "corroborated" and c["support"] for c in data["claims"])
    link = response.headers["content-location"]
    assert link.startswith("/r/")
    assert client.get(f"{link}.json").json() == data
    page = client.get(link)
    assert page.status_code == 200 and "<!DOCTYPE html>" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert client.post("/api/compare", json=body).headers["content-location"] == link  # same report, same id
    download = client.get(f"{link}.html")
    assert "attachment" in download.headers["content-disposition"] and 'href="/' not in download.text


def test_audit_returns_the_contract_json(client, texts):
    body = {"article": {"id": "rewrite", "text": texts[1]}, "sources": [{"id": "wire", "text": texts[0]}]}
    response = client.post("/api/audit", json=body)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["schema"] == "corroborator.audit/1" and data["article"]["id"] == "rewrite"
    assert 0.0 <= data["score"] <= 1.0 and {c["verdict"] for c in data["claims"]} <= {"supported", "unsupported", "contradicted"}
    page = client.get(response.headers["content-location"])
    assert page.status_code == 200 and 'data-doc="rewrite"' in page.text


def test_form_with_pasted_text_and_uploads_is_read_like_files(client, texts):
    latin = "Prices rose\n\nThe café owner said prices rose by five percent on Monday.".encode("cp1252")
    response = client.post(
        "/api/compare",
        data={"text": [texts[0], ""], "title": ["Pasted one", ""]},
        files=[("file", ("second.txt", texts[1].encode("utf-8"))), ("file", ("third.txt", latin))],
    )
    assert response.status_code == 200, response.text
    sources = response.json()["sources"]
    assert [s["title"] for s in sources][0] == "Pasted one"
    third = next(s for s in sources if s["path"] == "third.txt")
    assert third["title"] == "Prices rose" and "café owner" in third["text"]  # cp1252 decoded, headline taken


BAD_JSON = [
    ("empty body", b"", 400, "invalid_json"),
    ("invalid JSON", b'{"articles": [', 400, "invalid_json"),
    ("not UTF-8", b'{"articles": ["\xff\xfe"]}', 400, "invalid_json"),
    ("not an object", b"[1, 2]", 422, "invalid_request"),
    ("no articles list", b'{"articles": "x"}', 422, "invalid_request"),
    ("empty submission", b'{"articles": []}', 422, "too_few_articles"),
    ("one article only", b'{"articles": [{"text": "One article."}]}', 422, "too_few_articles"),
    ("blank text", b'{"articles": [{"text": " "}, {"text": "x"}]}', 422, "invalid_input"),
    ("record not an object", b'{"articles": [1, {"text": "x"}]}', 422, "invalid_input"),
    ("too many articles", b'{"articles": [' + b",".join([b'{"text": "x y."}'] * 6) + b"]}", 422, "too_many_articles"),
    ("nested too deeply", b"[" * 100_000 + b"]" * 100_000, 400, "invalid_json"),
    ("NaN", b'{"articles": [{"text": "a b.", "id": NaN}, {"text": "x y."}]}', 400, "invalid_json"),
    ("too much text in all", b'{"articles": [{"text": "' + b"word " * 30_000 + b'"}, {"text": "' + b"more " * 12_000 + b'"}]}',
     422, "too_much_text"),  # 150,000 + 60,000 characters: each within the article limit, together over 200,000
    ("article too long to analyse", b'{"articles": [{"text": "' + b"word " * 200_001 + b'"}, {"text": "x y."}]}', 422,
     "invalid_input"),
]


@pytest.mark.parametrize("name,body,status,code", BAD_JSON, ids=[b[0] for b in BAD_JSON])
def test_bad_json_requests_get_the_contract_error_and_store_nothing(client, db, name, body, status, code):
    before = saved_reports(db)
    response = client.post("/api/compare", content=body, headers={"content-type": "application/json"})
    assert_error(response, status, code)
    assert saved_reports(db) == before


def test_audit_without_sources_is_refused(client, db):
    before = saved_reports(db)
    assert_error(client.post("/api/audit", json={"article": {"text": "x"}, "sources": []}), 422, "too_few_articles")
    assert_error(client.post("/api/audit", json={"sources": [{"text": "x"}]}), 422, "invalid_request")
    assert saved_reports(db) == before


def test_uploads_that_are_not_text_or_too_big_are_refused(client, db):
    before = saved_reports(db)
    binary = bytes(range(256)) * 8
    message = assert_error(client.post("/api/compare", files=[("file", ("a.txt", binary)), ("file", ("b.txt", b"ok."))]),
                           422, "invalid_input")
    assert message.startswith("a.txt:")
    assert "limit" in assert_error(client.post("/api/compare", files=[("file", ("big.txt", b"x" * (20 * MB)))]),
                                   413, "too_large")
    misplaced = [("text", ("a.txt", b"Talks went on.")), ("file", ("b.txt", b"Talks went on."))]
    assert "field 'text' holds a file" in assert_error(client.post("/api/compare", files=misplaced), 422, "invalid_request")
    many = [("file", (f"f{i}.txt", b"Talks went on.")) for i in range(9)]  # the client's limit is 5 texts
    assert "9 texts is over the limit of 5" in assert_error(client.post("/api/compare", files=many), 422, "too_many_articles")
    assert_error(client.post("/api/compare", files=[("file", ("a.exe", b"MZ")), ("file", ("b.txt", b"ok."))]),
                 422, "invalid_input")
    assert_error(client.post("/api/compare", data={"text": ["", "  "]}), 422, "too_few_articles")
    assert saved_reports(db) == before


def test_a_streamed_body_over_the_limit_is_cut_off(client):
    def chunks():
        for _ in range(5):
            yield b"x" * MB

    assert_error(client.post("/api/compare", content=chunks(), headers={"content-type": "application/json"}),
                 413, "too_large")


def test_unknown_routes_methods_and_media_types(client):
    assert "GET /nope" in assert_error(client.get("/nope"), 404, "not_found")
    assert_error(client.get("/api/compare"), 405, "method_not_allowed")
    assert client.get("/api/compare").headers["allow"] == "POST"
    assert_error(client.get("/r/0123456789abcdef"), 404, "not_found")
    head = client.head("/")  # HEAD wherever GET works, with no body
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) > 0
    assert client.head("/r/0123456789abcdef").status_code == 404
    assert "got null" in assert_error(client.post("/api/compare", content=b"null", headers={"content-type": "application/json"}), 422, "invalid_request")
    assert_error(client.post("/api/compare", content=b"a", headers={"content-type": "text/plain"}),
                 415, "unsupported_media_type")


def test_server_keeps_serving_after_errors(client, texts):
    client.post("/api/compare", content=b"{", headers={"content-type": "application/json"})
    client.post("/api/compare", files=[("file", ("big.txt", b"x" * (3 * MB)))])
    response = client.post("/api/compare", json={"articles": [{"text": texts[0]}, {"text": texts[1]}]})
    assert response.status_code == 200


def test_page_and_docs_work_offline(client):
    page = client.get("/")
    assert page.status_code == 200 and 'id="submit-form"' in page.text
    assert "connect-src 'self'" in page.headers["content-security-policy"]
    spec = client.get("/openapi.json").json()
    assert {"/api/compare", "/api/audit"} <= set(spec["paths"])
    assert "application/json" in spec["paths"]["/api/compare"]["post"]["requestBody"]["content"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/compare" in docs.text
    assert "http://" not in docs.text and "https://" not in docs.text  # nothing loaded from a CDN


def test_a_store_that_cannot_be_opened_fails_at_start(tmp_path):
    from corroborator.errors import CorroboratorError

    with pytest.raises(CorroboratorError):
        create_app(f"sqlite:///{tmp_path}/missing/folder/x.db")


def test_serve_refuses_a_bad_store_with_one_line_and_exit_2():
    from typer.testing import CliRunner

    from corroborator.cli import app

    result = CliRunner().invoke(app, ["serve", "--store", "bogus://x"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("corroborator: error: bogus://x: ")


def test_a_body_declared_far_over_the_limit_is_refused_without_waiting_for_it():
    import asyncio

    from corroborator.web.errors import BodyLimit

    sent = []

    async def never_sends_a_body():
        await asyncio.Event().wait()

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):  # never reached
        raise AssertionError("the body limit let the request through")

    scope = {"type": "http", "headers": [(b"content-length", b"1000000000")]}
    asyncio.run(asyncio.wait_for(BodyLimit(app, limit=2 * MB)(scope, never_sends_a_body, send), timeout=5))
    assert sent[0]["status"] == 413


def test_a_json_body_may_start_with_a_byte_order_mark(client, texts):
    import json

    body = b"\xef\xbb\xbf" + json.dumps({"articles": [{"text": t} for t in texts]}).encode()
    response = client.post("/api/compare", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("path,kind,start", [
    ("/api/compare", "application/json", b'{"articles": ['),
    ("/api/audit", "multipart/form-data; boundary=B", b'--B\r\nContent-Disposition: form-data; name="text"\r\n\r\nabc'),
])
def test_a_client_that_hangs_up_while_sending_is_client_closed_not_an_internal_error(tmp_path, caplog, path, kind, start):
    import asyncio

    app = create_app(f"sqlite:///{tmp_path}/reports.db")
    arriving = [{"type": "http.request", "body": start, "more_body": True}, {"type": "http.disconnect"}]
    sent = []

    async def receive():
        return arriving.pop(0) if arriving else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"", "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80), "headers": [(b"content-type", kind.encode()), (b"content-length", b"1000")]}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 499
    assert b'"client_closed"' in sent[1]["body"]
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL") or r.exc_info]


def test_json_sent_as_a_form_says_which_content_type_to_send(client, db):
    before = saved_reports(db)
    for body in (b'{"articles": [{"text": "a b."}, {"text": "c d."}]}', b'\n [{"text": "a b."}]'):  # what curl -d sends
        message = assert_error(client.post("/api/compare", content=body,
                                           headers={"content-type": "application/x-www-form-urlencoded"}),
                               415, "unsupported_media_type")
        assert "Content-Type: application/json" in message and "\n" not in message
    assert_error(client.post("/api/compare", data={"text": ["", " "]}), 422, "too_few_articles")  # a real form still is one
    assert saved_reports(db) == before


def test_only_filled_in_boxes_count_toward_the_text_limit(client, texts):
    boxes = {"title": [""] * 30, "text": [texts[0], texts[1]] + [""] * 28}  # the page with 30 boxes, 2 filled in
    response = client.post("/api/compare", data=boxes, files=[("file", ("", b""))])  # and no file chosen
    assert response.status_code == 200, response.text
    assert [s["id"] for s in response.json()["sources"]] == ["pasted-1", "pasted-2"]
    filled = {"text": ["Talks went on."] * 6 + [""] * 20}  # the client's limit is 5 texts
    assert "6 texts" in assert_error(client.post("/api/compare", data=filled, files=[("file", ("", b""))]),
                                     422, "too_many_articles")
    empty = {"text": [""] * 1001}  # a form far over any page's size is still refused, filled in or not
    assert "1000 fields" in assert_error(client.post("/api/compare", data=empty, files=[("file", ("", b""))]),
                                         422, "too_many_articles")


UNKNOWN_FIELDS = [
    ("/api/compare", {"articles": [{"text": "a b."}, {"text": "c d."}], "verifier": "nli"}, "unknown field 'verifier'"),
    ("/api/audit", {"article": {"text": "a b."}, "sources": [{"text": "c d."}], "fail_under": 0.8},
     "unknown field 'fail_under'"),
    ("/api/compare", {"articles": [{"text": "a b."}, {"text": "c d.", "body": "x"}]},
     "articles: record 2: unknown field 'body'"),
    ("/api/audit", {"article": {"text": "a b.", "author": "X"}, "sources": [{"text": "c d."}]},
     "article: unknown field 'author'"),
    ("/api/audit", {"article": {"text": "a b."}, "sources": [{"text": "c d.", "txt": "e"}]},
     "sources: record 1: unknown field 'txt'"),
]


@pytest.mark.parametrize("path,body,named", UNKNOWN_FIELDS, ids=[u[2] for u in UNKNOWN_FIELDS])
def test_unknown_json_fields_are_refused_by_name(client, db, path, body, named):
    before = saved_reports(db)
    message = assert_error(client.post(path, json=body), 422, "invalid_request")
    assert named in message and "\n" not in message
    assert saved_reports(db) == before


def test_every_documented_article_field_is_accepted(client, texts):
    from corroborator.web.inputs import ARTICLE_FIELDS

    full = {"id": "wire", "title": "Talks", "text": texts[0], "source": "Wire", "date": "2026-11-27",
            "url": "https://example.org/a"}
    assert set(full) | {"outlet", "path"} == set(ARTICLE_FIELDS)
    response = client.post("/api/compare", json={"articles": [full, {"text": texts[1]}]})
    assert response.status_code == 200, response.text
    assert response.json()["sources"][0]["outlet"] == "Wire"
    audited = client.post("/api/audit", json={"article": {**full, "id": "rewrite"}, "sources": [full]})
    assert audited.status_code == 200, audited.text
    # a report's own sources (with "outlet" and "path") can be sent back as they are
    sent_back = client.post("/api/compare", json={"articles": response.json()["sources"]})
    assert sent_back.status_code == 200, sent_back.text
    assert sent_back.json()["sources"][0]["outlet"] == "Wire"


def test_a_declared_body_over_the_limit_gets_its_answer_before_anything_is_read():
    import asyncio

    from corroborator.web.errors import BodyLimit

    sent, seen_at_first_read = [], []

    async def receive():  # the client sends nothing: no more than a disconnect ever arrives
        seen_at_first_read.append(list(sent))
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    async def app(scope, receive, send):  # never reached
        raise AssertionError("the body limit let the request through")

    scope = {"type": "http", "headers": [(b"content-length", b"100000000")]}  # under the size that is drained
    asyncio.run(BodyLimit(app, limit=2 * MB)(scope, receive, send))
    answered = seen_at_first_read[0]
    assert answered[0]["status"] == 413 and b'"too_large"' in answered[1]["body"]  # the whole 413, then the drain
    assert not sent[-1].get("more_body", False)  # and the answer ends


def test_json_answers_and_errors_are_never_sniffed(client, texts):
    response = client.post("/api/compare", json={"articles": [{"text": t} for t in texts]})
    answers = [response, client.get(response.headers["content-location"] + ".json"), client.get("/openapi.json"),
               client.get("/nope"), client.get("/api/compare"), client.post("/api/compare", json={"articles": []}),
               client.post("/api/compare", content=b"x", headers={"content-length": str(3 * MB)})]
    for answer in answers:
        assert answer.headers["content-type"].startswith("application/json"), answer.request.url
        assert answer.headers["x-content-type-options"] == "nosniff", (answer.request.url, answer.status_code)


def test_a_missing_report_is_named_by_its_id_whatever_the_suffix(client):
    for suffix in ("", ".json", ".html"):
        message = assert_error(client.get(f"/r/0123456789abcdef{suffix}"), 404, "not_found")
        assert message == "no saved report '0123456789abcdef'"
    assert_error(client.get("/r/0123456789abcdef.exe"), 404, "not_found")


def test_the_page_states_each_limit_of_the_code():
    from corroborator.ingest import MAX_ARTICLE_CHARS
    from corroborator.web.page import page_html

    text = " ".join(page_html(Limits(max_articles=7, max_chars=1234)).split())
    assert "At most 7 texts" in text and "up to 1,234 characters" in text  # one text can be no longer than all
    text = " ".join(page_html(Limits(max_chars=MAX_ARTICLE_CHARS * 2)).split())
    assert f"up to {MAX_ARTICLE_CHARS:,} characters" in text and f"together {MAX_ARTICLE_CHARS * 2:,}" in text
