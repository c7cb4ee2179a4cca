"""Plain text and Markdown articles: headline detection and minimal Markdown stripping.

Headline rule (the contract's "first line is short and has no final full stop"): after leading blank lines,
the first line is the headline when it has at most ``HEADLINE_MAX_CHARS`` characters and
``HEADLINE_MAX_WORDS`` words, holds a letter or digit, does not end in ``. ! ? : … , ;`` (also not when such
a mark is followed by closing quotes or brackets), and some body text follows it, but not a line starting in
lower case right below it, nor a first line ending on a word such as "in" or "the" (that is a hard-wrapped
paragraph, or a headline folded over two or three lines, read whole when a blank line ends it). ``Article.text`` is then the body alone, so
offsets never count the headline.

Markdown: a leading ``# Heading`` is the title; otherwise the stripped text goes through the headline rule.
Stripping is line by line and predictable: heading hashes, blockquote marks, rules, setext underlines,
code fences and reference definitions go; emphasis, inline code, images and links keep only their words
(``[text](url)`` -> ``text``); struck-out text goes; backslash escapes keep the escaped character. List
markers stay.
"""

from __future__ import annotations

import re

from ..model import Article

HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 25
HEADLINE_MAX_LINES = 3
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = ".!?:…,;"
_CLOSERS = "\"'’”»›)] \t"

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_DROP_LINE = re.compile(
    r"^\s{0,3}(?:([-*_])(?:\s*\1){2,}|=+|\[[^\]]+\]:\s+\S.*)\s*$"  # rule, setext underline, reference definition
)
_ATX = re.compile(r"^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$")
_H1 = re.compile(r"^\s{0,3}#(?:\s+(.*?))?(?:\s+#+)?\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|<])")
_PLACEHOLDER = re.compile("[\U000f0000-\U000f007f]")
_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"!\[([^\]]*)\]\([^)\n]*\)"), r"\1"),
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),
    (re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"[ \t]?~~(?=\S)(.+?)(?<=\S)~~"), ""),  # struck out: not what the article says ("was ~~not~~ proposed")
)


def text_article(text: str, *, id: str, path: str) -> Article:
    """A plain-text article; the first line becomes the title when it looks like a headline."""
    title, body = split_headline(text)
    return Article(id=id, text=body, title=title, path=path)


def markdown_article(text: str, *, id: str, path: str) -> Article:
    """A Markdown article: ``# Title`` (or a headline-like first line) and the body as prose."""
    text = text.strip()
    first, _, rest = text.partition("\n")
    heading = _H1.match(first)
    if heading and heading.group(1) and rest.strip():
        return Article(id=id, text=strip_markdown(rest), title=strip_markdown(heading.group(1)), path=path)
    return text_article(strip_markdown(text), id=id, path=path)


def split_headline(text: str) -> tuple[str | None, str]:
    """``(headline, body)`` if the first line is a headline, else ``(None, text)``; both stripped. A headline
    folded over two or three lines counts when a blank line ends it and, joined, it reads as one."""
    text = text.strip()
    first, _, rest = text.partition("\n")
    first = first.strip()
    wrapped = rest[:1].islower() or _ends_mid_phrase(first)
    if rest.strip() and not wrapped and is_headline(first):
        return first, rest.strip()
    paragraph, *after = _PARAGRAPH_BREAK.split(text, maxsplit=1)
    folded = " ".join(paragraph.split())
    if wrapped and after and after[0].strip() and paragraph.count("\n") < HEADLINE_MAX_LINES and is_headline(folded):
        return folded, after[0].strip()
    return None, text


# A line ending on one of these runs on into the next ("Peace Talks in" / "Berlin for a Second Day").
_RUNS_ON = frozenset("a an the of in on at to for from by with and or as into over after before about".split())


def _ends_mid_phrase(line: str) -> bool:
    words = line.split()
    return len(words) > 1 and words[-1].lower() in _RUNS_ON


def is_headline(line: str) -> bool:
    """Short, has a letter or digit, and no final sentence punctuation (see the module docstring)."""
    line = line.strip()
    short = len(line) <= HEADLINE_MAX_CHARS and len(line.split()) <= HEADLINE_MAX_WORDS
    wordy = any(ch.isalnum() for ch in line)
    return short and wordy and not line.rstrip(_CLOSERS).endswith(tuple(_SENTENCE_END))


def strip_markdown(text: str) -> str:
    """Markdown to prose, line by line (see the module docstring); the result is stripped."""
    out: list[str] = []
    in_code = False
    for line in _ESCAPE.sub(lambda m: chr(0xF0000 + ord(m.group(1))), text).split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
        elif in_code:
            out.append(line)
        elif not _DROP_LINE.match(line):
            out.append(_strip_line(line))
    prose = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return _PLACEHOLDER.sub(lambda m: chr(ord(m.group(0)) - 0xF0000), prose)


def _strip_line(line: str) -> str:
    heading = _ATX.match(line)
    if heading:
        line = heading.group(1) or ""
    line = _QUOTE.sub("", line)
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return line.rstrip()
