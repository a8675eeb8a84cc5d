"""A small thread-safe least-recently-used map for per-paragraph caches (the worker thread
analyses while the UI thread may ask for tokens)."""

from __future__ import annotations

import threading
from collections import OrderedDict


class LRU:
    def __init__(self, capacity: int) -> None:
        self._data: OrderedDict = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key):
        # No lock: each OrderedDict call is atomic under the GIL, and rules ask once per paragraph
        # (the lock cost more than the lookup). A put in another thread may evict the key between
        # the two calls: then it is simply not refreshed.
        data = self._data
        v = data.get(key)
        if v is not None:
            try:
                data.move_to_end(key)
            except KeyError:
                pass
        return v

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            if len(self._data) > self._capacity:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)
