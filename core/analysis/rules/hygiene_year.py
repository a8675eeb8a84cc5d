"""hygiene.year: years that do not fit the report's year (last year's text left in, plans in the past)."""

from __future__ import annotations

import re

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.text.document import Document
from core.text.years import YEAR_RE, in_range, opening_period, title_year

RULE = "hygiene.year"
NEXT_YEAR_START = re.compile(r"年\s*(?:1|一|01)\s*月|年初|年元旦|年春节")
_WS = " \t\u3000"


def _data(ctx) -> dict:
    return ctx.lexicon.toml("hygiene").get("year", {})


def _in_book_title(text: str, s: int) -> bool:
    """Inside 《…》 (a document's own title such as 《2025年工作要点》)?"""
    open_at = text.rfind("《", max(0, s - 60), s)
    return open_at >= 0 and text.rfind("》", open_at, s) < 0 and text.find("》", s, s + 60) >= 0


def _near_before(text: str, s: int, words: list[str], reach: int = 6) -> bool:
    before = text[max(0, s - reach):s].rstrip(_WS)
    return any(before.endswith(w) for w in words)


def _near_after(text: str, e: int, words: list[str], reach: int = 8) -> bool:
    after = text[e:e + reach]
    cut = re.search(r"[。；！？\n]", after)
    if cut:
        after = after[:cut.start()]
    return any(w in after for w in words)


@rule(RULE, scope="document",
      description="年份与报告年度不符：标题与开头不一致，履职情况里出现以后的年份，下一步打算写成本年或往年")
def year(doc: Document, ctx):
    y0 = doc.year
    if y0 is None:
        return  # no title year and no stated period: nothing to compare with
    text = doc.text
    data = _data(ctx)
    yield from _title_vs_opening(doc)
    for s in doc.sections_with("performance"):
        for m in YEAR_RE.finditer(text, s.body_start, s.end):
            y = int(m.group(1))
            ys, ye = m.span(1)
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
        for m in YEAR_RE.finditer(text, s.body_start, s.end):
            y = int(m.group(1))
            ys, ye = m.span(1)
            if ys > 0 and (text[ys - 1].isdigit() or text[ys - 1] == "."):
                continue
            if y > y0 or in_range(text, ys, ye) or _in_book_title(text, ys):
                continue
            if _near_before(text, ys, data.get("past_before", []), 4) or \
                    _near_after(text, m.end(), data.get("past_after", []), 8):
                continue  # 较2024年, 在2024年基础上, 2024年述职评议指出的问题
            future = _near_before(text, ys, data.get("future_before", []), 4) or \
                _near_after(text, m.end(), data.get("future_words", []), 12)
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
