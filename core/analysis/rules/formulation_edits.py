"""formulation.variant's one-edit comparison: is the text around an anchor hit exactly one edit
(or one input-method word swap) away from a formulation, and where is the edit?"""

from __future__ import annotations

from core.analysis.rules.hygiene_common import is_cjk
from core.text.sound import SAME, sound_relation

NUMERALS = set("零〇一二三四五六七八九十百千两")
TOLERATED = set("的")  # an extra or missing 的 is style, not a wrong formulation
WORD_SWAP_MIN_LEN = 8  # a two-character homophone word swap is trusted in formulations this long


def edit_ok(kind: str, f_index: int, n: int, f_char: str, t_char: str, rel=None) -> bool:
    """Is this single edit a credible slip (rather than a different, legitimate phrase)?"""
    if kind == "ins":
        return is_cjk(t_char) and t_char not in TOLERATED
    if not 0 < f_index < n - 1:
        # First/last character: 四个意见, 两个维度 are other words; but 两个确力, 习近平总书计 are
        # what a pinyin input method gives (same or similar sound) or a tired eye (similar shape).
        return kind == "sub" and rel is not None and is_cjk(t_char) and rel(f_char, t_char) is not None
    if kind == "del":
        return is_cjk(f_char) and f_char not in TOLERATED
    if not (is_cjk(f_char) and is_cjk(t_char)):
        return False
    return not (f_char in NUMERALS and t_char in NUMERALS)  # 十八大 / 十九大


def _forward(text: str, t0: int, rest: str, base: int, n: int, rel=None) -> tuple[int, int] | None:
    """`rest` (= F[base:]) should start at t0 with one edit; return (window end, edited text index)."""
    m = len(rest)
    j = 0
    while j < m and t0 + j < len(text) and text[t0 + j] == rest[j]:
        j += 1
    if j == m:
        return None
    tj = t0 + j
    t_char = text[tj] if tj < len(text) else ""
    if t_char and text[tj + 1:tj + m - j] == rest[j + 1:] and edit_ok("sub", base + j, n, rest[j], t_char, rel):
        return t0 + m, tj
    if j + 1 < m and text[tj + 1:tj + 2] == rest[j] and t_char == rest[j + 1] and is_cjk(t_char) \
            and is_cjk(rest[j]) and text[tj + 2:t0 + m] == rest[j + 2:]:
        return t0 + m, -1  # two neighbours swapped (a classic slip even when it makes a word: 办事实)
    if t_char and text[tj + 1:tj + 1 + m - j] == rest[j:] and edit_ok("ins", base + j, n, "", t_char):
        doubled = t_char == rest[j] or (tj > 0 and t_char == text[tj - 1])
        return t0 + m + 1, (-1 if doubled else tj)  # a doubled character is a plain slip
    if text[tj:tj + m - j - 1] == rest[j + 1:] and edit_ok("del", base + j, n, rest[j], ""):
        return t0 + m - 1, -1
    if j + 1 < m and text[tj + 2:t0 + m] == rest[j + 2:] and word_swap_ok(rest[j:j + 2], text[tj:tj + 2], n):
        return t0 + m, -1  # 社会注意思想: the input method's wrong word for the syllables zhu yi
    return None


def word_swap_ok(right: str, wrong: str, n: int) -> bool:
    """Two neighbouring characters both replaced by ones of the same pinyin (tones aside): the
    input method offered another word for the same syllables (主义 -> 注意). Only inside long
    formulations, where the rest matching exactly leaves no doubt."""
    return (n >= WORD_SWAP_MIN_LEN and len(wrong) == 2 and right[0] != wrong[0] and right[1] != wrong[1]
            and all(is_cjk(c) for c in wrong) and not any(c in NUMERALS for c in right + wrong)
            and sound_relation(right[0], wrong[0]) == SAME and sound_relation(right[1], wrong[1]) == SAME)


def _backward(text: str, p: int, head: str, n: int, rel=None) -> tuple[int, int] | None:
    """`head` (= F[:len(head)]) should end at p with one edit; return (window start, edited text index)."""
    m = len(head)
    j = 0
    while j < m and p - 1 - j >= 0 and text[p - 1 - j] == head[m - 1 - j]:
        j += 1
    if j == m:
        return None
    i = m - 1 - j  # index in F of the first mismatch from the right
    tp = p - 1 - j
    t_char = text[tp] if tp >= 0 else ""
    if t_char and tp - i >= 0 and text[tp - i:tp] == head[:i] and edit_ok("sub", i, n, head[i], t_char, rel):
        return tp - i, tp
    if i >= 1 and tp - 1 >= 0 and t_char == head[i - 1] and text[tp - 1] == head[i] and is_cjk(t_char) \
            and is_cjk(head[i]) and text[tp - i:tp - 1] == head[:i - 1]:
        return tp - i, -1  # two neighbours swapped
    if t_char and tp - i - 1 >= 0 and text[tp - i - 1:tp] == head[:i + 1] and edit_ok("ins", i + 1, n, "", t_char):
        doubled = t_char == head[i] or text[tp + 1:tp + 2] == t_char
        return tp - i - 1, (-1 if doubled else tp)  # a doubled character is a plain slip
    if tp + 1 - i >= 0 and text[tp + 1 - i:tp + 1] == head[:i] and edit_ok("del", i, n, head[i], ""):
        return tp + 1 - i, -1
    if i >= 1 and tp - i >= 0 and text[tp - i:tp - 1] == head[:i - 1] \
            and word_swap_ok(head[i - 1:i + 1], text[tp - 1:tp + 1], n):
        return tp - i, -1  # two neighbours both replaced by an input method's wrong word
    return None


def near_window(text: str, p: int, f: str, off: int, k: int, rel=None) -> tuple[int, int, int] | None:
    """The window around an anchor hit that is exactly one edit from `f`: (start, end, edited index).

    An exact occurrence gives edited index -2.
    """
    n = len(f)
    head, tail = f[:off], f[off + k:]
    hs = p - len(head)
    head_ok = hs >= 0 and text[hs:p] == head
    ts = p + k
    tail_ok = text[ts:ts + len(tail)] == tail
    if head_ok and tail_ok:
        return hs, ts + len(tail), -2
    if not head_ok and not tail_ok:
        return None  # more than one edit
    if head_ok:
        r = _forward(text, ts, tail, off + k, n, rel)
        return (hs, r[0], r[1]) if r is not None else None
    r = _backward(text, p, head, n, rel)
    return (r[0], ts + len(tail), r[1]) if r is not None else None
