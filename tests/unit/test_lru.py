"""The bounded cache behind the app's in-process caches (lru.py)."""

from __future__ import annotations

from mentorhub.lru import LRU


def test_it_keeps_at_most_its_size_and_drops_the_least_recently_used():
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache.put("c", 3)
    assert len(cache) == 2
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c")) == (1, 3)


def test_putting_a_key_again_replaces_its_value_without_growing():
    cache: LRU[str, int] = LRU(3)
    cache.put("a", 1)
    cache.put("a", 2)
    assert len(cache) == 1
    assert cache.get("a") == 2
    assert cache.keys() == ["a"]
