"""structure.*: required sections present, substantive and in the expected order."""

from __future__ import annotations

import re
from bisect import bisect_right

from core.analysis.doc_edit import facts, keep, previous, same_shape_findings
from core.analysis.findings import Finding, Severity
from core.analysis.incremental import per_document
from core.analysis.rules import rule
from core.text.document import Document, Section
from core.text.textstats import count_cjk
from core.text.wordcount import word_count

# Cause analysis written inside 存在问题 satisfies 原因分析 where the kind allows it.
CAUSE_PHRASES = re.compile(r"主要原因|原因[是在有主]|究其原因|根源在于|原因分析|深层次原因|剖析原因|根子上|"
                           r"分析(其|起来)?原因|(产生|出现)(这些|上述|以上)?问题的原因")


def min_chars(ctx, spec) -> int:
    """The kind's minimum length for a section, scaled by the user's setting."""
    return int(round(spec.min_chars * float(ctx.threshold("structure", "min_chars_scale", 1.0))))


def section_chars(doc: Document, key: str, ctx=None) -> int:
    """字数 of a part as shown to the writer ("仅 272 字"): Word's rule, like the 大纲 and status bar.
    With `ctx`, whole paragraphs are counted once per paragraph text (cached) and summed, and a
    part the last edit did not touch keeps its count of the last analysis."""
    if getattr(ctx, "scratch", None) is None:
        return sum(word_count(doc.text[s.body_start:s.end]) for s in doc.sections_with(key))
    return _key_totals(doc, ctx).get(key, 0)


def _key_totals(doc: Document, ctx) -> dict[str, int]:
    hit = ctx.scratch.get("structure:key_totals")
    if hit is None:
        hit = {}
        for s, n in zip(doc.sections, section_counts(doc, ctx), strict=True):
            for k in s.keys:
                hit[k] = hit.get(k, 0) + n
        ctx.scratch["structure:key_totals"] = hit
    return hit


def section_counts(doc: Document, ctx) -> list[int]:
    """字数 of each section's body (doc.sections order), recounting only the sections an edit touched."""
    hit = ctx.scratch.get("structure:section_counts")
    if hit is not None:
        return hit
    edit, old = previous(ctx, "structure:section_counts", doc)
    if edit is not None and edit.same_shape and old is not None:
        hit = [_span_count(doc, ctx, s.body_start, s.end) if edit.touches(s.body_start, s.end) else old[k]
               for k, s in enumerate(doc.sections)]
    else:
        hit = [_span_count(doc, ctx, s.body_start, s.end) for s in doc.sections]
    ctx.scratch["structure:section_counts"] = hit
    keep(ctx, "structure:section_counts", doc, hit)
    return hit


def _span_count(doc: Document, ctx, a: int, b: int) -> int:
    """word_count(doc.text[a:b]): line breaks separate what it counts, so whole paragraphs add up
    (each counted once per paragraph text, cached)."""
    if b <= a:
        return 0
    starts = facts(ctx, doc).starts
    i, j = bisect_right(starts, a) - 1, bisect_right(starts, b) - 1  # paragraphs holding a and b
    if i == j:
        return word_count(doc.text[a:b])
    paras = doc.paragraphs
    n = word_count(doc.text[a:paras[i].end]) + word_count(doc.text[paras[j].start:b])
    cache = ctx.lexicon.cache("structure:word_count")
    for p in paras[i + 1:j]:
        c = cache.get(p.text)
        if c is None:
            c = word_count(p.text)
            cache.put(p.text, c)
        n += c
    return n


def causes_inside_problems(doc: Document) -> bool:
    return any(CAUSE_PHRASES.search(doc.text[s.body_start:s.end]) for s in doc.sections_with("problems"))


_SENTENCE_MARKS = re.compile(r"[。，；：！？,;!?]")
BLANK_MAX_CHARS = 60  # a title line at most: nothing of the report itself is written yet


def is_blank(doc: Document) -> bool:
    """Not started: an empty page, or only a title line. No part is missing yet, all are to be written."""
    line = None
    for p in doc.paragraphs:
        t = p.text.strip()
        if t:
            if line is not None:
                return False  # two lines: something is written
            line = t
    if line is None:
        return True
    # One line that reads as a title: short and with no sentence punctuation (a sentence is text).
    return len(line) <= BLANK_MAX_CHARS and not _SENTENCE_MARKS.search(line)


@per_document  # the analyzer, empty_section and the checklist ask
def is_skeleton(doc: Document) -> bool:
    """A brand-new draft: headings (title, parts) but no text under any of them yet, or a blank page."""
    if is_blank(doc):
        return True
    parts = [s for s in doc.sections if s.key not in ("opening", "other")]
    return bool(parts) and all(count_cjk(doc.text[s.body_start:s.end]) == 0 for s in parts)


def present_keys(doc: Document, kind) -> set[str]:
    keys = {k for s in doc.sections for k in s.keys}
    if "causes" not in keys and kind.causes_inside_problems and causes_inside_problems(doc):
        keys.add("causes")
    return keys


def _insertion_point(doc: Document, kind, key: str) -> int:
    """Where a missing section belongs: the end of the last present section before it in order."""
    order = list(kind.order)
    before = set(order[: order.index(key)]) if key in order else set()
    pos = 0
    for s in doc.sections:
        if set(s.keys) & before:
            pos = max(pos, s.end)
    return pos


@rule("structure.missing_section", description="报告类型要求的部分缺失（如原因分析、下一步打算）")
def missing_section(doc: Document, ctx):
    kind = ctx.kind
    if is_blank(doc):
        return  # nothing written yet: every part is 待填写 in the checklist, none is missing
    present = present_keys(doc, kind)
    for key, spec in kind.sections.items():
        if not spec.required or key in present:
            continue
        if key == "opening" and not doc.headings and not doc.inline_headings:
            continue  # a text without headings: where its opening would end is guesswork
        nested = nested_heading(doc, ctx, key) if key != "opening" else None
        if nested is not None:
            # The part is written, under another part's heading: not missing, but a reviewer
            # counting the parts may miss it.
            yield Finding("structure.missing_section", Severity.WARNING, nested.start, nested.end, "",
                          f"“{spec.label}”写在了下一级标题“{nested.marker}{nested.title}”里，没有单列为一部分：评审按部分"
                          f"核对时容易被看作缺项。", f"把“{spec.label}”单列为与其他部分同级的标题。", section=key)
            continue
        at = _insertion_point(doc, kind, key)
        if key == "opening":
            msg = "缺少开头：应先交代述职依据和范围，再分部分展开。"
        else:
            msg = f"缺少“{spec.label}”部分：{kind.short}应包含这一部分，评审时会直接扣分。"
        yield Finding("structure.missing_section", Severity.ERROR, at, at, "", msg,
                      f"增加“{spec.label}”部分。{spec.hint}", section=key)


# Parts whose heading words are specific enough to be believed one level down (履行……责任 heads
# many a sub-heading that is no 履职情况 part).
NESTABLE = ("problems", "causes", "plans")


def nested_heading(doc: Document, ctx, key: str):
    """The first heading below the parts' level that names the part `key` (一、履职情况 →
    （三）存在的问题), or None."""
    level = doc.section_level
    if level is None or key not in NESTABLE:
        return None
    match = ctx.lexicon.section_matcher(ctx.kind.id)
    for h in (*doc.headings, *doc.inline_headings):
        if h.level > level and key in match(h.title):
            return h
    return None


def _heading_span(s: Section) -> tuple[int, int]:
    return (s.start, s.body_start if s.body_start > s.start else s.end)


@rule("structure.empty_section", description="某一部分只有标题或寥寥数语，没有实质内容")
def empty_section(doc: Document, ctx):
    kind = ctx.kind
    seen: set[str] = set()
    skeleton = is_skeleton(doc)
    for s in doc.sections:
        for key in s.keys:
            spec = kind.section(key)
            if spec is None or key in seen:
                continue
            seen.add(key)
            chars = section_chars(doc, key, ctx)
            if key == "causes" and "problems" in s.keys:
                continue  # a combined 问题及原因 heading is measured as 存在问题
            needed = min_chars(ctx, spec)
            if chars >= needed:
                continue
            start, end = _heading_span(s) if s.key != "opening" else (s.start, s.end)
            # The part is there (a heading or a cue): thin is a warning, never an error; on a new
            # skeleton every part is still to be written (待填写), which is no defect yet.
            if skeleton:
                yield Finding("structure.empty_section", Severity.INFO, start, end, "",
                              f"“{spec.label}”待填写。", spec.hint or None, section=key)
                continue
            what = "没有内容" if chars == 0 else f"仅 {chars} 字"
            yield Finding("structure.empty_section", Severity.WARNING, start, end, "",
                          f"“{spec.label}”{what}，少于 {needed} 字，内容单薄。",
                          spec.hint or None, section=key)


@rule("structure.order", description="各部分顺序与常规写法不符（如下一步打算写在存在问题之前）")
def order(doc: Document, ctx):
    return same_shape_findings(ctx, "structure.order", doc, lambda: _order(doc, ctx))  # sections decide


def _order(doc: Document, ctx):
    rank = {k: i for i, k in enumerate(ctx.kind.order)}
    best_before = -1
    best_key = None
    for s in doc.sections:
        ranks = [rank[k] for k in s.keys if k in rank]
        if not ranks:
            continue
        r = min(ranks)
        if r < best_before and s.key != "opening":
            start, end = _heading_span(s)
            label = ctx.kind.label(s.key)
            after = ctx.kind.label(best_key)
            yield Finding("structure.order", Severity.WARNING, start, end, "",
                          f"“{label}”出现在“{after}”之后，顺序不符合常规写法。",
                          f"把“{label}”移到“{after}”之前。", section=s.key)
        if max(ranks) > best_before:
            best_before = max(ranks)
            best_key = ctx.kind.order[best_before]
