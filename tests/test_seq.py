"""core.common.seq: the bisected prefix/suffix lengths equal a plain item-by-item count."""

import random

from core.common.seq import common_prefix, common_suffix


def _naive_prefix(a, b, n):
    k = 0
    while k < n and a[k] == b[k]:
        k += 1
    return k


def test_prefix_and_suffix_match_a_plain_count():
    rnd = random.Random(7)
    for _ in range(2000):
        a = [rnd.choice("ab") for _ in range(rnd.randrange(0, 12))]
        b = [rnd.choice("ab") for _ in range(rnd.randrange(0, 12))]
        n = min(len(a), len(b))
        assert common_prefix(a, b) == _naive_prefix(a, b, n)
        m = rnd.randrange(0, n + 1)
        assert common_suffix(a, b, m) == _naive_prefix(a[::-1], b[::-1], m)
