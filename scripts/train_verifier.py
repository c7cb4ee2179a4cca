"""Fit the overlap verifier's weights (``--verifier overlap``) into ``src/corroborator/backends/data/overlap_verifier.json``.

    .venv/bin/python scripts/train_verifier.py [--data ../shared/data/factual_consistency] [--out PATH]

Data: the four human-labelled sets of ``factual_consistency`` (FRANK, XSumFaith, QAGS, SummEval; news only; see
that folder's README for sources and licences), every row. Procedure: features from
``corroborator.backends.overlap_verifier``; a logistic regression in which every dataset, and within it each
label, weighs the same (``verifier_training.train``); two thresholds, one for extractive claims (copy density
>= 3) and one for abstractive ones, each maximising the mean balanced accuracy over the datasets on its side.
``bench/verify.py`` runs this same procedure leave-one-dataset-out to measure how well it carries to unseen
data; this script only fits it on everything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corroborator.backends.overlap_verifier import MODEL_FILE, FeatureCache
from corroborator.backends.verifier_training import DENSITY_CUT, L2, train

DATASETS = ("frank", "xsumfaith", "qags", "summeval")


def load_rows(folder: Path) -> list[dict]:
    rows = []
    for name in DATASETS:
        with (folder / f"{name}.jsonl").open(encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def file_digest(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / f"{name}.jsonl").read_bytes()).hexdigest()[:16] for name in DATASETS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "factual_consistency")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    rows = load_rows(args.data)
    signals = FeatureCache(size=1024).features([(r["claim"], r["doc"]) for r in rows])
    y = np.array([int(r["label"]) for r in rows])
    groups = [r["dataset"] for r in rows]
    provenance = {
        "trained_by": "scripts/train_verifier.py",
        "data": "factual_consistency (FRANK, XSumFaith, QAGS, SummEval; human labels)",
        "rows": len(rows),
        "sha256_16": file_digest(args.data),
        "data_licences": "as listed in factual_consistency/README.md (FRANK, XSumFaith, QAGS, SummEval releases)",
        "command": ".venv/bin/python scripts/train_verifier.py",
        "procedure": (
            f"logistic regression, L2={L2}, equal weight per dataset and label; two thresholds, for claims with copy "
            f"density >= {DENSITY_CUT} (extractive) and under it (abstractive), each the max of the mean balanced "
            "accuracy over the datasets on its side (>= 20 rows); both moved to 0.5 (intercept, abstractive_shift); "
            "at run time a claim with a number the document lacks is pushed below the line"
        ),
    }
    model = train(signals.x, y, groups, signals.copy_density, provenance)
    args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: coef {np.round(model.coef, 3).tolist()}, abstractive shift {model.abstractive_shift:.3f}")


if __name__ == "__main__":
    main()
