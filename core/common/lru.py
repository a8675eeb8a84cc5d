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
        with self._lock:
            v = self._data.get(key)
            if v is not None:
                self._data.move_to_end(key)
            return v

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            if len(self._data) > self._capacity:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)
