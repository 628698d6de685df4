"""A small thread-safe least-recently-used map, for the app's in-process caches."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from flask import current_app

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
C = TypeVar("C")


def app_cache(key: str, make: Callable[[], C]) -> C:
    """This app's instance of an in-process cache, made the first time it is asked
    for (`extensions.setdefault(key, make())` would make a new one on every call)."""
    found = current_app.extensions.get(key)
    if found is None:
        found = current_app.extensions.setdefault(key, make())
    return found


class LRU(Generic[K, V]):
    """At most `size` entries; putting one more drops the least recently used."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[K]:
        """Oldest first (a copy)."""
        with self._lock:
            return list(self._entries)
