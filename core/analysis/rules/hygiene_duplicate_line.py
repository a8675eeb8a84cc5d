"""hygiene.duplicate_line: a line written twice (typically the title, pasted again), two title lines
that disagree, and a long passage repeated almost verbatim (a pasted paragraph, a page chunk that
overlaps the previous one).  Whole identical sentences are boilerplate.repetition's business."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from core.analysis.findings import Finding, Severity
from core.analysis.incremental import common_prefix_len
from core.analysis.rules import rule
from core.text.document import Document
from core.text.spaces import INDENT_WS
from core.text.textstats import CJK_RUN_RE, count_cjk

RULE = "hygiene.duplicate_line"
MIN_LINE_CJK = 6  # 同志们： / 一、履职情况 repeated is no slip worth a mark
MIN_RUN_CJK = 30  # a repeated passage of this many Chinese characters is no coincidence
TITLE_LIKE = re.compile(r"(报告|总结|材料|发言|讲话|汇报|述职|计划|方案)[）)]?$")
YEAR = re.compile(r"(?:19|20)\d\d")
CLAUSE_END = re.compile(r"[。！？!?；;，,\n]")


_DROP_WS = str.maketrans("", "", INDENT_WS)
MIN_PASTED_CJK = 12  # a sentence this long pasted right after itself is a slip, not a coincidence
_GAP_MAX = 6  # characters between the two copies besides marks (a short clause such as 第一，)
_BETWEEN_COPIES = "。！？；，、 \u3000\t"  # a copy right after the original: only its end mark between
MAX_FINDINGS = 60  # a pasted page of identical lines is one problem, not thousands of marks


_WS = re.compile(f"[{INDENT_WS}]")


def _norm(line: str) -> str:
    return line.translate(_DROP_WS) if _WS.search(line) else line  # a scan in C is cheaper than a copy


@rule(RULE, scope="document", description="同一行（多为标题）重复出现、两行标题不一致、一长段文字几乎原样重复")
def duplicate_line(doc: Document, ctx):
    flagged: set[int] = set()  # paragraphs already reported as a repeated line
    n = 0
    parts = _Parts(ctx)
    for f in _lines(doc, flagged, parts):
        n += 1
        if n > MAX_FINDINGS:
            return
        yield f
    parts.done()  # every line was read: its pieces are the ones to look up first next time
    yield from _titles(doc)
    yield from _reused_passages(doc, flagged, parts, MAX_FINDINGS - n, ctx)


def _reused_passages(doc: Document, flagged: set[int], parts: _Parts, limit: int, ctx) -> list[Finding]:
    """The first `limit` findings of _passages.  Found left to right, they depend only on the text
    up to a paragraph boundary (`reach`) once the limit is met: an edit after it reuses them; an
    edit before it resumes the scan at the last checkpoint before the edit."""
    if limit <= 0:
        return []
    state = ctx.reuse("duplicate_line:passages", 0, dict) if ctx is not None else {}
    last = state.get("last")
    text = doc.text
    # (limit, text read, read to its end, paragraphs flagged there, findings) of the last analysis
    if last is not None and last[0] == limit and text.startswith(last[1]) and (
            not last[2] or len(text) == len(last[1])):
        reach = len(last[1])
        if last[3] == frozenset(i for i in flagged if doc.paragraphs[i].start < reach):
            return last[4]
    scan = _Scan(_Clauses(doc, parts))
    old = state.get("scan")  # (text, checkpoints, findings) of the last scan
    if old is not None:
        same = common_prefix_len(old[0], text)
        for cp in reversed(old[1]):
            if cp.reach <= same and cp.found < limit and cp.flagged == frozenset(
                    i for i in flagged if doc.paragraphs[i].start < cp.reach):
                scan.resume(cp, old[2][:cp.found], old[1])
                break
    found = scan.found
    reach = _passages(doc, flagged, scan, limit)
    state["scan"] = (text, scan.checkpoints, found)
    state["last"] = (limit, text[:reach], reach == len(text),
                     frozenset(i for i in flagged if doc.paragraphs[i].start < reach), found)
    return found


@dataclass(frozen=True, slots=True)
class _Checkpoint:
    """The scan's state before clause `i`: it follows from the text before `reach` alone (the
    clauses before i, and what was read around the runs found), and from the paragraphs there
    that _lines flagged."""
    i: int
    found: int  # findings so far
    far: int
    seen: int
    reach: int
    flagged: frozenset[int]


_CHECK_EVERY = 128  # clauses between checkpoints


class _Scan:
    """_passages's running state, resumable at a checkpoint of an earlier scan."""

    def __init__(self, cl: _Clauses) -> None:
        self.cl = cl
        self.i, self.far, self.seen = 0, -1, -1
        self.first_at: dict[str, int] = {}
        self.found: list[Finding] = []
        self.checkpoints: list[_Checkpoint] = []

    def resume(self, cp: _Checkpoint, found: list[Finding], checkpoints: list[_Checkpoint]) -> None:
        i = self.i = cp.i
        self.far, self.seen = cp.far, cp.seen
        frags = self.cl.frags
        # The first index of each clause before i (built backwards in C: the earliest one wins).
        self.first_at = dict(zip(frags[i - 1::-1], range(i - 1, -1, -1), strict=True)) if i else {}
        self.found = found
        self.checkpoints = [c for c in checkpoints if c.i < i]  # cp itself is recorded again

class _Parts:
    """Per-paragraph pieces, cached by paragraph text: after an edit only that paragraph is split.
    The last analysis's pieces are looked up first in a plain dict (cheaper than the LRU)."""

    def __init__(self, ctx) -> None:
        self._cache = ctx.lexicon.cache("hygiene:duplicate_line") if ctx is not None else None
        self._state = ctx.reuse("duplicate_line:parts", 0, dict) if ctx is not None else {}
        self.last = self._state.get("last", {})
        self.now: dict[str, tuple] = {}

    def get(self, text: str):
        """(normalised line, clauses (start, end, clause, Chinese characters) relative to the
        paragraph, the clauses alone, their Chinese characters alone)."""
        hit = self.last.get(text)
        if hit is None:
            cache = self._cache
            hit = cache.get(text) if cache is not None else None
            if hit is None:
                hit = (_norm(text), *_clauses_of(text))
                if cache is not None:
                    cache.put(text, hit)
        self.now[text] = hit
        return hit

    def done(self) -> None:
        """Every paragraph was asked for: its pieces are the ones to look up first next time."""
        self._state["last"] = self.now


# The unit's name heading a report (发文机关) and signing it at the end is no repeated line.
ORG_NAME = re.compile(r"^[^，。；：:,;！？]{2,30}(党组|党委|党工委|委员会|党支部|党总支|支部|纪委|监委|政府|办公室|"
                      r"局|院|所|中心|公司|集团|学校|大学|医院|街道|镇|乡|村|社区|部)$")


def _signature(doc: Document, first: int, again: int) -> bool:
    """A unit's name among the first lines and again among the last ones (the signature block)."""
    text = doc.paragraphs[again].text.strip(INDENT_WS)
    if not ORG_NAME.match(text):
        return False
    filled = [p.index for p in doc.paragraphs if p.text.strip(INDENT_WS)]
    return first in filled[:3] and again in filled[-3:]


def _lines(doc: Document, flagged: set[int], parts: _Parts):
    seen: dict[str, int] = {}
    last, now = parts.last, parts.now  # the plain dicts of _Parts.get, read here without a call per line
    for p in doc.paragraphs:
        t = p.text
        if len(t) < MIN_LINE_CJK:
            continue
        hit = last.get(t)
        if hit is None:
            hit = parts.get(t)
        else:
            now[t] = hit
        key = hit[0]
        first = seen.get(key)
        if first is None:
            seen[key] = p.index
            continue
        if count_cjk(key) < MIN_LINE_CJK or _signature(doc, first, p.index):
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


def _clauses_of(text: str) -> tuple[tuple[tuple[int, int, str, int], ...], tuple[str, ...], tuple[int, ...]]:
    """((start, end, clause, Chinese characters) of one paragraph's clauses, the clauses alone,
    their Chinese characters alone).  A line break ends a clause, so no clause spans two
    paragraphs."""
    out, frags, cjks = [], [], []
    pos = 0
    for piece in CLAUSE_END.split(text):  # the marks are one character each: pos follows
        n = len(piece)
        if n >= 6:
            frag = piece.strip(INDENT_WS)
            if len(frag) >= 6:
                cjk = sum(map(len, CJK_RUN_RE.findall(frag)))  # count_cjk, without a call per clause
                if cjk >= 6:
                    s = pos + n - len(piece.lstrip(INDENT_WS)) if len(frag) < n else pos
                    out.append((s, s + len(frag), frag, cjk))
                    frags.append(frag)
                    cjks.append(cjk)
        pos += n + 1
    return tuple(out), tuple(frags), tuple(cjks)


class _Clauses:
    """Every clause of the document in order, as flat lists built from the cached paragraph
    pieces; a clause's offsets are looked up only for the few that are reported."""

    def __init__(self, doc: Document, parts: _Parts) -> None:
        self.frags: list[str] = []
        self.cjk: list[int] = []
        self._firsts: list[int] = []  # index of each listed paragraph's first clause
        self._pars: list[tuple[int, tuple]] = []  # (paragraph start, its relative clauses)
        now = parts.now  # _lines asked for these paragraphs already (unless it stopped early)
        for p in doc.paragraphs:
            if len(p.text) >= 6:
                hit = now.get(p.text) or parts.get(p.text)
                if hit[2]:
                    self._firsts.append(len(self.frags))
                    self._pars.append((p.start, hit[1]))
                    self.frags.extend(hit[2])
                    self.cjk.extend(hit[3])
        parts.done()

    def span(self, i: int) -> tuple[int, int]:
        k = bisect_right(self._firsts, i) - 1
        base, clauses = self._pars[k]
        c = clauses[i - self._firsts[k]]
        return base + c[0], base + c[1]


_SENTENCE_RE = re.compile(r"[。！？!?；;\n]")


_SENTENCE_MARKS = "。！？!?；;"  # _SENTENCE_RE less the line break


def _sentence(doc: Document, start: int, end: int) -> str:
    """The sentence around [start, end): from after the last mark of _SENTENCE_RE before `start` to
    the first one at or after `end` (a line break is one, so only the two paragraphs are searched)."""
    text = doc.text
    p = doc.paragraph_at(start)
    a = max(text.rfind(ch, p.start, start) for ch in _SENTENCE_MARKS) + 1 if p is not None else 0
    if a == 0 and p is not None:
        a = p.start  # no mark in the paragraph before: the line break before it (or the text start)
    q = doc.paragraph_at(end)
    if q is None:
        return text[a:]
    found = [i for i in (text.find(ch, end, q.end) for ch in _SENTENCE_MARKS) if i >= 0]
    b = min(found) if found else q.end
    return text[a:b]


def _passages(doc: Document, flagged: set[int], scan: _Scan, limit: int) -> int:
    """Runs of consecutive clauses (split at ，。；) that occurred before in the same order, into
    scan.found until it holds `limit`.  Returns how far the text was read: the end of a paragraph
    (with its line break), or the whole text."""
    cl = scan.cl
    far = scan.far  # the last character read, besides clauses
    seen = scan.seen  # the last clause read
    frags, cjk = cl.frags, cl.cjk
    first_at = scan.first_at  # a clause -> its first index (of those before i)
    out = scan.found
    i = scan.i
    n = len(frags)
    next_check = i
    while i < n:
        if i >= next_check:
            reach = _reach(doc, max(far, cl.span(seen)[1] if seen >= 0 else 0))
            scan.checkpoints.append(_Checkpoint(i, len(out), far, seen, reach, frozenset(
                k for k in flagged if doc.paragraphs[k].start < reach)))
            next_check = i + _CHECK_EVERY
        if len(out) >= limit:
            return _reach(doc, max(far, cl.span(seen)[1] if seen >= 0 else 0))
        frag = frags[i]
        seen = max(seen, i)
        j = first_at.get(frag)
        if j is None:
            first_at[frag] = i
            i += 1
            continue
        k = 0
        while i + k < n and j + k < i and frags[j + k] == frags[i + k]:
            first_at.setdefault(frags[i + k], i + k)
            k += 1
        seen = max(seen, min(i + k, n - 1))
        length = sum(cjk[i:i + k])
        common = 0
        if i + k < n and j + k < i:  # the next clause starts alike ("…集体讨论决定" / "…集体讨论，作出决定")
            a, b = frags[j + k], frags[i + k]
            while common < min(len(a), len(b)) and a[common] == b[common]:
                common += 1
            if common >= 4:
                length += count_cjk(b[:common])
        i0, i = i, i + k
        if length < MIN_PASTED_CJK:
            continue
        start, end = cl.span(i0)[0], cl.span(i0 + k - 1)[1]
        if common >= 4:
            end = cl.span(i0 + k)[0] + common
        first_start, first_end = cl.span(j)[0], cl.span(j + k - 1)[1]
        gap = doc.text[first_end:start]
        # Text after `end` is read only for copies in one paragraph (startswith(gap, end) below).
        far = max(far, end if "\n" in gap else end + len(gap))
        # right after the first copy, or only a short clause between that also follows the second
        # one (…104条。 dropped from the clause list as too short, pasted twice too)
        pasted_twice = "\n" not in gap and (len(gap.strip(_BETWEEN_COPIES)) <= _GAP_MAX
                                            or doc.text.startswith(gap, end))
        if length < MIN_RUN_CJK and not pasted_twice:
            continue
        here = doc.paragraph_at(start)
        if here is not None and here.index in flagged and here.end >= end:
            continue
        if pasted_twice and gap.strip(_BETWEEN_COPIES) and doc.text.startswith(gap, end):
            end += len(gap.rstrip(_BETWEEN_COPIES))  # the short clause is part of the copy
        if pasted_twice:
            # …。…。 the same sentence right after itself: a slip of copy and paste, one finding at
            # the copy; the repetition findings on the pair's clauses are that same defect (merge.py).
            out.append(Finding(RULE, Severity.WARNING, start, end, "",
                          "这句话紧接着又原样重复了一遍（常见于复制粘贴），应删去重复的一遍。", "删去重复的这一遍。",
                          data={"explains": [[first_start, end, "boilerplate.repetition", 2]]}))
            continue
        if _sentence(doc, start, end) == _sentence(doc, first_start, first_end):
            continue  # the whole sentence is repeated: boilerplate.repetition reports it
        line = doc.paragraph_at(first_start)
        where = f"第 {line.index + 1} 行" if line is not None else "前文"
        out.append(Finding(RULE, Severity.WARNING, start, end, "",
                      f"这段 {length} 字与{where}的文字几乎一字不差，重复出现（常见于复制粘贴或网页分页重叠）。",
                      "删去重复的一处，或改写成新的内容。",
                      data={"explains": [[first_start, first_end, "boilerplate.repetition", 2],
                                         [start, end, "boilerplate.repetition", 2]]}))
    return len(doc.text)


def _reach(doc: Document, pos: int) -> int:
    """Just past the line break of the paragraph after `pos` (a margin for reads up to `pos`)."""
    p = doc.paragraph_at(min(len(doc.text), pos + 1))
    return min(len(doc.text), (p.end if p is not None else len(doc.text)) + 1)
