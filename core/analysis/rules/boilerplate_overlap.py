"""boilerplate.overlap: passages identical to another document (last year's report, a template,
another draft), ignoring punctuation and spaces.

The other documents are `ctx.compare` (`--compare` on the command line; in the app every other
stored draft and the user's folder of reference texts).  Their winnowed k-gram fingerprints are
built once per set of documents; each paragraph of the report is normalised and looked up once
per text (cached), so after an edit only the edited paragraph is fingerprinted again.  Hits are
verified and extended over the whole normalised report, so a passage may run across paragraphs;
it is reported piecewise, one finding per paragraph, so each mark stays inside its paragraph.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.boilerplate_common import para_cache, quote_name, stats, threshold
from core.common.lru import LRU
from core.common.trie_regex import trie_regex
from core.text.document import Document
from core.text.fingerprint import Match, SourceIndex, covered_length, normalize, params_for

RULE = "boilerplate.overlap"
_INDEXES = LRU(4)  # a few sets of compare documents (app: the other drafts; CLI: --compare files)


def source_index(compare, min_len: int) -> SourceIndex:
    k, w = params_for(min_len)
    # str hashes are cached on the string object, so re-checking the same drafts costs nothing.
    key = (k, w) + tuple((c.name, len(c.text), hash(c.text)) for c in compare)
    index = _INDEXES.get(key)
    if index is None:
        index = SourceIndex.build(((c.name, c.text) for c in compare), k, w)
        _INDEXES.put(key, index)
    return index


def _merge(matches: list[Match]) -> list[tuple[int, int, int]]:
    """Per source, the union of its matches: (start, end, source) in normalised coordinates."""
    by_src: dict[int, list[tuple[int, int]]] = {}
    for m in matches:
        by_src.setdefault(m.source, []).append((m.qstart, m.qend))
    out = []
    for src, spans in by_src.items():
        spans.sort()
        cs, ce = spans[0]
        for s, e in spans[1:]:
            if s <= ce:
                ce = max(ce, e)
            else:
                out.append((cs, ce, src))
                cs, ce = s, e
        out.append((cs, ce, src))
    return out


def _choose(passages: list[tuple[int, int, int]]) -> list[tuple[int, int, int, list[int]]]:
    """One source per copied passage: the longest wins; a source with (nearly) the same passage
    is listed with it, and a shorter passage mostly inside an accepted one is dropped."""
    starts: list[int] = []
    accepted: list[tuple[int, int, int, list[int]]] = []  # sorted by start, like `starts`
    for s, e, src in sorted(passages, key=lambda p: (p[0] - p[1], p[0], p[2])):
        keep = True
        at = bisect_left(starts, s)
        # Accepted passages overlap each other by less than half, so only a few neighbours can
        # cover half of this one.
        for a in accepted[max(0, at - 3): at + 3]:
            inter = min(e, a[1]) - max(s, a[0])
            if inter > 0 and inter * 2 >= e - s:
                keep = False
                if inter * 10 >= (a[1] - a[0]) * 8 and src != a[2] and src not in a[3]:
                    a[3].append(src)
                break
        if keep:
            starts.insert(at, s)
            accepted.insert(at, (s, e, src, []))
    return accepted


def _own_length(query: str, s: int, e: int, fixed) -> int:
    """Characters of the passage outside fixed formulations: 学习贯彻习近平新时代中国特色社会主义
    思想 is in every report and is not copying."""
    if fixed is None:
        return e - s
    return (e - s) - sum(m.end() - m.start() for m in fixed.finditer(query, s, e))


def _fixed_regex(ctx):
    """Fixed formulations, section words and the genre's title/opening formula (normalised)."""
    def build():
        words = ctx.lexicon.words("boilerplate_formulations") + ctx.lexicon.words("boilerplate_section_words")
        words += [spec.label for spec in ctx.kind.sections.values()] + [ctx.kind.name]
        terms = sorted({normalize(t).text for t in words} - {""}, key=len, reverse=True)
        return trie_regex(terms)

    return ctx.lexicon.memo(f"boilerplate:overlap_fixed:{ctx.kind.id}", build)


@rule(RULE, scope="document", description="与往年述职报告、范文或其他草稿中的段落一字不差（不计标点和空格）")
def overlap(doc: Document, ctx):
    compare = [c for c in ctx.compare if c.text and c.text.strip()]
    if not compare:
        return []
    min_len = max(8, threshold(ctx, "overlap_min_chars"))
    index = source_index(compare, min_len)
    norm_cache = para_cache(ctx, "overlap:norm")
    seed_cache = para_cache(ctx, "overlap:seeds")
    parts: list[str] = []
    bases: list[int] = []  # normalised start of each paragraph
    paras = []
    seeds: list[tuple[int, int, int]] = []
    pos = 0
    title = doc.title.index if doc.title is not None else -1
    for p in doc.paragraphs:
        if not p.text or p.index == title:
            continue  # a title is a formula every report of the kind shares
        nz = norm_cache.get(p.text)
        if nz is None:
            nz = normalize(p.text)
            norm_cache.put(p.text, nz)
        if not nz.text:
            continue
        sd = seed_cache.get((index.serial, p.text))
        if sd is None:
            sd = tuple(index.seeds(nz.text))
            seed_cache.put((index.serial, p.text), sd)
        if sd:
            seeds.extend((pos + q, d, s) for q, d, s in sd)
        parts.append(nz.text)
        bases.append(pos)
        paras.append((p, nz))
        pos += len(nz.text)
    total = pos
    st = stats(ctx)
    if not seeds:
        st["overlap"] = _summary(0, total, index, {})
        _checklist(ctx, 0.0, [])
        return []
    query = "".join(parts)
    matches = index.extend(query, seeds, min_len)
    fixed = _fixed_regex(ctx)
    chosen = _choose([m for m in _merge(matches) if _own_length(query, m[0], m[1], fixed) >= min_len])
    copied = covered_length(Match(c[0], c[1], c[2], 0) for c in chosen)
    share = copied / total if total else 0.0
    per_source: dict[int, list[int]] = {}
    for s, e, src, _also in chosen:
        lst = per_source.setdefault(src, [0, 0])
        lst[0] += e - s
        lst[1] += 1
    st["overlap"] = _summary(copied, total, index, per_source)
    _checklist(ctx, share, [(index.sources[src].name, v[0]) for src, v in per_source.items()])
    out: list[Finding] = []
    for s, e, src, also in chosen:
        name = index.sources[src].name
        # One finding per paragraph the passage touches.
        i = bisect_right(bases, s) - 1
        while i < len(paras) and bases[i] < e:
            (p, nz), base = paras[i], bases[i]
            i += 1
            a = max(s, base) - base
            b = min(e, base + len(nz.text)) - base
            if _own_length(query, base + a, base + b, fixed) < min_len // 2:
                continue  # a heading (一、上年度问题整改情况) or a few characters at the passage's edge
            start, end = p.start + nz.offsets[a], p.start + nz.offsets[b - 1] + 1
            piece = f"（{b - a} 字）" if b - a == e - s else f"（此处 {b - a} 字，整段连续 {e - s} 字）"
            msg = f"与{quote_name(name)}中的一段文字完全相同{piece}。"
            if also:
                msg += "另见" + "、".join(quote_name(index.sources[x].name) for x in also[:3]) + "。"
            out.append(Finding(RULE, Severity.WARNING, start, end, "", msg,
                               "照搬的文字要按本年度实际重写：写今年做了什么、数字和去年比有何变化。",
                               data={"source": name, "length": b - a, "passage_length": e - s,
                                     "share": round(share, 4), "group": f"overlap:{name}:{s}",
                                     "also": [index.sources[x].name for x in also]}))
    return out


def _summary(copied: int, total: int, index: SourceIndex, per_source: dict[int, list[int]]) -> dict:
    return {
        "copied_chars": copied,
        "total_chars": total,
        "share": round(copied / total, 4) if total else 0.0,
        "sources": [{"name": index.sources[src].name, "chars": v[0], "passages": v[1]}
                    for src, v in sorted(per_source.items(), key=lambda kv: -kv[1][0])],
        "compared": [s.name for s in index.sources],
    }


def _checklist(ctx, share: float, sources: list[tuple[str, int]]) -> None:
    warn = threshold(ctx, "overlap_share_warn")
    label = "与其他文本雷同"
    if not sources:
        ctx.stats["checklist.overlap"] = (label, "pass", f"与 {len(ctx.compare)} 份文本比对，未见成段相同的文字")
        return
    top = max(sources, key=lambda s: s[1])[0]
    status = "warn" if share >= warn else "pass"
    ctx.stats["checklist.overlap"] = (label, status, f"全文 {share:.0%} 与其他文本相同（主要来自{quote_name(top)}）")
