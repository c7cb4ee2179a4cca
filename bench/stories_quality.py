"""Story grouping quality on ECB+ (B-cubed precision, recall, F1), and how the shipped settings were chosen.

    .venv/bin/python bench/stories_quality.py [--data ../shared/data/event_clusters/ecbplus.jsonl]

Procedure (fixed; nothing is tuned per example):
1. Split the topics in two halves (alternate topics in sorted order). For each half, choose words_weight and
   threshold on a grid by B-cubed F1 of one batch (all its articles at once), and score that choice on the
   other half. Both cross-half scores are printed: they estimate quality on unseen topics.
2. The shipped defaults (``GroupingSettings``) are the mean of the two halves' choices, rounded to the grid;
   they are scored on all articles, in one batch and incrementally (shuffled, batches of 25 and of 1).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path
from typing import Sequence

from corroborator.model import content_hash
from corroborator.stories.features import prepare
from corroborator.stories.grouping import GroupingSettings, Item, StoryIndex

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "event_clusters" / "ecbplus.jsonl"
WEIGHTS = (0.3, 0.4, 0.5, 0.6, 0.7)
THRESHOLDS = tuple(round(0.10 + 0.01 * k, 2) for k in range(26))


def bcubed(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    pairs, p_size, g_size = Counter(zip(pred, gold)), Counter(pred), Counter(gold)
    p = sum(pairs[(a, b)] / p_size[a] for a, b in zip(pred, gold)) / len(pred)
    r = sum(pairs[(a, b)] / g_size[b] for a, b in zip(pred, gold)) / len(pred)
    return p, r, 2 * p * r / (p + r)


def items_of(rows: list[dict]) -> list[Item]:
    return [
        Item(id=r["id"], content_hash=content_hash(r["text"]), counts=prepare(r["text"], r.get("title")),
             title=r.get("title"), date=r.get("date"))
        for r in rows
    ]


def group(items: list[Item], settings: GroupingSettings, batch: int | None = None) -> list[str]:
    index = StoryIndex(settings=settings)
    size = batch or len(items)
    found: dict[str, str] = {}
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        found.update(zip((it.id for it in chunk), index.add_batch(chunk).story_ids))
    return [found[it.id] for it in items]


def score(rows: list[dict], items: list[Item], settings: GroupingSettings, batch: int | None = None):
    return bcubed(group(items, settings, batch), [r["cluster"] for r in rows])


def choose(rows: list[dict], items: list[Item]) -> tuple[GroupingSettings, float]:
    best = max(
        ((score(rows, items, GroupingSettings(words_weight=w, threshold=t))[2], w, t)
         for w in WEIGHTS for t in THRESHOLDS),
    )
    return GroupingSettings(words_weight=best[1], threshold=best[2]), best[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.open(encoding="utf-8")]
    items = items_of(rows)
    topics = sorted({r["meta"]["topic"] for r in rows})
    half_of = {t: n % 2 for n, t in enumerate(topics)}  # alternate topics in sorted order
    halves = {k: [i for i, r in enumerate(rows) if half_of[r["meta"]["topic"]] == k] for k in (0, 1)}
    chosen = []
    for k, idx in halves.items():
        other = halves[1 - k]
        settings, fit = choose([rows[i] for i in idx], [items[i] for i in idx])
        p, r, f = score([rows[i] for i in other], [items[i] for i in other], settings)
        chosen.append(settings)
        name = "1st, 3rd, 5th, ..." if k == 0 else "2nd, 4th, ..."
        print(f"chosen on the {name} topics: words_weight={settings.words_weight} threshold={settings.threshold} "
              f"(F1 {fit:.3f} there); on the other half: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    shipped = GroupingSettings()
    print(f"shipped: words_weight={shipped.words_weight} threshold={shipped.threshold} "
          f"window_days={shipped.window_days} max_terms={shipped.max_terms}")
    p, r, f = score(rows, items, shipped)
    print(f"all {len(rows)} articles, one batch: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    for batch in (25, 1):
        results = []
        for seed in range(3):
            order = list(range(len(rows)))
            random.Random(seed).shuffle(order)
            results.append(score([rows[i] for i in order], [items[i] for i in order], shipped, batch))
        mean = [sum(x[j] for x in results) / len(results) for j in range(3)]
        print(f"incremental, shuffled, batches of {batch} (mean of 3 orders): "
              f"P {mean[0]:.3f} R {mean[1]:.3f} F1 {mean[2]:.3f}")


if __name__ == "__main__":
    main()
