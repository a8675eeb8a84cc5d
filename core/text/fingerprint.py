"""k-gram fingerprints with winnowing (Schleimer, Wilkerson, Aiken 2003) for copied-passage detection.

Texts are compared after dropping punctuation and whitespace ("normalised" text), so a passage
copied with different punctuation, spacing or line breaks still matches.  Each source document
keeps only its winnowed fingerprints (one k-gram hash per window of `w` consecutive k-grams);
the query looks up every one of its own k-grams.  That guarantees that any shared passage of at
least `w + k - 1` normalised characters is seen, and each hit is then verified and extended
character by character, so hash collisions never produce a false match and the reported
passages are maximal.  No difflib: the cost is linear in the text sizes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, count

from core.text.cjk import CJK_CLASS

# Kept characters: CJK, Latin letters, digits (full-width forms folded to ASCII below).
_KEEP_RE = re.compile(f"[0-9A-Za-z{CJK_CLASS}]+")
_FOLD = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FOLD.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FOLD_RE = re.compile(r"[０-９Ａ-Ｚａ-ｚ]")
_POS_BITS = 24  # positions are packed under the hash so window minima carry their position
_POS_MASK = (1 << _POS_BITS) - 1
_HASH_MASK = (1 << 40) - 1
MAX_POSTINGS = 64  # a k-gram seen more often than this in the sources is too common to seed
_SERIAL = count(1)


@dataclass(slots=True)
class Normalized:
    """Text without punctuation/whitespace, and for each kept character its offset in the original."""

    text: str
    offsets: list[int]


def normalize(text: str) -> Normalized:
    if _FOLD_RE.search(text):
        text_f = text.translate(_FOLD)
    else:
        text_f = text
    chars: list[str] = []
    offsets: list[int] = []
    for m in _KEEP_RE.finditer(text_f):
        s = m.group()
        chars.append(s)
        offsets.extend(range(m.start(), m.end()))
    return Normalized("".join(chars).lower(), offsets)


def kgram_hashes(s: str, k: int) -> list[int]:
    """One hash per k-gram (position i covers s[i:i+k]); stable within the process."""
    return [hash(s[i:i + k]) & _HASH_MASK for i in range(len(s) - k + 1)]


def winnow(hashes: Sequence[int], w: int) -> list[tuple[int, int]]:
    """(hash, position) of the minimum of every window of `w` hashes (leftmost on ties)."""
    n = len(hashes)
    if n == 0:
        return []
    packed = [(h << _POS_BITS) | (i & _POS_MASK) for i, h in enumerate(hashes)]
    if n <= w:
        picks = {min(packed)}
    else:
        # Sliding-window minimum in C-speed passes (van Herk / Gil-Werman): prefix minima and
        # suffix minima within blocks of w; a window's minimum is min(suffix[i], prefix[i+w-1]).
        pre: list[int] = []
        suf: list[int] = []
        for b in range(0, n, w):
            block = packed[b:b + w]
            pre.extend(accumulate(block, min))
            rev = list(accumulate(reversed(block), min))
            rev.reverse()
            suf.extend(rev)
        picks = set(map(min, suf[: n - w + 1], pre[w - 1:]))
    return sorted(((v >> _POS_BITS, v & _POS_MASK) for v in picks), key=lambda t: t[1])


@dataclass(slots=True)
class Source:
    name: str
    norm: str


@dataclass(slots=True)
class Match:
    """A maximal shared passage in normalised coordinates: query[qstart:qend] == source[sstart:…]."""

    qstart: int
    qend: int
    source: int
    sstart: int

    @property
    def length(self) -> int:
        return self.qend - self.qstart


@dataclass
class SourceIndex:
    """Winnowed fingerprints of a set of source documents."""

    k: int
    w: int
    sources: list[Source] = field(default_factory=list)
    postings: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    # Distinguishes indexes in caches of per-paragraph seeds (an id() could be reused).
    serial: int = field(default_factory=lambda: next(_SERIAL))

    @classmethod
    def build(cls, docs: Iterable[tuple[str, str]], k: int = 10, w: int = 11) -> SourceIndex:
        index = cls(k, w)
        for name, text in docs:
            index.add(name, text)
        return index

    def add(self, name: str, text: str) -> None:
        norm = normalize(text).text
        doc = len(self.sources)
        self.sources.append(Source(name, norm))
        postings = self.postings
        for h, pos in winnow(kgram_hashes(norm, self.k), self.w):
            lst = postings.get(h)
            if lst is None:
                postings[h] = [(doc, pos)]
            elif len(lst) < MAX_POSTINGS:
                lst.append((doc, pos))

    def seeds(self, norm: str) -> list[tuple[int, int, int]]:
        """(query position, source, source position) for every query k-gram that is a fingerprint."""
        get = self.postings.get
        out: list[tuple[int, int, int]] = []
        for i, h in enumerate(kgram_hashes(norm, self.k)):
            hit = get(h)
            if hit is not None:
                for doc, pos in hit:
                    out.append((i, doc, pos))
        return out

    def extend(self, query: str, seeds: Iterable[tuple[int, int, int]], min_len: int) -> list[Match]:
        """Verify seeds against the text and grow each into a maximal passage of >= min_len chars."""
        k = self.k
        # Per (source, diagonal) the furthest query position already covered: a seed inside a
        # passage found before adds nothing.
        covered: dict[tuple[int, int], int] = {}
        out: list[Match] = []
        for q, doc, s in sorted(seeds):
            diag = (doc, q - s)
            if covered.get(diag, -1) > q:
                continue
            src = self.sources[doc].norm
            if query[q:q + k] != src[s:s + k]:
                continue  # hash collision
            a, b = q, s
            while a > 0 and b > 0 and query[a - 1] == src[b - 1]:
                a -= 1
                b -= 1
            e, f = q + k, s + k
            step = 64
            while step:
                if query[e:e + step] == src[f:f + step] and e + step <= len(query) and f + step <= len(src):
                    e += step
                    f += step
                else:
                    step //= 2
            covered[diag] = e
            if e - a >= min_len:
                out.append(Match(a, e, doc, b))
        return out

    def find(self, query: str, min_len: int = 20) -> list[Match]:
        return self.extend(query, self.seeds(query), min_len)


def params_for(min_len: int, k: int = 10) -> tuple[int, int]:
    """k and w such that every shared passage of min_len characters is guaranteed to be found."""
    k = max(3, min(k, min_len // 2))
    w = max(1, min_len - k + 1)
    return k, w


def covered_length(matches: Iterable[Match]) -> int:
    """Query characters inside at least one match."""
    spans = sorted((m.qstart, m.qend) for m in matches)
    total, cur_s, cur_e = 0, -1, -1
    for s, e in spans:
        if s > cur_e:
            total += max(0, cur_e - cur_s)
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    return total + max(0, cur_e - cur_s)


@dataclass(slots=True)
class Passage:
    """A copied passage in original-text offsets."""

    start: int
    end: int
    length: int  # normalised characters (punctuation and spaces not counted)
    source: str


def find_passages(query: str, sources: Sequence[tuple[str, str]], min_len: int = 20) -> list[Passage]:
    """Convenience: copied passages of `query` found in the named `sources` (one pass, no caching)."""
    k, w = params_for(min_len)
    index = SourceIndex.build(sources, k, w)
    nq = normalize(query)
    out = []
    for m in index.find(nq.text, min_len):
        out.append(Passage(nq.offsets[m.qstart], nq.offsets[m.qend - 1] + 1, m.length,
                           index.sources[m.source].name))
    return out
