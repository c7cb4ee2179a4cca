"""The verifier seam: does a piece of source text support a claim?

A ``Verifier`` reads (claim, evidence) pairs and returns one calibrated support probability per pair: 0 means
the evidence does not support the claim, 1 that it does. ``audit`` and ``audit --pairs`` choose the evidence
(candidate windows of the sources), call ``score`` once per batch, and turn the best score of each claim into a
verdict together with the structured checks (numbers, dates, names, roles, quotes, negation).

Implementations: the packaged offline default, ``nli:PATH`` (a user's local Hugging Face-format model) and
``openai:URL`` (an OpenAI-compatible chat endpoint); ``load_verifier(spec)`` picks one from a CLI string.
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
