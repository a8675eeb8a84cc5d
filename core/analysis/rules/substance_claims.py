"""substance.unsupported_claim: in 履职情况, a strong evaluative claim (显著提升, 圆满完成, 全面落实 …,
resources/claims.toml) with no figure, date, name or comparison in its own sentence or the one
before or after it (same paragraph).  Info: it refines substance.no_figures into per-claim hints;
the checklist says "N 处成效缺少事实支撑".  Facts are recognised with the patterns of
boilerplate.empty_claim (resources/boilerplate.toml) plus the comparisons of claims.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.boilerplate_claims import QUOTED, patterns
from core.analysis.rules.boilerplate_common import body_paragraphs, formulations
from core.common.trie_regex import trie_regex
from core.text.document import Document

RULE = "substance.unsupported_claim"
SENTENCE_END = re.compile(r"[。；;！？!?]")


@dataclass(frozen=True, slots=True)
class ClaimData:
    strong: re.Pattern[str] | None
    comparisons: tuple[re.Pattern[str], ...]
    sections: tuple[str, ...]


def _data(ctx) -> ClaimData:
    def build() -> ClaimData:
        try:
            raw = ctx.lexicon.toml("claims")
        except (OSError, ValueError):
            raw = {}
        comps = []
        for p in raw.get("comparisons", ()):
            try:
                comps.append(re.compile(p))
            except re.error:
                pass  # a broken user pattern is skipped, not fatal
        strong = sorted({w for w in raw.get("strong", ()) if w}, key=len, reverse=True)
        return ClaimData(trie_regex(strong) if strong else None, tuple(comps),
                         tuple(raw.get("sections", ("performance",))))

    return ctx.lexicon.memo("substance:claims_data", build)


def has_fact(sentence: str, ctx) -> bool:
    pats = patterns(ctx)
    plain = pats.fixed.sub("□", sentence) if pats.fixed else sentence
    if any(p.search(plain) for p in pats.fact):
        return True
    if any(p.search(sentence) for p in _data(ctx).comparisons):
        return True
    fixed = formulations(ctx)
    return any(len(m.group(1).strip()) >= pats.quoted_min and m.group(1).strip() not in fixed
               for m in QUOTED.finditer(sentence))


def paragraph_claims(text: str, skip: int, ctx) -> tuple[tuple[int, int], ...]:
    """Spans of the unsupported strong claims of one paragraph (offsets in the paragraph), cached."""
    cache = ctx.lexicon.cache("substance:claims")
    key = (text, skip)
    hit = cache.get(key)
    if hit is not None:
        return hit
    d = _data(ctx)
    out: list[tuple[int, int]] = []
    if d.strong is not None and d.strong.search(text, skip):
        bounds = [skip] + [m.end() for m in SENTENCE_END.finditer(text, skip)]
        if bounds[-1] < len(text):
            bounds.append(len(text))
        sents = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
        facts: dict[int, bool] = {}

        def fact(i: int) -> bool:
            if i not in facts:
                facts[i] = 0 <= i < len(sents) and has_fact(text[sents[i][0]:sents[i][1]], ctx)
            return facts[i]

        for i, (a, b) in enumerate(sents):
            claims = list(d.strong.finditer(text, a, b))
            if claims and not (fact(i) or fact(i - 1) or fact(i + 1)):
                out.extend(m.span() for m in claims)
    hit = tuple(out)
    cache.put(key, hit)
    return hit


@rule(RULE, description="履职情况中“显著提升”“圆满完成”一类的评价，前后没有数字、对比、名称或日期支撑")
def unsupported_claim(doc: Document, ctx):
    d = _data(ctx)
    secs = [s for s in doc.sections if set(s.keys) & set(d.sections)]
    if not secs:
        return []
    paras = body_paragraphs(doc)
    ends = [p.end for p, _ in paras]
    out: list[Finding] = []
    for sec in secs:
        for p, skip in paras[bisect_right(ends, sec.body_start):]:
            if p.start >= sec.end:
                break
            claims = paragraph_claims(p.text, skip, ctx)
            # Only the claims inside this section (one paragraph may hold many sections, run into
            # it by a site): by bisection, not every claim of the paragraph for every section.
            lo = bisect_left(claims, (sec.body_start - p.start, -1))
            hi = bisect_left(claims, (sec.end - p.start, -1), lo)
            for a, b in claims[lo:hi]:
                phrase = p.text[a:b]
                out.append(Finding(RULE, Severity.INFO, p.start + a, p.start + b, "",
                                   f"“{phrase}”是很重的评价，但这句和前后句都没有数字、对比、名称或日期来支撑。",
                                   "写出支撑这个评价的事实：由多少提高到多少、同比变化、获得的表彰或具体事例；"
                                   "写不出就换成平实的说法。", section=sec.key))
    n = len(out)
    label = "评价有事实支撑"
    ctx.stats["checklist.unsupported_claims"] = (
        label, "warn" if n else "pass", f"{n} 处成效缺少事实支撑" if n else "重要评价均有事实支撑")
    return out
