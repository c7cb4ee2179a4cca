"""Reprints: near-duplicate articles (copies of one wire story) by MinHash LSH.

Signatures are MinHashes of word 4-shingles, computed with numpy (CRC-32 of each word, shingles combined
arithmetically, then datasketch's permutation scheme), which is ~5x faster than hashing every shingle with
SHA-1 in Python; the index is datasketch's ``MinHashLSH``. Two articles are copies when their estimated
Jaccard similarity of shingles is at least ``REPRINT_JACCARD``: wire copies with a changed headline, dateline
or last paragraph stay above it, two reports of one event in different words fall far below.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

import numpy as np

from .features import crc

NUM_PERM = 64
SHINGLE = 4
REPRINT_JACCARD = 0.5
_SEED = 1
_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_WORD = re.compile(r"\w+")
_P1, _P2, _P3 = (np.uint64(pow(0x01000193, k, 1 << 32)) for k in (1, 2, 3))


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.RandomState(_SEED)
    a = gen.randint(1, int(_PRIME), size=NUM_PERM, dtype=np.uint64)
    b = gen.randint(0, int(_PRIME), size=NUM_PERM, dtype=np.uint64)
    return a, b


_A, _B = _permutations()


SHORT_ITEM_WORDS = 60  # a text this short may be a template ("Qtly div 5 cts vs 5 cts prior") only its headline names


def reprint_text(text: str, title: str | None) -> str:
    """What reprints are found on: the text, and for a short item its headline too, so that two companies'
    dividend notices on one template are not taken for copies of each other."""
    if title and len(text) < 20 * SHORT_ITEM_WORDS and len(_WORD.findall(text)) < SHORT_ITEM_WORDS:  # long: not counted
        return f"{title}\n{text}"
    return text


def signature(text: str) -> np.ndarray:
    """The MinHash (``NUM_PERM`` uint32 values) of the text's lower-cased word 4-shingles."""
    words = _WORD.findall(text.lower())
    if not words:
        return np.full(NUM_PERM, _MAX_HASH, dtype=np.uint32)
    h = np.array([crc(w) for w in words], dtype=np.uint64)
    if len(h) >= SHINGLE:
        # polynomial combination of 4 consecutive word hashes, kept to 32 bits
        h = (h[:-3] * _P3 + h[1:-2] * _P2 + h[2:-1] * _P1 + h[3:]) & _MAX_HASH
    h = np.unique(h)
    values = ((h[:, None] * _A[None, :] + _B[None, :]) % _PRIME) & _MAX_HASH
    return values.min(axis=0).astype(np.uint32)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


class ReprintIndex:
    """Known articles' signatures; ``add`` returns the group an article is a copy in, or None.

    A group is named by its first article (the original as far as the index knows)."""

    def __init__(self, threshold: float = REPRINT_JACCARD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[str, np.ndarray] = {}
        self._group: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def load(self, known: Iterable[tuple[str, np.ndarray, str | None]]) -> None:
        """Add stored articles (id, signature, group or None) without looking for their copies again."""
        for article_id, sig, group in known:
            self._insert(article_id, sig)
            if group:
                self._group[article_id] = group

    def add(self, article_id: str, sig: np.ndarray) -> str | None:
        """Index an article; its reprint group (the id of the earliest copy) if it copies a known article."""
        best, best_score = None, self.threshold
        lean = _lean(sig)
        for other in self._lsh.query(lean):
            score = jaccard(sig, self._sigs[other])
            if score > best_score or (score == best_score and best is not None and other < best):
                best, best_score = other, score
        self._insert(article_id, sig, lean)
        if best is None:
            return None
        group = self._group.get(best, best)
        self._group[article_id] = group
        self._group.setdefault(best, group)
        return group

    def group_of(self, article_id: str) -> str | None:
        return self._group.get(article_id)

    def _insert(self, article_id: str, sig: np.ndarray, lean: Any = None) -> None:
        if article_id not in self._sigs:
            self._sigs[article_id] = sig
            self._lsh.insert(article_id, lean if lean is not None else _lean(sig))


def _lean(sig: np.ndarray):  # -> datasketch.LeanMinHash
    from datasketch import LeanMinHash

    return LeanMinHash(seed=_SEED, hashvalues=sig.astype(np.uint64), scheme="legacy")  # (a*h+b) mod 2^61-1
