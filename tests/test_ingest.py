"""Ingest: every format, headline rule, encodings, ids, and one clear InputError per bad input."""

from __future__ import annotations

import io
import json
import os
import pathlib
import signal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corroborator.errors import InputError
from corroborator.ingest import (
    SUPPORTED_EXTENSIONS,
    articles_from_records,
    decode_bytes,
    read_file,
    read_paths,
)
from corroborator.ingest.text import is_headline, split_headline, strip_markdown

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "berlin-talks"
BODY = "Ukrainian and American negotiators met for a second day in Berlin on Monday.\n\nTalks lasted five hours."


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def input_error(path: Path | str, *args: object, **kwargs: object) -> InputError:
    """Read ``path`` expecting an InputError; check it names the path first and return it."""
    with pytest.raises(InputError) as caught:
        read_paths([str(path)], *args, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value).startswith(f"{path}: "), str(caught.value)
    assert "\n" not in str(caught.value)
    return caught.value


# --- plain text and the headline rule ---------------------------------------------------------------------


def test_txt_short_first_line_is_headline_and_text_is_exactly_the_body(tmp_path: Path) -> None:
    path = write(tmp_path, "talks.txt", f"\n\nTalks continue in Berlin\n\n\n{BODY}\n\n")
    [article] = read_paths([str(path)])
    assert article.id == "talks"
    assert article.path == str(path)
    assert article.title == "Talks continue in Berlin"
    assert article.text == BODY


def test_txt_headline_directly_followed_by_body(tmp_path: Path) -> None:
    [article] = read_file(write(tmp_path, "a.txt", f"Talks continue in Berlin\n{BODY}"))
    assert (article.title, article.text) == ("Talks continue in Berlin", BODY)


@pytest.mark.parametrize(
    "first_line",
    [
        "Talks went on for five hours.",  # full stop
        "Will the talks go on?",
        "Zelensky said: ",
        "He said ‘progress was made.’",  # closing quote after a full stop
        'He said "we will see!"',
        "Negotiators met in Berlin,",  # sentence goes on
        " ".join(["word"] * 26),  # too many words
        "x" * 201,  # too long
        "***",  # no letters
    ],
)
def test_txt_first_line_that_is_not_a_headline_stays_in_the_text(tmp_path: Path, first_line: str) -> None:
    [article] = read_file(write(tmp_path, "a.txt", f"{first_line}\n\n{BODY}"))
    assert article.title is None
    assert article.text == f"{first_line}\n\n{BODY}".strip()


def test_txt_single_line_is_text_not_headline(tmp_path: Path) -> None:
    [article] = read_file(write(tmp_path, "a.txt", "Talks continue in Berlin\n"))
    assert (article.title, article.text) == (None, "Talks continue in Berlin")


def test_txt_hard_wrapped_paragraph_has_no_headline(tmp_path: Path) -> None:
    content = "Negotiators from Ukraine and the United States met\nfor a second day in Berlin on Monday."
    [article] = read_file(write(tmp_path, "a.txt", content))
    assert article.title is None
    assert article.text == content


def test_headline_rule_edges() -> None:
    assert is_headline("x " * 24 + "x")  # 25 words
    assert not is_headline("x " * 25 + "x")  # 26 words
    assert is_headline("a" * 200)
    assert is_headline("Ukraine ceasefire talks continue as US says ‘progress was made’")
    assert not is_headline("Talks end…")
    assert split_headline("Title\n\n  Body.  ") == ("Title", "Body.")


def test_example_with_headline() -> None:
    [article] = read_file(EXAMPLES / "000_8179d51774d2f407.txt")
    assert article.id == "000_8179d51774d2f407"
    assert article.title == "Ukraine ceasefire talks continue as US says ‘progress was made’"
    assert article.text.startswith("BERLIN – Critical peace negotiations")


def test_example_without_headline() -> None:
    [article] = read_file(EXAMPLES / "002_69864105d11cb7cb.txt")
    assert article.title is None
    assert article.text.startswith("Discussions between Ukrainian and US delegations")
    raw = (EXAMPLES / "002_69864105d11cb7cb.txt").read_text(encoding="utf-8")
    assert article.text == raw.strip()


# --- Markdown ---------------------------------------------------------------------------------------------


MARKDOWN = """# Talks *continue* in Berlin

The **five-hour** talks, led by [Steve Witkoff](https://example.com/witkoff "envoy"), went _well_.

## What was said

> A lot of progress was made, a `US statement` said.

---

![Merz at the talks](merz.jpg) Prices rose 5\\*2 times; see snake_case_name and 2*3*4.

```
code *stays* as is
```

[ref]: https://example.com
"""


def test_markdown_title_and_prose(tmp_path: Path) -> None:
    [article] = read_file(write(tmp_path, "talks.md", MARKDOWN))
    assert article.title == "Talks continue in Berlin"
    assert article.text == (
        "The five-hour talks, led by Steve Witkoff, went well.\n\n"
        "What was said\n\n"
        "A lot of progress was made, a US statement said.\n\n"
        "Merz at the talks Prices rose 5*2 times; see snake_case_name and 2*3*4.\n\n"
        "code *stays* as is"
    )


def test_markdown_without_heading_uses_headline_rule(tmp_path: Path) -> None:
    [article] = read_file(write(tmp_path, "a.md", "Talks in **Berlin**\n\nThey met on *Monday*."))
    assert (article.title, article.text) == ("Talks in Berlin", "They met on Monday.")


def test_struck_out_markdown_is_not_what_the_article_says() -> None:
    assert strip_markdown("The plan was ~~not~~ proposed by Kyiv.") == "The plan was proposed by Kyiv."


def test_a_title_case_headline_folded_over_two_lines_is_one_headline() -> None:
    text = "Ukraine and US Delegations Continue Peace Talks in\nBerlin for a Second Day\n\nDiscussions went on."
    assert split_headline(text) == ("Ukraine and US Delegations Continue Peace Talks in Berlin for a Second Day",
                                    "Discussions went on.")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [
    "Zelensky met Witkoff in Berlin on Sunday \U0001F600 for five hours.",  # a surrogate with a 00 byte
    "The \u0100 and \u2500 signs: both have a low byte of 00 in UTF-16.",
    "Переговоры в Берлине длились пять часов.",
])
def test_utf16_and_utf32_without_bom_are_read_whatever_their_characters(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding), "x.txt") == text


def test_strip_markdown_leaves_plain_prose_alone() -> None:
    assert strip_markdown("Plain prose, with [brackets] and a - dash.\n- a list item") == (
        "Plain prose, with [brackets] and a - dash.\n- a list item"
    )


# --- HTML -------------------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head>
<title>Talks continue in Berlin | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://example.com/news/berlin-talks">
<meta property="article:published_time" content="2025-12-15T09:30:00Z">
<script>var leaked = 'SCRIPT-LEAK';</script><style>.x { color: red }</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks continue in Berlin</h1>
<p>Ukrainian and American negotiators met for a second day in Berlin on Monday, after five hours of talks.</p>
<img src="x" onerror="alert('ONERROR-LEAK')">
<p onclick="alert('CLICK-LEAK')">German Chancellor Friedrich Merz joined the talks on security guarantees.</p>
<script>document.write('INLINE-SCRIPT-LEAK')</script>
<noscript>NOSCRIPT-LEAK</noscript><template><p>TEMPLATE-LEAK</p></template>
<p>A US statement said a lot of progress was made.</p>
</article><footer>Copyright 2025</footer></body></html>"""


def test_html_text_and_metadata(tmp_path: Path) -> None:
    [article] = read_file(write(tmp_path, "page.html", PAGE))
    assert article.id == "page"
    assert article.title == "Talks continue in Berlin"
    assert article.outlet == "The Daily Example"
    assert article.url == "https://example.com/news/berlin-talks"
    assert article.date == "2025-12-15"
    assert article.text.startswith("Ukrainian and American negotiators met")  # title line not repeated
    assert "Friedrich Merz" in article.text
    assert article.text.endswith("a lot of progress was made.")


def test_html_hostile_content_comes_out_as_inert_text(tmp_path: Path) -> None:
    [article] = read_file(write(tmp_path, "page.htm", PAGE))
    assert "LEAK" not in article.text
    assert "<" not in article.text and "alert" not in article.text and "onerror" not in article.text


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body><p>Unclosed <b>bold <div>nested</p></i> mess " + "with many more words here. " * 5,
        "<p>Fragment only, no html element, but a sentence about talks in Berlin.</p>",
        "<<<>>><html<body><p>Strange & broken &#xZZ; markup about the talks</p>",
    ],
)
def test_malformed_html_does_not_crash(tmp_path: Path, markup: str) -> None:
    path = write(tmp_path, "bad.html", markup)
    try:
        [article] = read_file(path)
    except InputError as exc:
        assert str(exc) == f"{path}: no article text found in HTML"
    else:
        assert article.text and "<" not in article.text


def test_html_without_article_text(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", "<html><head><title>Nothing</title></head><body><script>x()</script></body></html>")
    assert input_error(path).problem == "no article text found in HTML"


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    body = "Zażółć gęślą jaźń, powiedział minister w Warszawie o rozmowach pokojowych."
    page = f'<html><head><meta charset="iso-8859-2"></head><body><p>{body}</p></body></html>'
    [article] = read_file(write(tmp_path, "pl.html", page.encode("iso-8859-2")))
    assert article.text == body


# --- records: JSONL, JSON, CSV ----------------------------------------------------------------------------


def test_jsonl_records_fields_and_default_ids(tmp_path: Path) -> None:
    lines = [
        {"text": "First report.", "title": "One", "source": "Reuters", "date": "2025-12-15T10:00:00Z", "url": "https://r.example/1"},
        {"text": "Second report.", "id": "custom"},
        {"text": "Third report.", "id": 42, "date": "15 December 2025"},
        {"text": "Fourth report.", "date": "sometime last week"},
    ]
    content = "\n".join(json.dumps(line) for line in lines[:2]) + "\n\n" + "\n".join(json.dumps(x) for x in lines[2:])
    articles = read_file(write(tmp_path, "feed.jsonl", content))
    assert [a.id for a in articles] == ["feed-1", "custom", "42", "feed-4"]
    first = articles[0]
    assert (first.title, first.outlet, first.url) == ("One", "Reuters", "https://r.example/1")
    assert first.date == "2025-12-15T10:00:00+00:00"
    assert articles[2].date == "2025-12-15"
    assert articles[3].date == "sometime last week"
    assert all(a.path == str(tmp_path / "feed.jsonl") for a in articles)


def test_record_text_is_not_searched_for_a_headline(tmp_path: Path) -> None:
    [article] = read_file(write(tmp_path, "a.jsonl", json.dumps({"text": "Short line\r\nBody here."})))
    assert (article.title, article.text) == (None, "Short line\nBody here.")


@pytest.mark.parametrize(
    "content",
    [
        json.dumps([{"text": "A.", "source": "AP"}, {"text": "B."}]),
        json.dumps({"articles": [{"text": "A.", "source": "AP"}, {"text": "B."}]}),
    ],
)
def test_json_list_or_articles_object(tmp_path: Path, content: str) -> None:
    articles = read_file(write(tmp_path, "batch.json", content))
    assert [(a.id, a.text, a.outlet) for a in articles] == [("batch-1", "A.", "AP"), ("batch-2", "B.", None)]


def test_json_single_record_takes_file_name_as_id(tmp_path: Path) -> None:
    [article] = read_file(write(tmp_path, "one.json", json.dumps({"text": "Only.", "title": "T"})))
    assert (article.id, article.title, article.text) == ("one", "T", "Only.")


def test_csv_case_insensitive_header_quoted_newlines_and_semicolons(tmp_path: Path) -> None:
    content = 'ID;Title;Text;Source\r\n;First;"Line one;\r\nline two";AP\r\nx7;Second;Body two;\r\n\r\n'
    articles = read_file(write(tmp_path, "sheet.csv", content))
    assert [(a.id, a.title, a.text, a.outlet) for a in articles] == [
        ("sheet-1", "First", "Line one;\nline two", "AP"),
        ("x7", "Second", "Body two", None),
    ]


def test_csv_long_field(tmp_path: Path) -> None:
    long_text = "word " * 60_000  # 300 KB, over csv's default field limit
    [article] = read_file(write(tmp_path, "long.csv", f'text\n"{long_text}"\n'))
    assert article.text == long_text.strip()


def test_articles_from_records_ids_and_errors() -> None:
    articles = articles_from_records([{"text": "A", "id": "x"}, {"text": "B", "id": "x"}, {"text": "C"}], "request")
    assert [a.id for a in articles] == ["x", "x-2", "request-3"]
    with pytest.raises(InputError) as caught:
        articles_from_records([{"text": "A"}, {"title": "no text"}], "request")
    assert str(caught.value) == "request: record 2: record has no 'text' field"


# --- folders, stdin, ids ----------------------------------------------------------------------------------


def test_folder_is_read_recursively_sorted_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "Bee.")
    write(tmp_path, "a.txt", "Ay.")
    write(tmp_path, "c/d.txt", "Dee.")
    write(tmp_path, "a/z.md", "# Zed\n\nZed body.")
    write(tmp_path, "a/c.jsonl", json.dumps({"text": "See."}))
    write(tmp_path, "notes.pdf", b"%PDF-1.4\x00")
    write(tmp_path, ".hidden.txt", "Hidden.")
    write(tmp_path, ".git/config.txt", "Hidden folder.")
    write(tmp_path, "README", "no extension")
    articles = read_paths([str(tmp_path)])
    assert [(a.id, a.text) for a in articles] == [
        ("c-1", "See."),  # a/c.jsonl
        ("z", "Zed body."),  # a/z.md
        ("a", "Ay."),
        ("b", "Bee."),
        ("d", "Dee."),  # c/d.txt
    ]
    assert articles[1].path == str(tmp_path / "a" / "z.md")


def test_stdin_text_article() -> None:
    [article] = read_paths(["-"], stdin=io.BytesIO(b"Talks continue\r\n\r\nThey met.\r\n"))
    assert (article.id, article.path, article.title, article.text) == ("stdin", "-", "Talks continue", "They met.")


def test_stdin_html_article() -> None:
    [article] = read_paths(["-"], stdin=io.BytesIO(PAGE.encode()))
    assert (article.id, article.path, article.outlet) == ("stdin", "-", "The Daily Example")
    assert "LEAK" not in article.text


def test_stdin_mixed_with_files_and_duplicate_ids_get_suffixes(tmp_path: Path) -> None:
    one = write(tmp_path, "x/report.txt", "One.")
    two = write(tmp_path, "y/report.txt", "Two.")
    stdin_named = write(tmp_path, "stdin.txt", "Named stdin.")
    articles = read_paths([str(one), "-", str(two), str(stdin_named), str(one)], stdin=io.BytesIO(b"From stdin."))
    assert [a.id for a in articles] == ["report", "stdin", "report-2", "stdin-2", "report-3"]
    assert len({a.id for a in articles}) == len(articles)
    assert [a.text for a in articles] == ["One.", "From stdin.", "Two.", "Named stdin.", "One."]


def test_duplicate_ids_within_a_file(tmp_path: Path) -> None:
    content = "\n".join(json.dumps({"text": t, "id": "same"}) for t in "ABC")
    assert [a.id for a in read_file(write(tmp_path, "d.jsonl", content))] == ["same", "same-2", "same-3"]


def test_extensions_are_case_insensitive(tmp_path: Path) -> None:
    [article] = read_paths([str(write(tmp_path, "LOUD.TXT", "Shout."))])
    assert (article.id, article.text) == ("LOUD", "Shout.")


# --- encodings --------------------------------------------------------------------------------------------

SAMPLE = "Talks in Zürich\n\nShe said “we don’t know” – it cost €5 million, café owners said."


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-8"])
def test_encodings_round_trip(tmp_path: Path, encoding: str) -> None:
    data = SAMPLE.replace("\n", "\r\n").encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(encoding) + data  # with a byte-order mark
    [article] = read_file(write(tmp_path, "enc.txt", data))
    assert article.title == "Talks in Zürich"
    assert article.text == SAMPLE.split("\n\n", 1)[1]


def test_cp1252_bytes_read_as_typographic_characters() -> None:
    assert decode_bytes(b"don\x92t pay \x805 \x93now\x94", "x") == "don’t pay €5 “now”"


def test_mostly_ascii_text_is_cp1252_even_where_detection_would_guess_otherwise() -> None:
    text = "obust security guarantees modeled after NAñO’s Article 5 mut"  # detection alone reads CJK here
    assert decode_bytes(text.encode("cp1252"), "x") == text


def test_snippets_too_short_to_detect_are_cp1252() -> None:
    assert decode_bytes("“Hi”".encode("cp1252"), "x") == "“Hi”"
    assert decode_bytes("It’s £5.".encode("cp1252"), "x") == "It’s £5."


def test_legacy_cyrillic_is_detected() -> None:
    text = "Переговоры между делегациями Украины и США продолжились в Берлине второй день подряд."
    assert decode_bytes(text.encode("cp1251"), "x") == text


def test_decode_strips_one_bom_and_normalises_newlines() -> None:
    assert decode_bytes(b"\xef\xbb\xbfa\r\nb\rc\n", "x") == "a\nb\nc\n"
    assert decode_bytes("\ufeffa\r\n".encode("utf-16-be"), "x") == "a\n"


@given(
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))).filter(
        lambda s: not s.startswith("\ufeff")
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_decode_bytes_round_trips_unicode(text: str, encoding: str) -> None:
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert decode_bytes(text.encode(encoding), "x") == expected


@pytest.mark.parametrize(
    "data",
    [b"text\x00with a NUL", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(256)) * 4],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "blob.txt")
    assert str(caught.value) == "blob.txt: binary file, not text"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(tmp_path: Path, encoding: str) -> None:
    [article] = read_file(write(tmp_path, "enc.txt", SAMPLE.replace("\n", "\r\n").encode(encoding)))
    assert (article.title, article.text) == ("Talks in Zürich", SAMPLE.split("\n\n", 1)[1])


def test_utf8_with_a_few_broken_bytes_stays_utf8() -> None:
    text = "She said “we don’t know” – café owners agreed."
    assert decode_bytes(text.encode() + b" A stray \xe9 byte.", "x") == text + " A stray \ufffd byte."
    assert decode_bytes(text.encode() + "€".encode()[:2], "x") == text + "\ufffd"  # cut mid-character
    assert decode_bytes(b"plain caf\xe9 text", "x") == "plain café text"  # no valid UTF-8 at all: cp1252


def test_bom_followed_by_invalid_text_is_refused() -> None:
    with pytest.raises(InputError, match="^x: not valid UTF-8 text despite its byte-order mark$"):
        decode_bytes(b"\xef\xbb\xbfcaf\xe9 \xff\xfe", "x")


# --- bad input: one InputError naming the file and the problem ---------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    assert input_error(tmp_path / "nope.txt").problem == "no such file or folder"


def test_empty_file(tmp_path: Path) -> None:
    assert input_error(write(tmp_path, "e.txt", b"")).problem == "empty file"


@pytest.mark.parametrize("name", ["w.txt", "w.md", "w.html", "w.jsonl", "w.json", "w.csv"])
def test_whitespace_only_file(tmp_path: Path, name: str) -> None:
    assert input_error(write(tmp_path, name, " \r\n\t\n")).problem == "no text"


def test_binary_file(tmp_path: Path) -> None:
    assert input_error(write(tmp_path, "img.txt", b"GIF89a\x01\x00\x01\x00\x00\xff")).problem == "binary file, not text"


def test_file_over_limit_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: costs no disk

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(pathlib.Path, "open", no_open)
    assert input_error(path).problem == "file is 50.0 MB, over the 20.0 MB limit"


def test_small_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "x" * 2000)
    assert input_error(path, max_bytes=1024).problem == "file is 2.0 KB, over the 1.0 KB limit"
    assert read_paths([str(path)], max_bytes=2000)[0].text == "x" * 2000


def test_unsupported_extension_given_explicitly(tmp_path: Path) -> None:
    problem = input_error(write(tmp_path, "report.pdf", b"%PDF")).problem
    assert problem == "unsupported file type '.pdf' (expected .txt, .md, .html, .htm, .jsonl, .json, .csv)"
    assert SUPPORTED_EXTENSIONS == (".txt", ".md", ".html", ".htm", ".jsonl", ".json", ".csv")


def test_folder_without_articles(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.pdf", b"%PDF")
    write(tmp_path, "docs/.b.txt", "hidden")
    problem = input_error(tmp_path / "docs").problem
    assert problem == "no articles found in folder (looked for .txt, .md, .html, .htm, .jsonl, .json, .csv)"


def test_bad_file_inside_folder_is_named(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Fine.")
    bad = write(tmp_path, "sub/b.txt", b"")
    with pytest.raises(InputError) as caught:
        read_paths([str(tmp_path)])
    assert str(caught.value) == f"{bad}: empty file"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("a.jsonl", '{"text": "ok"}\n\n{"text": oops}\n', "line 3: invalid JSON: Expecting value (column 10)"),
        ("a.jsonl", '{"text": "ok"}\n{"title": "no text"}\n', "line 2: record has no 'text' field"),
        ("a.jsonl", '{"text": "ok"}\n{"text": "  "}\n', "line 2: record has an empty 'text' field"),
        ("a.jsonl", '{"text": ["a"]}\n', "line 1: 'text' must be a string, got a list"),
        ("a.jsonl", '["text"]\n', "line 1: expected an object with a 'text' field, got a list"),
        ("a.jsonl", '{"text": "ok", "title": {"x": 1}}\n', "line 1: 'title' must be a string, got an object"),
        ("a.json", '[{"text": "ok"},', "invalid JSON: Expecting value (line 1, column 17)"),
        ("a.json", '[{"text": "ok"}, {"txt": "typo"}]', "record 2: record has no 'text' field"),
        ("a.json", "[]", "no records in file"),
        ("a.json", '{"articles": []}', "no records in file"),
        ("a.json", '{"articles": {"text": "x"}}', "'articles' must be a list, got an object"),
        ("a.json", "42", "expected a list of articles, an object with an 'articles' list, "
         "or one article with a 'text' field; got a number"),
        ("a.csv", "title,body\nT,B\n", "no 'text' column (columns: title, body)"),
        ("a.csv", "title,text\n", "no records in file"),
        ("a.csv", "title,text\nT,ok\nU,\n", "line 3: record has an empty 'text' field"),
        # Limits of the JSON parser, not syntax errors: once RecursionError and ValueError (exit 3).
        ("a.json", "[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
        ("a.jsonl", '{"text": "ok", "id": ' + "9" * 5000 + "}\n", "line 1: invalid JSON: a number with too many digits"),
        ("a.json", '{"text": null}', "record 1: 'text' must be a string, got null"),
        # Python's json reads NaN and Infinity; echoed into our output they would make it invalid JSON.
        ("a.jsonl", '{"text": "ok", "id": NaN}\n', "line 1: invalid JSON: NaN is not a JSON number"),
        ("a.json", '[{"text": "ok", "id": -Infinity}]', "invalid JSON: -Infinity is not a JSON number"),
        # Read leniently, a quote never closed swallowed the rest of the file into one article.
        ("a.csv", 'title,text\nA,"never closed\nB,more\n',
         "line 3: invalid CSV: unexpected end of data (a quoted field is never closed)"),
        ("a.csv", 'title,text\nA,"quoted" then more\n', "line 2: invalid CSV: ',' expected after '\"'"),
    ],
)
def test_bad_records(tmp_path: Path, name: str, content: str, problem: str) -> None:
    assert input_error(write(tmp_path, name, content)).problem == problem


@pytest.mark.parametrize("inside_folder", [False, True])
def test_fifo_nobody_writes_is_not_waited_for(tmp_path: Path, inside_folder: bool) -> None:
    """Named on the command line, a pipe is read (``compare <(curl -s URL) b.txt``), and one nobody writes to
    reads as empty at once; inside a folder, pipes are refused."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def blocked(*args: object) -> None:
        raise AssertionError("blocked opening a FIFO that nobody writes to")

    previous = signal.signal(signal.SIGALRM, blocked)
    signal.alarm(5)
    try:
        with pytest.raises(InputError) as caught:
            read_paths([str(tmp_path if inside_folder else fifo)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    problem = "not a regular file (a pipe, socket or device)" if inside_folder else "empty input (a pipe nothing was written to)"
    assert str(caught.value) == f"{fifo}: {problem}"


def test_a_pipe_named_as_input_is_read_like_standard_input(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "fd-63"
    os.mkfifo(fifo)
    page = "<html><head><title>Talks resume</title></head><body><p>The talks in Berlin resumed on Monday.</p></body></html>"

    def write() -> None:
        with fifo.open("w", encoding="utf-8") as out:
            out.write(page)

    writer = threading.Thread(target=write)
    writer.start()
    (article,) = read_paths([str(fifo)])
    writer.join(5)
    assert article.id == "pipe-fd-63" and article.title == "Talks resume"
    assert "The talks in Berlin resumed on Monday." in article.text


def test_article_too_long_to_analyse(tmp_path: Path) -> None:
    path = write(tmp_path, "long.txt", "word " * 200_001)  # 1,000,004 characters once stripped; 1 MB in bytes
    assert input_error(path).problem == (
        "article 'long' is 1,000,004 characters long, over the 1,000,000 characters that can be analysed"
    )
    assert read_paths([str(write(tmp_path, "ok.txt", "word " * 200_000))])[0].text == ("word " * 200_000).strip()


def test_stdin_empty() -> None:
    with pytest.raises(InputError, match=r"^<stdin>: no input on standard input$"):
        read_paths(["-"], stdin=io.BytesIO(b""))


def test_stdin_whitespace_and_binary() -> None:
    with pytest.raises(InputError, match=r"^<stdin>: no text$"):
        read_paths(["-"], stdin=io.BytesIO(b"  \n"))
    with pytest.raises(InputError, match=r"^<stdin>: binary file, not text$"):
        read_paths(["-"], stdin=io.BytesIO(b"\x00\x01\x02"))


def test_stdin_over_limit() -> None:
    with pytest.raises(InputError, match=r"^<stdin>: input is over the 10 bytes limit$"):
        read_paths(["-"], stdin=io.BytesIO(b"x" * 11), max_bytes=10)
    assert read_paths(["-"], stdin=io.BytesIO(b"x" * 10), max_bytes=10)[0].text == "x" * 10


def test_stdin_given_twice() -> None:
    with pytest.raises(InputError, match=r"^<stdin>: '-' given more than once"):
        read_paths(["-", "-"], stdin=io.BytesIO(b"text"))


def test_txt_headline_folded_over_two_lines_is_the_title(tmp_path: Path) -> None:
    text = "Ukraine ceasefire talks continue as US says\nprogress was made\n\n" + BODY
    [article] = read_file(write(tmp_path, "a.txt", text))
    assert (article.title, article.text) == ("Ukraine ceasefire talks continue as US says progress was made", BODY)
    # a folded first paragraph that ends a sentence is body text
    prose = "Ukraine ceasefire talks continued as the US said\nprogress was made.\n\n" + BODY
    assert read_file(write(tmp_path, "b.txt", prose))[0].title is None


def test_a_lone_surrogate_or_nul_escaped_in_json_becomes_a_replacement_character(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", '{"id": "a", "title": "T\\udc00", "text": "Talks \\ud800 in Berlin\\u0000 lasted five hours."}\n')
    [article] = read_file(path)
    assert article.text == "Talks \ufffd in Berlin\ufffd lasted five hours." and article.title == "T\ufffd"
    assert article.content_hash  # encodable: hashing, storing and writing reports work


@pytest.mark.parametrize("markup, expected", [
    ("<p>Talks in Berlin lasted five hours on Sunday.</p>", "Talks in Berlin lasted five hours on Sunday."),
    ("Talks in Berlin lasted five hours on Sunday.\nMerz attended.\n", "Talks in Berlin lasted five hours on Sunday.\nMerz attended."),
])
def test_a_fragment_or_plain_text_saved_as_html_is_read(tmp_path: Path, markup: str, expected: str) -> None:
    [article] = read_file(write(tmp_path, "frag.html", markup))
    assert article.text == expected


def test_the_fragment_reader_keeps_paragraphs_and_headings_but_no_scripts_or_page_furniture() -> None:
    from corroborator.ingest.html import _paragraph_text

    markup = "<h2>Talks</h2><p>They lasted <b>five</b> hours.<script>alert(1)</script></p><nav><p>Home</p></nav><footer>(c)</footer>"
    assert _paragraph_text(markup) == "Talks\n\nThey lasted five hours."


def test_a_stray_nul_byte_is_binary_not_utf16(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b'id,text\n1,"Talks\x00 in Berlin."\n')
    assert input_error(path).problem == "binary file, not text"
    russian = tmp_path / "ru.txt"  # UTF-16 without a byte-order mark: NULs only at spaces and punctuation
    russian.write_bytes("Переговоры в Берлине длились пять часов, сообщили официальные лица.".encode("utf-16-le"))
    assert read_file(russian)[0].text.startswith("Переговоры в Берлине")


def test_a_renamed_duplicate_never_takes_an_id_the_input_gives() -> None:
    from corroborator.ingest.ids import unique_ids
    from corroborator.model import Article

    articles = [Article(id=i, text="x") for i in ("a", "a", "a-2", "a")]
    assert [a.id for a in unique_ids(articles)] == ["a", "a-3", "a-2", "a-4"]
