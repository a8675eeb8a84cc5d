"""A regex for "any of these words" built as a trie: 三(?:会一课|严三实) instead of 三会一课|三严三实.

Python's `re` tries the alternatives of a plain alternation one by one at every position; a trie
regex follows one branch per character, which is several times faster for lists of hundreds of
terms (formulations, names, the user's whitelist). Matches are what the longest-first
alternation gives: leftmost, and the longest word at that place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def trie_pattern(words: Iterable[str]) -> str:
    """Pattern source; empty words are ignored. '(?!)' (never matches) when there are none."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _emit(trie) if trie else "(?!)"


def _emit(node: dict) -> str:
    alts = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch != _END]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if _END in node:  # a word ends here: try the longer words first (greedy), else stop here
        return f"(?:{body})?"
    return body


def trie_regex(words: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    """Compiled trie regex, or None for an empty list (callers skip the search)."""
    words = [w for w in words if w]
    return re.compile(trie_pattern(words), flags) if words else None
