"""Every corroboration `compare` makes, listed for reading: each corroborated statement or clause with the
evidence it rests on, on the bundled example and on clusters of ECB+ reports of one event.

    python bench/review_corroborations.py --clusters 14 > now.txt
    python bench/review_corroborations.py --clusters 42 --conflicts   # every conflict instead, all 42 clusters

There are no gold labels for "states the same fact" (ECB+ labels events, not facts), so a change to the
alignment rules is reviewed by running this at the commit before and after and reading the lines that differ
(``diff before.txt now.txt``): each line shows the claim's content words the evidence carries ("0/3": none of
three), the cosine, and both texts. Reads ``../shared/data/event_clusters/ecbplus.jsonl`` (or
``$CORROBORATOR_DATA``); without it, only the example.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import defaultdict
from pathlib import Path

from corroborator.analyse.specifics import content_words
from corroborator.ingest import read_paths
from corroborator.model import Article
from corroborator.pipeline import compare

ROOT = Path(__file__).resolve().parents[1]
ARTICLES_PER_CLUSTER = 4


def _clusters(limit: int) -> list[list[Article]]:
    path = Path(os.environ.get("CORROBORATOR_DATA") or ROOT.parent / "shared" / "data") / "event_clusters" / "ecbplus.jsonl"
    if not path.is_file():
        return []
    by_cluster: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            by_cluster[row["cluster"]].append(row)
    return [
        [Article(id=row["id"], text=row["text"]) for row in rows[:ARTICLES_PER_CLUSTER]]
        for _, rows in sorted(by_cluster.items())[:limit]
    ]


def _conflict_lines(articles: list[Article]) -> list[str]:
    report = compare(articles)
    return [
        f"{c.type}: {c.detail[:150]} || {v.claim.text[:100]!r} || {c.text[:100]!r}"
        for v in report.claims for c in v.conflicts
    ]


def _lines(articles: list[Article]) -> list[str]:
    report = compare(articles)
    out = []
    for verdict in report.claims:
        if verdict.verdict != "corroborated" or verdict.claim.kind not in ("statement", "clause"):
            continue
        best = verdict.support[0]
        words = content_words(verdict.claim.text)
        carried = len(words & content_words(best.text))
        out.append(f"{carried}/{len(words)} {best.score:.2f} | {verdict.claim.text[:100]!r} || {best.text[:100]!r}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=14, help="how many ECB+ clusters (sorted by id) besides the example")
    parser.add_argument("--conflicts", action="store_true", help="list every conflict instead of every corroboration")
    args = parser.parse_args()
    listed = _conflict_lines if args.conflicts else _lines
    example = read_paths([str(p) for p in sorted((ROOT / "examples" / "berlin-talks").glob("*.txt"))])
    for articles in [example, *_clusters(args.clusters)]:
        print(f"# {', '.join(a.id for a in articles)}")
        for line in listed(articles):
            print(line)


if __name__ == "__main__":
    main()
