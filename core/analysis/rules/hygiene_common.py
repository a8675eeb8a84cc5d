"""Helpers shared by the hygiene.* and formulation.* rule modules (this module registers no rule)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from core.common.trie_regex import trie_pattern  # noqa: F401  (re-exported for the hygiene rules)
from core.text.cjk import CJK_CLASS as CJK_RANGE_CLASS
from core.text.cjk import is_cjk  # noqa: F401  (re-exported for the hygiene rules)

CJK = CJK_RANGE_CLASS  # CJK ideographs (core/text/cjk.py)
CJK_CLASS = f"[{CJK}]"
CN_DIGITS = "零〇一二三四五六七八九十百千万两"
OPEN_PUNCT = "“‘（《【「『〔〈〖"
CLOSE_PUNCT = "”’）》】」』〕〉〗"
CN_PUNCT = "，。、；：？！…—" + OPEN_PUNCT + CLOSE_PUNCT


def cached(ctx, key: str, builder: Callable[[], Any]) -> Any:
    """A structure built once per lexicon (`ctx.lexicon.memo`: a dict read on a hit, no lock).
    Lexicon.reload() (the user edited a list) empties the memo, which rebuilds the structure."""
    return ctx.lexicon.memo(key, builder)


def token_bounds(tokens: Iterable[str]) -> set[int]:
    """Offsets where a token starts or ends."""
    out = {0}
    pos = 0
    for t in tokens:
        pos += len(t)
        out.add(pos)
    return out


class PrefixIndex:
    """Finds where any of many strings (at least `width` characters long) starts in a text.

    One regex `[1st chars](?=[2nd chars][3rd chars])` proposes positions with a few bitmap tests
    in C, and dicts keyed by the prefix, then by length, confirm them. A trie alternation of
    hundreds of literals costs several times more, because `re` tries its branches one by one.
    """

    def __init__(self, width: int = 2) -> None:
        self.width = width
        self._keys: dict[str, list[Any]] = {}
        self._by_prefix: dict[str, tuple[int, ...]] = {}  # prefix -> key lengths, longest first
        self._rx: re.Pattern[str] | None = None

    def add(self, key: str, payload: Any) -> None:
        if len(key) >= self.width:
            self._keys.setdefault(key, []).append(payload)

    def compile(self) -> PrefixIndex:
        w = self.width
        lengths: dict[str, set[int]] = {}
        for key in self._keys:
            lengths.setdefault(key[:w], set()).add(len(key))
        self._by_prefix = {p: tuple(sorted(ls, reverse=True)) for p, ls in lengths.items()}
        if self._by_prefix:
            classes = ["[" + re.escape("".join(sorted({k[j] for k in self._by_prefix}))) + "]" for j in range(w)]
            self._rx = re.compile(classes[0] + "(?=" + "".join(classes[1:]) + ")")
        return self

    def scan(self, text: str):
        """Yield (position, key, payload) for every key occurring in text, by position, longest first."""
        if self._rx is None:
            return
        w = self.width
        prefix_lengths = self._by_prefix.get
        keys = self._keys.get
        for m in self._rx.finditer(text):
            i = m.start()
            lengths = prefix_lengths(text[i:i + w])
            if lengths:
                for n in lengths:
                    key = text[i:i + n]
                    payloads = keys(key)
                    if payloads:
                        for payload in payloads:
                            yield i, key, payload


class WordFinder:
    """Where any of many words occurs, as a trie regex of them finds it (leftmost, the longest word
    at a place). `re` tries such a regex's alternatives one by one wherever a word's first
    character stands; here a regex of the first two characters' classes proposes places in C and a
    set confirms them. For hygiene.typo's ~350 allowed words (a third of a report's characters
    start one) 3.7x faster; for a list whose first two characters are common, no faster."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        self.width = width = 1 if any(len(w) == 1 for w in self.words) else 2
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            lengths.setdefault(w[:width], set()).add(len(w))
        self._lengths = {k: sorted(ns, reverse=True) for k, ns in lengths.items()}
        classes = ["[" + re.escape("".join(sorted({k[j] for k in lengths}))) + "]" for j in range(width)]
        self._start = re.compile(classes[0] + "".join(f"(?={c})" for c in classes[1:])) if lengths else None

    def every(self, text: str) -> list[tuple[int, str]]:
        """(position, longest word there) wherever a word starts, overlaps included (what repeated
        `rx.search(text, last + 1)` gives)."""
        out: list[tuple[int, str]] = []
        if self._start is None:
            return out
        width, lengths, words = self.width, self._lengths.get, self.words
        for m in self._start.finditer(text):
            p = m.start()
            for n in lengths(text[p:p + width], ()):
                w = text[p:p + n]  # shorter at the end of the text: then the longest word there
                if w in words:
                    out.append((p, w))
                    break
        return out

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of the words without overlaps (what `rx.finditer` gives)."""
        out: list[tuple[int, int]] = []
        end = 0
        for p, w in self.every(text):
            if p >= end:
                end = p + len(w)
                out.append((p, end))
        return out
