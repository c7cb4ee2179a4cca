"""Speed of compare on the bundled example: cold CLI (whole process) and warm compare() in one process.

    python bench/compare_speed.py [--runs 7]
    python bench/compare_speed.py --long-chars 223000      # two long texts instead: seconds and peak memory

Cold: `corroborator compare examples/berlin-talks/*.txt --format json` as a new process each run (imports,
model loads, ingest, analysis, embeddings, verdicts, rendering). Warm: compare() again in a process whose models
are loaded, with the analysis and embedding caches cleared before each run (so spaCy and MiniLM really run), and, separately,
with the caches kept (what a server answering the same articles twice pays: analyses and embeddings cached), and
uncached again with the packaged MiniLM file as it is instead of its re-quantized copy (backends/quantize.py), in a
process of its own, for the ratio. Medians of --runs runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(str(p) for p in (ROOT / "examples" / "berlin-talks").glob("*.txt"))


def cold_runs(runs: int) -> list[float]:
    cli = Path(sys.executable).with_name("corroborator")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(cli), "compare", *EXAMPLES, "--format", "json"], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def warm_runs(runs: int, keep_cache: bool, exact_model: bool = False) -> list[float]:
    from corroborator import pipeline
    from corroborator.backends.embedder import OnnxMiniLM, default_embedder, packaged_model_file
    from corroborator.analyse.specifics import specifics
    from corroborator.ingest import read_paths

    embedder = OnnxMiniLM(packaged_model_file()) if exact_model else default_embedder()
    articles = read_paths(EXAMPLES)
    pipeline.compare(articles, embedder=embedder)  # load models
    times = []
    for _ in range(runs):
        if not keep_cache:
            pipeline._analyses.clear()
            embedder.clear_cache()
            specifics.cache_clear()
        start = time.perf_counter()
        pipeline.compare(articles, embedder=embedder)
        times.append(time.perf_counter() - start)
    return times


def packaged_model_runs(runs: int) -> float:
    """In a process of its own: two models loaded in one process compete for the same cores."""
    out = subprocess.run([sys.executable, __file__, "--runs", str(runs), "--packaged-model-only"],
                         check=True, capture_output=True, text=True).stdout
    return float(out.split()[-1])


def long_text_run(chars: int) -> dict:
    """compare() of two texts of about ``chars`` characters of near-identical sentences (every sentence is a
    candidate for every other: the worst case for the alignment), in a process of its own for its peak memory."""
    code = f"""
import resource, time
from corroborator import compare
from corroborator.model import Article
n = {chars} // 74
texts = [" ".join(f"Official number {{j}} said the talks in city {{i * 7 + j}} lasted {{j % 13}} hours on Monday." for j in range(n)) for i in range(2)]
articles = [Article(id=f"long-{{i}}", text=t) for i, t in enumerate(texts)]
start = time.perf_counter()
report = compare(articles)
print(len(texts[0]), len(report.claims), time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return {"chars_per_text": int(out[0]), "claims": int(out[1]), "seconds": round(float(out[2]), 1), "peak_rss_mb": int(out[3])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--long-chars", type=int, default=0, help="time two texts of this many characters instead")
    parser.add_argument("--packaged-model-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.long_chars:
        print(json.dumps(long_text_run(args.long_chars), indent=2))
        return
    if args.packaged_model_only:
        print(statistics.median(warm_runs(args.runs, keep_cache=False, exact_model=True)))
        return
    results = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
        "cold_cli_s": statistics.median(cold_runs(args.runs)),
        "warm_compare_s": statistics.median(warm_runs(args.runs, keep_cache=False)),
        "warm_compare_cached_s": statistics.median(warm_runs(args.runs, keep_cache=True)),
        "warm_compare_packaged_model_s": packaged_model_runs(args.runs),
        "runs": args.runs,
    }
    print(json.dumps(results, indent=2))
    (ROOT / "bench" / "results" / "compare_speed.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
