"""RSS, Atom and WARC inputs, with fixtures built here (WARC with warcio, as CC-NEWS ships it)."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

pytest.importorskip("feedparser")
pytest.importorskip("warcio")

from corroborator.errors import InputError  # noqa: E402
from corroborator.ingest import read_file, read_paths  # noqa: E402

BODY = ("Rescuers in Valparaiso worked through the night on Monday to reach people trapped under collapsed "
        "apartment blocks, Chilean officials said, as aftershocks rattled the port city. ")

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Coast News</title><link>https://coast.example/</link>
<item><title>Rescuers race in Valparaiso</title><link>https://coast.example/a</link>
<pubDate>Mon, 02 Mar 2026 08:30:00 GMT</pubDate>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>{BODY}</p><p>Officials said 41 people had died.</p>]]></content:encoded></item>
<item><title>Second item</title><link>https://coast.example/b</link><description>Only a &lt;b&gt;summary&lt;/b&gt; here.</description></item>
<item><title>Empty item</title><link>https://coast.example/c</link></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id><updated>2026-03-02T10:00:00Z</updated>
<entry><title>Quake toll rises</title><id>urn:1</id><link href="https://atom.example/1"/>
<updated>2026-03-03T09:00:00Z</updated><content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry>
</feed>
"""


def _page(title: str, paragraphs: int = 4) -> bytes:
    body = "".join(f"<p>{BODY} Paragraph {k} adds detail about the rescue effort and the aftershocks.</p>"
                   for k in range(paragraphs))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav>Home | World</nav><article><h1>{title}</h1>{body}</article><footer>(c) 2026</footer></body></html>"
            ).encode("utf-8")


def _warc(path: Path, compress: bool) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    responses = [
        ("https://news.example/quake", "200 OK", "text/html; charset=utf-8", _page("Valparaiso rescue")),
        ("https://news.example/missing", "404 Not Found", "text/html", b"<html><body>gone</body></html>"),
        ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
        ("https://news.example/quake-2", "200 OK", "text/html", _page("Aftershocks rattle port", 3)),
    ]
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
    for uri, status, ctype, payload in responses:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
        writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    path.write_bytes(buffer.getvalue())
    return path


def test_rss_entries_become_articles_with_full_content(tmp_path):
    path = tmp_path / "coast.rss"
    path.write_text(RSS, encoding="utf-8")
    articles = read_file(path)
    assert [a.id for a in articles] == ["coast-1", "coast-2"]  # the entry without text is skipped
    first = articles[0]
    assert first.title == "Rescuers race in Valparaiso" and first.outlet == "Coast News"
    assert first.url == "https://coast.example/a" and first.date == "2026-03-02T08:30:00+00:00"
    assert first.text.startswith("Rescuers in Valparaiso") and "41 people had died" in first.text
    assert "<p>" not in first.text and "\n" in first.text  # paragraphs kept as lines, markup gone
    assert articles[1].text == "Only a summary here."


def test_atom_entries_become_articles(tmp_path):
    path = tmp_path / "wire.atom"
    path.write_text(ATOM, encoding="utf-8")
    (article,) = read_file(path)
    assert article.title == "Quake toll rises" and article.outlet == "Atom Wire"
    assert article.url == "https://atom.example/1" and article.date.startswith("2026-03-03")
    assert article.text.startswith("Rescuers in Valparaiso")


def test_a_file_that_is_not_a_feed_is_refused(tmp_path):
    path = tmp_path / "notes.xml"
    path.write_text("<?xml version='1.0'?><notes><n>hi</n></notes>", encoding="utf-8")
    with pytest.raises(InputError, match="notes.xml"):
        read_file(path)


@pytest.mark.parametrize("compress", [True, False])
def test_warc_html_responses_become_articles(tmp_path, compress):
    name = "CC-NEWS-20260302.warc.gz" if compress else "crawl.warc"
    path = _warc(tmp_path / name, compress)
    articles = read_file(path)
    stem = "CC-NEWS-20260302" if compress else "crawl"
    assert [a.id for a in articles] == [f"{stem}-1", f"{stem}-2"]  # 404, image and requests skipped
    assert articles[0].url == "https://news.example/quake"
    assert articles[0].title == "Valparaiso rescue"
    assert "Rescuers in Valparaiso" in articles[0].text and "Home | World" not in articles[0].text
    assert articles[0].date  # WARC-Date when the page has none
    assert articles[1].url == "https://news.example/quake-2"


def test_a_broken_warc_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a warc record\n" * 10))
    with pytest.raises(InputError) as info:
        read_file(path)
    assert info.value.path == str(path)


@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("kept", [0.3, 0.6, 0.97])
def test_a_warc_cut_short_is_refused_not_read_as_a_shorter_crawl(tmp_path, compress, kept):
    """A truncated download: warcio alone reads what is there and stops silently (inside a gzip member, or inside
    a record's header); the file is refused, naming it, wherever the cut falls."""
    whole = _warc(tmp_path / ("whole.warc.gz" if compress else "whole.warc"), compress)
    assert len(read_file(whole)) == 2
    data = whole.read_bytes()
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(data[: int(len(data) * kept)])
    with pytest.raises(InputError, match="truncated") as info:
        read_file(path)
    assert info.value.path == str(path)


def test_corpus_inputs_are_ingested_from_a_folder(tmp_path):
    from corroborator.engine import get_engine, ingest
    from corroborator.store import open_store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "coast.rss").write_text(RSS, encoding="utf-8")
    _warc(folder / "cc.warc.gz", True)
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        summary = ingest(store, [str(folder)], get_engine())
        assert summary.added == 4
        assert {s.article.id for s in store.articles()} == {"cc-1", "cc-2", "coast-1", "coast-2"}


def test_compare_folders_still_read_only_the_compare_formats(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "coast.rss").write_text(RSS, encoding="utf-8")
    assert [a.id for a in read_paths([str(tmp_path)])] == ["a"]
