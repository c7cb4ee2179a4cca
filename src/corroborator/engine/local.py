"""The local engine: the batch functions on this machine's cores (a process pool for preparing articles)."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Callable, Iterable, Iterator, Sequence

from ..model import Article
from .batch import Prepared, parse_files, prepare_articles

_PER_TASK = 200  # articles per pool task: large enough that pickling costs little


def _exit_with_parent(parent: int) -> None:
    """Pool-worker initializer: leave when the parent is gone. A parent killed outright (SIGKILL, OOM killer)
    cannot shut its pool down, and forked workers, each holding the task pipe open, would wait on it forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, initializer=_exit_with_parent, initargs=(os.getpid(),))


class LocalEngine:
    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
        self._pool: Executor | None = None

    def parse(self, files: Sequence[str], advance: Callable[[int], None] = lambda n: None) -> list[Article]:
        found: list[Article] = []
        for path in files:
            found.extend(parse_files([path]))
            advance(1)
        return found

    def prepare(self, articles: Sequence[Article]) -> list[Prepared]:
        if self.workers <= 1 or len(articles) <= _PER_TASK:
            return prepare_articles(articles)
        if self._pool is None:
            self._pool = _new_pool(self.workers)
        parts = [articles[i : i + _PER_TASK] for i in range(0, len(articles), _PER_TASK)]
        return [p for part in self._pool.map(prepare_articles, parts) for p in part]

    def prepare_many(self, chunks: Iterable[Sequence[Article]]) -> Iterator[list[Prepared]]:
        """``prepare`` of each chunk, in order; the pool works on the next chunk while the caller uses this one."""
        if self.workers <= 1:
            yield from (prepare_articles(chunk) for chunk in chunks)
            return
        if self._pool is None:
            self._pool = _new_pool(self.workers)
        pending: list[list[Future]] = []
        for chunk in chunks:
            parts = [chunk[i : i + _PER_TASK] for i in range(0, len(chunk), _PER_TASK)]
            pending.append([self._pool.submit(prepare_articles, part) for part in parts])
            if len(pending) > 1:
                yield [p for f in pending.pop(0) for p in f.result()]
        for futures in pending:
            yield [p for f in futures for p in f.result()]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
