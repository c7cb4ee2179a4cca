"""Leave-one-dataset-out balanced accuracy of cross-encoders trained without one development set each.

    .venv/bin/python bench/nli_lodo.py --eval eval.jsonl --logits-dir OUT

Reads ``scripts/nli_lodo_gpu.sh``'s ``logits_<set>.json`` (claim logits of the calib and report rows of
``make_nli_data.py --eval-out``, from a model that never saw ``<set>``). For each held-out set, the threshold is
the cut maximising the mean balanced accuracy on the **other three** sets' calib rows; the held-out set's rows
(calib and report: the model saw none of them) are scored at it. This is issue 4's procedure, applied to the
cross-encoder.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from train_nli import balanced_accuracy, choose_threshold, load_pairs  # noqa: E402


def lodo(rows: list[dict], logits_by_set: dict[str, list[float]]) -> dict:
    sets = np.array([r["dataset"] for r in rows])
    folds = np.array([r["fold"] for r in rows])
    labels = np.array([r["label"] for r in rows])
    out = {}
    for held_out, logits in sorted(logits_by_set.items()):
        scores = np.array(logits)
        others = (sets != held_out) & (folds == "calib")
        threshold = choose_threshold(scores[others], labels[others], sets[others])
        mine = sets == held_out
        out[held_out] = {"threshold_logit": threshold, "rows": int(mine.sum()),
                         "balanced_accuracy": balanced_accuracy(labels[mine], scores[mine] >= threshold)}
    out["mean"] = float(np.mean([v["balanced_accuracy"] for k, v in out.items()]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, required=True)
    parser.add_argument("--logits-dir", type=Path, required=True)
    parser.add_argument("--steps", help="which evaluation of each run (default: its last)")
    args = parser.parse_args()
    rows = load_pairs(args.eval)
    logits = {}
    for path in sorted(args.logits_dir.glob("logits_*.json")):
        runs = json.loads(path.read_text())
        logits[path.stem.removeprefix("logits_")] = runs[args.steps or max(runs, key=int)]
    print(json.dumps(lodo(rows, logits), indent=1))


if __name__ == "__main__":
    main()
