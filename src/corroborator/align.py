"""Candidate evidence: the pieces of each source a claim may rest on, embedded once, searchable by cosine.

A source's pieces are its sentences, its claims, and windows of two adjacent sentences (a claim in one report
often fuses facts that another report gives in two sentences). A window is not run through the model: its vector
is the normalised sum of its two sentences' vectors. On the ECB+ calibration pairs that scores as well as
embedding the window's text (sentence-or-window AUC 0.896 vs 0.895, claim-vs-article F1 0.869 vs 0.873;
``bench/calibrate_alignment.py``) and saves the model more than half of its tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

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
    parts: tuple[str, ...] = ()  # a window's sentences, whose vectors make its vector


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
        order = sorted(_near_top(scores, k), key=lambda i: (-round(float(scores[i]), 6), self.pieces[i].start, self.pieces[i].end))
        return [(self.pieces[i], float(scores[i])) for i in order[:k]]


def _near_top(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the k highest scores and of every score within rounding (1e-6) of the k-th: the only ones that
    can rank in the top k once scores are rounded for the tie-break. Sorting all pieces per claim made a long
    source's alignment quadratic in Python."""
    if len(scores) <= k:
        return list(range(len(scores)))
    kth = float(np.partition(scores, len(scores) - k)[len(scores) - k])
    return [int(i) for i in np.flatnonzero(scores >= kth - 2e-6)]


def pieces_of(analysis: Analysis) -> list[Piece]:
    text, source = analysis.article.text, analysis.article.id
    spans: dict[tuple[int, int], Claim | None] = {}
    for claim in analysis.claims:
        spans[(claim.start, claim.end)] = claim
    sentences = analysis.sentences
    for s in sentences:
        spans.setdefault((s.start, s.end), None)
    windows: dict[tuple[int, int], tuple[str, ...]] = {}
    for i in range(len(sentences) - WINDOW_SENTENCES + 1):
        inside = sentences[i : i + WINDOW_SENTENCES]
        span = (inside[0].start, inside[-1].end)
        if span not in spans:
            spans[span] = None
            windows[span] = tuple(text[s.start : s.end] for s in inside)
    return [
        Piece(source=source, start=a, end=b, text=text[a:b], keys=specifics(text[a:b]), claim=claim,
              words=content_words(text[a:b]), parts=windows.get((a, b), ()))
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
    everything = [p for ps in pieces.values() for p in ps]
    vectors = embed_unique([t for p in everything for t in (p.parts or (p.text,))], embedder)
    for p in everything:
        if p.parts and p.text not in vectors:
            vectors[p.text] = _composed(vectors[t] for t in p.parts)
    indexes = {
        a.article.id: SourceIndex(
            analysis=a,
            pieces=tuple(pieces[a.article.id]),
            vectors=np.stack([vectors[p.text] for p in pieces[a.article.id]]) if pieces[a.article.id] else np.zeros((0, embedder.dim), np.float32),
        )
        for a in analyses
    }
    return indexes, vectors


def _composed(parts: Iterable[np.ndarray]) -> np.ndarray:
    total = np.sum(list(parts), axis=0)
    return (total / max(float(np.linalg.norm(total)), 1e-12)).astype(np.float32)
