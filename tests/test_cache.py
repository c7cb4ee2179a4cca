"""The shared LRU cache: the least recently used entry goes first, and a cached value is never recomputed."""

from __future__ import annotations

from corroborator.cache import LruCache


def test_least_recently_used_entry_is_evicted_first():
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
    assert len(cache) == 2


def test_get_or_compute_computes_once_per_key():
    cache: LruCache[str, list[str]] = LruCache(4)
    calls: list[str] = []

    def compute(key: str) -> list[str]:
        calls.append(key)
        return [key.upper()]

    assert cache.get_or_compute("x", lambda: compute("x")) == ["X"]
    assert cache.get_or_compute("x", lambda: compute("x")) == ["X"]
    assert calls == ["x"]
    cache.clear()
    cache.get_or_compute("x", lambda: compute("x"))
    assert calls == ["x", "x"]
