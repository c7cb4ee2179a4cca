"""Throughput of the full mention pipeline (``corroborator.analyse.analyse_many``): sentences per second.

    python bench/analysis_speed.py [--articles 300] [--runs 3] [--workers 1 2]

What runs: spaCy en_core_web_sm (tagger, parser, NER, lemmatizer), sentence splitting, people with roles,
places and organisations, numbers, dates (resolved against the article date), quotes with speakers, negation and
claim extraction: everything ``compare`` and ``audit`` do before embedding. Input: the first ``--articles``
full-length articles of the shared news corpus (BBC and Reuters alternately, ``../shared/data/news_corpus`` or
``$CORROBORATOR_DATA/news_corpus``). The model is loaded before timing. With ``--workers 2`` the articles are
split between two processes (each loads its own model, not timed), which is how a 2-core machine is used in
full. Medians of ``--runs``. Writes ``bench/results/analysis_speed.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "analysis_speed.json"


def corpus_dir() -> Path:
    return Path(os.environ.get("CORROBORATOR_DATA") or ROOT.parent / "shared" / "data") / "news_corpus"


def load_articles(n: int) -> list[dict]:
    def read(name: str):
        with (corpus_dir() / name).open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if len(row["text"]) > 400:
                    yield row

    bbc, reuters = read("bbc_news.jsonl"), read("reuters21578.jsonl")
    out: list[dict] = []
    for pair in zip(bbc, reuters):
        out.extend(pair)
        if len(out) >= n:
            break
    return out[:n]


def _analyse_chunk(rows: list[dict]) -> tuple[int, float]:
    """(sentences, seconds) for one chunk; the model load is not timed."""
    from corroborator.analyse import analyse_many
    from corroborator.analyse.nlp import load_nlp
    from corroborator.model import Article

    load_nlp()("Warm up.")
    articles = [Article(id=r["id"], text=r["text"], date=(r.get("date") or None)) for r in rows]
    start = time.perf_counter()
    analyses = analyse_many(articles)
    seconds = time.perf_counter() - start
    return sum(len(a.sentences) for a in analyses), seconds


def spacy_only(rows: list[dict]) -> float:
    """Seconds for the spaCy pipeline alone on the same articles: the floor our own stages add to."""
    from corroborator.analyse.nlp import load_nlp

    nlp = load_nlp()
    start = time.perf_counter()
    for _ in nlp.pipe((r["text"] for r in rows), batch_size=16):
        pass
    return time.perf_counter() - start


def run(rows: list[dict], workers: int) -> tuple[int, float]:
    if workers == 1:
        return _analyse_chunk(rows)
    chunks = [rows[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        # Load the models in every worker first, so only the analysis is timed.
        list(pool.map(_analyse_chunk, [[] for _ in range(workers)]))
        start = time.perf_counter()
        results = list(pool.map(_analyse_chunk, chunks))
        seconds = time.perf_counter() - start
    return sum(s for s, _ in results), seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args(argv)
    if not (corpus_dir() / "bbc_news.jsonl").exists():
        print(f"skipped: {corpus_dir()} not found (set CORROBORATOR_DATA)", file=sys.stderr)
        return 0
    rows = load_articles(args.articles)
    results = {}
    for workers in args.workers:
        rates, sentences = [], 0
        for _ in range(args.runs):
            sentences, seconds = run(rows, workers)
            rates.append(sentences / seconds)
        results[f"workers_{workers}"] = {"sentences": sentences, "sentences_per_second_median": round(statistics.median(rates), 1),
                                         "runs": [round(r, 1) for r in rates]}
        print(f"{workers} worker(s): {len(rows)} articles, {sentences} sentences, "
              f"median {statistics.median(rates):.0f} sentences/s (runs: {', '.join(f'{r:.0f}' for r in rates)})")
    base = [spacy_only(rows) for _ in range(args.runs)]
    sentences = next(iter(results.values()))["sentences"]
    results["spacy_only"] = {"sentences_per_second_median": round(sentences / statistics.median(base), 1)}
    print(f"spaCy alone (same articles, 1 process): median {sentences / statistics.median(base):.0f} sentences/s")
    payload = {"command": "python bench/analysis_speed.py " + " ".join(sys.argv[1:]), "articles": len(rows),
               "cpus": os.cpu_count(), "python": platform.python_version(), "results": results,
               "note": "measured on a shared 2-core machine under load from other jobs"}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
