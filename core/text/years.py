"""Which year a report is about: the title's year, else the period its opening states.
Ranges (2021—2025年) and years of cited documents (根据《2021—2025年…规划》) never count."""

from __future__ import annotations

import re

from core.text.spaces import INDENT_WS

YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")  # the digit before is checked in code (12024年)
# 2021—2025年, 2021-2023, 2021年至2025年: a span, never the report's year.
RANGE_RE = re.compile(r"(?<![\d.])(?:19|20)\d\d\s*年?(?:度)?\s*(?:[—–\-~～－]+|至|到)\s*(?:19|20)?\d\d(?:\s*年)?")
# The opening states the period: "2024年，我…", "现将2024年度…", "2024年全年…".
PERIOD_RE = re.compile(r"现将\s*((?:19|20)\d\d)\s*年|(?:^|本人|我)\s*((?:19|20)\d\d)\s*年(?:度|，|,|全年|是|我|本人|以来|来)")
_WS = INDENT_WS


def in_range(text: str, s: int, e: int) -> bool:
    """Is the year at text[s:e] part of a span such as 2021—2025年 or 2021年至2023年?"""
    lo = max(0, s - 12)
    return any(m.start() + lo <= s and e <= m.end() + lo for m in RANGE_RE.finditer(text[lo:e + 12]))


def title_year(doc) -> tuple[int, int] | None:
    """(year, offset) in the title, ranges left out."""
    if doc.title is None:
        return None
    for m in YEAR_RE.finditer(doc.title.text):
        s = doc.title.start + m.start(1)
        if (m.start(1) == 0 or not doc.title.text[m.start(1) - 1].isdigit()) and not in_range(doc.text, s, s + 4):
            return int(m.group(1)), s
    return None


def opening_period(doc) -> tuple[int, int, str] | None:
    """The year the first opening paragraph states as the period: (year, offset, what follows)."""
    first_heading = min((h.paragraph for h in doc.headings), default=len(doc.paragraphs))
    start = doc.title.index + 1 if doc.title is not None else 0
    for p in doc.paragraphs[start:first_heading]:
        if not p.text.strip(_WS):
            continue
        m = PERIOD_RE.search(p.text[:200])
        if m is None:
            return None
        g = 1 if m.group(1) else 2
        return int(m.group(g)), p.start + m.start(g), p.text[m.end(g):].lstrip(_WS)
    return None


def report_year(doc) -> int | None:
    t = title_year(doc)
    if t is not None:
        return t[0]
    o = opening_period(doc)
    return o[0] if o is not None else None
