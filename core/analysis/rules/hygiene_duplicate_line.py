"""hygiene.duplicate_line: a line written twice (typically the title, pasted again), two title lines
that disagree, and a long passage repeated almost verbatim (a pasted paragraph, a page chunk that
overlaps the previous one).  Whole identical sentences are boilerplate.repetition's business."""

from __future__ import annotations

import re
from bisect import bisect_left

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.text.document import Document
from core.text.spaces import INDENT_WS
from core.text.textstats import count_cjk

RULE = "hygiene.duplicate_line"
MIN_LINE_CJK = 6  # 同志们： / 一、履职情况 repeated is no slip worth a mark
MIN_RUN_CJK = 30  # a repeated passage of this many Chinese characters is no coincidence
TITLE_LIKE = re.compile(r"(报告|总结|材料|发言|讲话|汇报|述职|计划|方案)[）)]?$")
YEAR = re.compile(r"(?:19|20)\d\d")
CLAUSE_END = re.compile(r"[。！？!?；;，,\n]")


_DROP_WS = str.maketrans("", "", INDENT_WS)
MAX_FINDINGS = 60  # a pasted page of identical lines is one problem, not thousands of marks


def _norm(line: str) -> str:
    return line.translate(_DROP_WS)


@rule(RULE, scope="document", description="同一行（多为标题）重复出现、两行标题不一致、一长段文字几乎原样重复")
def duplicate_line(doc: Document, ctx):
    flagged: set[int] = set()  # paragraphs already reported as a repeated line
    n = 0
    for f in _lines(doc, flagged, ctx):
        n += 1
        if n > MAX_FINDINGS:
            return
        yield f
    yield from _titles(doc)
    for f in _passages(doc, flagged, ctx):
        n += 1
        if n > MAX_FINDINGS:
            return
        yield f


def _paragraph_parts(ctx, text: str):
    """(normalised line, its Chinese characters, clauses relative to the paragraph) of one paragraph,
    cached by its text: after an edit only the edited paragraph is split again."""
    cache = ctx.lexicon.cache("hygiene:duplicate_line") if ctx is not None else None
    hit = cache.get(text) if cache is not None else None
    if hit is None:
        key = _norm(text)
        hit = (key, count_cjk(key), _clauses_of(text))
        if cache is not None:
            cache.put(text, hit)
    return hit


def _lines(doc: Document, flagged: set[int], ctx=None):
    seen: dict[str, int] = {}
    for p in doc.paragraphs:
        if len(p.text) < MIN_LINE_CJK:
            continue
        key, cjk, _ = _paragraph_parts(ctx, p.text)
        first = seen.get(key)
        if first is None:
            seen[key] = p.index
            continue
        if cjk < MIN_LINE_CJK:
            continue
        lead = len(p.text) - len(p.text.lstrip(INDENT_WS))
        start, end = p.start + lead, p.start + len(p.text.rstrip(INDENT_WS))
        flagged.add(p.index)
        what = "标题" if doc.title is not None and first == doc.title.index else "这一行"
        yield Finding(RULE, Severity.WARNING, start, end, "",
                      f"{what}与第 {first + 1} 行完全相同，重复出现（常见于复制粘贴或网页转存）。", "删去重复的这一行。")


def _titles(doc: Document):
    """Two title lines at the top that disagree, e.g. in the year."""
    if doc.title is None:
        return
    first_heading = min((h.paragraph for h in doc.headings), default=len(doc.paragraphs))
    title = _norm(doc.title.text)
    for p in doc.paragraphs[doc.title.index + 1: min(first_heading, doc.title.index + 6)]:
        t = _norm(p.text)
        if not t or t == title or len(t) > 40 or not TITLE_LIKE.search(t) or not TITLE_LIKE.search(title):
            continue
        ya, yb = YEAR.findall(title), YEAR.findall(t)
        if ya and yb and ya != yb and YEAR.sub("", title) == YEAR.sub("", t):
            lead = len(p.text) - len(p.text.lstrip(INDENT_WS))
            yield Finding(RULE, Severity.WARNING, p.start + lead, p.start + len(p.text.rstrip(INDENT_WS)), "",
                          f"两行标题的年份不一致：第 {doc.title.index + 1} 行是 {ya[0]} 年，这一行是 {yb[0]} 年。",
                          "核对年份，只保留一行正确的标题。")


def _clauses_of(text: str) -> tuple[tuple[int, int, str, int], ...]:
    """(start, end, clause, Chinese characters) of one paragraph's clauses (a line break ends a
    clause, so no clause spans two paragraphs)."""
    out = []
    pos = 0
    for m in CLAUSE_END.finditer(text + "\n"):
        s, e = pos, m.start()
        pos = m.end()
        frag = text[s:e].strip(INDENT_WS)
        if len(frag) >= 6:
            cjk = count_cjk(frag)
            if cjk >= 6:
                lead = len(text[s:e]) - len(text[s:e].lstrip(INDENT_WS))
                out.append((s + lead, s + lead + len(frag), frag, cjk))
    return tuple(out)


def _clauses(doc: Document, ctx=None) -> list[tuple[int, int, str, int]]:
    out = []
    for p in doc.paragraphs:
        if len(p.text) >= 6:
            clauses = _paragraph_parts(ctx, p.text)[2]
            if clauses:
                d = p.start
                out.extend([(s + d, e + d, frag, cjk) for s, e, frag, cjk in clauses])
    return out


_SENTENCE_RE = re.compile(r"[。！？!?；;\n]")


def _sentence(text: str, ends: list[int], start: int, end: int) -> str:
    """The sentence around [start, end): `ends` are the sorted offsets of sentence-ending marks."""
    i = bisect_left(ends, start)
    a = ends[i - 1] + 1 if i > 0 else 0
    j = bisect_left(ends, end)
    b = ends[j] if j < len(ends) else len(text)
    return text[a:b]


def _passages(doc: Document, flagged: set[int], ctx=None):
    """Runs of consecutive clauses (split at ，。；) that occurred before in the same order."""
    clauses = _clauses(doc, ctx)
    ends: list[int] | None = None
    first_at: dict[str, int] = {}
    i = 0
    text = doc.text
    n = len(clauses)
    while i < n:
        frag = clauses[i][2]
        j = first_at.get(frag)
        if j is None:
            first_at[frag] = i
            i += 1
            continue
        k = 0
        while i + k < n and j + k < i and clauses[j + k][2] == clauses[i + k][2]:
            first_at.setdefault(clauses[i + k][2], i + k)
            k += 1
        start, end = clauses[i][0], clauses[i + k - 1][1]
        length = sum(c[3] for c in clauses[i:i + k])
        if i + k < n and j + k < i:  # the next clause starts alike ("…集体讨论决定" / "…集体讨论，作出决定")
            a, b = clauses[j + k][2], clauses[i + k][2]
            common = 0
            while common < min(len(a), len(b)) and a[common] == b[common]:
                common += 1
            if common >= 4:
                end = clauses[i + k][0] + common
                length += count_cjk(b[:common])
        i += k
        if length < MIN_RUN_CJK:
            continue
        here = doc.paragraph_at(start)
        if here is not None and here.index in flagged and here.end >= end:
            continue
        if ends is None:
            ends = [m.start() for m in _SENTENCE_RE.finditer(text)]
        if _sentence(text, ends, start, end) == _sentence(text, ends, clauses[j][0], clauses[j + k - 1][1]):
            continue  # the whole sentence is repeated: boilerplate.repetition reports it
        line = doc.paragraph_at(clauses[j][0])
        where = f"第 {line.index + 1} 行" if line is not None else "前文"
        yield Finding(RULE, Severity.WARNING, start, end, "",
                      f"这段 {length} 字与{where}的文字几乎一字不差，重复出现（常见于复制粘贴或网页分页重叠）。",
                      "删去重复的一处，或改写成新的内容。")
