"""How alike two Chinese characters sound or look: what a pinyin input method or a tired eye confuses.

Pinyin readings come from `pypinyin`'s character table (the package's small `pinyin_dict`
module only: the phrase tables are not loaded). Tones are dropped, because a pinyin input
method is typed without them. Similar shapes come from a data file of ours
(resources/words/similar_shapes.txt: one group of look-alike characters a line).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

SAME, SIMILAR, SHAPE = "same", "similar", "shape"

# Pairs that people (and fuzzy pinyin settings of input methods) confuse.
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("h", "f"), ("r", "l"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"), ("iang", "ian"), ("uang", "uan"))
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
             "z", "c", "s", "y", "w")


@lru_cache(maxsize=1)
def _pinyin_dict() -> dict[int, str]:
    """The table module alone: `import pypinyin.pinyin_dict` would first run the package's
    __init__, which loads its phrase tables and segmenter (~0.7 s of the analyser's start)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")  # locates the package without running it
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(folder) / "pinyin_dict.py"
        if path.is_file():
            sub = importlib.util.spec_from_file_location("_shuzhi_pinyin_dict", path)
            if sub is not None and sub.loader is not None:
                module = importlib.util.module_from_spec(sub)
                sub.loader.exec_module(module)
                return module.pinyin_dict
    from pypinyin.pinyin_dict import pinyin_dict  # a bundle keeps modules in its archive

    return pinyin_dict


def _toneless(syllable: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    return plain.replace("ü", "v")


@lru_cache(maxsize=20000)
def readings(ch: str) -> frozenset[str]:
    """The toneless pinyin syllables of one character (empty for anything else)."""
    if len(ch) != 1:
        return frozenset()
    raw = _pinyin_dict().get(ord(ch))
    if not raw:
        return frozenset()
    return frozenset(_toneless(s) for s in raw.split(","))


@lru_cache(maxsize=20000)
def _toned_readings(ch: str) -> frozenset[str]:
    """The character's main reading with its tone (rare readings such as 台 yí make chance matches)."""
    raw = _pinyin_dict().get(ord(ch)) if len(ch) == 1 else None
    return frozenset(raw.split(",")[:1]) if raw else frozenset()


def _split(syllable: str) -> tuple[str, str]:
    for ini in _INITIALS:
        if syllable.startswith(ini) and len(syllable) > len(ini):
            return ini, syllable[len(ini):]
    return "", syllable


def _fuzzy_forms(syllable: str) -> set[str]:
    ini, fin = _split(syllable)
    inis, fins = {ini}, {fin}
    for a, b in _FUZZY_INITIALS:
        if ini in (a, b):
            inis.update((a, b))
    for a, b in _FUZZY_FINALS:
        if fin.endswith(a):
            fins.add(fin[:-len(a)] + b)
        elif fin.endswith(b):
            fins.add(fin[:-len(b)] + a)
    return {i + f for i in inis for f in fins}


@lru_cache(maxsize=20000)
def sound_relation(a: str, b: str) -> str | None:
    """SAME (one reading in common, tones ignored), SIMILAR (fuzzy pinyin: s/sh, in/ing …) or None."""
    ra, rb = readings(a), readings(b)
    if not ra or not rb:
        return None
    if ra & rb:
        return SAME
    fuzzy = set()
    for s in ra:
        fuzzy |= _fuzzy_forms(s)
    return SIMILAR if fuzzy & rb else None


class _PerChar(dict):
    """A per-character fact computed on first use: `table[ch]` is a plain dict read afterwards."""

    def __init__(self, compute) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, ch: str):
        value = self[ch] = self._compute(ch)
        return value


class Confusables:
    """Characters a writer may have meant instead of the one written: same reading, or similar shape."""

    def __init__(self, shape_groups: list[str], common: set[str] | None = None) -> None:
        self._shape: dict[str, set[str]] = {}
        for line in shape_groups:
            chars = [c for c in line if not c.isspace()]
            for c in chars:
                self._shape.setdefault(c, set()).update(x for x in chars if x != c)
        self._common = common
        self._by_reading: dict[str, list[str]] | None = None
        self._by_toned: dict[str, list[str]] | None = None
        self._alts: dict[tuple[str, bool], set[str]] = {}  # the typo rule asks the same characters again and again
        self._toned_of: dict[str, str] | None = None
        self._toned_keys = _PerChar(self._compute_toned_key)

    def shape_alike(self, a: str, b: str) -> bool:
        return b in self._shape.get(a, ())

    def relation(self, a: str, b: str) -> str | None:
        """SAME / SIMILAR (sound) or SHAPE, the closest first; None when the two are unrelated."""
        if a == b:
            return None
        rel = sound_relation(a, b)
        if rel == SAME:
            return SAME
        if self.shape_alike(a, b):
            return SHAPE
        return rel

    def _index(self, toned: bool = False) -> dict[str, list[str]]:
        if self._by_reading is None:
            index: dict[str, list[str]] = {}
            index_toned: dict[str, list[str]] = {}
            for code, raw in _pinyin_dict().items():
                ch = chr(code)
                if not ("\u4e00" <= ch <= "\u9fff") or (self._common is not None and ch not in self._common):
                    continue
                for s in raw.split(","):
                    index.setdefault(_toneless(s), []).append(ch)
                index_toned.setdefault(raw.split(",")[0], []).append(ch)  # main reading only
            self._by_reading, self._by_toned = index, index_toned
        return self._by_toned if toned else self._by_reading  # type: ignore[return-value]

    def alternatives(self, ch: str, toned: bool = False) -> set[str]:
        """Common characters with the same reading (tones ignored, or with `toned` the same tone too)
        or a similar shape. The set is shared between calls: do not modify it."""
        hit = self._alts.get((ch, toned))
        if hit is not None:
            return hit
        index = self._index(toned)
        out: set[str] = set()
        keys = _toned_readings(ch) if toned else readings(ch)
        for r in keys:
            out.update(index.get(r, ()))
        out.update(self._shape.get(ch, ()))
        out.discard(ch)
        self._alts[(ch, toned)] = out
        return out

    def toned_key(self, ch: str) -> str | None:
        """The key `alternatives(ch, toned=True)` looks up by sound: the main reading with its tone."""
        return self._toned_keys[ch]

    def toned_keys(self) -> dict[str, str | None]:
        """toned_key as a mapping (`keys[ch]`): loops over every character of many words read it
        without a call per character."""
        return self._toned_keys

    def shape_table(self) -> dict[str, set[str]]:
        """shape_alternatives as a mapping (`.get(ch, ())`), for the same loops."""
        return self._shape

    @staticmethod
    def _compute_toned_key(ch: str) -> str | None:
        keys = _toned_readings(ch)
        return next(iter(keys)) if keys else None

    def homophone_index(self, words) -> dict[str, str | tuple[str, ...]]:
        """Words keyed by themselves with one character replaced by its main toned reading
        (部署 under "bù署" and "部shǔ"), for the characters `alternatives(…, toned=True)` offers by
        sound. A made-up token then finds its same-sounding words in one lookup per position
        instead of one per alternative character. A key holds one word (most do) or a tuple of
        them: ~10 000 words in ~20 ms, built once."""
        if self._toned_of is None:
            self._toned_of = {ch: r for r, chars in self._index(True).items() for ch in chars}
        toned_of = self._toned_of.get
        index: dict[str, str | tuple[str, ...]] = {}
        get = index.get
        for w in words:
            for i, c in enumerate(w):
                r = toned_of(c)
                if r is not None:
                    k = w[:i] + r + w[i + 1:]
                    v = get(k)
                    index[k] = w if v is None else (v + (w,) if type(v) is tuple else (v, w))
        return index

    def toneless_index(self, words) -> dict[str, str | tuple[str, ...]]:
        """As homophone_index, keyed by every toneless reading of a character instead (部署 under
        "bu署", "部shu"): the words a pinyin input method offers for the syllables typed without
        tones. A made-up token looks up each toneless reading of its characters."""
        common = self._index(False)
        reading_of: dict[str, list[str]] = {}
        for r, chars in common.items():
            for ch in chars:
                reading_of.setdefault(ch, []).append(r)
        index: dict[str, str | tuple[str, ...]] = {}
        get = index.get
        for w in words:
            for i, c in enumerate(w):
                for r in reading_of.get(c, ()):
                    k = w[:i] + r + w[i + 1:]
                    v = get(k)
                    if v is None:
                        index[k] = w
                    elif v != w and (type(v) is not tuple or w not in v):
                        index[k] = v + (w,) if type(v) is tuple else (v, w)
        return index

    def shape_alternatives(self, ch: str):
        """The look-alike characters `alternatives` adds to the same-sounding ones."""
        return self._shape.get(ch, ())
