"""The verifier seam: does a piece of source text support a claim?

A ``Verifier`` reads (claim, evidence) pairs and returns one calibrated support probability per pair: 0 means
the evidence does not support the claim, 1 that it does. ``audit`` and ``audit --pairs`` choose the evidence
(candidate windows of the sources), call ``score`` once per batch, and turn the best score of each claim into a
verdict together with the structured checks (numbers, dates, names, roles, quotes, negation).

Implementations: the packaged offline default (our cross-encoder, ``crossencoder.py``), the overlap verifier
(``overlap_verifier.py``, fast, blind to one-word edits), ``lexical`` (the floor), ``nli:PATH`` (a user's local
Hugging Face-format model) and ``openai:URL`` (an OpenAI-compatible chat endpoint); ``load_verifier(spec)`` picks
one from a CLI string.
"""

from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

import numpy as np


@runtime_checkable
class Verifier(Protocol):
    """Scores (claim, evidence) pairs: float32 array of shape (n,), each a calibrated P(supported) in [0, 1]."""

    name: str
    # Score at or above which a claim counts as supported (chosen on development data; see its provenance).
    threshold: float

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray: ...


def load_verifier(spec: str = "default") -> Verifier:
    """The verifier a CLI string names: ``default`` (= ``crossencoder``, the shipped cross-encoder), ``overlap``,
    ``lexical``, ``nli:PATH`` or ``openai:URL[#MODEL]``. Loads the model; raises ``BackendUnavailable`` with the
    fix when it cannot, ``ValueError`` for a spec it does not know."""
    kind, _, rest = spec.partition(":")
    if kind in ("default", "crossencoder") and not rest:
        return _crossencoder()
    if kind == "overlap" and not rest:
        from .overlap_verifier import OverlapVerifier

        return OverlapVerifier()
    if kind == "lexical" and not rest:
        from .overlap_verifier import LexicalVerifier

        return LexicalVerifier()
    if kind == "nli" and rest:
        from .nli import NliVerifier

        return NliVerifier(rest)
    if kind == "openai" and rest:
        from .openai_chat import OpenAIChatVerifier

        url, _, model = rest.partition("#")
        return OpenAIChatVerifier(url, model=model or None)
    raise ValueError(f"unknown verifier {spec!r} (expected default, crossencoder, overlap, lexical, nli:PATH or openai:URL)")


def _crossencoder() -> Verifier:
    from .crossencoder import CrossEncoderVerifier

    return CrossEncoderVerifier()


def decide(score: float, threshold: float) -> str:
    """The default decision on a support score alone (``audit`` adds typed conflicts: ``contradicted``)."""
    return "supported" if score >= threshold else "unsupported"
