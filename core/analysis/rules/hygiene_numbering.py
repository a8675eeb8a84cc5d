"""hygiene.numbering: gaps, repeats, backward steps and mixed styles in heading numbers and 一是/二是."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import replace

from core.analysis.doc_edit import same_shape_findings
from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.text.document import Document, EnumItem, Heading, lead_end
from core.text.numerals import int_to_chinese
from core.text.spaces import INDENT_WS

RULE = "hygiene.numbering"
_WS = INDENT_WS
# Effective depth: ① is used below （1）, so it gets its own level.
_DEPTH = {"cn": 1, "paren_cn": 2, "arabic": 3, "paren_arabic": 4, "circled": 5}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HALF = set("()")


def _num_text(style: str, n: int) -> str:
    if style in ("cn", "paren_cn"):
        return int_to_chinese(n)
    if style == "circled":
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    return str(n)


def _shape(h: Heading) -> tuple[str, str, str]:
    """(style, before, after): the punctuation around the number, e.g. ("paren_cn", "（", "）")."""
    m = h.marker
    if h.style in ("paren_cn", "paren_arabic"):
        return (h.style, m[:1], m[-1:])
    if h.style == "circled":
        return (h.style, "", "")
    return (h.style, "", m[-1:])


def _marker(shape: tuple[str, str, str], n: int) -> str:
    style, before, after = shape
    return f"{before}{_num_text(style, n)}{after}"


def _mismatched(shape: tuple[str, str, str]) -> bool:
    # （二) is hygiene.bracket's business: do not report it twice.
    return shape[1] != "" and (shape[1] in _HALF) != (shape[2] in _HALF)


def _latest_before(starts: list[int], offset: int, default: int) -> int:
    """The largest value in sorted `starts` below `offset` (or at it, when inclusive is wanted)."""
    i = bisect_left(starts, offset)
    return starts[i - 1] if i > 0 else default


@rule(RULE, scope="document",
      description="序号跳号、重复、倒序，同级序号格式不统一，编号标题中夹着无编号标题，一是/二是缺号或重复")
def numbering(doc: Document, ctx):
    # Headings, part lines and 一是 items decide every finding: an edit that leaves them (and the
    # text before each item) as they were keeps the last findings (core/analysis/doc_edit.py).
    return same_shape_findings(ctx, RULE, doc, lambda: [*_headings(doc), *_unnumbered(doc), *_enums(doc),
                                                        *_comma_joined(doc)])


@rule("hygiene.watermark", part="page_residue", description="文档网站分页残留的行首序号（如“2、”拆开一个词）")
def page_residue(doc: Document, ctx):
    """"2、" left at a line start by a document site's page chunks (core.text.document finds them):
    site residue, reported as hygiene.watermark, and never counted as a heading number."""
    for h in doc.page_markers:
        yield Finding("hygiene.watermark", Severity.WARNING, h.start, h.start + len(h.marker), "",
                      f"分页残留：行首的“{h.marker}”是文档网站的分页序号，不是标题序号，常把一个词拆到两行。",
                      "删去这个序号，并把这一行与上一行接上。")


def _headings(doc: Document):
    heads = doc.headings
    if not heads:
        return
    # Majority shape per depth, document-wide: the minority is a mixed style.
    shapes: dict[int, Counter] = {}
    for h in heads:
        d = _DEPTH[h.style]
        if d not in shapes:
            shapes[d] = Counter()
        shapes[d][_shape(h)] += 1
    # Unnumbered section lines (下一步打算 / 原因分析：) also start a new group of sub-headings.
    labels = [s.start for s in doc.sections if s.heading is None and s.key != "opening"]
    # A deeper heading the sections took for a part (一、二、三、 then 4、下一步打算): one slip of
    # level, said once; the sub-headings under it count from it.
    level = doc.section_level
    promoted = {s.heading.start for s in doc.sections if s.heading is not None and level is not None
                and s.heading.level > level}
    skeleton = [h for h in heads if level is not None and h.level <= level]
    labels = sorted(labels + list(promoted))
    majority = {d: c.most_common(1)[0] for d, c in shapes.items()}
    last_at: dict[tuple[int, int], Heading] = {}  # (depth, group) -> last sibling
    last_group_end: dict[int, int] = {}  # depth -> last number of the previous group
    last_of_depth: dict[int, Heading] = {}  # the latest heading of each depth
    slipped: dict[tuple[int, int], int] = {}  # (depth, group) -> the number a misnumbered heading should have
    for h in heads:
        depth = _DEPTH[h.style]
        if h.start in promoted:
            before = [t for t in skeleton if t.start < h.start]
            if before:
                want = _marker(_shape(before[-1]), before[-1].number + 1)
                yield Finding(RULE, Severity.WARNING, h.start, h.start + len(h.marker), "",
                              f"“{h.title}”与“{before[-1].marker}{before[-1].title}”同为一级标题，序号应为“{want}”，"
                              f"这里写成了下一级的“{h.marker}”。", want)
            continue
        # Parent: the nearest earlier heading of a smaller depth, or the enclosing section if later.
        parents = [last_of_depth[d] for d in last_of_depth if d < depth]
        parent_start = max((p.start for p in parents), default=-1)
        top_level = doc.section_level is not None and h.level <= doc.section_level
        group = max(parent_start, -1 if top_level else _latest_before(labels, h.start, -1))
        key = (depth, group)
        shape = _shape(h)
        mlen = len(h.marker)
        prev = last_at.get(key)
        if prev is not None and h.number == 1 and depth >= 3:
            prev = None  # 1. 2. 3. … 1. 2.: below （一） a second list under one heading is common
        expected = prev.number + 1 if prev else 1
        sev = Severity.ERROR if depth == 1 else Severity.WARNING
        slip = slipped.pop(key, None)
        if slip is not None and h.number == slip + 1:
            pass  # （一）（三）（三）: the list goes on as if the slip were fixed, one finding is enough
        elif prev is None:
            # A group may continue the previous one (（四）（五） under 二、): not a gap.
            if h.number != 1 and h.number != last_group_end.get(depth, -9) + 1:
                yield Finding(RULE, sev, h.start, h.start + mlen, "",
                              f"序号应从“{_marker(shape, 1)}”开始，这里是“{h.marker}”。", _marker(shape, 1))
        elif h.number == prev.number:
            yield Finding(RULE, sev, h.start, h.start + mlen, "",
                          f"序号重复：前面已有“{prev.marker}”，这里应为“{_marker(shape, expected)}”。",
                          _marker(shape, expected))
        elif h.number < prev.number:
            yield Finding(RULE, sev, h.start, h.start + mlen, "",
                          f"序号倒退：“{prev.marker}”之后是“{h.marker}”，应为“{_marker(shape, expected)}”。",
                          _marker(shape, expected))
        elif h.number > expected:
            missing = "、".join(f"“{_marker(shape, k)}”" for k in range(expected, min(h.number, expected + 3)))
            yield Finding(RULE, sev, h.start, h.start + mlen, "",
                          f"序号跳号：“{prev.marker}”之后缺少{missing}，这里是“{h.marker}”。",
                          _marker(shape, expected))
        if prev is not None and h.number != expected and not (slip is not None and h.number == slip + 1):
            slipped[key] = expected  # misnumbered (reported above): the next sibling may go on from the fix
        last_at[key] = h
        last_group_end[depth] = h.number
        last_of_depth[depth] = h
        # Drop deeper levels' memory when a new parent starts.
        for d in [d for d in last_group_end if d > depth]:
            del last_group_end[d]
        for d in [d for d in last_of_depth if d > depth]:
            del last_of_depth[d]
        if h.marker.startswith("〔"):
            want = f"（{h.marker[1:-1]}）"
            yield Finding(RULE, Severity.WARNING, h.start, h.start + mlen, "",
                          f"标题序号“{h.marker}”用了六角括号（那是发文字号中年份用的），应写作“{want}”。", want)
        after = doc.text[h.start + mlen:h.start + mlen + 1]
        if after and after in "、，," and h.marker[-1] in "）).．":
            # （一）、 1.、: the bracket or the point is the number's mark; GB/T 15834 adds none after it.
            yield Finding(RULE, Severity.WARNING, h.start, h.start + mlen + 1, "",
                          f"序号“{h.marker}”后面不再加“{after}”。", h.marker)
        counts = shapes[depth]
        top, top_n = majority[depth]
        if shape != top and top_n > counts[shape] and top_n >= 2 and not _mismatched(shape) \
                and not _mismatched(top) and top[0] == shape[0]:
            yield Finding(RULE, Severity.WARNING, h.start, h.start + mlen, "",
                          f"同级序号格式不统一：其他同级标题写作“{_marker(top, h.number)}”这样的格式。",
                          _marker(top, h.number))


def _unnumbered(doc: Document):
    """A section heading line without a number among numbered ones (… 二、存在问题 / 下一步打算)."""
    level = doc.section_level
    if level is None:
        return
    numbered = [h for h in doc.headings if h.level == level]
    if len(numbered) < 2:
        return
    for s in doc.sections:
        if s.heading is not None or s.key in ("opening", "other"):
            continue
        p = doc.paragraph_at(s.start)
        if p is None or s.body_start != p.end or len(p.text.strip(_WS)) > 20:
            continue  # a run-in label such as 原因分析：… is not a heading line
        before = [h for h in numbered if h.start < s.start]
        after = [h for h in numbered if h.start > s.start]
        if not before:
            continue
        expected = before[-1].number + 1
        if after and after[0].number != expected + 1:
            continue  # the numbering does not count this line: a sub-label, not a missing number
        shape = _shape(before[-1])
        marker = _marker(shape, expected)
        title = p.text.strip(_WS)
        start = p.start + p.text.index(title[0])
        yield Finding(RULE, Severity.WARNING, start, start + len(title), "",
                      f"“{title}”与其他一级标题不同，缺少序号，应为“{marker}{title}”。", marker + title)


def _enums(doc: Document):
    """一是/二是 sequences: within a heading's scope, per family (是/要/抓)."""
    text = doc.text
    # A list restarts under every heading and every section line.
    bounds = sorted({h.start for h in doc.headings} | {s.start for s in doc.sections}
                    | {h.start for h in doc.inline_headings})
    heading_of_par = {h.paragraph: h for h in doc.headings}
    scopes: dict[tuple[int, str], list[EnumItem]] = {}
    for e in doc.enums:
        if e.family == "ordinal":
            continue
        if e.start > 0 and text[e.start - 1] in "“‘《「":
            continue  # “四抓两整治”: a quoted name, not an item
        i = bisect_right(bounds, e.start)
        scope = (bounds[i - 1] if i else 0, e.family)
        scopes.setdefault(scope, []).append(e)
    for items in scopes.values():
        yield from _one_slip(items, _repeated_first(items, list(_check_sequence(doc, items, heading_of_par))))


def _repeated_first(items: list[EnumItem], findings: list[Finding]) -> list[Finding]:
    """一是…⏎一是…⏎三是…, one item a line: a second 一是 reads as a new list, so 三是 seemed to lack
    二是; but the list goes on from 二是, so the second 一是 is the slip. Within one paragraph the
    second 一是 may open an inner list inside the first item (一是强化政治建设。一是…三是): 三是 is
    then the slip, as the sequence says."""
    at = {f.start: f for f in findings}
    for a, b, c in zip(items, items[1:], items[2:], strict=False):
        f = at.get(c.start)
        if a.number == b.number == 1 and c.number == 3 and f is not None and f.data.get("want") == 2 \
                and b.start not in at and a.family == b.family == c.family \
                and a.paragraph < b.paragraph < c.paragraph:
            want = f.suggestion
            at.pop(c.start)
            at[b.start] = Finding(RULE, Severity.WARNING, b.start, b.end, "",
                                  f"列举序号重复：前面已有“{a.marker}”，这里应为“{want}”（后面的“{c.marker}”接着它往下编）。",
                                  want, data={"want": 2})
    return sorted(at.values(), key=lambda f: f.start)


def _one_slip(items: list[EnumItem], findings: list[Finding]) -> list[Finding]:
    """一是…三是…三是: when the list goes on as if a misnumbered item were fixed, the next item is
    right and gets no finding of its own (it would advise 四是 and break the list)."""
    at = {f.start: f for f in findings}
    drop = set()
    for a, b in zip(items, items[1:], strict=False):
        fa, fb = at.get(a.start), at.get(b.start)
        if fa is not None and fb is not None and a.start not in drop and b.number == fa.data.get("want", -9) + 1:
            drop.add(b.start)
            if "缺少" in fa.message:  # not an item left out: this one is misnumbered
                at[a.start] = replace(fa, message=f"列举序号有误：这里的“{a.marker}”应为“{fa.suggestion}”"
                                                  f"（后面的“{b.marker}”接着它往下编）。")
    return [at.get(f.start, f) for f in findings if f.start not in drop]


def _comma_joined(doc: Document):
    """一是……，二是……: items of several clauses joined by commas read as one run-on sentence (info)."""
    text = doc.text
    prev: EnumItem | None = None
    for e in doc.enums:
        if (prev is not None and e.family == prev.family and e.paragraph == prev.paragraph
                and e.number == prev.number + 1 and e.family == "是" and e.start > 0 and text[e.start - 1] in "，,"):
            item = text[prev.end:e.start - 1]
            if len(item) >= 20 and ("，" in item or "," in item):
                yield Finding(RULE, Severity.INFO, e.start - 1, e.start, "",
                              f"“{prev.marker}……”一项已有几个分句，与“{e.marker}”之间用逗号连成了一句，宜改用句号或分号。",
                              "。")
        prev = e


def _content_start(doc: Document, par_index: int, heading_of_par) -> int:
    p = doc.paragraphs[par_index]
    h = heading_of_par.get(par_index)
    base = h.end if h is not None and h.run_in else p.start
    t = doc.text
    while base < p.end and t[base] in _WS:
        base += 1
    return lead_end(t, base) if t[base:base + 1] == "<" else base  # <p …>二是: pasted HTML in front


def _check_sequence(doc: Document, items: list[EnumItem], heading_of_par):
    by_par: dict[int, list[EnumItem]] = {}
    for e in items:
        by_par.setdefault(e.paragraph, []).append(e)
    lead_last: int | None = None
    seq_last: int | None = None
    for par in sorted(by_par):
        group = by_par[par]
        first = group[0]
        if first.start == _content_start(doc, par, heading_of_par):
            prev = lead_last if lead_last is not None else seq_last
            f = _step(first, prev)
            if f:
                yield f
            lead_last = first.number
            rest = group[1:]
            if rest and rest[0].number == 1:
                # A nested list inside this item; the outer list may go on after it in the same paragraph.
                lead_last, seq_last = yield from _nested(rest, first.number)
            elif rest:
                lead_last = yield from _run(rest, first.number)
                seq_last = lead_last
        else:
            start_prev = None if first.number == 1 else seq_last
            seq_last = yield from _run(group, start_prev)


def _nested(group: list[EnumItem], outer_last: int):
    """An inner 一是…二是… inside an outer item, numbered on its own: an item that would step the
    inner list back but is the outer list's next number resumes the outer list."""
    inner: int | None = None
    resumed = False  # the outer list goes on: later items continue it
    for e in group:
        if not resumed and inner is not None and e.number == outer_last + 1 and e.number <= inner:
            outer_last, inner, resumed = e.number, None, True
            continue
        if resumed:
            f = _step(e, outer_last)
            if f:
                yield f
            outer_last = e.number
            continue
        f = _step(e, inner)
        if f:
            yield f
        inner = e.number
    return outer_last, (outer_last if resumed else inner)


def _run(group: list[EnumItem], prev: int | None):
    for e in group:
        f = _step(e, prev)
        if f:
            yield f
        prev = e.number
    return prev


def _step(e: EnumItem, prev: int | None) -> Finding | None:
    n = e.number
    suffix = e.marker[len(e.marker) - len(e.family):] if e.marker.endswith(e.family) else e.family

    def name(k: int) -> str:  # 三是 / 三要 / 第三 / （3） / ③
        if e.family == "（1）":
            return f"{e.marker[0]}{k}{e.marker[-1]}"
        if e.family == "①":
            return _CIRCLED[k - 1] if 0 < k <= len(_CIRCLED) else str(k)
        return f"第{int_to_chinese(k)}" if e.family == "第" else f"{int_to_chinese(k)}{suffix}"

    if n == 1:
        return None  # a new list
    if prev is None:
        if e.family == "第":
            return None  # 第二，… alone: a list begun elsewhere (a quoted excerpt, a cut-off page)
        want = name(1)
        return Finding(RULE, Severity.WARNING, e.start, e.end, "",
                       f"列举从“{e.marker}”开始，前面没有“{want}”。", want, data={"want": 1})
    want = name(prev + 1)
    if n == prev:
        msg = f"列举序号重复：前面已有“{e.marker}”，这里应为“{want}”。"
    elif n < prev:
        msg = f"列举序号倒退：“{name(prev)}”之后是“{e.marker}”，应为“{want}”。"
    elif n > prev + 1:
        msg = f"列举缺号：“{name(prev)}”之后缺少“{want}”，这里是“{e.marker}”。"
    else:
        return None
    return Finding(RULE, Severity.WARNING, e.start, e.end, "", msg, want, data={"want": prev + 1})
