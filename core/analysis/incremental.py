"""Results kept between analyses by one analyzer, so that an edit recomputes only what it changed
(issue 15). The safety net is tests/test_incremental.py: a running analyzer after random edits
must report exactly what a fresh one reports.

- `LastResults`: a document-wide computation whose inputs are cheap to compare (tuples of cached
  per-paragraph parts, compared mostly by identity) is redone only when its inputs changed.
- `ParagraphSums` (core.analysis.analyzer): document-wide counts updated from the paragraphs that
  came and went.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, TypeVar

T = TypeVar("T")


class LastResults:
    """name -> (inputs, result) of the last computation under that name."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[Any, Any]] = {}
        self._lock = threading.Lock()

    def get(self, name: str, inputs: Hashable, compute: Callable[[], Any]) -> Any:
        """compute(), or the last result under `name` when `inputs` equal the last ones.
        The result is shared between analyses: callers must not modify it."""
        with self._lock:
            hit = self._last.get(name)
        if hit is not None and hit[0] == inputs:
            return hit[1]
        value = compute()
        with self._lock:
            self._last[name] = (inputs, value)
        return value

    def swap(self, name: str, value: Any) -> Any:
        """Keep `value` under `name` and return what was kept there before (None at first)."""
        with self._lock:
            hit = self._last.get(name)
            self._last[name] = (None, value)
        return hit[1] if hit is not None else None

    def clear(self) -> None:
        with self._lock:
            self._last.clear()


def common_prefix_len(a: str, b: str) -> int:
    """How many leading characters `a` and `b` share: a bisection of startswith (compared in C;
    about 2 × len(a) characters copied in all), not a Python loop over characters."""
    n = min(len(a), len(b))
    if b.startswith(a[:n]):
        return n
    lo, hi = 0, n  # a[:lo] == b[:lo], a[:hi] != b[:hi]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if b.startswith(a[lo:mid], lo):
            lo = mid
        else:
            hi = mid
    return lo


def per_document(fn: Callable[[Any], T]) -> Callable[[Any], T]:
    """fn(doc), computed once for the document of this analysis although several rules ask for it
    (kept for the last document only; the result is shared: callers must not modify it)."""
    last: list[tuple[Any, T] | None] = [None]

    @wraps(fn)
    def wrapper(doc) -> T:
        hit = last[0]  # one read: another thread may replace it meanwhile
        if hit is not None and hit[0] is doc:
            return hit[1]
        value = fn(doc)
        last[0] = (doc, value)
        return value

    return wrapper
