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


def test_a_weight_budget_evicts_the_oldest_but_keeps_the_newest_entry():
    from corroborator.cache import text_length

    cache: LruCache[str, int] = LruCache(10, budget=10, weigh=text_length)
    cache.put("aaaa", 1)
    cache.put("bbbb", 2)
    assert cache.weight == 8 and len(cache) == 2
    cache.put("cccc", 3)  # 12 > 10: the oldest goes
    assert cache.get("aaaa") is None and cache.get("bbbb") == 2 and cache.weight == 8
    cache.put("x" * 50, 4)  # heavier than the whole budget: kept alone, the rest evicted
    assert len(cache) == 1 and cache.get("x" * 50) == 4 and cache.weight == 50
    cache.put("x" * 50, 5)  # replacing an entry does not count it twice
    assert cache.weight == 50
    cache.clear()
    assert cache.weight == 0 and len(cache) == 0


def test_analyses_of_more_articles_than_the_cache_holds_all_come_back(monkeypatch):
    from corroborator import pipeline
    from corroborator.model import Article

    monkeypatch.setattr(pipeline, "_analyses", LruCache(2))
    articles = [Article(id=f"a{i}", text=f"Minister Anna Berg{i} opened bridge number {i} in Oslo on Monday.") for i in range(4)]
    analyses = pipeline.analyse_cached(articles)
    assert [a.article.id for a in analyses] == ["a0", "a1", "a2", "a3"]
    assert len(pipeline._analyses) == 2
    again = pipeline.analyse_cached(articles[2:])
    assert again[0] is analyses[2] and again[1] is analyses[3]  # the two newest were kept, not recomputed
