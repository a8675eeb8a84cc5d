"""boilerplate.cliche: 套话/空话 from the lexicon in resources/cliches.toml, with their density.

Every hit is a suggestion (info): a couple of 高度重视 is normal for the genre.  Only in a section
where 套话 are dense (per 1 000 characters above `cliche_density_warn`, and at least
`cliche_density_min_count` of them) do they become warnings.  The density per section goes to
the panel (ctx.stats["boilerplate"]["cliche"]) and to the checklist item 套话密度.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.boilerplate_common import (
    load_data,
    para_cache,
    pos_tags,
    section_spans,
    stats,
    threshold,
)
from core.analysis.rules.boilerplate_stacks import find_stacks
from core.text.document import Document
from core.text.textstats import count_cjk

RULE = "boilerplate.cliche"
GAP = "…"
# A "…" gap stays inside one clause (、 allowed: 在统一思想、强化担当上下功夫).
_GAP_CLASS = r"[^，。；！？：,.;!?:\n“”]"
# 以…为抓手 must not start inside 所以 / 可以 / 加以 …
_YI_GUARD = r"(?<![所可加予难足用据得给以])"


@dataclass(frozen=True, slots=True)
class Entry:
    phrase: str
    category: str
    label: str
    why: str
    suggestion: str


@dataclass(slots=True)
class Lexicon:
    entries: list[Entry]
    # First one or two characters -> (entry index, pattern), longest phrase first.  Scanning the
    # text once and trying only the entries that start with the characters at hand is ~50× faster
    # than one big alternation in Python's re.
    anchors2: dict[str, list[tuple[int, re.Pattern[str]]]]
    anchors1: dict[str, list[tuple[int, re.Pattern[str]]]]
    starts: re.Pattern[str] | None  # any first character, to skip the rest at C speed


def _pattern(phrase: str, gap: int) -> str:
    parts = [re.escape(p) for p in phrase.split(GAP)]
    body = f"{_GAP_CLASS}{{1,{gap}}}?".join(parts)
    if phrase.startswith("以" + GAP):
        body = _YI_GUARD + body
    return body


def _class(chars) -> str:
    return "[" + "".join(sorted(re.escape(c) for c in chars)) + "]"


def _starts(anchors2: dict, anchors1: dict) -> re.Pattern[str] | None:
    """Where an entry may start: a one-character anchor, or the first character of a two-character
    one followed by a possible second character (the look-around runs in C: a third as many
    places are left for Python to look up)."""
    firsts = {k[0] for k in anchors2} | set(anchors1)
    if not firsts:
        return None
    then = []
    if anchors1:
        then.append(f"(?<={_class(anchors1)})")
    if anchors2:
        then.append(f"(?={_class({k[1] for k in anchors2})})")
    return re.compile(_class(firsts) + "(?:" + "|".join(then) + ")")


def cliche_lexicon(ctx) -> Lexicon:
    gap = threshold(ctx, "cliche_max_gap")

    def build() -> Lexicon:
        raw = load_data(ctx.lexicon, "cliches")
        entries: list[Entry] = []
        seen: set[str] = set()
        for cat_id, cat in raw.items():
            if not isinstance(cat, dict):
                continue
            for phrase in cat.get("phrases", []):
                phrase = str(phrase).strip()
                if len(phrase.replace(GAP, "")) < 2 or phrase in seen or phrase.startswith(GAP):
                    continue
                seen.add(phrase)
                entries.append(Entry(phrase, cat_id, cat.get("label", "套话"), cat.get("why", "说不出具体内容"),
                                     cat.get("suggestion", "写明做了什么、多少、结果如何。")))
        for phrase in ctx.lexicon.words("cliches"):  # the user's list (设置 → 词表 → 套话)
            if len(phrase.replace(GAP, "")) >= 2 and phrase not in seen and not phrase.startswith(GAP):
                seen.add(phrase)
                entries.append(Entry(phrase, "user", "本单位认定的套话", "说不出具体内容",
                                     "写明做了什么、多少、结果如何。"))
        # Longer phrases first, so 认真贯彻落实 wins over 认真贯彻 at the same place.
        entries.sort(key=lambda e: (-len(e.phrase.replace(GAP, "")), e.phrase))
        anchors2: dict[str, list] = {}
        anchors1: dict[str, list] = {}
        for i, e in enumerate(entries):
            head = e.phrase.split(GAP, 1)[0]
            table, key = (anchors2, head[:2]) if len(head) >= 2 else (anchors1, head)
            table.setdefault(key, []).append((i, re.compile(_pattern(e.phrase, gap))))
        starts = _starts(anchors2, anchors1)
        return Lexicon(entries, anchors2, anchors1, starts)

    return ctx.lexicon.memo(f"boilerplate:cliches:{gap}", build)


def find_cliches(text: str, lex: Lexicon) -> tuple[tuple[int, int, int], ...]:
    """(start, end, entry index) of every cliche, leftmost first, longest phrase at a place."""
    out: list[tuple[int, int, int]] = []
    if lex.starts is None:
        return ()
    a2, a1 = lex.anchors2, lex.anchors1
    end = 0
    for m in lex.starts.finditer(text):
        i = m.start()
        if i < end:
            continue  # inside the previous hit
        cands = a2.get(text[i:i + 2])
        single = a1.get(text[i])
        if cands is None and single is None:
            continue
        both = (cands or []) + (single or [])
        if cands and single:
            both.sort(key=lambda c: c[0])  # entries are in priority order
        for idx, rx in both:
            hit = rx.match(text, i)
            if hit:
                out.append((i, hit.end(), idx))
                end = hit.end()
                break
    return tuple(out)


def paragraph_hits(text: str, lex: Lexicon, cache, stacks) -> tuple[int, tuple[tuple[int, int, int], ...], tuple]:
    """(Chinese characters, cliches, 排比套话 spans clear of them) of one paragraph, cached by text."""
    hit = cache.get(text)
    if hit is None:
        found = find_cliches(text, lex)
        piles = tuple((a, b) for a, b in stacks(text) if not any(s < b and a < e for s, e, _ in found))
        hit = (count_cjk(text), found, piles)
        cache.put(text, hit)
    return hit


def _stack_finder(ctx):
    """find_stacks with the data of boilerplate.toml [stacks] and jieba's dictionary."""
    def build():
        data = load_data(ctx.lexicon, "boilerplate").get("stacks", {})
        seg = ctx.lexicon.segmenter()
        terms = frozenset(ctx.lexicon.domain_terms())
        tags = pos_tags(ctx)
        tails = str(data.get("verb_tails", ""))

        def is_word(w: str) -> bool:
            return w in terms or seg.freq(w) > 0

        def is_idiom(w: str) -> bool:
            return tags.get(w) == "i"

        return data, lambda text: find_stacks(text, tails, is_word, is_idiom)
    return ctx.lexicon.memo("boilerplate:stacks", build)


@rule(RULE, scope="document", description="套话、空话（高度重视、狠抓落实、再上新台阶……），并统计每千字套话密度")
def cliche(doc: Document, ctx):
    lex = cliche_lexicon(ctx)
    cache = para_cache(ctx, f"cliche:{id(lex)}")
    title = doc.title.index if doc.title is not None else -1
    hits: list[tuple[int, int, int]] = []
    par_chars: list[tuple[int, int]] = []  # (paragraph start, Chinese characters)
    # The last analysis's hits by paragraph text: after an edit nearly every paragraph is there,
    # and a dict lookup costs a fraction of the LRU's (which keeps them across documents).
    now: dict[str, tuple] = {}
    prev = ctx.last.swap(f"{ctx.kind.id}:cliche:paragraphs:{id(lex)}", now) if ctx.last is not None else None
    prev = prev or {}
    stack_data, stacks = _stack_finder(ctx)
    piles: list[tuple[int, int]] = []
    for p in doc.paragraphs:
        text = p.text
        if p.index == title or not text:
            continue
        hit = prev.get(text)
        if hit is None:
            hit = paragraph_hits(text, lex, cache, stacks)
        now[text] = hit
        cjk, found, pile = hit
        par_chars.append((p.start, cjk))
        for s, e, i in found:
            hits.append((p.start + s, p.start + e, i))
        if pile:
            piles.extend((p.start + s, p.start + e) for s, e in pile)
    warn_at = threshold(ctx, "cliche_density_warn")
    min_count = threshold(ctx, "cliche_density_min_count")
    per_section = []
    sections = section_spans(doc)
    dense: list[tuple[int, int, str, float]] = []
    par_starts = [ps for ps, _ in par_chars]
    # Characters before each paragraph (accumulated in C): a section's are one subtraction.
    chars_before = [0, *accumulate(c for _, c in par_chars)]
    hit_starts = [h[0] for h in hits]
    for sec in sections:
        # Characters of the section's body: its paragraphs, less its heading.
        lo, hi = bisect_left(par_starts, sec.start), bisect_left(par_starts, sec.end)
        chars = chars_before[hi] - chars_before[lo] - count_cjk(doc.text[sec.start:sec.body_start])
        n = bisect_left(hit_starts, sec.end) - bisect_left(hit_starts, sec.start)
        density = n * 1000 / chars if chars else 0.0
        warn = n >= min_count and density > warn_at
        per_section.append({"key": sec.key, "title": sec.title, "start": sec.start, "end": sec.end,
                            "count": n, "chars": chars, "density": round(density, 1), "warn": warn})
        if warn:
            dense.append((sec.start, sec.end, sec.title, density))
    total_chars = chars_before[-1]
    overall = len(hits) * 1000 / total_chars if total_chars else 0.0
    st = stats(ctx)
    st["cliche"] = {"count": len(hits), "chars": total_chars, "density": round(overall, 1),
                    "threshold": warn_at, "sections": per_section}
    label = "套话密度"
    if dense:
        worst = max(dense, key=lambda d: d[3])
        msg = f"“{worst[2]}”每千字 {worst[3]:.1f} 处套话，超过 {warn_at:g} 处"
        ctx.stats["checklist.cliche_density"] = (label, "warn", msg)
    elif total_chars:
        ctx.stats["checklist.cliche_density"] = (label, "pass", f"每千字 {overall:.1f} 处套话（{len(hits)} 处）")
    counts: dict[int, int] = {}
    for _, _, i in hits:
        counts[i] = counts.get(i, 0) + 1
    out = []
    # Findings of the last analysis by everything they say: after an edit elsewhere the same
    # objects again (findings are never modified; later steps reuse their work on them).
    last = ctx.reuse(f"cliche:findings:{id(lex)}", 0, dict) if ctx.last is not None else {}
    made: dict = {}
    for s, e, i in hits:
        d = next((d for d in dense if d[0] <= s < d[1]), None)
        key = (s, e, i, counts[i], d, doc.text[s:e])  # the text too: a reused finding's text stays its own
        f = last.get(key)
        if f is None:
            entry = lex.entries[i]
            msg = f"套话（{entry.label}）：{entry.why}。"
            if counts[i] > 1:
                msg = f"套话（{entry.label}）：{entry.why}，全文用了 {counts[i]} 次。"
            if d is not None:
                msg += f"“{d[2]}”每千字 {d[3]:.1f} 处套话，明显偏多。"
            f = Finding(RULE, Severity.WARNING if d is not None else Severity.INFO, s, e, "", msg,
                        entry.suggestion,
                        data={"category": entry.category, "entry": entry.phrase, "count": counts[i],
                              "group": f"cliche:{entry.phrase}"})
        made[key] = f
        out.append(f)
    for s, e in piles:  # suggestions only, outside the density: a stack is a style, not a count
        key = ("stack", s, e, doc.text[s:e])
        f = last.get(key)
        if f is None:
            f = Finding(RULE, Severity.INFO, s, e, "", f"{stack_data.get('label', '排比套话')}："
                        f"{stack_data.get('why', '')}。", stack_data.get("suggestion", ""),
                        data={"category": "stack", "entry": doc.text[s:e], "count": 1, "group": f"cliche:stack:{doc.text[s:e]}"})
        made[key] = f
        out.append(f)
    if ctx.last is not None:
        last.clear()
        last.update(made)
    return out
