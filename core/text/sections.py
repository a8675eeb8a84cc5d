"""Name a parsed Document's parts (DESIGN 4.3) from its shape, not from keywords alone.

- The top-level headings are the skeleton.  A heading whose words name a part (履职情况, 存在问题 …)
  is that part; an unnamed one is placed by position: between the opening and the first
  problems/causes/plans part it belongs to the body (履职情况, or 查摆问题 for a kind without one),
  after the problems it is the plans when the report has no named plans part.
- Parts without a heading are found by cue phrases at a paragraph start (究其原因, 下一步，…将).
- A text without any heading still has a body: everything after its opening.
- A leading outline, page-counter lines and a repeated title are never parts (see core.text.document).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from weakref import WeakKeyDictionary

from core.text.document import Document, Heading, ParseCache, Section, parse
from core.text.spaces import INDENT_WS

_WS = INDENT_WS
# "原因分析：一是……" — a label that opens a paragraph names a section too.
LABEL_RE = re.compile(rf"^[{_WS}]*([^，。；：:,;]{{2,14}})[：:]")
OPENING_HINT = re.compile(r"根据|按照|现将|如下|述职|汇报|以来")
# The opening's stock last words: "现将……报告如下。" / "述职如下：".
OPENING_END = re.compile(r"(报告|述职|汇报|总结|陈述|说明)如下[。：:]?$|如下[：:]$")
TITLE_LIKE = re.compile(r"(报告|总结|材料|发言|讲话|汇报|述职|计划|方案)[）)]?$")
ENUM_START = re.compile(r"^[一二三四五六七八九十]+[是要]|^首先")

# Cue phrases that open an unheaded part: near the start of a paragraph (first clause or two).
CUES: dict[str, re.Pattern[str]] = {
    "problems": re.compile(r"^.{0,16}?(存在|还有|仍有|也有)(的|着)?.{0,10}(问题|不足|差距|短板|薄弱环节)"),
    "causes": re.compile(r"^.{0,12}?(究其原因|产生(上述|这些|以上|问题)[^，。]{0,6}原因|原因主要(有|是|在于)|分析原因|"
                         r"问题的原因|原因[是有在]以下|深层次原因|根源在于)"),
    "plans": re.compile(r"^.{0,6}?(下一步[，,：:]?|下一步工作中|今后[，,]|今后一个时期|新的一年[里中]?[，,]|"
                        r"为此[，,].{0,12}将|[0-9]{4}年[，,].{0,12}将(重点|着力|继续))"),
}
CUE_KEYS = ("problems", "causes", "plans")
_CUE_SET = frozenset(CUE_KEYS)
_ISSUE_SET = frozenset({"problems", "causes"})


def _candidates(doc: Document, match: Callable[[str], tuple[str, ...]]):
    """(start, level or None, keys, title, heading, body_start) for each section-naming line."""
    heading_pars = {h.paragraph: h for h in doc.headings}
    title_index = doc.title.index if doc.title is not None else -1
    title_text = doc.title.text.strip(_WS) if doc.title is not None else None
    skip = {h.paragraph for h in doc.outline} | {h.paragraph for h in doc.page_markers}
    first_heading = min((h.paragraph for h in doc.headings), default=len(doc.paragraphs))
    lines = _line_memo.get(match)
    if lines is None or len(lines) > _LINE_MEMO_MAX:
        lines = _line_memo[match] = {}
    out = []
    for p in doc.paragraphs:
        text = p.text
        if not text or p.index == title_index or p.index in skip:
            continue
        h: Heading | None = heading_pars.get(p.index)
        if h is not None:
            keys = match(h.title)
            out.append((h.start, h.level, keys, h.title, h, h.end))
            continue
        line = lines.get(text)
        if line is None:
            line = lines[text] = _line(text, match)
        stripped, title_like, named = line
        if not stripped:
            continue
        if stripped == title_text or (p.index < first_heading and title_like):
            continue  # a repeated or second title line is not a part (hygiene.duplicate_line says so)
        if named is not None:
            at, keys, title, end = named
            out.append((p.start + at, None, keys, title, None, p.start + end if end >= 0 else p.end))
    for h in doc.inline_headings:
        out.append((h.start, h.level, match(h.title), h.title, h, h.end))
    out.sort(key=lambda c: c[0])
    return out


# Per section matcher (one per kind): paragraph text -> what _line says of it, so that a re-parse
# after an edit only reads the lines that changed.
_line_memo: WeakKeyDictionary = WeakKeyDictionary()
_LINE_MEMO_MAX = 50_000
_SHORT_LINE_MARKS = re.compile(r"[。，,；;！？：:]")


def _line(text: str, match: Callable[[str], tuple[str, ...]]):
    """(stripped, reads as a title line, (offset, keys, title, end or -1 for the line's end) of the
    part it names or None) of a non-empty line that is no numbered heading."""
    stripped = text.strip(_WS)
    title_like = bool(TITLE_LIKE.search(stripped)) and len(stripped) <= 40 and not OPENING_END.search(stripped)
    if len(stripped) <= 20 and not _SHORT_LINE_MARKS.search(stripped.rstrip("：:")):
        keys = match(stripped)
        return stripped, title_like, (text.index(stripped[0]), keys, stripped.rstrip("：:"), -1) if keys else None
    m = LABEL_RE.match(text)
    if m:
        keys = match(m.group(1))
        if keys:
            return stripped, title_like, (m.start(1), keys, m.group(1), m.end())
    return stripped, title_like, None


def _skeleton_level(cands) -> int | None:
    # (indexing, not star-unpacking: a list per candidate would cost more than the test)
    keyed = [c[1] for c in cands if c[1] is not None and c[2]]
    if keyed:
        return min(keyed)
    if any(c[1] is None and c[2] for c in cands):
        return None  # unnumbered part lines (履职情况 / 存在问题) are the skeleton; 一、二、 are inside them
    levels = [c[1] for c in cands if c[1] is not None]
    return min(levels) if levels else None


def _opening_end(doc: Document, open_start: int, first: int, relaxed: bool = False) -> int:
    """Where the opening ends in a text without headings: after the paragraph that ends with
    报告如下 (within the first few), else after the first paragraph when it reads as an opening."""
    pars = doc.paragraphs_in(open_start, first)
    for p in pars[:4]:
        if OPENING_END.search(p.text.strip(_WS)):
            return p.end
    first_text = pars[0].text.strip(_WS) if pars else ""
    if len(pars) >= 2 and not ENUM_START.match(first_text) and first_text[-1:] in "。！？!?：:" and (
            relaxed or OPENING_HINT.search(first_text)):
        return pars[0].end
    return open_start


def _cue_starts(doc: Document, from_offset: int, wanted: set[str], forbidden: list[tuple[int, int]]):
    """(start, key, title, body_start) of the first cue paragraph of each wanted key after `from_offset`."""
    found = {}
    heading_pars = {h.paragraph for h in doc.headings}
    # The forbidden spans merged and sorted: a paragraph's test is one bisection, not a scan.
    merged: list[list[int]] = []
    for a, b in sorted(forbidden):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    lows = [a for a, _b in merged]
    for p in doc.paragraphs_in(from_offset, len(doc.text) + 1):
        if p.index in heading_pars:
            continue
        k = bisect_right(lows, p.start) - 1
        if k >= 0 and p.start < merged[k][1]:
            continue
        text = p.text.lstrip(_WS)
        lead = p.start + len(p.text) - len(text)
        for key in CUE_KEYS:
            if key not in wanted or key in found:
                continue
            m = CUES[key].search(text[:60])
            if m:
                found[key] = (lead, key, m.group(1), lead)
                break
        if len(found) == len(wanted):
            break
    return list(found.values())


def _promote_tail_parts(starts: list[list], cands, level: int | None, order: tuple[str, ...]) -> None:
    """A deeper heading after the last skeleton heading that names a later part no skeleton
    heading names is that part: 一、二、三、 then "4、下一步打算" (a numbering slip the numbering
    rule reports) or "（四）下一步打算". Only after the last one, so a theme's own （二）存在问题
    followed by 二、…… stays inside its theme; only a part later in the kind's order than those
    already there, so 四、下一步打算 → 1.针对存在问题…… stays a measure."""
    if level is None:
        return
    rank = {k: i for i, k in enumerate(order)}
    last = starts[-1][0] if starts else -1
    present = {k for s in starts for k in s[1]}
    top = max((rank[k] for k in present if k in rank), default=-1)
    for start, lvl, keys, title, h, body_start in cands:
        if lvl is None or lvl <= level or start <= last or not keys:
            continue
        new = [k for k in keys if k in rank and k not in present]
        if not new or len(new) != len(keys) or min(rank[k] for k in new) <= top:
            continue
        starts.append([start, keys, title, h, body_start])
        present.update(keys)
        top, last = max(rank[k] for k in keys), start


def assign_sections(doc: Document, match: Callable[[str], tuple[str, ...]]) -> None:
    order: tuple[str, ...] = getattr(match, "kind_order", ("opening", "performance", "problems", "causes", "plans"))
    body_key = "performance" if "performance" in order else "problems"
    cands = _candidates(doc, match)
    level = _skeleton_level(cands)
    doc.section_level = level
    # Section starts: matching lines at the section level (or unnumbered), and any other
    # heading at or above that level, which closes the previous section.
    starts: list[list] = []  # [start, keys, title, heading, body_start]
    for start, lvl, keys, title, h, body_start in cands:
        if lvl is None and keys:
            starts.append([start, keys, title, h, body_start])
        elif lvl is not None and level is not None and lvl <= level:
            starts.append([start, keys if keys else ("other",), title, h, body_start])
    _promote_tail_parts(starts, cands, level, order)
    text_end = len(doc.text)
    open_start = doc.title.end + 1 if doc.title is not None else 0
    for h in doc.outline:
        open_start = max(open_start, h.end + 1)
    if doc.title is not None and doc.title.start >= open_start:
        open_start = doc.title.end + 1  # the title follows the outline
    # Cue-phrase parts for what no heading names: in the tail after the last body heading, and
    # causes also inside the problems part.
    present = {k for s in starts for k in s[1]}
    wanted = {k for k in CUE_KEYS if k in order and k not in present}
    if "problems" in present and "causes" in present:
        wanted.discard("causes")
    if wanted:
        issue_starts = [s[0] for s in starts if not _CUE_SET.isdisjoint(s[1])]
        first_issue = min(issue_starts, default=text_end + 1)  # (once, not per start)
        body_starts = [s[0] for s in starts if s[0] < first_issue]
        tail = max(body_starts, default=open_start)
        forbidden = []
        for i, s in enumerate(starts):
            if not _CUE_SET.isdisjoint(s[1]) and "problems" not in s[1]:
                forbidden.append((s[0], starts[i + 1][0] if i + 1 < len(starts) else text_end + 1))
        first_start = starts[0][0] if starts else text_end
        cue_from = tail if starts else _opening_end(doc, open_start, first_start, relaxed=True)
        for start, key, title, body_start in _cue_starts(doc, max(cue_from, open_start), wanted, forbidden):
            starts.append([start, (key,), title, None, body_start])
        starts.sort(key=lambda s: s[0])
    # Unnamed headings: by position.
    issue_idx = [i for i, s in enumerate(starts) if not _CUE_SET.isdisjoint(s[1])]
    first_issue = issue_idx[0] if issue_idx else len(starts)
    has_plans = any("plans" in s[1] for s in starts)
    last_issue = max((i for i, s in enumerate(starts) if not _ISSUE_SET.isdisjoint(s[1])), default=None)
    for i, s in enumerate(starts):
        if s[1] != ("other",):
            continue
        if i < first_issue and body_key in order:
            s[1] = (body_key,)
        elif not has_plans and last_issue is not None and i > last_issue and "plans" in order:
            s[1] = ("plans",)
    sections: list[Section] = []
    first = starts[0][0] if starts else text_end
    implicit_body = None
    if open_start < first:
        opening_text = doc.text[open_start:first]
        lead = len(opening_text) - len(opening_text.lstrip())
        if opening_text.strip():
            end = first
            if not starts or not any(body_key in s[1] for s in starts):
                # No heading names the body: the text after the opening is it.
                end = _opening_end(doc, open_start, first, relaxed=not starts)
                if end == open_start and starts and not ENUM_START.match(opening_text.lstrip(_WS + "\n")):
                    end = first  # one opening paragraph before the first (issue) heading
                body_text = doc.text[end:first]
                if body_text.strip():
                    blead = len(body_text) - len(body_text.lstrip())
                    implicit_body = Section(body_key, "正文（未设标题）", end + blead, first, end + blead, None,
                                            (body_key,))
            if end > open_start and (OPENING_HINT.search(doc.text[open_start:end]) or starts or implicit_body):
                sections.append(Section("opening", "开头", open_start + lead, end, open_start + lead, None,
                                        ("opening",)))
    if implicit_body is not None:
        sections.append(implicit_body)
    for i, (start, keys, title, h, body_start) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else text_end
        # Trim the trailing newline so a section ends with its last character.
        while end > start and doc.text[end - 1] == "\n":
            end -= 1
        sections.append(Section(keys[0], title, start, end, min(body_start, end), h, tuple(keys)))
    for s in sections:
        s.end = max(s.end, s.start)
    doc.sections = sections


def section_body(doc: Document, section: Section) -> str:
    return doc.text[section.body_start: section.end]


def parse_report(text: str, section_matcher: Callable[[str], tuple[str, ...]] | None = None,
                 cache: ParseCache | None = None) -> Document:
    """Parse `text` and, given `section_matcher(title) -> tuple of keys`, name its sections."""
    doc = parse(text, cache)
    if section_matcher is not None:
        assign_sections(doc, section_matcher)
    return doc
