"""boilerplate.empty_claim: in 履职情况, sentences that claim an achievement (取得明显成效, 得到
进一步加强, 实现新提升 …) without anything a reader could check: no figure, date, place, person,
named document 《…》 or named activity “…”.  Severity info; the share of such sentences per
section goes to the panel and to the checklist item 成效有事实支撑.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import itemgetter

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.boilerplate_common import (
    LEAD_MARKER,
    body_paragraphs,
    data,
    formulations,
    para_cache,
    stats,
    threshold,
)
from core.common.trie_regex import trie_regex
from core.text.document import Document
from core.text.textstats import count_cjk

RULE = "boilerplate.empty_claim"
SENTENCE_END = re.compile(r"[。；;！？!?]")
QUOTED = re.compile(r"[“\"‘]([^”\"’]{1,30})[”\"’]")
DEFAULT_SECTIONS = ("performance",)


@dataclass(frozen=True, slots=True)
class Patterns:
    # Separate patterns, not one alternation: each then scans with its own literal prefix or
    # first-character set, about twice as fast on report text.
    claim: tuple[re.Pattern[str], ...]
    fact: tuple[re.Pattern[str], ...]
    quoted_min: int
    fixed: re.Pattern[str] | None  # formulations, blanked before looking for facts (两个维护 is no figure)


def patterns(ctx) -> Patterns:
    def build() -> Patterns:
        cfg = data(ctx).get("empty_claim", {})
        claims = [p for p in cfg.get("claims", []) if _valid(p)]
        facts = [p for p in cfg.get("facts", []) if _valid(p)]
        fixed = sorted(formulations(ctx), key=len, reverse=True)
        return Patterns(tuple(re.compile(p) for p in claims), tuple(re.compile(p) for p in facts),
                        int(cfg.get("quoted_min_chars", 2)),
                        trie_regex(fixed))

    return ctx.lexicon.memo("boilerplate:claim_patterns", build)


def _valid(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False  # a broken user pattern is skipped, not fatal
    return True


def judge(sentence: str, pats: Patterns, fixed: frozenset[str]) -> tuple[bool, bool]:
    """(claims an achievement, has a checkable fact)."""
    if not any(p.search(sentence) for p in pats.claim):
        return False, False
    plain = pats.fixed.sub("□", sentence) if pats.fixed else sentence
    if any(p.search(plain) for p in pats.fact):
        return True, True
    for m in QUOTED.finditer(sentence):
        name = m.group(1).strip()
        if len(name) >= pats.quoted_min and name not in fixed:
            return True, True  # a named activity: “书香进村”, “我为群众办实事”
    return True, False


def paragraph_sentences(text: str, skip: int, ctx) -> tuple[tuple[int, int, bool, bool, bool], ...]:
    """(start, end, judged, claim, fact) for each sentence of a paragraph, cached by text."""
    return _sentences(text, skip, ctx, para_cache(ctx, "claims"), threshold(ctx, "empty_claim_min_chars"))


def _sentences(text: str, skip: int, ctx, cache, min_chars: int) -> tuple[tuple[int, int, bool, bool, bool], ...]:
    key = (text, skip, min_chars)
    hit = cache.get(key)
    if hit is not None:
        return hit
    pats = patterns(ctx)
    fixed = formulations(ctx)
    out = []
    bounds = [skip] + [m.end() for m in SENTENCE_END.finditer(text, skip)]
    for i, st in enumerate(bounds):
        en = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        sent = text[st:en]
        m = LEAD_MARKER.match(sent)
        lead = m.end() if m else len(sent) - len(sent.lstrip())
        s, e = st + lead, en
        while e > s and (text[e - 1] in "。；;！？!?，, \t\u3000"):
            e -= 1
        if e <= s:
            continue
        body = text[s:e]
        judged = count_cjk(body) >= min_chars
        claim, fact = judge(body, pats, fixed) if judged else (False, False)
        out.append((s, e, judged, claim, fact))
    hit = tuple(out)
    cache.put(key, hit)
    return hit


@rule(RULE, scope="document",
      description="履职情况中只讲成效、没有可核实事实（数字、时间、地点、具体活动或文件）的句子")
def empty_claim(doc: Document, ctx):
    keys = tuple(data(ctx).get("empty_claim", {}).get("sections", DEFAULT_SECTIONS))
    secs = [s for s in doc.sections if set(s.keys) & set(keys)]
    if not secs:
        return []
    paras = body_paragraphs(doc)
    par_ends = [p.end for p, _ in paras]
    par_starts = [p.start for p, _ in paras]
    cache, min_chars = para_cache(ctx, "claims"), threshold(ctx, "empty_claim_min_chars")
    # section number -> (inputs, counts, empty sentences relative to its start, its start, findings
    # there), kept between analyses: a section's figures depend on its own paragraphs alone.
    state = ctx.reuse("empty_claim:sections", 0, dict)
    out: list[Finding] = []
    per_section = []
    total_judged = total_empty = 0
    for k, sec in enumerate(secs):
        lo = bisect_right(par_ends, sec.body_start)
        here = paras[lo:bisect_left(par_starts, sec.end, lo)]
        base = sec.start
        inputs = (sec.key, sec.body_start - base, sec.end - base, min_chars,
                  tuple((p.start - base, p.text, skip) for p, skip in here))
        hit = state.get(k)
        if hit is None or hit[0] != inputs:
            hit = state[k] = (inputs, *_section_claims(sec, here, ctx, cache, min_chars), None, [])
        _, (judged, claims, empty), spans, at, placed = hit
        if spans:
            if at != base:  # moved (or new): placed anew; else the same findings (never modified)
                placed = [Finding(RULE, Severity.INFO, base + a, base + b, "", _EMPTY_MESSAGE, _EMPTY_SUGGESTION,
                                  section=sec.key) for a, b in spans]
                state[k] = (*hit[:3], base, placed)
            out += placed
        share = empty / judged if judged else 0.0
        per_section.append({"key": sec.key, "title": sec.title, "start": sec.start, "end": sec.end,
                            "sentences": judged, "claims": claims, "empty": empty, "share": round(share, 3)})
        total_judged += judged
        total_empty += empty
    stats(ctx)["empty_claims"] = {"sections": per_section, "sentences": total_judged, "empty": total_empty}
    warn_share = threshold(ctx, "empty_share_warn")
    min_count = threshold(ctx, "empty_min_count")
    share = total_empty / total_judged if total_judged else 0.0
    label = "成效有事实支撑"
    if total_empty >= min_count and share >= warn_share:
        ctx.stats["checklist.empty_claims"] = (
            label, "warn", f"履职情况 {total_judged} 句中有 {total_empty} 句只说成效、无事实（{share:.0%}）")
    else:
        ctx.stats["checklist.empty_claims"] = (
            label, "pass", f"履职情况 {total_judged} 句中 {total_empty} 句只说成效、无事实")
    return out


_EMPTY_MESSAGE = "这句话只说成效，没有可核实的事实（数字、时间、地点、具体活动或文件）。"
_EMPTY_SUGGESTION = ("补上做了什么、多少、结果如何，例如“举办专题培训 4 期、覆盖党员 126 人，"
                     "党员学习平台参学率由 72% 提高到 95%”；写不出事实的成效宁可删去。")


def _section_claims(sec, paras, ctx, cache, min_chars: int) -> tuple[tuple[int, int, int], list[tuple[int, int]]]:
    """((sentences judged, claims, empty claims), the empty claims' spans relative to sec.start)."""
    judged = claims = empty = 0
    spans: list[tuple[int, int]] = []
    for p, skip in paras:
        sents = _sentences(p.text, skip, ctx, cache, min_chars)
        # Only the sentences starting inside the section (by bisection: one paragraph may hold
        # thousands of sections, run into it by a site).
        lo = bisect_left(sents, sec.body_start - p.start, key=itemgetter(0))
        hi = bisect_left(sents, sec.end - p.start, lo, key=itemgetter(0))
        for s, e, is_judged, claim, fact in sents[lo:hi]:
            a, b = p.start + s, p.start + e
            if not is_judged:
                continue
            judged += 1
            if not claim:
                continue
            claims += 1
            if fact:
                continue
            empty += 1
            spans.append((a - sec.start, b - sec.start))
    return (judged, claims, empty), spans
