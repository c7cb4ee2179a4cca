"""Leave-one-dataset-out balanced accuracy of cross-encoders trained without one development set each.

    .venv/bin/python bench/nli_lodo.py --eval eval.jsonl --logits-dir OUT

Reads ``scripts/nli_lodo_gpu.sh``'s ``logits_<set>.json`` (claim logits of the calib and report rows of
``make_nli_data.py --eval-out``, from a model that never saw ``<set>``). For each held-out set, the threshold is
the cut maximising the mean balanced accuracy on the **other three** sets' calib rows, and of a run's evaluations
(one per epoch) the one whose cut scores best there is used; the held-out set's rows (calib and report: the model
saw none of them) are scored at it. This is issue 4's procedure, applied to the
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


def lodo(rows: list[dict], runs_by_set: dict[str, dict[str, list[float]]]) -> dict:
    """``runs_by_set``: for each held-out set, its run's claim logits keyed by the step of each evaluation."""
    sets = np.array([r["dataset"] for r in rows])
    folds = np.array([r["fold"] for r in rows])
    labels = np.array([r["label"] for r in rows])
    out = {}
    for held_out, runs in sorted(runs_by_set.items()):
        others = (sets != held_out) & (folds == "calib")
        fits = {steps: fit_on(np.array(logits), labels, sets, others) for steps, logits in runs.items()}
        steps = max(fits, key=lambda k: fits[k][1])
        threshold, others_score = fits[steps]
        scores = np.array(runs[steps])
        mine = sets == held_out
        out[held_out] = {"steps": int(steps), "threshold_logit": threshold, "others_calib": others_score,
                         "rows": int(mine.sum()),
                         "balanced_accuracy": balanced_accuracy(labels[mine], scores[mine] >= threshold)}
    out["mean"] = float(np.mean([v["balanced_accuracy"] for v in out.values()]))
    return out


def fit_on(scores: np.ndarray, labels: np.ndarray, sets: np.ndarray, rows: np.ndarray) -> tuple[float, float]:
    """The threshold chosen on ``rows`` and the mean (over sets) balanced accuracy it reaches there."""
    threshold = choose_threshold(scores[rows], labels[rows], sets[rows])
    per_set = [balanced_accuracy(labels[rows & (sets == s)], scores[rows & (sets == s)] >= threshold)
               for s in sorted(set(sets[rows]))]
    return threshold, float(np.mean(per_set))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, required=True)
    parser.add_argument("--logits-dir", type=Path, help="logits_<set>.json of the runs trained without <set>")
    parser.add_argument("--one-run", type=Path, help="instead: the logits of one run that saw none of the sets "
                        "(SYNTHETIC=1's logits_synthetic.json), read for every held-out set")
    parser.add_argument("--steps", help="use this evaluation of each run (default: the one whose threshold scores "
                        "best on the other three sets' calib rows)")
    args = parser.parse_args()
    rows = load_pairs(args.eval)
    logits = {}
    if not (args.logits_dir or args.one_run):
        parser.error("name --logits-dir or --one-run")
    for held_out in sorted({r["dataset"] for r in rows}):
        runs = json.loads((args.one_run or args.logits_dir / f"logits_{held_out}.json").read_text())
        logits[held_out] = {args.steps: runs[args.steps]} if args.steps else runs
    print(json.dumps(lodo(rows, logits), indent=1))


if __name__ == "__main__":
    main()
