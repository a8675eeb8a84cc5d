"""Common prefix and suffix lengths of two lists, by bisection over slice comparisons: slices
compare in C, so this beats a Python loop over every item (lines, paragraph texts, keys)."""

from __future__ import annotations


def common_prefix(a: list, b: list, n: int | None = None) -> int:
    """How many leading items of `a` and `b` are equal, at most `n` (default: the shorter length)."""
    if n is None:
        n = min(len(a), len(b))
    if n <= 0:
        return 0
    if a[:n] == b[:n]:
        return n
    lo, hi = 0, n  # a[:lo] == b[:lo], a[:hi] != b[:hi]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    return lo


def common_suffix(a: list, b: list, n: int) -> int:
    """How many trailing items of `a` and `b` are equal, at most `n` (both at least n long)."""
    if n <= 0:
        return 0
    la, lb = len(a), len(b)
    if a[la - n:] == b[lb - n:]:
        return n
    lo, hi = 0, n  # the last lo items equal, the last hi not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
            lo = mid
        else:
            hi = mid
    return lo
