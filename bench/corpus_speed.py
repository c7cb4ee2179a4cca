"""Ingest throughput and peak memory on news_corpus: parse + store + reprints + story grouping.

    .venv/bin/python bench/corpus_speed.py [--sizes 1000 10000 0] [--engine local|ray] [--repeat 3]

Each size runs in a fresh process on a fresh SQLite store (size 0 = all 28,868 articles): the first N
articles of reuters21578, bbc_news and ag_news_test interleaved round-robin, written to one JSONL file first
(not timed). Prints articles/s over the whole ``ingest`` call (wall clock), the CPU seconds it used (this
process and its worker pool; articles per CPU second is what a loaded machine cannot distort) and peak RSS
(the largest of the driver and any one worker).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import zip_longest
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "news_corpus"


def corpus(limit: int) -> list[str]:
    files = [DATA / n for n in ("reuters21578.jsonl", "bbc_news.jsonl", "ag_news_test.jsonl")]
    streams = [f.read_text(encoding="utf-8").splitlines() for f in files]
    lines = [line for group in zip_longest(*streams) for line in group if line]
    return lines[:limit] if limit else lines


def run_one(path: str, url: str, engine: str) -> None:
    from corroborator.engine import get_engine, ingest
    from corroborator.store import open_store

    store = open_store(url)
    eng = get_engine(engine)
    start, cpu_start = time.perf_counter(), _cpu()
    summary = ingest(store, [path], eng)
    eng.close()  # reaps the worker processes, so their CPU time is counted
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu_start
    peak_mb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    print(json.dumps({"articles": summary.read, "added": summary.added, "reprints": summary.reprints,
                      "stories": summary.stories, "seconds": round(seconds, 2),
                      "per_second": round(summary.read / seconds), "cpu_seconds": round(cpu, 2),
                      "per_cpu_second": round(summary.read / cpu), "peak_rss_mb": round(peak_mb)}))


def _cpu() -> float:
    """User + system CPU seconds of this process and its finished children (the worker pool)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 0])
    parser.add_argument("--engine", default="local")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the median (by wall time) is printed")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one[0], args.one[1], args.engine)
        return
    for size in args.sizes:
        runs = sorted((_measure(size, args.engine) for _ in range(args.repeat)), key=lambda r: r.get("seconds", 0))
        median = runs[len(runs) // 2]
        if args.repeat > 1:
            median["wall_seconds_all_runs"] = [r.get("seconds") for r in runs]
        print(json.dumps(median), flush=True)


def _measure(size: int, engine: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "corpus.jsonl")
        path.write_text("\n".join(corpus(size)) + "\n", encoding="utf-8")
        url = f"sqlite:///{Path(tmp, 'bench.db')}"
        cmd = [sys.executable, __file__, "--engine", engine, "--one", str(path), url]
        out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ})
        if out.returncode != 0:
            return {"articles": size, "error": out.stderr.strip()[-2000:]}
        return json.loads(out.stdout.strip().splitlines()[-1])

if __name__ == "__main__":
    main()
