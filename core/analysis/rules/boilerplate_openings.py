"""boilerplate.repetition, its third part: monotonous sentence openings in one section (本人……
本人……本人……). Reads the paragraph views that core.analysis.rules.boilerplate_repetition builds;
a section's findings depend on nothing outside it, so an edit elsewhere reuses them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import repeat
from operator import sub

from core.analysis.findings import Finding, Severity
from core.analysis.rules.boilerplate_common import data, section_spans, threshold
from core.text.document import Document

RULE = "boilerplate.repetition"


def openings(vs, bases, vlist, doc: Document, ctx) -> list[Finding]:
    """`bases`, `vlist`: the paragraph starts and views of `vs`, as two lists."""
    min_count = threshold(ctx, "opening_min_count")
    min_share = threshold(ctx, "opening_min_share")
    stop = ctx.lexicon.memo("boilerplate:opening_stop",
                            lambda: frozenset(data(ctx).get("repetition", {}).get("opening_stop", [])))
    # section number -> (inputs, findings relative to its start, its start, findings there): one
    # dict for all sections, kept between analyses (a lookup per section, not a reuse() each).
    state = ctx.reuse("repetition:openings", 0, dict)
    out: list[Finding] = []
    for k, sec in enumerate(section_spans(doc)):
        # Only the views from the one holding body_start to the section's end can have sentences
        # in it; a section's findings depend on nothing else, so an edit elsewhere reuses them.
        lo, hi = max(0, bisect_right(bases, sec.body_start) - 1), bisect_left(bases, sec.end)
        # Kept relative to the section's start: typing above a section moves it, not its findings.
        part = (tuple(map(sub, bases[lo:hi], repeat(sec.start))), tuple(vlist[lo:hi]))  # C loops
        inputs = (sec.key, sec.title, sec.body_start - sec.start, sec.end - sec.start, min_count, min_share, part)
        hit = state.get(k)
        if hit is None or hit[0] != inputs:
            found = [f.shifted(-sec.start) for f in _section_openings(vs[lo:hi], sec, k, stop, min_count, min_share)]
            hit = state[k] = (inputs, found, None, [])
        if hit[1]:
            if hit[2] != sec.start:  # moved: placed anew (else the same findings, never modified)
                hit = state[k] = (*hit[:2], sec.start, [f.shifted(sec.start) for f in hit[1]])
            out += hit[3]
    return out


def _section_openings(vs, sec, number: int, stop, min_count, min_share) -> list[Finding]:
    # Views come in text order and each lists its sentences in order: each view's part inside the
    # section is found by bisection (a single paragraph may hold hundreds of run-in sections).
    inside: list[tuple[int, int, str]] = []
    total = 0
    for base, v in vs:
        a, b = sec.body_start - base, sec.end - base
        total += bisect_left(v.sentence_starts, b) - bisect_left(v.sentence_starts, a)
        i, j = bisect_left(v.opening_starts, a), bisect_left(v.opening_starts, b)
        inside += [(base + s, base + e, w) for w, s, e in v.openings[i:j] if w not in stop]
    out: list[Finding] = []
    words = Counter(o[2] for o in inside)
    for word, n in words.items():
        if n < min_count or n < min_share * total:
            continue
        for s, e, w in inside:
            if w == word:
                out.append(Finding(RULE, Severity.INFO, s, e, "",
                                   f"“{sec.title}”中有 {n} 句以“{word}”开头（共 {total} 句），句式单调。",
                                   "变换句式：以做法的对象、时间或结果开头，或把同类内容合并成一句。",
                                   section=sec.key if sec.key != "other" else None,
                                   data={"count": n, "group": f"opening:{number}:{word}",
                                         "kind": "opening", "word": word}))
    return out
