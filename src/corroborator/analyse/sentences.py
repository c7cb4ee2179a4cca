"""Sentences with offsets: spaCy's boundaries, also cut at line breaks (paragraphs, headline-like lines) but not
at the soft breaks of hard-wrapped text (a paragraph folded at ~60-100 characters a line, as in e-mail, Markdown
and wire copy)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

WRAP_MAX_WIDTH = 120  # lines longer than this are paragraphs, not a fold
WRAP_MIN_LINES = 3  # folded lines needed to call a text hard-wrapped
WRAP_SHARE = 0.6  # of the lines followed by another line, this share must reach the fold width
WRAP_LINE = 0.6  # a line shorter than this share of the fold width ends its paragraph (or is a heading)
RUN_ON_MIN_CHARS = 40  # a shorter line before a lower-case one may be a heading or a list entry
_BLOCK_START = re.compile(r"\s*(?:[-*•#>]|\d+[.)]\s)")
_CLOSERS = frozenset("\"'’”»)]")
_SENTENCE_END = re.compile(r"[.!?…][\"'’”»)\]]*\s*$")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def soft_line_breaks(text: str) -> frozenset[int]:
    """Offsets of the line breaks that only fold a paragraph: none unless the text is hard-wrapped (most lines
    that run on into another line are about as long as its longest, at most ``WRAP_MAX_WIDTH`` characters); then
    every break between two lines of a paragraph where the first line is long and the next is no list item or
    heading, and the first line does not end a sentence."""
    lines = text.split("\n")
    lengths = [len(line.rstrip()) for line in lines]
    running = [n for n, following in zip(lengths, lengths[1:]) if n and following]
    width = max(lengths, default=0)
    long_enough = WRAP_LINE * width
    if (width > WRAP_MAX_WIDTH or len(running) < WRAP_MIN_LINES
            or sum(n >= long_enough for n in running) < WRAP_SHARE * len(running)):
        return _lower_case_runs(lines)
    soft, offset = set(), 0
    for line, following in zip(lines, lines[1:]):
        offset += len(line)
        if (len(line.rstrip()) >= long_enough and following.strip() and not _BLOCK_START.match(following)
                and not _SENTENCE_END.search(line)):
            soft.add(offset)
        offset += 1
    return frozenset(soft)


def _lower_case_runs(lines: list[str]) -> frozenset[int]:
    """In text too short to tell its fold width, the breaks where a sentence plainly runs on: a line of fold
    length without an end mark, then a line starting in lower case ("... in Berlin on Sunday for" / "three
    hours."). A longer line is a paragraph of its own."""
    soft, offset = set(), 0
    for line, following in zip(lines, lines[1:]):
        offset += len(line)
        stripped = line.rstrip()
        if RUN_ON_MIN_CHARS <= len(stripped) <= WRAP_MAX_WIDTH and following[:1].islower() and not _SENTENCE_END.search(stripped) \
                and not stripped.endswith(":"):
            soft.add(offset)
        offset += 1
    return frozenset(soft)


def split_sentences(doc: "Doc") -> list[Sentence]:
    text = doc.text
    soft = soft_line_breaks(text)
    pieces: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start_char
        for end in [*_hard_breaks(text, sent.start_char, sent.end_char, soft), sent.end_char]:
            pieces.append(_trimmed(text, start, end))
            start = end + 1
    return [
        Sentence(start=s, end=e, text=text[s:e], index=i)
        for i, (s, e) in enumerate(p for p in _closers_kept(text, pieces) if p[1] - p[0] > 1)
    ]


def _closers_kept(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece of closing quotes or brackets alone (spaCy starts a sentence at the ``"`` of ``...discussion."``
    before a line break) goes back to the sentence it closes."""
    kept: list[tuple[int, int]] = []
    for start, end in pieces:
        if kept and start < end and all(c in _CLOSERS for c in text[start:end]) and not text[kept[-1][1] : start].count("\n\n"):
            kept[-1] = (kept[-1][0], end)
        else:
            kept.append((start, end))
    return kept


def _hard_breaks(text: str, start: int, end: int, soft: frozenset[int]) -> list[int]:
    """The line breaks within [start, end) that end a sentence piece."""
    return [i for i in range(start, end) if text[i] == "\n" and i not in soft]


_BREAK = re.compile(r"(?<=[.!?])[\"'’”)]?\s+(?=[\"'‘“(]?[A-Za-z0-9])|\n+")
_SPLIT_DECIMAL = re.compile(r"\d\.\s+\d{1,2}(?!\w)")  # not "in 2003. 2004 was", "operator, 3. 3G"
_ABBREVIATION = re.compile(r"\b(?:mr|mrs|ms|dr|st|jr|sr|no|gen|gov|sen|rep|lt|col|sgt|capt|prof|inc|co|corp|ltd|vs|[a-z])\.$", re.I)


@lru_cache(maxsize=8192)  # the conflict checks split each evidence piece once per claim it is held against
def text_sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the sentences of ``text`` (a regex split that tolerates lower-cased, tokenised text; a
    line break ends a sentence unless it only folds a hard-wrapped paragraph, ``soft_line_breaks``)."""
    return tuple(_sentence_spans(text))


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    soft = soft_line_breaks(text) if "\n" in text else frozenset()
    for match in _BREAK.finditer(text):
        piece = text[start : match.start()].rstrip()
        if not match.group().count("\n") and (_ABBREVIATION.search(piece) or _SPLIT_DECIMAL.match(text, match.start() - 2)):
            continue  # "Mr. Smith", wire copy's tokenised "a 9. 1 magnitude": keep going, the sentence has not ended
        if match.group() == "\n" and match.start() in soft:
            continue
        _add_span(text, start, match.start(), spans)
        start = match.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        offset = start + piece.index(stripped[0])
        spans.append((offset, offset + len(stripped)))
