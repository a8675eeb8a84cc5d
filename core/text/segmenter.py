"""The word segmenter every rule uses: a small adapter over jieba (pinned in pyproject.toml).

Rules ask it for words (`cut`), a word's dictionary frequency (`freq`) and part-of-speech tags
(`pos_tags`); nothing outside this module and core.text.fast_tokenizer touches jieba's
internals. User words (the party-building terms and 自定义词典) are applied as a set: changing
the set first restores the frequencies jieba's own dictionary had, so removing a user word that
is also a jieba word (组织生活) gives back jieba's cut instead of forcing the word apart, and
nothing leaks into other tokenizers (jieba's del_word edits a process-wide set).
"""

from __future__ import annotations

import logging
import marshal
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from math import log10
from pathlib import Path

from core.common.atomic import atomic_write_bytes
from core.text import dict_cache
from core.text.fast_tokenizer import FastTokenizer, hmm_cut, jieba

__all__ = ["Segmenter", "FastTokenizer", "hmm_cut", "jieba", "JIEBA_VERSION"]

JIEBA_VERSION = jieba.__version__


class _Shards(dict):
    """first character -> the dictionary's words starting with it (a shard of the cached
    dictionary, or the whole mapping), filled on first use."""

    def __init__(self, freq) -> None:
        super().__init__()
        self._freq = freq
        self._shard = getattr(freq, "shard", None)

    def __missing__(self, first: str):
        hit = self[first] = self._shard(first) if self._shard is not None else self._freq
        return hit


class Segmenter:
    def __init__(self, user_words: Iterable[str] = (), cache_dir: Path | None = None,
                 defer_acceleration: bool = False) -> None:
        self._pending_words = sorted(set(user_words))
        # jieba-rs loads its dictionary in ~80 ms: the analysis worker says it is ready first
        # and calls accelerate() then (the Python route cuts alike meanwhile).
        self._accelerate = not defer_acceleration
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._tok: FastTokenizer | None = None
        self._lock = threading.Lock()
        self._words: list[str] = []
        # word -> its frequency before a user word replaced it (None: not in jieba's dictionary)
        self._saved: dict[str, int | None] = {}
        self._base_total = 0
        self.loaded_from_cache = False
        self._frequent: dict[tuple[int, int, int], list[str]] = {}  # jieba's words by frequency (no user words)
        self.generation = 0  # bumped when the user words change: tables built from the dictionary are stale
        self._tables: tuple[object, dict[str, Mapping[str, int]]] = (None, {})  # (FREQ, first -> table)
        self._log_total_of: tuple[int, float] = (0, 0.0)  # (total, log10 of it)

    # ---- loading ------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self._tok is not None

    def load(self) -> Segmenter:
        """Load jieba's dictionary (from the data folder's cache when there is one) and add the
        user words. Thread-safe; later calls return at once."""
        if self._tok is None:
            with self._lock:
                if self._tok is None:
                    tok = self._load_tokenizer()
                    self._base_total = tok.total
                    self._apply(tok, self._pending_words)
                    self._tok = tok
        return self

    def _load_tokenizer(self) -> FastTokenizer:
        jieba.setLogLevel(logging.WARNING)
        tok = FastTokenizer()
        if self._cache_dir is None:
            tok.initialize()
            return tok
        stamp = dict_cache.dictionary_stamp(jieba)
        path = dict_cache.cache_path(self._cache_dir, jieba)
        cached = dict_cache.load(path, stamp)
        if cached is not None:
            tok.FREQ, tok.total = cached
            tok.initialized = True
            self.loaded_from_cache = True
            return tok
        tok.initialize()
        dict_cache.save(path, stamp, tok.FREQ, tok.total)
        return tok

    def _tokenizer(self) -> FastTokenizer:
        return self._tok if self._tok is not None else self.load()._tok  # type: ignore[return-value]

    # ---- user words ---------------------------------------------------------------------
    @property
    def user_words(self) -> list[str]:
        return list(self._words if self._tok is not None else self._pending_words)

    def user_word_set(self):
        """The user words now applied, for membership tests (a live view: do not keep it)."""
        return self._saved.keys()

    def set_user_words(self, words: Iterable[str]) -> None:
        """Replace the user words: the cut is then the one a fresh segmenter with `words` gives."""
        words = sorted(set(words))
        if self._tok is None:
            with self._lock:
                if self._tok is None:
                    self._pending_words = words
                    return
        with self._lock:
            if words != self._words:
                self._apply(self._tok, words)

    def _apply(self, tok: FastTokenizer, words: list[str]) -> None:
        freq = tok.FREQ
        for word, old in self._saved.items():  # back to jieba's own dictionary
            freq[word] = 0 if old is None else old
            tok.user_word_tag_tab.pop(word, None)
        tok.total = self._base_total
        self._saved = {}
        tok.forget_lookups()
        tok.forget_texts()
        for word in words:  # sorted: suggested frequencies depend on what was added before
            if word and word not in self._saved:
                self._saved[word] = freq.get(word)
                tok.add_word(word)
        if self._accelerate:
            tok.accelerate(self._saved, self._base_total)
        self._words = words
        self.generation += 1

    # ---- queries ------------------------------------------------------------------------
    @property
    def accelerated(self) -> bool:
        """Clauses of Chinese are cut by jieba-rs (rjieba), with jieba's words."""
        return self._tokenizer().accelerated

    def accelerate(self) -> bool:
        """Build the jieba-rs route now if it was deferred (~80 ms); False where rjieba is missing."""
        tok = self._tokenizer()
        with self._lock:
            if not self._accelerate:
                self._accelerate = True
                tok.accelerate(self._saved, self._base_total)
        return tok.accelerated

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        return self._tokenizer().words(text, hmm)

    def freq(self, word: str) -> int:
        """The word's frequency in the dictionary (jieba's, with the user words); 0 if no word."""
        return self._tokenizer().FREQ.get(word) or 0

    def freq_table(self, first: str) -> Mapping[str, int]:
        """For loops that ask many words starting with `first` (2+ characters): a mapping whose
        `.get(word) or 0` is `freq(word)`, read without the adapter's calls in between."""
        return self.freq_tables()[first]

    def freq_tables(self) -> Mapping[str, Mapping[str, int]]:
        """freq_table as a mapping (`tables[first]`): the hottest loops read it without a call."""
        table = self._tokenizer().FREQ
        owner, tables = self._tables
        if owner is not table:  # tables of another FREQ (none yet)
            tables = _Shards(table)
            self._tables = (table, tables)
        return tables

    def rare_words(self, words: Iterable[str], max_freq: float) -> list[str]:
        """Those of `words` whose frequency (0 for no word) is <= max_freq: `freq` for many words
        (FastTokenizer.at_most reads the fragment table first: it holds the words of clauses the
        Python route cut; jieba-rs's clauses are read from the dictionary)."""
        return self._tokenizer().at_most(words, max_freq)

    def words_at_least(self, min_freq: int, lengths: range) -> list[str]:
        """The dictionary words (user words included) of those lengths with frequency >= min_freq.
        jieba's part comes from a small file next to the dictionary cache: reading it from the cached
        dictionary would decode every shard (~0.15 s of the first analysis)."""
        freq = self._tokenizer().FREQ
        saved = self._saved
        out = [w for w in self._jieba_words_at_least(min_freq, lengths) if w not in saved]
        return out + [w for w in saved if len(w) in lengths and (freq.get(w) or 0) >= min_freq]

    def _jieba_words_at_least(self, min_freq: int, lengths: range) -> list[str]:
        key = (min_freq, lengths.start, lengths.stop)
        hit = self._frequent.get(key)
        if hit is not None:
            return hit
        path = stamp = None
        if self._cache_dir is not None:
            stamp = dict_cache.dictionary_stamp(jieba)
            path = self._cache_dir / f"jieba-{JIEBA_VERSION}-words-{min_freq}-{lengths.start}-{lengths.stop}.bin"
            try:
                head, words = marshal.loads(path.read_bytes())
                if head == stamp and isinstance(words, list):
                    self._frequent[key] = words
                    return words
            except (OSError, EOFError, ValueError, TypeError):
                pass  # none yet, damaged or of another jieba: built again below
        saved = self._saved  # jieba's own frequencies of the words user words replaced
        words = [w for w, f in self._tokenizer().FREQ.items()
                 if f >= min_freq and len(w) in lengths and w not in saved]
        words += [w for w, old in saved.items() if old is not None and old >= min_freq and len(w) in lengths]
        if path is not None:
            try:
                atomic_write_bytes(path, marshal.dumps((stamp, words)))
            except OSError:
                pass  # a read-only data folder: built again next start
            else:
                dict_cache.remove_other_versions(self._cache_dir, "words-*.bin", JIEBA_VERSION)
        self._frequent[key] = words
        return words

    def total_freq(self) -> int:
        """The sum of all dictionary frequencies (a word's probability is freq / total)."""
        return self._tokenizer().total

    def log_prob(self, text: str) -> float:
        """log10 of the likeliest cut of a short `text` under the dictionary's word frequencies
        (jieba's unigram model; a character the dictionary lacks counts as frequency 1). Two
        spellings of one stretch compare by it: how much likelier a text reads with a fix."""
        n = len(text)
        log_total = self._log_total()
        best = [0.0] + [-1e300] * n
        tables = self.freq_tables()
        for i in range(n):
            here = best[i]
            words = tables[text[i]]
            for j in range(i + 1, n + 1):
                f = words.get(text[i:j])
                if f is None:
                    if j > i + 1:
                        break  # not even a prefix of a word: no longer word starts here
                    f = 0
                elif not f and j > i + 1:
                    continue  # a mere prefix
                v = here + log10(f or 1) - log_total
                if v > best[j]:
                    best[j] = v
        return best[n]

    def _log_total(self) -> float:
        tok = self._tokenizer()
        cached = self._log_total_of
        if cached[0] != tok.total:
            cached = self._log_total_of = (tok.total, log10(tok.total))
        return cached[1]

    def is_word(self, word: str) -> bool:
        return self.freq(word) > 0

    def dictionary_entries(self) -> Iterator[tuple[str, int, str]]:
        """(word, frequency, part-of-speech tag) of jieba's dictionary file, in file order."""
        with self._tokenizer().get_dict_file() as fh:
            for raw in fh:
                parts = raw.decode("utf-8", "replace").split()
                if len(parts) == 3 and parts[1].isdigit():
                    yield parts[0], int(parts[1]), parts[2]

    def pos_tags(self, tags: Iterable[str]) -> dict[str, str]:
        """word -> tag from jieba's dictionary, for the given tags only (~0.2 s)."""
        try:
            with self._tokenizer().get_dict_file() as fh:
                text = fh.read().decode("utf-8", "replace")
        except (OSError, AttributeError):
            return {}
        # One regex over the whole file (lines "word freq tag"): 4x faster than splitting lines.
        alts = "|".join(sorted(set(tags), key=len, reverse=True))
        return dict(re.findall(rf"^(\S+) \d+ ({alts})\r?$", text, re.M))

    # ---- caches (benchmarks measure cold runs) ------------------------------------------
    def forget_texts(self) -> None:
        """Drop what was computed from texts (the HMM cuts); dictionary facts stay."""
        if self._tok is not None:
            self._tok.forget_texts()

    def forget_lookups(self) -> None:
        """Also empty the fragment table, as right after loading."""
        if self._tok is not None:
            self._tok.forget_lookups()
