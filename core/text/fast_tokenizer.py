"""jieba's tokenizer with a faster route search, producing exactly jieba's words (internal to
core.text.segmenter, the adapter the rest of the code uses).

jieba builds a DAG of dictionary words per clause (`get_DAG`), then finds the most probable path
(`calc`) with a generator, a `max` and a `math.log` per candidate. That is two thirds of its time.
`FastTokenizer` does both in one right-to-left pass, with one lookup per fragment in a table of
the fragments seen (log-probability, or marked as a mere prefix or absent), about three times
faster on report text. The table stays small, so it stays in the CPU cache; a full copy of the
dictionary in that form was slower. Scores, tie-breaking (the larger end wins, as in jieba's
tuple `max`) and the HMM step for unknown words are jieba's own, so the words are identical
(tests/test_segmenter.py compares both on reports and random text).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from math import inf, log


def _import_jieba():
    """jieba imports pkg_resources (~0.1 s) only to open its own data files, and opens them
    directly when that import fails (as on Python 3.12, where venvs have no setuptools)."""
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
        from jieba import finalseg
    finally:
        if hide:
            sys.modules.pop("pkg_resources", None)
    return jieba, finalseg


jieba, finalseg = _import_jieba()


def _rjieba():
    """jieba's algorithm compiled (jieba-rs): cuts a clause of Chinese ~30x faster, same words.
    Imported when first used: its package builds a default instance (~0.1 s). None on a platform
    without its wheel, where the Python route below makes the same cut."""
    try:
        import rjieba
    except ImportError:
        return None
    return rjieba


# A clause of jieba's Chinese range, digits and letters: jieba-rs cuts it alike (checked on
# reports and random text); with . % - _ + # & it splits figures and names its own way.
_SAME_IN_RS = re.compile("[\u4e00-\u9fd5a-zA-Z0-9]+")
_PAD_WORD = "\ue000\ue001\ue002"  # private-use characters: no clause the accelerator sees has them

HMM_MEMO_SIZE = 50_000
TABLE_SIZE = 200_000  # fragments looked up (words, prefixes, misses); small stays in CPU cache
PREFIX, ABSENT = 1.0, 2.0  # table markers; real log-probabilities are negative
MIN_FLOAT = finalseg.MIN_FLOAT
_START, _TRANS, _EMIT = finalseg.start_P, finalseg.trans_P, finalseg.emit_P


def _trans(a: str, b: str) -> float:
    return _TRANS[a].get(b, MIN_FLOAT)


T_EB, T_SB, T_MM, T_BM, T_SS, T_ES, T_BE, T_ME = (
    _trans("E", "B"), _trans("S", "B"), _trans("M", "M"), _trans("B", "M"),
    _trans("S", "S"), _trans("E", "S"), _trans("B", "E"), _trans("M", "E"))
E_B, E_M, E_E, E_S = (_EMIT[y] for y in "BMES")
_RE_HAN, _RE_SKIP = jieba.re_han_default, jieba.re_skip_default


_STATE_AT = {"B": 0, "M": 1, "E": 2, "S": 3}


def _viterbi(obs: str) -> list[str]:
    """jieba.finalseg.viterbi unrolled for its four states (B, M, E, S) with back-pointers.
    Same sums in the same order, same tie-breaking as its tuple `max` (the larger state letter
    wins), so the same states."""
    c = obs[0]
    b = _START["B"] + E_B.get(c, MIN_FLOAT)
    m = _START["M"] + E_M.get(c, MIN_FLOAT)
    e = _START["E"] + E_E.get(c, MIN_FLOAT)
    s = _START["S"] + E_S.get(c, MIN_FLOAT)
    back: list[tuple[str, str, str, str]] = []
    for c in obs[1:]:
        eb, em, ee, es = E_B.get(c, MIN_FLOAT), E_M.get(c, MIN_FLOAT), E_E.get(c, MIN_FLOAT), E_S.get(c, MIN_FLOAT)
        x, y = e + T_EB + eb, s + T_SB + eb  # into B from E or S
        nb, pb = (y, "S") if y >= x else (x, "E")
        x, y = m + T_MM + em, b + T_BM + em  # into M from M or B
        nm, pm = (x, "M") if x >= y else (y, "B")
        x, y = b + T_BE + ee, m + T_ME + ee  # into E from B or M
        ne, pe = (y, "M") if y >= x else (x, "B")
        x, y = s + T_SS + es, e + T_ES + es  # into S from S or E
        ns, ps = (x, "S") if x >= y else (y, "E")
        back.append((pb, pm, pe, ps))
        b, m, e, s = nb, nm, ne, ns
    state = "S" if s >= e else "E"
    states = [state]
    for pointers in reversed(back):  # (from B, from M, from E, from S)
        state = pointers[_STATE_AT[state]]
        states.append(state)
    states.reverse()
    return states


def _hmm_block(sentence: str):
    states = _viterbi(sentence)
    begin, nexti = 0, 0
    for i, char in enumerate(sentence):
        pos = states[i]
        if pos == "B":
            begin = i
        elif pos == "E":
            yield sentence[begin:i + 1]
            nexti = i + 1
        elif pos == "S":
            yield char
            nexti = i + 1
    if nexti < len(sentence):
        yield sentence[nexti:]


def _hmm_raw(sentence: str) -> tuple[str, ...]:
    """jieba.finalseg.cut before its forced splits: a pure function of the text (memoisable)."""
    if finalseg.re_han.fullmatch(sentence):  # the usual run, all Chinese: one block, no split
        return tuple(_hmm_block(sentence))
    out: list[str] = []
    for blk in finalseg.re_han.split(sentence):
        if finalseg.re_han.match(blk):
            out.extend(_hmm_block(blk))
        else:
            out.extend(x for x in finalseg.re_skip.split(blk) if x)
    return tuple(out)


def _force_split(words, force_split):
    """jieba splits the words deleted with del_word (its global Force_Split_Words) into characters.
    Applied on every use, not memoised: any tokenizer's del_word changes that set."""
    if not force_split:
        return words
    out: list[str] = []
    for w in words:
        if w in force_split:
            out.extend(w)
        else:
            out.append(w)
    return out


def hmm_cut(sentence: str):
    """jieba.finalseg.cut with the unrolled Viterbi."""
    yield from _force_split(_hmm_raw(sentence), finalseg.Force_Split_Words)


class FastTokenizer(jieba.Tokenizer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._logp: dict[str, float] = {}  # fragment -> log-probability, PREFIX or ABSENT
        self._logp_total: int | float | None = None
        self._hmm: dict[str, tuple[str, ...]] = {}
        self._accel = None  # rjieba.Jieba with the same dictionary, set by accelerate()

    def add_word(self, word, freq=None, tag=None):  # also del_word and suggest_freq
        super().add_word(word, freq, tag)
        self._logp, self._logp_total = {}, None  # frequencies (and the total) changed
        self._accel = None  # its dictionary no longer matches: accelerate() again

    @property
    def accelerated(self) -> bool:
        return self._accel is not None

    def accelerate(self, added: Mapping[str, int | None], base_total: int) -> bool:
        """Cut clauses of Chinese with jieba-rs, given the words added to jieba's own dictionary
        (word -> its frequency there before, None if none) and jieba's total before. The compiled
        dictionary is jieba's; the added words get the frequencies they have here. jieba adds a
        re-added word's frequency to the total on top of the old one, jieba-rs replaces it: a pad
        word makes up the difference, so the two totals, and every score, are equal. Checked on
        the way: the frequency jieba-rs suggests for 的的 scales with its total.
        SHUZHI_PURE_SEGMENTER=1 keeps the Python route (tests compare the two)."""
        self._accel = None
        rjieba = None if os.environ.get("SHUZHI_PURE_SEGMENTER") else _rjieba()
        if rjieba is None:
            return False
        self.check_initialized()
        acc = rjieba.Jieba()
        rs_total = base_total
        for word, old in added.items():
            freq = self.FREQ.get(word)
            if not freq:
                return False  # a word forced apart (frequency 0): only the Python route does that
            acc.add_word(word, freq, None)
            rs_total += freq - (old or 0)
        pad = self.total - rs_total
        if pad < 0:
            return False
        if pad:
            acc.add_word(_PAD_WORD, pad, None)
        # jieba's suggest_freq(的的, False), from one-character entries (no dictionary shard read)
        share = (self.FREQ.get("的") or 1) / float(self.total)
        if acc.suggest_freq("的的") != max(int(share * share * self.total) + 1, 1):
            return False
        self._accel = acc
        return True

    def route(self, sentence: str) -> list[int]:
        """ends[i]: the end index of the first word of the most probable cut of sentence[i:]."""
        if self._logp_total != self.total or len(self._logp) > TABLE_SIZE:
            self._logp = {}
            self._logp_total = self.total
        table = self._logp
        table_get = table.get
        freq_get = self.FREQ.get
        logtotal = log(self.total)
        n = len(sentence)
        scores = [0.0] * (n + 1)
        ends = [0] * n
        for idx in range(n - 1, -1, -1):
            best = None
            end = idx
            i = idx
            frag = sentence[idx]
            while True:
                # One lookup per fragment: its log-probability, or PREFIX / ABSENT (both > 0).
                lp = table_get(frag)
                if lp is None:
                    f = freq_get(frag)
                    lp = table[frag] = ABSENT if f is None else (log(f) - logtotal if f else PREFIX)
                if lp > 0.0:
                    if lp == ABSENT:
                        break
                else:
                    score = lp + scores[i + 1]
                    # jieba takes max((score, end)): on equal scores the later end wins.
                    if best is None or score >= best:
                        best, end = score, i
                i += 1
                if i >= n:
                    break
                frag = sentence[idx:i + 1]
            if best is None:  # no dictionary word starts here: the single character (log 1 = 0)
                best = 0.0 - logtotal + scores[idx + 1]
            scores[idx] = best
            ends[idx] = end
        return ends

    def at_most(self, words, max_freq: float) -> list[str]:
        """Those of `words` whose frequency (0 for no word) is <= max_freq. The fragment table
        answers for a word the route looked up (any word of a fresh cut, mostly) without touching
        the big dictionary, whose reads miss the CPU cache; a word near the limit, a mere prefix
        and an unknown fragment are read from the dictionary."""
        freq_get = self.FREQ.get
        lp_get = self._logp.get if self._logp_total == self.total else {}.get
        # Above `limit` a logged frequency surely exceeds max_freq (the margin covers rounding).
        limit = log(max_freq) - log(self.total) + 1e-9 if max_freq >= 1 else -inf
        out = []
        for w in words:
            lp = lp_get(w)
            if lp is not None and limit < lp <= 0.0:
                continue
            if (freq_get(w) or 0) <= max_freq:
                out.append(w)
        return out

    def words(self, sentence: str, hmm: bool = True) -> list[str]:
        """jieba's `lcut(sentence, HMM=hmm)`, built as one list: jieba's `cut` stacks three
        generators (blocks, the DAG cut, the runs) and resumes them all for every word."""
        if not hmm:
            return self.lcut(sentence, HMM=False)
        out: list[str] = []
        # re.split with one group alternates the text between matches (even places) and the
        # matches (odd places), so the place says what jieba's `re_han.match` / `re_skip.match`
        # would: the text between two matches holds none of the pattern's characters.
        cut_han = self._cut_han
        accel = self._accel
        if accel is not None and finalseg.Force_Split_Words:
            accel = None  # jieba's del_word forces words apart process-wide: the Python route does it
        same_in_rs = _SAME_IN_RS.fullmatch
        for n, blk in enumerate(_RE_HAN.split(sentence)):
            if len(blk) == 1:  # a lone character (a mark, most often) is a word of its own either way
                out.append(blk)
            elif n % 2:
                if accel is not None and same_in_rs(blk):
                    out.extend(accel.cut(blk))
                else:
                    cut_han(blk, out)
            elif blk:
                for m, x in enumerate(_RE_SKIP.split(blk)):
                    if m % 2:
                        out.append(x)
                    else:
                        out.extend(x)  # jieba yields the characters one by one
        return out

    def _cut_han(self, sentence: str, out: list[str]) -> None:
        """jieba's private Tokenizer.__cut_DAG (the HMM=True path of `cut`), appending to `out`."""
        ends = self.route(sentence)
        freq_get = self.FREQ.get
        x = 0
        start = -1  # start of the pending run of single characters
        n = len(sentence)
        while x < n:
            y = ends[x] + 1
            if y - x == 1:
                if start < 0:
                    start = x
            else:
                if start >= 0:
                    self._flush(sentence[start:x], freq_get, out)
                    start = -1
                out.append(sentence[x:y])
            x = y
        if start >= 0:
            self._flush(sentence[start:], freq_get, out)

    # jieba's own generator path (Tokenizer.cut, lcut) uses the same steps.
    def _Tokenizer__cut_DAG(self, sentence: str):
        out: list[str] = []
        self._cut_han(sentence, out)
        yield from out

    def _flush(self, buf: str, freq_get, out: list[str]) -> None:
        """A run of single characters: unknown runs go to the HMM, as jieba does (memoised: the
        HMM before forced splits is a pure function of the run, and runs such as names recur;
        the forced splits of deleted words are applied afresh each time)."""
        if len(buf) == 1:
            out.append(buf)
        elif not freq_get(buf):
            words = self._hmm.get(buf)
            if words is None:
                if len(self._hmm) > HMM_MEMO_SIZE:
                    self._hmm.clear()
                words = self._hmm[buf] = _hmm_raw(buf)
            out.extend(_force_split(words, finalseg.Force_Split_Words))
        else:
            out.extend(buf)

    def forget_texts(self) -> None:
        """Drop what was computed from texts (benchmarks measure a cold analysis): the HMM cuts.
        The fragment table stays: it holds only dictionary facts (a fragment's frequency, or
        that it is no word), the same for any text, like jieba's own prefix dictionary."""
        self._hmm = {}

    def forget_lookups(self) -> None:
        """Also empty the fragment table, as right after loading (for the benchmark), or after
        frequencies were changed without add_word."""
        self._logp = {}
        self._logp_total = None

