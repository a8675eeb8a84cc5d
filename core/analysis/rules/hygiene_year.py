"""hygiene.year: years that do not fit the report's year (last year's text left in, plans in the past)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.text.document import Document
from core.text.spaces import INDENT_WS
from core.text.years import YEAR_RE, in_range, opening_period, title_year

RULE = "hygiene.year"
NEXT_YEAR_START = re.compile(r"年\s*(?:1|一|01)\s*月|年初|年元旦|年春节")


def _data(ctx) -> dict:
    return ctx.lexicon.toml("hygiene").get("year", {})


def _in_book_title(text: str, s: int) -> bool:
    """Inside 《…》 (a document's own title such as 《2025年工作要点》)?"""
    open_at = text.rfind("《", max(0, s - 60), s)
    return open_at >= 0 and text.rfind("》", open_at, s) < 0 and text.find("》", s, s + 60) >= 0


def _near_before(text: str, s: int, words: list[str], reach: int = 6) -> bool:
    before = text[max(0, s - reach):s].rstrip(INDENT_WS)
    return any(before.endswith(w) for w in words)


def _near_after(text: str, e: int, words: list[str], reach: int = 8) -> bool:
    after = text[e:e + reach]
    cut = re.search(r"[。；！？\n]", after)
    if cut:
        after = after[:cut.start()]
    return any(w in after for w in words)


# 2019工作, 2018抓基层: a year with its 年 lost. Not before a measure word or unit (2019人, 2019元).
# The character before is tested in Python (a leading lookbehind makes the scan 5x slower): none
# of \d . - / : ： A-Za-z 〔 [ （ (, nor a dash: GB/T 9704—2012格式 is a standard's number, and
# 2021—2025规划 a range (the 年 written once, if at all, is a style question).
_BARE_YEAR_RE = re.compile(r"((?:19|20)\d{2})(?=[\u4e00-\u9fff])")
_NOT_BEFORE_YEAR = set(".-/:：〔[（(—－–~～") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NOT_YEAR_AFTER = set("年届级版号期款元万亿千百人名个位家户条项件套台部辆吨米亩岁所只张份篇本册座栋间天时分秒"
                      "余多例起批场次轮遍回页章节字度平公里斤克升倍株棵头亿")
# Anniversaries fix the year of a text: 建党100周年 is 2021.
_ANNIVERSARY_RE = re.compile(r"(建党|新中国成立|改革开放)[^\d。；\n]{0,8}?(\d{2,3})\s*(?:周年|年)")
_ANNIVERSARY_BASE = {"建党": 1921, "新中国成立": 1949, "改革开放": 1978}
_BLANK_YEAR_RE = re.compile(r"(?:19|20)[XxＸｘ×*＊]{2}(?=\s*年)")
_PAGE_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)")


def _bare_years(doc: Document, lines: _Lines | None = None):
    text = doc.text
    lines = lines or _Lines(doc, None)
    for s in lines.bare():
        e = s + 4
        if s > 0 and (text[s - 1] in _NOT_BEFORE_YEAR or text[s - 1].isdecimal()):
            continue  # (a match there cannot hide another: it would follow a digit too)
        if text[e] in _NOT_YEAR_AFTER or _in_book_title(text, s):
            continue
        y = text[s:e]
        yield Finding(RULE, Severity.WARNING, s, e, "",
                      f"“{y}”后面漏了“年”字：应写作“{y}年”。", f"{y}年")


# A year (or a blank one) at a line's end whose 年 may follow on the next line: the per-line
# matches would miss it, so such a text is scanned whole.
_OPEN_AT_END = re.compile(r"(?:19|20)(?:\d\d|[XxＸｘ×*＊]{2})\s*$")
_LINES_MAX = 50_000


class _Lines:
    """The year matches of each line, kept by the line's text between analyses (a line's
    matches never reach another line, but for _OPEN_AT_END): an edit rescans only its lines."""

    def __init__(self, doc: Document, ctx) -> None:
        memo = ctx.reuse("hygiene.year:lines", 0, dict) if ctx is not None and ctx.last is not None else {}
        if len(memo) > _LINES_MAX:
            memo.clear()
        self.doc = doc
        self.lines: list[tuple[int, tuple]] = []  # (line start, its matches) of lines with any
        self.whole = False  # some line's match may run into the next line: scan the text whole
        self._starts: list[int] | None = None
        for p in doc.paragraphs:
            t = p.text
            if not t:
                continue
            hit = memo.get(t)
            if hit is None:
                hit = memo[t] = _line_matches(t)
            if hit is not _NONE:
                if hit[3]:
                    self.whole = True
                self.lines.append((p.start, hit))

    def bare(self) -> list[int]:
        """Starts of _BARE_YEAR_RE's matches in the text."""
        if self.whole:
            return [m.start() for m in _BARE_YEAR_RE.finditer(self.doc.text)]
        return [base + s for base, hit in self.lines for s in hit[0]]

    def blanks(self) -> list[tuple[int, int]]:
        """Spans of _BLANK_YEAR_RE's matches in the text."""
        if self.whole:
            return [m.span() for m in _BLANK_YEAR_RE.finditer(self.doc.text)]
        return [(base + s, base + e) for base, hit in self.lines for s, e in hit[1]]

    def years(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(year start, year end, match end) of YEAR_RE's matches in text[start:end]."""
        if self.whole:
            return [(*m.span(1), m.end()) for m in YEAR_RE.finditer(self.doc.text, start, end)]
        starts = self._starts
        if starts is None:
            starts = self._starts = [base for base, _ in self.lines]
        lines = self.lines[max(0, bisect_right(starts, start) - 1):bisect_left(starts, end)]
        return [(base + ys, base + ye, base + me) for base, hit in lines for ys, ye, me in hit[2]
                if start <= base + ys and base + me <= end]


_NONE = ((), (), (), False)


def _line_matches(t: str) -> tuple:
    """(bare year starts, blank year spans, (year start, year end, match end)s, open at the end)."""
    if "19" not in t and "20" not in t:
        return _NONE
    hit = (tuple(m.start() for m in _BARE_YEAR_RE.finditer(t)), tuple(m.span() for m in _BLANK_YEAR_RE.finditer(t)),
           tuple((*m.span(1), m.end()) for m in YEAR_RE.finditer(t)), bool(_OPEN_AT_END.search(t)))
    return hit if any(hit) else _NONE


def _anniversary_year(ctx, doc: Document) -> tuple[int, int, int, str] | None:
    """(year, start, end, phrase) from the first anniversary the text names (traditional text folded)."""
    from core.analysis.rules.hygiene_residue import _folded  # simplified copy with offsets

    for p in doc.paragraphs:
        if "周年" not in p.text and "年" not in p.text:
            continue
        folded, where = _folded(ctx, p.text)
        m = _ANNIVERSARY_RE.search(folded)
        if m is None:
            continue
        n = int(m.group(2))
        if n > 150:
            continue
        s, e = m.span()
        if where is not None:
            s, e = where[s], where[e - 1] + 1
        return _ANNIVERSARY_BASE[m.group(1)] + n, p.start + s, p.start + e, doc.text[p.start + s:p.start + e]
    return None


def _against_anniversary(ctx, doc: Document, lines: _Lines):
    """A blank 20XX年 the text itself dates (建党100周年 → 2021), or a page date that contradicts it."""
    text = doc.text
    blanks = lines.blanks()
    dates = list(_PAGE_DATE_RE.finditer(text[:doc.paragraphs[min(3, len(doc.paragraphs) - 1)].end])) \
        if doc.paragraphs else []
    if not blanks and not dates:
        return
    found = _anniversary_year(ctx, doc)
    if found is None:
        return
    y, _s, _e, phrase = found
    for bs, be in blanks:
        yield Finding(RULE, Severity.WARNING, bs, be, "",
                      f"年份没有填写：文中“{phrase}”表明是{y}年。", str(y))
    for m in dates:
        d = int(m.group(1))
        if abs(d - y) >= 2:
            yield Finding(RULE, Severity.WARNING, m.start(1), m.end(1), "",
                          f"页面日期是{d}年，而文中“{phrase}”表明是{y}年：日期是转载时加的，或年份有误，请核对。",
                          str(y))


@rule(RULE, scope="document",
      description="年份与报告年度不符：标题与开头不一致，履职情况里出现以后的年份，下一步打算写成本年或往年；"
                  "年份漏写“年”字；空白年份或页面日期与文中纪念年份不符")
def year(doc: Document, ctx):
    lines = _Lines(doc, ctx)
    yield from _bare_years(doc, lines)
    yield from _against_anniversary(ctx, doc, lines)
    y0 = doc.year
    if y0 is None:
        return  # no title year and no stated period: nothing to compare with
    text = doc.text
    data = _data(ctx)
    yield from _title_vs_opening(doc)
    for s in doc.sections_with("performance"):
        for ys, ye, _ in lines.years(s.body_start, s.end):
            y = int(text[ys:ye])
            if ys > 0 and (text[ys - 1].isdigit() or text[ys - 1] == "."):
                continue
            if y <= y0 or in_range(text, ys, ye) or _in_book_title(text, ys):
                continue
            if _near_before(text, ys, data.get("future_before", [])) or \
                    _near_after(text, ye, data.get("future_after", [])):
                continue  # a plan, a target or a deadline
            if y == y0 + 1 and NEXT_YEAR_START.match(text, ye):
                continue  # reports are written early next year: 2025年1月召开民主生活会
            yield Finding(RULE, Severity.WARNING, ys, ye, "",
                          f"履职情况写的是{y0}年的工作，这里却是{y}年，请核对年份。", str(y0))
    for s in doc.sections_with("plans"):
        for ys, ye, me in lines.years(s.body_start, s.end):
            y = int(text[ys:ye])
            if ys > 0 and (text[ys - 1].isdigit() or text[ys - 1] == "."):
                continue
            if y > y0 or in_range(text, ys, ye) or _in_book_title(text, ys):
                continue
            if _near_before(text, ys, data.get("past_before", []), 4) or \
                    _near_after(text, me, data.get("past_after", []), 8):
                continue  # 较2024年, 在2024年基础上, 2024年述职评议指出的问题
            future = _near_before(text, ys, data.get("future_before", []), 4) or \
                _near_after(text, me, data.get("future_words", []), 12)
            if not future:
                continue
            yield Finding(RULE, Severity.WARNING, ys, ye, "",
                          f"下一步打算应是{y0 + 1}年的安排，这里写成了{y}年，疑为沿用旧稿。", str(y0 + 1))


def _title_vs_opening(doc: Document):
    t = title_year(doc)
    o = opening_period(doc)
    if t is None or o is None:
        return
    (in_title, _), (y, ys, after) = t, o
    if y != in_title and not after.startswith("年以来"):
        yield Finding(RULE, Severity.WARNING, ys, ys + 4, "",
                      f"开头写的是{y}年，与标题中的{in_title}年不一致。", str(in_title))
