"""``--verifier nli:PATH``: a local Hugging Face-format sequence-classification model (an NLI model, MiniCheck, ...).

The folder holds ``config.json`` and a tokenizer; the weights are read by transformers + torch (the ``nli``
extra), or, when the folder holds ``model.onnx``, by ONNX Runtime with only ``tokenizers`` (no torch). Nothing is
downloaded: the path must be a local folder.

Such models read a few hundred tokens, so long evidence is cut into overlapping windows of sentences and a claim
of several sentences into its sentences: a claim sentence is supported by its best window, and the claim by its
weakest sentence (as SummaC and MiniCheck do). The support probability is the softmax mass of the label that
``config.id2label`` names entailment/supported (for a two-label model without such a name, label 1).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..errors import BackendUnavailable
from .overlap_verifier import split_sentences

log = logging.getLogger(__name__)

WINDOW_WORDS = 300  # words of evidence per window: ~400 tokens, inside a 512-token model with the claim
WINDOW_STRIDE = 200
MAX_TOKENS = 512
BATCH = 16
_SUPPORT_LABELS = ("entail", "support", "consistent", "faithful", "yes", "true")
NLI_THRESHOLD = 0.5


def support_label(id2label: dict[Any, str]) -> int:
    """The index of the entailment/supported label, read from the model's config."""
    labels = {int(k): str(v).lower() for k, v in id2label.items()}
    for index, name in sorted(labels.items()):
        if any(name.startswith(s) for s in _SUPPORT_LABELS) and not name.startswith(("not", "non", "un")):
            return index
    if len(labels) == 2:
        return 1
    raise BackendUnavailable(f"cannot tell which label means 'supported' among {sorted(labels.values())}; name it 'entailment' in config.json id2label")


def evidence_windows(text: str, words: int = WINDOW_WORDS, stride: int = WINDOW_STRIDE) -> list[str]:
    """Overlapping windows of whole sentences, each at most ~``words`` words (a longer sentence stands alone)."""
    sentences = split_sentences(text) or [text]
    sizes = [len(s.split()) for s in sentences]
    windows, start = [], 0
    while start < len(sentences):
        end, total = start, 0
        while end < len(sentences) and (end == start or total + sizes[end] <= words):
            total += sizes[end]
            end += 1
        windows.append(" ".join(sentences[start:end]))
        if end >= len(sentences):
            break
        advanced, next_start = 0, start
        while next_start < end - 1 and advanced < stride:
            advanced += sizes[next_start]
            next_start += 1
        start = max(next_start, start + 1)
    return windows


class _TorchModel:
    def __init__(self, path: Path) -> None:
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise BackendUnavailable(f"--verifier nli:{path} needs transformers and torch: pip install torch==2.13.0, then '.[nli]' in corroborator's folder ({exc})") from exc
        self._torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        self.model = AutoModelForSequenceClassification.from_pretrained(str(path), local_files_only=True).eval()
        self.id2label = dict(self.model.config.id2label)

    def logits(self, claims: list[str], evidence: list[str]) -> np.ndarray:
        batch = self.tokenizer(evidence, claims, truncation="only_first", max_length=MAX_TOKENS, padding=True, return_tensors="pt")
        with self._torch.inference_mode():
            return self.model(**batch).logits.float().numpy()


class _OnnxModel:
    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        from .onnx_session import cpu_session

        tokenizer_file = path / "tokenizer.json"
        if not tokenizer_file.is_file():
            raise BackendUnavailable(f"{path}: model.onnx needs a tokenizer.json beside it")
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.enable_padding()
        self.session = cpu_session(path / "model.onnx")
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.id2label = json.loads((path / "config.json").read_text(encoding="utf-8")).get("id2label", {0: "not_supported", 1: "supported"})

    def logits(self, claims: list[str], evidence: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(zip(evidence, claims)))
        feeds = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64), "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64)}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.array([e.type_ids for e in encodings], dtype=np.int64)
        return np.asarray(self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0], dtype=np.float32)


class NliVerifier:
    """A local sequence-classification model scoring (evidence window, claim sentence) pairs."""

    def __init__(self, path: str | Path, threshold: float = NLI_THRESHOLD) -> None:
        folder = Path(path).expanduser()
        if not (folder / "config.json").is_file():
            raise BackendUnavailable(f"{folder}: not a model folder (no config.json); nli:PATH takes a local Hugging Face-format folder")
        self.name = f"nli:{folder}"
        self.threshold = threshold
        self._model = _OnnxModel(folder) if (folder / "model.onnx").is_file() else _TorchModel(folder)
        self._label = support_label(self._model.id2label)

    def score(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Per pair: min over claim sentences of max over evidence windows of P(supported)."""
        jobs: list[tuple[int, int, str, str]] = []  # (pair, claim sentence, sentence, window)
        for p, (claim, evidence) in enumerate(pairs):
            windows = evidence_windows(evidence)
            for s, sentence in enumerate(split_sentences(claim) or [claim]):
                jobs += [(p, s, sentence, w) for w in windows]
        probs = self._probabilities([j[2] for j in jobs], [j[3] for j in jobs])
        best: dict[tuple[int, int], float] = {}
        for (p, s, _, _), prob in zip(jobs, probs):
            best[(p, s)] = max(best.get((p, s), 0.0), float(prob))
        out = np.ones(len(pairs), np.float32)
        for (p, _), prob in best.items():
            out[p] = min(out[p], prob)
        return out if pairs else np.zeros(0, np.float32)

    def _probabilities(self, claims: list[str], evidence: list[str]) -> np.ndarray:
        out = np.zeros(len(claims), np.float32)
        for begin in range(0, len(claims), BATCH):
            logits = self._model.logits(claims[begin : begin + BATCH], evidence[begin : begin + BATCH])
            logits = logits - logits.max(axis=1, keepdims=True)
            soft = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
            out[begin : begin + BATCH] = soft[:, self._label]
        return out
