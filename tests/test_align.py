"""Alignment pieces: windows scored from their sentences' vectors, never embedded as text."""

from __future__ import annotations

import hashlib

import numpy as np

from corroborator.align import build_indexes, pieces_of


class RecordingEmbedder:
    """Deterministic pseudo-random unit vectors per text; remembers every text it was asked to embed."""

    dim = 16

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts):
        self.seen.extend(texts)
        out = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            out.append(v / np.linalg.norm(v))
        return np.stack(out) if out else np.zeros((0, self.dim), np.float32)


def test_a_window_is_the_normalised_sum_of_its_sentences_and_is_never_embedded(example_articles):
    from corroborator.pipeline import analyse_cached

    analyses = analyse_cached(example_articles)
    embedder = RecordingEmbedder()
    indexes, vectors = build_indexes(analyses, embedder)
    windows = [p for a in analyses for p in pieces_of(a) if p.parts]
    assert windows, "the example has adjacent sentences"
    embedded = set(embedder.seen)
    for w in windows:
        assert len(w.parts) == 2 and w.text not in embedded
        assert w.text.startswith(w.parts[0]) and w.text.endswith(w.parts[1])
        expected = vectors[w.parts[0]] + vectors[w.parts[1]]
        np.testing.assert_allclose(vectors[w.text], expected / np.linalg.norm(expected), rtol=1e-5, atol=1e-6)
    for analysis in analyses:  # every claim and sentence is embedded as itself
        for c in analysis.claims:
            assert c.text in embedded
    index = indexes[analyses[0].article.id]
    assert np.allclose(np.linalg.norm(index.vectors, axis=1), 1.0, atol=1e-5)
