"""The overlap verifier (``--verifier overlap``; issue 4's design, the default until the cross-encoder measured
better on held-out documents, see docs/audit.md): two overlap signals combined by a logistic regression, a
decision line that depends on how extractive the claim is, and a rule for numbers.

Each claim sentence is compared with the evidence text (a source, or all sources joined):
- the share of its content words found in the single best-matching sentence of the evidence (a fact is usually
  stated in one place; words scattered over a document support nothing);
- the share of its content bigrams found anywhere in the evidence (recombined words break bigrams);
- whether it carries a number (``analyse.specifics``) the evidence lacks: then it is not supported.
A multi-sentence claim is as well supported as its weakest sentence, so each signal is the minimum over the
claim's sentences. These two signals were chosen by leave-one-dataset-out selection among twenty candidates
(trigrams, windows, names, novel capitalised words, IDF-weighted coverage, MiniLM cosine...): more features fit
one dataset's quirks and transferred worse, and MiniLM cost 20x the time for no gain (see docs/audit.md).

Where the line between supported and unsupported falls depends on the style of the claim: a faithful abstractive
summary (XSum) shares fewer words with its document than an unfaithful extractive one (CNN/DailyMail), so no
single threshold on overlap serves both (on the development sets the best one leaves one style near chance).
The style is read from the claim itself, without its label: the *copy density* of Grusky et al. (2018), the mean
length of the verbatim fragments it shares with the document, weighted by length (sum of squared fragment
lengths / claim length). Claims at or above ``density_cut`` are judged against the extractive line, the others
against the abstractive one (``LogisticModel.abstractive_shift``).

The weights (``data/overlap_verifier.json``) are fitted by ``scripts/train_verifier.py`` on
``../shared/data/factual_consistency`` and applied here with numpy: no scikit-learn, no torch, no model download.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..analyse.specifics import is_repetitive, specifics
from ..cache import CACHE_CHARS, LruCache, text_length
from ..errors import BackendUnavailable
from .stopwords import STOP_WORDS as BASE_STOP_WORDS

MODEL_FILE = Path(__file__).parent / "data" / "overlap_verifier.json"
_CACHE_DOCS = 256

STOP_WORDS = BASE_STOP_WORDS | {"one", "new"}  # the shipped weights were fitted with these two as well
_WORD = re.compile(r"[a-z0-9]+")
# Summaries in the benchmarks are often lower-cased and tokenised ("... the brain . it can ..."), so a sentence may
# start with any letter.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”]?\s+(?=[\"'‘“(`]?\s?[A-Za-z0-9])|\n+")


def split_sentences(text: str) -> list[str]:
    """A quick regex split (the verifier runs on many documents; spaCy is kept for the article being audited)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _stem(word: str) -> str:
    # A crude stem: "negotiations"/"negotiated" and "negotiation" meet; numbers stay whole.
    return word if word.isdigit() else word[:6]


def content_stems(text: str) -> set[str]:
    return {_stem(w) for w in words(text) if w not in STOP_WORDS}


def ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _share(part: set, whole: set | frozenset) -> float:
    return len(part & whole) / len(part) if part else 1.0


@dataclass(frozen=True)
class DocIndex:
    """Everything the features need from one evidence text, computed once per text."""

    bigrams: frozenset[tuple[str, ...]]
    sentences: tuple[frozenset[str], ...]  # content stems of each sentence
    numbers: frozenset[str]
    tokens: tuple[str, ...]  # every word, unstemmed, for copied fragments
    positions: Mapping[str, tuple[int, ...]]  # word -> its indexes in ``tokens``


def index_doc(text: str) -> DocIndex:
    raw = words(text)
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(raw):
        positions.setdefault(word, []).append(i)
    return DocIndex(
        bigrams=frozenset(ngrams([_stem(w) for w in raw], 2)),
        sentences=tuple(frozenset(content_stems(s)) for s in split_sentences(text)) or (frozenset(),),
        numbers=frozenset(k for k in specifics(text) if k[:1].isdigit()),
        tokens=tuple(raw),
        positions={w: tuple(p) for w, p in positions.items()},
    )


def copied_fragments(tokens: Sequence[str], doc: DocIndex) -> list[int]:
    """Lengths of the verbatim fragments the claim shares with the document, matched greedily left to right
    (each claim word belongs to at most one fragment, the longest starting there)."""
    lengths, i = [], 0
    while i < len(tokens):
        longest = 0
        for start in doc.positions.get(tokens[i], ()):
            n = 1
            while i + n < len(tokens) and start + n < len(doc.tokens) and tokens[i + n] == doc.tokens[start + n]:
                n += 1
            longest = max(longest, n)
        if longest:
            lengths.append(longest)
        i += max(longest, 1)
    return lengths


def copy_density(claim: str, doc: DocIndex) -> float:
    """Sum of squared copied-fragment lengths over the claim's length: ~1 for a paraphrase, 10-20 for a summary
    stitched from copied clauses."""
    tokens = words(claim)
    return sum(n * n for n in copied_fragments(tokens, doc)) / len(tokens) if tokens else 0.0


FEATURES = ("best_sentence_content", "content_bigrams")


def _content_bigrams(tokens: Sequence[str]) -> set[tuple[str, ...]]:
    """Bigrams with at least one content word: "the talks" counts, "of the" does not."""
    return {b for b in ngrams(tokens, 2) if not (b[0] in STOP_WORDS and b[1] in STOP_WORDS)}


def sentence_signals(sentence: str, doc: DocIndex) -> tuple[float, float, bool]:
    """(share of its content words in the best single document sentence, share of its content bigrams in the
    document, does it carry a number the document lacks)."""
    tokens = [_stem(w) for w in words(sentence)]
    content = {t for t in tokens if t not in STOP_WORDS}
    best_sentence = max(_share(content, s) for s in doc.sentences)
    numbers = {k for k in specifics(sentence) if k[:1].isdigit()}
    return best_sentence, _share(_content_bigrams(tokens), doc.bigrams), bool(numbers - doc.numbers)


def claim_signals(claim: str, doc: DocIndex) -> tuple[np.ndarray, bool]:
    """The features (each the minimum over the claim's sentences) and whether a number is missing."""
    per_sentence = [sentence_signals(s, doc) for s in split_sentences(claim) or [claim]]
    features = np.array([min(p[0] for p in per_sentence), min(p[1] for p in per_sentence)], dtype=np.float64)
    return features, any(p[2] for p in per_sentence)


@dataclass(frozen=True)
class Signals:
    """What the model reads for a batch of (claim, evidence) pairs."""

    x: np.ndarray  # (n, len(FEATURES))
    missing_number: np.ndarray  # (n,) bool: the claim carries a number the evidence lacks
    copy_density: np.ndarray  # (n,) the claim's style: extractive (high) or abstractive (low)


class FeatureCache:
    """Doc indexes by text: the documents of a ``--pairs`` file repeat, and so do an audit's sources."""

    def __init__(self, size: int = _CACHE_DOCS) -> None:
        self._docs: LruCache[str, DocIndex] = LruCache(size, budget=CACHE_CHARS, weigh=text_length)

    def doc(self, text: str) -> DocIndex:
        return self._docs.get_or_compute(text, lambda: index_doc(text))

    def features(self, pairs: Sequence[tuple[str, str]]) -> Signals:
        if not pairs:
            return Signals(np.zeros((0, len(FEATURES))), np.zeros(0, bool), np.zeros(0))
        docs = [self.doc(evidence) for _, evidence in pairs]
        signals = [claim_signals(claim, doc) for (claim, _), doc in zip(pairs, docs)]
        return Signals(
            x=np.stack([f for f, _ in signals]),
            missing_number=np.array([m for _, m in signals]),
            copy_density=np.array([copy_density(claim, doc) for (claim, _), doc in zip(pairs, docs)]),
        )


@dataclass(frozen=True)
class LogisticModel:
    """Standardise, weigh, shift the abstractive claims' line, squash: the whole run-time model."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    provenance: dict
    density_cut: float = 0.0  # claims with a copy density under it are judged as abstractive
    abstractive_shift: float = 0.0  # added to their logit, so both lines sit at ``threshold``

    def predict(self, x: np.ndarray, density: np.ndarray | None = None) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        if density is not None:
            z = z + np.where(np.asarray(density) < self.density_cut, self.abstractive_shift, 0.0)
        return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "threshold": self.threshold,
            "density_cut": self.density_cut,
            "abstractive_shift": self.abstractive_shift,
            "provenance": self.provenance,
        }

    @classmethod
    def from_json(cls, data: dict) -> LogisticModel:
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            provenance=dict(data.get("provenance", {})),
            density_cut=float(data.get("density_cut", 0.0)),
            abstractive_shift=float(data.get("abstractive_shift", 0.0)),
        )


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> LogisticModel:
    try:
        model = LogisticModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise BackendUnavailable(f"{path}: cannot load the overlap verifier's weights ({exc}); reinstall corroborator") from exc
    if model.features != FEATURES:
        raise BackendUnavailable(f"{path}: weights are for features {model.features}, this version computes {FEATURES}")
    return model


def apply_number_rule(scores: np.ndarray, missing_number: np.ndarray, threshold: float) -> np.ndarray:
    """A claim with a number its evidence lacks is not supported, however much wording it shares (on the
    development sets 96-99% of such FRANK/XSumFaith/SummEval claims are labelled unsupported): its score is
    capped at the threshold and halved, so it stays ordered but falls below the threshold."""
    return np.where(missing_number, np.minimum(scores, threshold) * 0.5, scores).astype(np.float32)


class OverlapVerifier:
    """Overlap signals, a logistic regression and a style-dependent line; ~1-3 ms per
    claim-document pair."""

    name = "overlap"

    def __init__(self, model: LogisticModel | None = None) -> None:
        self.model = model or load_model()
        self.threshold = self.model.threshold
        self._cache = FeatureCache()

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0, np.float32)
        signals = self._cache.features(pairs)
        scores = self.model.predict(signals.x, signals.copy_density)
        scores = apply_number_rule(scores, signals.missing_number, self.threshold)
        loops = np.array([is_repetitive(claim) for claim, _ in pairs])
        return np.where(loops, 0.0, scores).astype(np.float32)  # a word loop finds all its words in the document


class LexicalVerifier:
    """The floor any verifier must clear: share of the claim's distinct content words found in the evidence."""

    name = "lexical"

    # Chosen on the four factual_consistency sets (max mean balanced accuracy: 0.661, as in FINDINGS.md).
    def __init__(self, threshold: float = 0.95) -> None:
        self.threshold = threshold

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        out = np.zeros(len(pairs), np.float32)
        for i, (claim, evidence) in enumerate(pairs):
            mine = {w for w in words(claim) if w not in STOP_WORDS}
            out[i] = _share(mine, set(words(evidence)))
        return out
