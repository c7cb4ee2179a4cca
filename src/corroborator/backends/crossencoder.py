"""Our own entailment model: a MiniLM cross-encoder that reads claim and evidence together.

The model (``data/nli-minilm-int8.onnx``, built by ``scripts/train_nli.py`` and ``scripts/export_nli.py``; see
``data/NLI_MODEL_CARD.md``) was fine-tuned from all-MiniLM-L6-v2 on synthetic claim/evidence pairs plus part of the
development sets, and is run here with ONNX Runtime and ``tokenizers`` only: no torch, no download.

A document is far longer than the model's input, so a claim is scored against evidence windows chosen by a cheap
lexical signal (a greedy cover of the claim's content words, ending once they are covered; optionally also the
contiguous run around its best sentence). A claim of several sentences is read sentence by sentence: each
sentence scores its best window, the claim its weakest sentence (as SummaC does; whole summaries did not fit the model's input beside their evidence).
The sentence index of a document is cached, so checking many claims against one document splits and indexes it
once. Two rules about copies come before the model (``copy_rules``): a claim sentence that is a verbatim copy of a
sentence of the document is supported (the model, calibrated on summaries that mostly rewrite, scores some short
copies near its threshold), and so is one that only leaves out titles or first names before a name it keeps
("Merz met Zelensky" for "German Chancellor Friedrich Merz met Ukrainian President Volodymyr Zelensky"); one that
copies a sentence except for a pronoun of the other gender ("she" for "he"), another name of the document or
another number is not (the model lets most pronoun swaps and a quarter of name swaps through;
``corroborator.copyedits``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from ..analyse.sentences import text_sentences as split_sentences
from ..analyse.specifics import is_repetitive
from ..cache import CACHE_CHARS, LruCache, text_length
from ..copyedits import cased_tokens, gender_swaps, has_gendered_pronoun, swapped_specifics, trims_names, verbatim_key
from ..errors import BackendUnavailable
from .stopwords import STOP_WORDS

DATA_DIR = Path(__file__).parent / "data"
MODEL_FILE = DATA_DIR / "nli-minilm-int8.onnx"
META_FILE = DATA_DIR / "nli-minilm-int8.json"
TOKENIZER_FILE = DATA_DIR / "minilm-tokenizer.json"
MAX_TOKENS = 192  # claim + evidence; the model was trained at this length
# Evidence windows per claim sentence. The greedy cover alone: adding the contiguous run around the best sentence
# cost twice the time and scored lower on held-out rows (docs/entailment.md). A model's .json may say otherwise.
WINDOWS = 1
# Whether a cover window goes on filling its token budget with sentences that share claim words but cover none not
# yet covered. The shipped model was trained on filled windows, yet reads stopped ones as well (held out 0.684 vs
# 0.679, calib 0.649 vs 0.638) at 89 instead of 160 tokens a pair: 1.7x the pairs per second (docs/entailment.md).
FILL_WINDOWS = False
_CACHE_DOCS = 256
MIN_COPY_WORDS = 4  # a shorter verbatim match ("He said.") proves nothing
# Longest claim piece read at once: ~80 tokens, leaving over half of MAX_TOKENS to its evidence window.
MAX_CLAIM_WORDS = 60

_WORD = re.compile(r"[A-Za-z0-9]+")
_END_MARK = re.compile(r"[.!?…][\"'’”»)\]]*$")


def claim_sentences(claim: str) -> list[str]:
    """The sentences of a claim, or the claim itself when it has none to split; a sentence too long to sit beside
    its evidence in the model's input is cut into runs of words that fit (truncation would leave its tail unread)."""
    sentences = [claim[a:b] for a, b in split_sentences(claim)] or [claim]
    return [piece for sentence in sentences for piece in _word_runs(sentence, MAX_CLAIM_WORDS)]


def as_statement(sentence: str) -> str:
    """The sentence as the model reads it: ending in a full stop when it has no end mark. The training data's
    only claims without one were headlines, all supported, so a clause or fragment without a full stop ("Zelensky
    resigned as president") read as support (0.73, against 0.33 with the stop). Neutral on the development
    sets (report fold 0.684 -> 0.683 in bench/nli_model.py; 118 of their 5,451 claim sentences lack one)."""
    stripped = sentence.rstrip()
    return stripped if _END_MARK.search(stripped) else stripped.rstrip(",;:–—-").rstrip() + "."


def _word_runs(sentence: str, most: int) -> list[str]:
    words = sentence.split()
    if len(words) <= most:
        return [sentence]
    runs = -(-len(words) // most)
    size = -(-len(words) // runs)  # even runs: 130 words become 44 + 44 + 42, not 60 + 60 + 10
    return [" ".join(words[i : i + size]) for i in range(0, len(words), size)]


def content_stems(text: str) -> frozenset[str]:
    """Lower-cased content words cut to six letters ("negotiations" meets "negotiated"); numbers stay whole."""
    words = (w.lower() for w in _WORD.findall(text))
    return frozenset(w if w.isdigit() else w[:6] for w in words if w not in STOP_WORDS)


@dataclass(frozen=True)
class DocIndex:
    """A document's sentences (text, char span, content stems, approximate token count, verbatim keys, which carry a
    gendered pronoun), built once per text."""

    text: str
    spans: tuple[tuple[int, int], ...]
    stems: tuple[frozenset[str], ...]
    tokens: tuple[int, ...]
    keys: Mapping[str, int]
    gendered: tuple[int, ...] = ()
    cased: tuple[tuple[str, ...], ...] = ()  # each sentence's words as written (``copyedits.cased_tokens``)

    def sentence(self, i: int) -> str:
        start, end = self.spans[i]
        return self.text[start:end]


def index_document(text: str) -> DocIndex:
    spans = tuple(split_sentences(text))
    sentences = [text[a:b] for a, b in spans]
    return DocIndex(
        text=text,
        spans=spans,
        stems=tuple(content_stems(s) for s in sentences),
        tokens=tuple(_approx_tokens(s) for s in sentences),
        keys={verbatim_key(s): i for i, s in reversed(list(enumerate(sentences)))},
        gendered=tuple(i for i, s in enumerate(sentences) if has_gendered_pronoun(s)),
        cased=tuple(cased_tokens(s) for s in sentences),
    )


def _approx_tokens(text: str) -> int:
    # WordPiece gives ~1.3 tokens per English word plus punctuation; close enough to fill a budget.
    return int(len(text.split()) * 1.3) + 2


@dataclass(frozen=True)
class Window:
    """Evidence for a claim: sentences of the document (indices in document order) and their joined text."""

    sentences: tuple[int, ...]
    text: str
    spans: tuple[tuple[int, int], ...]


NO_WINDOW = Window(sentences=(), text="", spans=())  # the evidence of a sentence ruled out unread


def select_windows(claim: str, doc: DocIndex, budget: int = MAX_TOKENS, windows: int = WINDOWS,
                   fill: bool = FILL_WINDOWS) -> list[Window]:
    """Up to ``windows`` evidence windows for ``claim``: a greedy cover of its content words (with ``fill``, topped
    up to the budget with more sentences sharing its words), then the contiguous run of sentences around its
    best-matching sentence (when that differs)."""
    if not doc.spans:
        return [Window((), "", ())]
    room = max(32, budget - _approx_tokens(claim) - 3)
    wanted = content_stems(claim)
    overlap = [len(wanted & stems) for stems in doc.stems]
    chosen = [_greedy_cover(wanted, doc, room, fill)]
    if windows > 1:
        best = max(range(len(overlap)), key=lambda i: (overlap[i], -i))
        run = _contiguous(best, doc, room)
        if run != chosen[0]:
            chosen.append(run)
    return [_window(doc, indices) for indices in chosen[:windows]]


def _greedy_cover(wanted: frozenset[str], doc: DocIndex, room: int, fill: bool) -> tuple[int, ...]:
    # Pick the sentence covering most still-uncovered claim words, then the next; ties go to the earlier sentence
    # (news leads carry the summary). With ``fill``, sentences that add nothing new fill the rest by plain overlap.
    remaining = set(wanted)
    picked: list[int] = []
    used = 0
    candidates = set(range(len(doc.spans)))
    while candidates:
        gain = {i: (len(remaining & doc.stems[i]), len(wanted & doc.stems[i]), -i) for i in candidates}
        best = max(candidates, key=gain.__getitem__)
        candidates.discard(best)
        if picked and (gain[best][1] == 0 or (gain[best][0] == 0 and not fill)):
            break
        if used + doc.tokens[best] > room:
            if not picked:
                picked.append(best)  # one over-long sentence still makes a (truncated) window
                break
            continue
        picked.append(best)
        used += doc.tokens[best]
        remaining -= doc.stems[best]
    return tuple(sorted(picked))


def _contiguous(center: int, doc: DocIndex, room: int) -> tuple[int, ...]:
    lo = hi = center
    used = doc.tokens[center]
    while True:
        grown = False
        for candidate in (hi + 1, lo - 1):
            if 0 <= candidate < len(doc.spans) and used + doc.tokens[candidate] <= room:
                used += doc.tokens[candidate]
                lo, hi = min(lo, candidate), max(hi, candidate)
                grown = True
        if not grown:
            return tuple(range(lo, hi + 1))


def _window(doc: DocIndex, indices: tuple[int, ...]) -> Window:
    return Window(indices, " ".join(doc.sentence(i) for i in indices), tuple(doc.spans[i] for i in indices))


@dataclass(frozen=True)
class DocumentScore:
    """P(supported) for one claim (its weakest sentence's best window) with, as evidence, the best window of each of
    its sentences (char spans in the document)."""

    claim: str
    score: float
    evidence: str
    spans: tuple[tuple[int, int], ...]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class CrossEncoderVerifier:
    """P(supported) for (claim, evidence) pairs from the shipped int8 cross-encoder; loads the model on first use."""

    name = "crossencoder-minilm"

    def __init__(self, model_file: Path = MODEL_FILE, meta_file: Path = META_FILE, threads: int | None = None,
                 copy_rules: bool = True):
        if not meta_file.is_file():
            raise BackendUnavailable(
                f"{meta_file}: the cross-encoder model is not shipped in this build (see docs/entailment.md)"
            )
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        self.threshold: float = float(meta["threshold"])
        self._scale = float(meta["calibration"]["scale"])
        self._bias = float(meta["calibration"]["bias"])
        self._max_tokens = int(meta.get("max_tokens", MAX_TOKENS))
        self._windows = int(meta.get("windows", WINDOWS))
        self._fill = bool(meta.get("fill_windows", FILL_WINDOWS))
        self._sha256 = meta.get("sha256")
        self._model_file = model_file
        self._workers = threads or min(4, os.cpu_count() or 1)  # pairs run side by side, one thread each
        self._session = None
        self._tokenizer = None
        self._load_lock = threading.Lock()
        self._run_lock = threading.Lock()
        self._docs: LruCache[str, DocIndex] = LruCache(_CACHE_DOCS, budget=CACHE_CHARS, weigh=text_length)
        # off when calibrating: the threshold is chosen on the model's own scores
        self.copy_rules = copy_rules

    def _load(self) -> None:
        with self._load_lock:
            if self._session is not None:
                return
            try:
                from tokenizers import Tokenizer

                from .onnx_session import cpu_session
            except ImportError as exc:  # pragma: no cover - both are core dependencies
                raise BackendUnavailable(f"cross-encoder needs onnxruntime and tokenizers: {exc}") from exc
            if not self._model_file.is_file():
                raise BackendUnavailable(f"{self._model_file}: cross-encoder model file not found")
            tokenizer = Tokenizer.from_file(str(TOKENIZER_FILE))
            tokenizer.enable_truncation(max_length=self._max_tokens, strategy="longest_first")
            tokenizer.enable_padding()
            self._input_names = None
            session = cpu_session(self._model_file, threads=1)
            self._input_names = {i.name for i in session.get_inputs()}
            self._tokenizer = tokenizer
            self._session = session

    @property
    def model_file(self) -> Path:
        return self._model_file

    def verify_model_file(self) -> None:
        """Full sha256 check of the model file against the hash recorded at export."""
        if self._sha256 and _sha256(self._model_file) != self._sha256:
            raise BackendUnavailable(f"{self._model_file}: sha256 mismatch")

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Raw model logits (before calibration), in input order. One pair per run: int8 dynamic quantisation
        scales activations over the whole input, padding included, so in a batch a pair's score would depend on
        its neighbours (by up to 0.03 here). Runs go side by side, one thread each (1.37x the pairs per second of
        one run at a time on two threads, ``bench/nli_model.py``); the session releases the GIL."""
        self._load()
        if self._workers == 1 or len(pairs) < 2:
            return np.array([self._run([pair])[0] for pair in pairs], dtype=np.float32)
        with ThreadPoolExecutor(self._workers) as pool:
            return np.array([out[0] for out in pool.map(lambda pair: self._run([pair]), pairs)], dtype=np.float32)

    def _run(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        with self._run_lock:  # tokenizers' padding state is not thread-safe
            encodings = self._tokenizer.encode_batch([(claim, evidence) for claim, evidence in pairs])
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        }
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.array([e.type_ids for e in encodings], dtype=np.int64)
        return self._session.run(None, feeds)[0].reshape(-1)

    def calibrate(self, logits: np.ndarray) -> np.ndarray:
        return (1.0 / (1.0 + np.exp(-(self._scale * logits + self._bias)))).astype(np.float32)

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Calibrated P(supported) per (claim, evidence) pair, read as ``score_document`` reads a document (the
        threshold was calibrated that way): each claim sentence gets its best candidate window of the evidence, the
        claim its weakest sentence. Short evidence too: reading all of it instead scored lower on XSumFaith's
        held-out rows (0.528 vs 0.542), the other sets unchanged."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        return np.array([r.score for r in self._best_windows(pairs)], dtype=np.float32)

    def score_document(self, claims: Sequence[str], document: str, windows: int | None = None) -> list[DocumentScore]:
        """For each claim, P(supported) from its candidate windows of ``document`` (its weakest sentence's best
        window), with the best window of each sentence as evidence."""
        return self._best_windows([(claim, document) for claim in claims], windows)

    def claim_logits(self, pairs: Sequence[tuple[str, str]], windows: int | None = None) -> np.ndarray:
        """Raw logit per (claim, document): what ``score_document`` calibrates (used to calibrate and to bench)."""
        return np.array([logit for logit, _ in self._judge(pairs, windows)], dtype=np.float32)

    def _best_windows(self, pairs: Sequence[tuple[str, str]], windows: int | None = None) -> list[DocumentScore]:
        results: list[DocumentScore] = []
        for (claim, _), (logit, chosen) in zip(pairs, self._judge(pairs, windows)):
            spans = tuple(sorted({span for w in chosen for span in w.spans}))
            evidence = " … ".join(dict.fromkeys(w.text for w in chosen if w.text))
            results.append(DocumentScore(claim, float(self.calibrate(np.float32(logit))), evidence, spans))
        return results

    def _judge(self, pairs: Sequence[tuple[str, str]], windows: int | None) -> list[tuple[float, list[Window]]]:
        """Each claim is read sentence by sentence (a summary's sentences rest on different parts of a document): a
        sentence scores its best window's logit, the claim its weakest sentence's. Returns, per pair, that logit
        and the best window of every sentence."""
        windows = windows or self._windows
        parts = [(n, sentence, evidence) for n, (claim, evidence) in enumerate(pairs) for sentence in claim_sentences(claim)]
        read: list[tuple[float, Window] | None] = [None] * len(parts)
        to_score: list[tuple[int, list[Window]]] = []
        for k, (_, sentence, evidence) in enumerate(parts):
            ruled = self._copy_rule(sentence, evidence) if self.copy_rules else None
            if ruled is not None:
                read[k] = ruled
            else:
                doc = self.document_index(evidence)
                to_score.append((k, select_windows(sentence, doc, self._max_tokens, windows, self._fill)))
        logits = self.logits([(as_statement(parts[k][1]), w.text) for k, ws in to_score for w in ws])
        position = 0
        for k, ws in to_score:
            mine = logits[position : position + len(ws)]
            position += len(ws)
            best = int(np.argmax(mine))
            read[k] = (float(mine[best]), ws[best])
        judged: list[tuple[float, list[Window]]] = [(np.inf, []) for _ in pairs]
        for (n, _, _), (logit, window) in zip(parts, read):  # type: ignore[misc]
            weakest, chosen = judged[n]
            judged[n] = (min(weakest, logit), chosen + [window])
        return judged

    def _copy_rule(self, sentence: str, evidence: str) -> tuple[float, Window] | None:
        """(logit, evidence) when a copy rule decides the sentence: +inf for a copy, whole or trimmed of titles (never
        the claim's weakest sentence; an all-copy claim calibrates to 1.0), -inf for an edited copy or a word loop
        (the weakest: the claim calibrates to 0.0; a loop with no evidence); None leaves it to the model."""
        if is_repetitive(sentence):
            return -np.inf, NO_WINDOW
        copy = self._verbatim_copy(sentence, evidence)
        if copy is not None:
            return np.inf, copy
        edited = self._edited_copy(sentence, evidence)
        if edited is not None:
            return -np.inf, edited
        trimmed = self._trimmed_copy(sentence, evidence)
        return None if trimmed is None else (np.inf, trimmed)

    def _verbatim_copy(self, sentence: str, evidence: str) -> Window | None:
        """The document's sentence that ``sentence`` copies word for word, as its evidence window."""
        key = verbatim_key(sentence)
        if len(key.split()) < MIN_COPY_WORDS:
            return None
        doc = self.document_index(evidence)
        found = doc.keys.get(key)
        return None if found is None else _window(doc, (found,))

    def _edited_copy(self, sentence: str, evidence: str) -> Window | None:
        """The document's sentence that ``sentence`` copies but for a pronoun of the other gender, another name of
        the document or another number, as its evidence."""
        doc = self.document_index(evidence)
        found = None
        if has_gendered_pronoun(sentence):
            found = next((i for i in doc.gendered if gender_swaps(sentence, doc.sentence(i))), None)
        if found is None:
            words = cased_tokens(sentence)
            found = next((i for i, theirs in enumerate(doc.cased) if swapped_specifics(words, theirs, doc.text)), None)
        return None if found is None else _window(doc, (found,))

    def _trimmed_copy(self, sentence: str, evidence: str) -> Window | None:
        """The document's sentence that ``sentence`` copies leaving out only titles or first names before a name."""
        doc = self.document_index(evidence)
        words = cased_tokens(sentence)
        found = next((i for i, theirs in enumerate(doc.cased) if trims_names(words, theirs)), None)
        return None if found is None else _window(doc, (found,))

    def document_index(self, document: str) -> DocIndex:
        """The sentence index of ``document``, cached (a claim set is usually checked against a few documents)."""
        return self._docs.get_or_compute(document, lambda: index_document(document))
