"""Loads the data in resources/ (and the user's own lists) once; rules read it from here.

Shipped files stay read-only; a file of the same name in the user's folder extends them:
word lists (`words/<name>.txt`) are appended, TOML tables are merged key by key.
"""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.analysis.kinds import KindSpec, UnknownKindError, build_kinds, build_section_matcher
from core.common.lru import LRU
from core.common.paths import cache_dir_for, resources_dir

if TYPE_CHECKING:
    from core.text.segmenter import Segmenter

USER_DICT_NAME = "custom_dict"  # user word list added to jieba
_MISSING = object()


def read_word_list(path: Path) -> list[str]:
    """One entry a line; blank lines and lines starting with # are skipped."""
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        elif isinstance(v, list) and isinstance(out.get(k), list):
            out[k] = out[k] + v
        else:
            out[k] = v
    return out


class Lexicon:
    def __init__(self, resources: Path | None = None, user_dir: Path | None = None,
                 cache_dir: Path | None = None, defer_acceleration: bool = False) -> None:
        self.resources = Path(resources) if resources else resources_dir()
        self.user_dir = Path(user_dir) if user_dir else None
        # The segmenter's dictionary cache: beside the user's data (none without a data folder).
        self.cache_dir = Path(cache_dir) if cache_dir else (cache_dir_for(self.user_dir) if self.user_dir else None)
        self._memo: dict[str, Any] = {}
        self._memo_lock = threading.RLock()
        self._segmenter: Segmenter | None = None
        self._defer_acceleration = defer_acceleration  # Segmenter.accelerate() called later
        self._seg_lock = threading.Lock()
        self._tokens = LRU(20000)
        # Bumped by reload(): analyzers drop results cached under older data.
        self.version = 0

    def reload(self) -> None:
        """Re-read every list after the user edited one (白名单, 自定义词典, 规范表述, 套话 …)."""
        with self._memo_lock:
            self._memo.clear()
            self.version += 1
        if self._segmenter is not None:
            self._segmenter.set_user_words(self.domain_terms())
        self._tokens = LRU(20000)

    # ---- generic data access -------------------------------------------------------------
    def toml(self, name: str) -> dict:
        def load() -> dict:
            with open(self.resources / f"{name}.toml", "rb") as fh:
                data = tomllib.load(fh)
            if self.user_dir is not None:
                user = self.user_dir / f"{name}.toml"
                if user.is_file():
                    try:
                        with open(user, "rb") as fh:
                            data = _merge(data, tomllib.load(fh))
                    except (tomllib.TOMLDecodeError, OSError):
                        pass  # a broken user file must not stop analysis; settings UI reports it
            return data

        return self.memo(f"toml:{name}", load)

    def words(self, name: str, user: bool = True) -> list[str]:
        def load() -> list[str]:
            items = read_word_list(self.resources / "words" / f"{name}.txt")
            if user and self.user_dir is not None:
                items += read_word_list(self.user_dir / "words" / f"{name}.txt")
            return items

        return self.memo(f"words:{name}:{user}", load)

    def drop_text_caches(self) -> None:
        """Forget tokens and per-paragraph results (benchmarks measure a cold analysis)."""
        with self._memo_lock:
            for key in [k for k in self._memo if k.startswith("lru:")]:
                del self._memo[key]
        self._tokens = LRU(20000)
        if self._segmenter is not None:
            self._segmenter.forget_texts()

    def cache(self, name: str, capacity: int = 20000) -> LRU:
        """A per-paragraph LRU owned by the lexicon, so a reload of the word lists starts afresh."""
        hit = self._memo.get("lru:" + name)  # rules ask once per paragraph: no lock on a hit
        if hit is not None:
            return hit
        return self.memo(f"lru:{name}", lambda: LRU(capacity))

    def memo(self, key: str, builder: Callable[[], Any]) -> Any:
        """Build a compiled structure once per lexicon (regexes, automata, sets)."""
        hit = self._memo.get(key, _MISSING)  # a dict read is atomic: the lock only guards building
        if hit is not _MISSING:
            return hit
        with self._memo_lock:
            if key not in self._memo:
                self._memo[key] = builder()
            return self._memo[key]

    # ---- kinds and sections --------------------------------------------------------------
    @property
    def kinds(self) -> dict[str, KindSpec]:
        return self.memo("kinds", lambda: build_kinds(self.toml("kinds"), self.toml("sections")))

    def kind(self, kind_id: str) -> KindSpec:
        try:
            return self.kinds[kind_id]
        except KeyError:
            known = "、".join(self.kinds)
            raise UnknownKindError(f"未知的报告类型“{kind_id}”，可选：{known}") from None

    def section_matcher(self, kind_id: str):
        kind = self.kind(kind_id)
        return self.memo(f"matcher:{kind_id}", lambda: build_section_matcher(self.toml("sections"), kind))

    # ---- segmenter (jieba) -----------------------------------------------------------------
    @property
    def segmenter_ready(self) -> bool:
        return self._segmenter is not None and self._segmenter.loaded

    def segmenter(self) -> Segmenter:
        """jieba with the party-building dictionary; the first call loads it (from the cache in
        the data folder: ~20 ms; without a cache ~1 s)."""
        seg = self._segmenter
        if seg is None:
            with self._seg_lock:
                if self._segmenter is None:
                    from core.text.segmenter import Segmenter  # imports jieba (~50 ms): on demand

                    self._segmenter = Segmenter(self.domain_terms(), self.cache_dir,
                                                defer_acceleration=self._defer_acceleration)
                seg = self._segmenter
        return seg.load()

    def domain_terms(self) -> list[str]:
        """Party-building terms jieba must keep whole (三会一课, 两个维护 …)."""
        return self.memo("domain_terms", lambda: self.words("domain_terms") + self.words(USER_DICT_NAME))

    def word_freq(self, word: str) -> int:
        """The segmenter dictionary's frequency of `word` (0: not a word, or only a prefix of one)."""
        return self.segmenter().freq(word)

    def confusables(self):
        """Characters a writer may have meant instead of another: same pinyin, or similar shape."""
        def build():
            from core.text.sound import Confusables

            # Only characters that stand in the dictionary often enough to be a plausible intent.
            common = {chr(c) for c in range(0x4E00, 0xA000) if self.word_freq(chr(c)) >= 20}
            return Confusables(self.words("similar_shapes"), common)

        return self.memo("confusables", build)

    def cut(self, text: str) -> tuple[str, ...]:
        cached = self._tokens.get(text)
        if cached is None:
            cached = tuple(self.segmenter().cut(text))
            self._tokens.put(text, cached)
        return cached


@lru_cache(maxsize=8)
def get_lexicon(user_dir: str | None = None) -> Lexicon:
    """Shared lexicon per user folder, so the command line and the app load data once."""
    return Lexicon(user_dir=Path(user_dir) if user_dir else None)
