"""Latency and throughput of ``POST /api/compare`` on the bundled example, over loopback.

    python bench/web_latency.py [--requests 30] [--clients 20] [--seconds 30]

Starts ``corroborator serve`` as its own process (a temporary SQLite store, models loaded at start), then:
- warm latency: ``--requests`` sequential requests after three warm-up ones, p50/p95, three times: the same two
  articles every time (what a re-submitted story costs: analyses cached by content hash); fresh text every
  time (a unique sentence appended to both articles: spaCy reruns, MiniLM embeds only the new sentence and
  windows, the other vectors come from its cache); and unseen text every time (a unique word added to every
  sentence, so every sentence is analysed and embedded anew: what a never-seen pair of articles costs);
- throughput: ``--clients`` concurrent clients (threads, one keep-alive connection each) sending fresh-text
  requests for ``--seconds``; requests per second, latency percentiles, and the number of errors (any status
  other than 200, or a failed connection);
- by size: one request each of ``--sizes`` fresh copies of the example articles (what the article limit bounds).
Writes bench/results/web_latency.json and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "berlin-talks").glob("*.txt"))
RESULTS = ROOT / "bench" / "results" / "web_latency.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: str, port: int) -> subprocess.Popen:
    cli = Path(sys.executable).with_name("corroborator")
    proc = subprocess.Popen([str(cli), "serve", "--port", str(port), "--store", store],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def body(texts: list[str], tag: str | None) -> dict:
    suffix = f"\n\nThis copy was requested as number {tag}." if tag else ""
    return {"articles": [{"id": f"a{i}", "text": t + suffix} for i, t in enumerate(texts)]}


def unseen(texts: list[str], tag: int) -> dict:
    """Every sentence made new (a request-unique word before its final stop), so no cached vector applies."""
    word = "Zq" + "".join(chr(ord("a") + int(d)) for d in str(tag))
    return {"articles": [{"id": f"a{i}", "text": re.sub(r"([.!?])(\s|$)", rf" {word}\1\2", t)} for i, t in enumerate(texts)]}


def timed(client: httpx.Client, url: str, payload: dict) -> tuple[float, bool]:
    start = time.perf_counter()
    try:
        ok = client.post(url, json=payload, timeout=120).status_code == 200
    except httpx.HTTPError:
        ok = False
    return time.perf_counter() - start, ok


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50_s": round(statistics.median(ordered), 3), "p95_s": round(pick(0.95), 3), "n": len(ordered)}


def sequential(url: str, texts: list[str], n: int, fresh: bool) -> dict[str, float]:
    with httpx.Client() as client:
        for i in range(3):
            timed(client, url, body(texts, f"warm-{fresh}-{i}" if fresh else None))
        runs = [timed(client, url, body(texts, f"seq-{i}" if fresh else None)) for i in range(n)]
    assert all(ok for _, ok in runs), "a sequential request failed"
    return percentiles([t for t, _ in runs])


def sequential_unseen(url: str, texts: list[str], n: int) -> dict[str, float]:
    with httpx.Client() as client:
        for i in range(3):
            timed(client, url, unseen(texts, 900 + i))
        runs = [timed(client, url, unseen(texts, i)) for i in range(n)]
    assert all(ok for _, ok in runs), "a sequential request failed"
    return percentiles([t for t, _ in runs])


def concurrent(url: str, texts: list[str], clients: int, seconds: float) -> dict[str, float]:
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        with httpx.Client() as client:
            i = 0
            while time.monotonic() < stop:
                t, ok = timed(client, url, body(texts, f"c{k}-{i}"))
                i += 1
                with lock:
                    times.append(t)
                    errors[0] += 0 if ok else 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(times),
            "requests_per_s": round(len(times) / elapsed, 2), "errors": errors[0], **percentiles(times)}


def by_size(url: str, texts: list[str], sizes: list[int]) -> dict[str, float]:
    """Seconds for one request of n fresh copies of the example articles (what the article limit bounds)."""
    out = {}
    with httpx.Client() as client:
        for n in sizes:
            payload = {"articles": [{"text": texts[i % len(texts)] + f"\n\nCopy {i} of {n}."} for i in range(n)]}
            t, ok = timed(client, url, payload)
            assert ok, f"the request with {n} articles failed"
            out[str(n)] = round(t, 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--sizes", default="2,6,12", help="article counts for the by-size requests")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server = start_server(f"sqlite:///{tmp}/bench.db", port)
        url = f"http://127.0.0.1:{port}/api/compare"
        try:
            result = {
                "machine": f"{platform.machine()}, {os.cpu_count()} CPUs visible",
                "same_articles": sequential(url, texts, args.requests, fresh=False),
                "fresh_articles": sequential(url, texts, args.requests, fresh=True),
                "unseen_articles": sequential_unseen(url, texts, args.requests),
                "concurrent": concurrent(url, texts, args.clients, args.seconds),
                "seconds_by_article_count": by_size(url, texts, [int(n) for n in args.sizes.split(",")]),
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
