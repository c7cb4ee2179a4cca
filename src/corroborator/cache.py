"""A small thread-safe least-recently-used cache: documents, analyses and vectors recur in servers and batches."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


# Document indexes cost ~25 bytes of Python objects per character of text: 8 million characters (~2,000 typical
# articles, ~200 MB) bound a verifier's document cache however large the documents of a batch are.
CACHE_CHARS = 8_000_000


def text_length(key: str, value: object) -> int:
    """The weight of a cache entry keyed by its document text."""
    return len(key)


class LruCache(Generic[K, V]):
    """At most ``size`` entries and, when ``weigh`` is given, at most ``budget`` in total weight (the newest entry
    is kept even when it alone weighs more); the least recently used goes first. Safe to share between threads."""

    def __init__(self, size: int, budget: int | None = None, weigh: Callable[[K, V], int] | None = None) -> None:
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._weights: dict[K, int] = {}
        self._size = size
        self._budget = budget
        self._weigh = weigh
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._total -= self._weights.pop(key, 0)
            self._entries[key] = value
            self._entries.move_to_end(key)
            if self._weigh is not None:
                self._weights[key] = self._weigh(key, value)
                self._total += self._weights[key]
            while len(self._entries) > self._size or (self._over_budget() and len(self._entries) > 1):
                oldest, _ = self._entries.popitem(last=False)
                self._total -= self._weights.pop(oldest, 0)

    def _over_budget(self) -> bool:
        return self._budget is not None and self._total > self._budget

    @property
    def weight(self) -> int:
        """The total weight held (0 without ``weigh``)."""
        return self._total

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        """The cached value, or ``compute()`` stored (computed outside the lock: two threads may both compute)."""
        value = self.get(key)
        if value is None:
            value = compute()
            self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._weights.clear()
            self._total = 0

    def __len__(self) -> int:
        return len(self._entries)
