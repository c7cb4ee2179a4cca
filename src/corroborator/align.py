"""Candidate evidence: the pieces of each source a claim may rest on, embedded once, searchable by cosine.

A source's pieces are its sentences, its claims, and windows of two adjacent sentences (a claim in one report
often fuses facts that another report gives in two sentences).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .analyse.specifics import content_words, specifics
from .backends.embedder import Embedder
from .model import Analysis, Claim

WINDOW_SENTENCES = 2


@dataclass(frozen=True)
class Piece:
    """A span of a source that can serve as evidence."""

    source: str
    start: int
    end: int
    text: str
    keys: frozenset[str]
    claim: Claim | None = None
    words: frozenset[str] = frozenset()  # content-word stems (analyse.specifics.content_words)


@dataclass(frozen=True)
class SourceIndex:
    analysis: Analysis
    pieces: tuple[Piece, ...]
    vectors: np.ndarray  # (len(pieces), dim), L2-normalised

    @property
    def source(self) -> str:
        return self.analysis.article.id

    def best(self, vector: np.ndarray, k: int) -> list[tuple[Piece, float]]:
        """The k most similar pieces, most similar first; ties broken by position for determinism."""
        if not self.pieces:
            return []
        scores = self.vectors @ vector
        order = sorted(range(len(scores)), key=lambda i: (-round(float(scores[i]), 6), self.pieces[i].start, self.pieces[i].end))
        return [(self.pieces[i], float(scores[i])) for i in order[:k]]


def pieces_of(analysis: Analysis) -> list[Piece]:
    text, source = analysis.article.text, analysis.article.id
    spans: dict[tuple[int, int], Claim | None] = {}
    for claim in analysis.claims:
        spans[(claim.start, claim.end)] = claim
    sentences = analysis.sentences
    for s in sentences:
        spans.setdefault((s.start, s.end), None)
    for i in range(len(sentences) - WINDOW_SENTENCES + 1):
        spans.setdefault((sentences[i].start, sentences[i + WINDOW_SENTENCES - 1].end), None)
    return [
        Piece(source=source, start=a, end=b, text=text[a:b], keys=specifics(text[a:b]), claim=claim, words=content_words(text[a:b]))
        for (a, b), claim in sorted(spans.items(), key=lambda kv: kv[0])
    ]


def embed_unique(texts: Sequence[str], embedder: Embedder) -> dict[str, np.ndarray]:
    """Embed each distinct text once, in a canonical order, so results never depend on input order."""
    unique = sorted(set(texts), key=lambda t: (len(t), t))
    vectors = embedder.embed(unique)
    return dict(zip(unique, vectors))


def build_indexes(analyses: Sequence[Analysis], embedder: Embedder) -> tuple[dict[str, SourceIndex], dict[str, np.ndarray]]:
    """One index per source, and the vector of every text embedded (claims included) by text."""
    pieces = {a.article.id: pieces_of(a) for a in analyses}
    vectors = embed_unique([p.text for ps in pieces.values() for p in ps], embedder)
    indexes = {
        a.article.id: SourceIndex(
            analysis=a,
            pieces=tuple(pieces[a.article.id]),
            vectors=np.stack([vectors[p.text] for p in pieces[a.article.id]]) if pieces[a.article.id] else np.zeros((0, embedder.dim), np.float32),
        )
        for a in analyses
    }
    return indexes, vectors
