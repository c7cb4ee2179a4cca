"""Sentences with offsets: spaCy's boundaries, also cut at line breaks (paragraphs, headline-like lines)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(doc: "Doc") -> list[Sentence]:
    text = doc.text
    pieces: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start_char
        for line in text[sent.start_char : sent.end_char].split("\n"):
            pieces.append(_trimmed(text, start, start + len(line)))
            start += len(line) + 1
    return [
        Sentence(start=s, end=e, text=text[s:e], index=i)
        for i, (s, e) in enumerate(p for p in pieces if p[1] - p[0] > 1)
    ]
