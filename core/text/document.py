"""Text -> Document: paragraphs with offsets, title, numbered headings, enumerations, sections.

Pure functions over the text; no jieba here so a parse costs only a few regex passes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from core.common.seq import common_prefix, common_suffix
from core.text.cjk import CJK_CLASS
from core.text.numerals import CIRCLED, chinese_to_int
from core.text.spaces import INDENT_WS, strip_ws  # noqa: F401  (strip_ws re-exported)
from core.text.years import report_year

CN_NUM = "一二三四五六七八九十"
_WS = INDENT_WS

# (level, style, regex).  Styles name the numbering form so mixed styles among siblings show.
# A line's lead: indentation, and HTML tags pasted from a web page (<p style="…">一、…): the tags
# are residue (hygiene.watermark), the heading or item behind them is still one.
# Markdown marks in front (## 一、…, **一、…**: AI chat output pasted in) are residue as well.
_LEAD_BODY = rf"(?:[{_WS}]|<[A-Za-z/!][^<>\n]{{0,200}}>|#{{1,6}}(?=[\s*{CN_NUM}（(\d])|\*\*(?=[{CN_NUM}（(\d]))*"
_LEAD = "^" + _LEAD_BODY
_LEAD_RE = re.compile(_LEAD_BODY)


def lead_end(text: str, pos: int = 0) -> int:
    """Where a line's content starts after indentation and pasted HTML tags, from `pos`."""
    return _LEAD_RE.match(text, pos).end() if text[pos:pos + 1] == "<" else pos
HEADING_PATTERNS: list[tuple[int, str, re.Pattern[str]]] = [
    (1, "cn", re.compile(rf"{_LEAD}([{CN_NUM}]{{1,3}})([、．.，,])(?![是要])")),
    # 〔一〕: the tortoise-shell brackets of document numbers, used by mistake for （一） (still a heading).
    (2, "paren_cn", re.compile(rf"{_LEAD}([（(〔])([{CN_NUM}]{{1,3}})([）)〕])")),
    (3, "arabic", re.compile(rf"{_LEAD}(\d{{1,2}})([.．、])(?!\d)")),
    (4, "paren_arabic", re.compile(rf"{_LEAD}([（(])(\d{{1,2}})([）)])")),
    (4, "circled", re.compile(rf"{_LEAD}([{CIRCLED}])")),
]

# Items written inside a paragraph: 一是…二是…, 一要…二要…, 首先/其次/再次/最后.
ENUM_RE = re.compile(rf"([{CN_NUM}]{{1,3}})(是|要|抓|方面)")
ORDINAL_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 99}
ORDINAL_RE = re.compile("(首先|其次|再次)[，,]")
# 第一，…第二，…第三，: a list when 第N opens a clause (not 排名第一，).
NTH_RE = re.compile(rf"第([{CN_NUM}]{{1,2}})(?=[，,：:])")
# An enumeration number must start a clause: after these characters or at paragraph start.
# Not after an opening quote: “四抓两整治” names something, it is not an item.
ENUM_LEFT = set("，。；：:;、！？!?（(") | set(")）”") | set(INDENT_WS)
# Characters that make a numeral part of a word before 是/要: 统一是, 唯一要, 第一要务, 之一是, 逐一, 周一 …
# The first item of a list run into a heading that lost its line break (二、存在问题一是…).
_GLUED_LIST = re.compile(rf"(?<=[{CJK_CLASS}])(?:一是|[（(][一1][）)])")
ENUM_WORD_BEFORE = set("统唯第万之初逐划专同单十归合不独这那每任某周星其另大高满")
# 三、原因分析主要是思想认识不到位，……: a part's name run straight into its text, with no mark
# between; the connector opens the text. Only in a long heading line (a body, not a title).
_GLUED_TEXT = re.compile("主要是|主要有|主要表现[为在]|具体表现为|集中表现[为在]")
GLUED_TEXT_MIN = 20  # title characters: shorter is a heading that names its content (问题主要表现在三个方面)
RUN_IN_END = re.compile(r"[。：:；;！？!?]")
# An AI writing assistant's line before the draft it wrote.
AI_PREFACE = re.compile(r"(?:(?:好的|当然|没问题|可以)[，,！!。]?\s*)?(?:以下|下面)是(?:为您|为你|我为您|我为你|根据您|根据你|一篇|一份|修改后|"
                        r"调整后|润色后|优化后|扩写后)[^。！\n]{0,40}?[：:]$")
TITLE_WORDS = re.compile(r"报告|述职|总结|材料|发言|汇报|情况")


@dataclass(slots=True)
class Paragraph:
    index: int
    start: int
    end: int  # exclusive, before the newline
    text: str


@dataclass(slots=True)
class Heading:
    paragraph: int
    level: int  # 1..4
    style: str  # cn | paren_cn | arabic | paren_arabic | circled | none
    number: int | None
    marker: str  # the numbering as written, e.g. "（二)"
    title: str  # heading text without the numbering
    start: int  # start of the numbering
    end: int  # end of the heading text (run-in headings stop at the first 。：)
    run_in: bool  # the paragraph goes on after the heading text
    title_start: int = 0


@dataclass(slots=True)
class EnumItem:
    paragraph: int
    number: int
    marker: str  # 一是 / 二要 / 其次 …
    start: int
    end: int
    family: str  # 是 / 要 / 抓 / 方面 / 第 (第一，) / ordinal


@dataclass(slots=True)
class Section:
    key: str  # section key of DESIGN 4.3, or "other"
    title: str
    start: int  # start of the heading (or of the opening text)
    end: int
    body_start: int  # first character after the heading
    heading: Heading | None = None
    keys: tuple[str, ...] = ()  # all keys a combined heading satisfies


@dataclass(slots=True)
class Document:
    text: str
    paragraphs: list[Paragraph]
    title: Paragraph | None
    headings: list[Heading]
    enums: list[EnumItem]
    sections: list[Section] = field(default_factory=list)
    section_level: int | None = None
    year: int | None = None
    # A leading outline / table of contents (short numbered lines, no body, numbering restarts after it).
    outline: list[Heading] = field(default_factory=list)
    # "2、" left at a line start by a document site's page chunks (often splitting a word): residue.
    page_markers: list[Heading] = field(default_factory=list)
    # Headings run into a flattened line after 。/：("…报告如下：一、履职情况（一）…"); used for the
    # shape (sections, list scopes) only, so `headings` keeps one line-start heading per paragraph.
    inline_headings: list[Heading] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False)

    def paragraphs_in(self, start: int, end: int) -> list[Paragraph]:
        """Non-empty paragraphs that begin inside [start, end), found by bisection."""
        starts = self._starts
        if starts is None:
            starts = self._starts = [p.start for p in self.paragraphs]
        lo = bisect_left(starts, start)
        hi = bisect_left(starts, end)
        return [p for p in self.paragraphs[lo:hi] if p.text and not p.text.isspace()]  # (no stripped copies)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding `offset` (its line break belongs to it), by bisection in C."""
        starts = self._starts
        if starts is None:
            starts = self._starts = [p.start for p in self.paragraphs]
        k = bisect_right(starts, offset) - 1
        if k < 0:
            return None
        p = self.paragraphs[k]
        return p if offset <= p.end else None

    def section_at(self, offset: int) -> Section | None:
        found = None
        for s in self.sections:
            if s.start <= offset < s.end or (offset == s.end == len(self.text) and s.start <= offset):
                found = s  # the last match wins: a label inside a combined section is more specific
        return found

    def sections_with(self, key: str) -> list[Section]:
        return [s for s in self.sections if key in s.keys]

    def heading_for(self, paragraph_index: int) -> Heading | None:
        for h in self.headings:
            if h.paragraph == paragraph_index:
                return h
        return None


def split_paragraphs(text: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        out.append(Paragraph(i, pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _heading_in(p: Paragraph) -> Heading | None:
    text = p.text
    for level, style, rx in HEADING_PATTERNS:
        m = rx.match(text)
        if not m:
            continue
        groups = m.groups()
        raw_num = groups[0] if style in ("cn", "arabic", "circled") else groups[1]
        if style == "cn":
            number = chinese_to_int(raw_num)
        elif style == "circled":
            number = CIRCLED.index(raw_num) + 1
        else:
            number = int(raw_num) if raw_num.isdigit() else chinese_to_int(raw_num)
        if number is None:
            continue
        rest_start = m.end()
        rest = text[rest_start:]
        if style == "arabic" and re.match(r"\s*[%％年月日号万亿元个名次人]", rest):
            continue  # "1.5万" or "3、4月" is not a heading
        stripped = rest.strip(_WS)
        lead = len(rest) - len(rest.lstrip(_WS))
        if not stripped:
            continue
        stop = RUN_IN_END.search(stripped)
        run_in = bool(stop) and stop.end() < len(stripped)
        if stop and (run_in or stop.group() in "：:"):
            title = stripped[: stop.start()]
            end = rest_start + lead + stop.end()
        else:
            title = stripped.rstrip("。；;")
            end = p.end - p.start - (len(rest) - len(rest.rstrip(_WS)))
        glued = _GLUED_LIST.search(title, 2, 26)
        if glued is not None and title[glued.start() - 1] not in ENUM_WORD_BEFORE:
            # 二、存在问题一是……: the line break after the heading was lost (a document site)
            end = rest_start + lead + glued.start()
            title, run_in = title[: glued.start()], True
        if len(title) > GLUED_TEXT_MIN:
            joined = _GLUED_TEXT.search(title, 2, 13)
            if joined is not None:
                end = rest_start + lead + joined.start()
                title, run_in = title[: joined.start()], True
        if not run_in and len(stripped) > 60:
            run_in = True  # a long numbered sentence: treat the first clause as the heading
        title = title.rstrip("*#")  # **二、存在问题**
        return Heading(p.index, level, style, number, text[m.start(1):m.end()].strip(_WS), title.strip(_WS),
                       p.start + m.start(1), p.start + end, run_in,
                       p.start + rest_start + lead)
    return None


def _enum_items(p: Paragraph, skip_to: int, heading: Heading | None = None) -> list[EnumItem]:
    items: list[EnumItem] = []
    text = p.text
    loose: list[EnumItem] = []  # 一是 in the middle of a clause ("因为一是…"): kept only in a run
    lead = lead_end(text) if text[:1] == "<" else -1  # <p …>一是: at the line start
    for m in ENUM_RE.finditer(text, skip_to):
        s = m.start()
        family = m.group(2)
        if family == "方面":
            # 一方面…另一方面 is a pair, not a list; only 一方面/二方面… count when numbered on.
            continue
        number = chinese_to_int(m.group(1))
        if number is None:
            continue
        item = EnumItem(p.index, number, m.group(0), p.start + s, p.start + m.end(), family)
        if s > skip_to and text[s - 1] not in ENUM_LEFT and s != lead:
            before = text[s - 1]
            if before == ">" and family in ("是", "要"):
                loose.append(item)  # <p …>二是: an HTML tag pasted in front (residue, flagged on its own)
            elif family not in ("是", "要") or before in ENUM_WORD_BEFORE or not ("\u4e00" <= before <= "\u9fff"):
                continue  # 统一是 / 唯一是 / 第一要务 / 三抓三促: not an item
            else:
                loose.append(item)
        items.append(item)
    if loose:
        # A mid-clause item counts only next to its neighbour number (一是 … 二是 in one paragraph).
        have = {(e.family, e.number) for e in items}
        loose_ids = {id(x) for x in loose}  # (a set: a paragraph may hold thousands of items)
        items = [e for e in items if id(e) not in loose_ids
                 or (e.family, e.number + 1) in have or (e.family, e.number - 1) in have]
    for m in NTH_RE.finditer(text, skip_to):
        s = m.start()
        number = chinese_to_int(m.group(1))
        if number is None or (s > skip_to and text[s - 1] not in ENUM_LEFT and s != lead):
            continue
        items.append(EnumItem(p.index, number, m.group(0), p.start + s, p.start + m.end(), "第"))
    for m in ORDINAL_RE.finditer(text, skip_to):
        s = m.start()
        if s > skip_to and text[s - 1] not in ENUM_LEFT:
            continue
        items.append(EnumItem(p.index, ORDINAL_WORDS[m.group(1)], m.group(1), p.start + s,
                              p.start + m.end(1), "ordinal"))
    if "（" in text or "(" in text or any(c in text for c in CIRCLED[:10]):
        items += _numbered_items(p, skip_to, heading)
    items.sort(key=lambda e: e.start)
    return items


# （1）…；（2）…；（4）… or ①…②…: numbered items inside a paragraph, where a clause starts and
# before Chinese text (not 高三（1）班, 附件(2), 1.5). Family "（1）" or "①".
_NUMBERED_ITEM_RE = re.compile(rf"[（(]([1-9]\d?)[）)](?=[{CJK_CLASS}“])|([{CIRCLED}])(?=[{CJK_CLASS}“])")


def _numbered_items(p: Paragraph, skip_to: int, heading: Heading | None) -> list[EnumItem]:
    items = []
    for m in _NUMBERED_ITEM_RE.finditer(p.text, skip_to):
        s = m.start()
        if s > skip_to and p.text[s - 1] not in ENUM_LEFT:
            continue
        if m.group(1):
            items.append(EnumItem(p.index, int(m.group(1)), m.group(0), p.start + s, p.start + m.end(), "（1）"))
        else:
            items.append(EnumItem(p.index, CIRCLED.index(m.group(2)) + 1, m.group(0), p.start + s, p.start + m.end(), "①"))
    if len(items) < 2 and not (items and heading is not None):
        return []  # one lone （2） is a reference more often than an item
    if heading is not None and heading.style in ("paren_arabic", "circled"):
        family = "①" if heading.style == "circled" else "（1）"
        if any(e.family == family for e in items):
            # （1）抓学习；（2）抓规范: the paragraph's own heading is the list's first item
            items.insert(0, EnumItem(p.index, heading.number, heading.marker, heading.start, heading.start + len(heading.marker),
                                     family))
    return items if len(items) >= 2 else []


def _find_title(paragraphs: list[Paragraph], headings_by_par: dict[int, Heading],
                skip: set[int] = frozenset()) -> Paragraph | None:
    for p in paragraphs:
        if not p.text.strip(_WS) or p.index in skip:
            continue
        t = p.text.strip(_WS)
        if AI_PREFACE.match(t):
            continue  # 好的，以下是为您撰写的……： (residue, flagged by hygiene.watermark): the title follows
        if p.index in headings_by_par or len(t) > 60 or t.endswith(("。", "：", ":")):
            return None
        if TITLE_WORDS.search(t) or len(t) <= 40:
            # A short first line that is not an opening sentence is the title.
            if "，" in t and not TITLE_WORDS.search(t):
                return None
            return p
        return None
    return None


class ParseCache:
    """Per-paragraph parse results keyed by paragraph text, offsets relative to the paragraph:
    re-parsing after an edit only runs the regexes on paragraphs that changed."""

    def __init__(self, capacity: int = 50_000) -> None:
        self.capacity = capacity
        self._data: dict[str, tuple[Heading | None, list[EnumItem], list[Heading]]] = {}
        # (lines, paragraphs, per line [paragraph, heading, enums, inline headings, parse]) of the
        # last parse: the lines an edit did not touch keep their objects (never modified).
        self.last: tuple[list[str], list[Paragraph], list] | None = None

    def get(self, text: str):
        hit = self._data.get(text)
        if hit is None:
            p = Paragraph(0, 0, len(text), text)
            h = _heading_in(p)
            skip = h.end if h else 0
            hit = (h, _enum_items(p, skip, h), _inline_headings(p, skip))
            if len(self._data) >= self.capacity:
                self._data.clear()
            self._data[text] = hit
        return hit


def _moved_heading(h: Heading, p: Paragraph) -> Heading:
    d = p.start
    return Heading(p.index, h.level, h.style, h.number, h.marker, h.title, h.start + d, h.end + d, h.run_in,
                   h.title_start + d)


def _moved_enums(items: list[EnumItem], p: Paragraph) -> list[EnumItem]:
    d = p.start
    return [EnumItem(p.index, e.number, e.marker, e.start + d, e.end + d, e.family) for e in items]


def _leading_outline(paragraphs: list[Paragraph], headings: list[Heading],
                     by_par: dict[int, Heading]) -> list[Heading]:
    """A run of 3+ short numbered lines with no body at the very start, whose numbering restarts
    later (一、…二、…三、 then the title and 一、 again): a table of contents, not the report's skeleton."""
    run: list[Heading] = []
    for p in paragraphs:
        t = p.text.strip(_WS)
        if not t:
            continue
        h = by_par.get(p.index)
        if h is None or h.run_in or len(t) > 30:
            break
        run.append(h)
    if len(run) < 3 or len(run) == len(headings):
        return []
    first = run[0]
    last_par = run[-1].paragraph
    if any(h.paragraph > last_par and h.style == first.style and h.number == first.number for h in headings):
        return run
    return []


_TERMINAL = set("。！？!?：:；;…”’）)」』】》.")
_PUNCT_START = set("，,。；;、：:）)")


def _page_markers(paragraphs: list[Paragraph], headings: list[Heading]) -> list[Heading]:
    """Arabic "2、" at a line start that is a document site's page counter, not a heading: the line
    continues the previous one (which stops mid-sentence) or starts with punctuation ("3、，"); the
    counter's earlier pages (1、 on a long line) belong to the same series."""
    arabic = [h for h in headings if h.style == "arabic"]
    if not arabic:
        return []
    heading_pars = {h.paragraph for h in headings}
    # Paragraph indexes of long lines opened by each number, in order (page chunks are long lines).
    long_by_number: dict[int, list[int]] = {}
    for h in arabic:
        if len(paragraphs[h.paragraph].text) >= 150:
            long_by_number.setdefault(h.number, []).append(h.paragraph)
    by_par = {h.paragraph: h for h in arabic}
    marked: dict[int, Heading] = {}
    for h in arabic:
        p = paragraphs[h.paragraph]
        last_index = h.paragraph - 1  # the last non-blank line before this one
        while last_index >= 0 and not paragraphs[last_index].text.strip(_WS):
            last_index -= 1
        last = paragraphs[last_index].text.strip(_WS) if last_index >= 0 else ""
        rest = p.text[h.start - p.start + len(h.marker):].lstrip(_WS)
        continues = len(last) >= 40 and last[-1] not in _TERMINAL and (last_index not in heading_pars
                                                                     or len(last) >= 150)
        longs = long_by_number.get(h.number - 1, ())
        if rest[:1] in _PUNCT_START and rest[:1] != "、":
            marked[h.paragraph] = h  # "3、，": no heading starts with a comma (1.、 is a 、 too many)
        elif continues and h.number >= 2 and longs and longs[0] < h.paragraph:
            marked[h.paragraph] = h  # the counter of a series of long page chunks
        elif continues and h.number >= 2 and len(h.title) > 30 and len(p.text) >= 100:
            marked[h.paragraph] = h  # the line goes on with a sentence, not a heading title
    # Walk each counter back to its first page (1、 on a long line).
    for h in list(marked.values()):
        n, bound = h.number - 1, h.paragraph
        while n >= 1:
            longs = long_by_number.get(n, [])
            i = bisect_left(longs, bound)
            if i == 0:
                break
            bound = longs[i - 1]
            marked[bound] = by_par[bound]
            n -= 1
    return sorted(marked.values(), key=lambda h: h.start)


INLINE_HEADING_RE = re.compile(
    rf"(?<=[。：:；;！？!?])[{_WS}]*(?:([{CN_NUM}]{{1,3}})、(?![{CN_NUM}\d月日年])|([（(〔])([{CN_NUM}]{{1,3}})([）)〕]))")
_INLINE_STOP = re.compile(rf"[。：:；;！？!?，,]|[（(〔][{CN_NUM}]{{1,3}}[）)〕]")


_PAREN_AT = re.compile(rf"([（(〔])([{CN_NUM}]{{1,3}})([）)〕])")


def _inline_heading(p: Paragraph, mstart: int, title_start: int, style: str, raw: str, marker: str):
    """The run-in heading whose marker spans [mstart, title_start) in `p`, or None when its title
    is not short; also says whether another （二） marker follows its title directly."""
    text = p.text
    number = chinese_to_int(raw)
    if number is None:
        return None, None
    stop = _INLINE_STOP.search(text, title_start, title_start + 41)
    end = stop.start() if stop else len(text)
    if end - title_start > 40 or end - title_start < 2:
        return None, None
    paren_next = end if stop and stop.group()[0] in "（(〔" else None
    h_end = end if paren_next is not None else end + (1 if stop else 0)
    level = 1 if style == "cn" else 2
    h = Heading(p.index, level, style, number, marker, text[title_start:end], p.start + mstart, p.start + h_end,
                True, p.start + title_start)
    return h, paren_next


def _inline_headings(p: Paragraph, skip_to: int) -> list[Heading]:
    """Headings run into a flattened line: 一、 or （一） right after 。：； (or right after another
    run-in heading's title, "一、工作开展情况（一）突出政治引领，…") with a short title."""
    out: list[Heading] = []
    text = p.text
    for m in INLINE_HEADING_RE.finditer(text, skip_to):
        mstart = m.start() + len(m.group(0)) - len(m.group(0).lstrip(_WS))
        if out and p.start + mstart < out[-1].end:
            continue
        if m.group(1):
            h, nxt = _inline_heading(p, mstart, m.end(), "cn", m.group(1), m.group(1) + "、")
        else:
            h, nxt = _inline_heading(p, mstart, m.end(), "paren_cn", m.group(3), m.group(2) + m.group(3) + m.group(4))
        while h is not None:
            out.append(h)
            if nxt is None:
                break
            pm = _PAREN_AT.match(text, nxt)
            if pm is None:
                break
            h, nxt = _inline_heading(p, nxt, pm.end(), "paren_cn", pm.group(2), pm.group(0))
    return out


def _placed_lines(lines: list[str], cache: ParseCache) -> tuple[list[Paragraph], list]:
    """The paragraphs of `lines` and, per line, [paragraph, heading, enums, inline headings,
    per-text parse] (None for an empty line). The lines an edit left before and after it keep the
    last parse's objects (moved when the edit changed the length before them): an edit costs its
    own lines plus list slicing, not a pass over every line."""
    last = cache.last
    if last is not None:
        olines, oparas, oheres = last
        n, m = len(lines), len(olines)
        a = common_prefix(olines, lines, min(n, m))
        b = common_suffix(olines, lines, min(n, m) - a)
    else:
        olines = oparas = oheres = None
        n, m, a, b = len(lines), 0, 0, 0
    paragraphs: list[Paragraph] = oparas[:a] if a else []
    heres: list = oheres[:a] if a else []
    pos = paragraphs[-1].end + 1 if paragraphs else 0
    for i in range(a, n - b):
        line = lines[i]
        start, pos = pos, pos + len(line) + 1
        if not line:
            paragraphs.append(Paragraph(i, start, start, line))
            heres.append(None)
            continue
        p = Paragraph(i, start, start + len(line), line)
        hit = cache.get(line)
        here = [p, _moved_heading(hit[0], p) if hit[0] is not None else None, None, None, hit]
        paragraphs.append(p)
        heres.append(here)
    if b:
        k = m - b  # the first old line of the suffix
        d, di = pos - oparas[k].start, (n - b) - k
        if d == 0 and di == 0:
            paragraphs += oparas[k:]
            heres += oheres[k:]
        else:  # the same lines, moved: new objects (they are never modified)
            moved = [Paragraph(op.index + di, op.start + d, op.end + d, op.text) for op in oparas[k:]]
            paragraphs += moved
            heres += [None if oh is None else
                      [p, None if (h := oh[4][0]) is None else _moved_heading(h, p), None, None, oh[4]]
                      for p, oh in zip(moved, oheres[k:], strict=True)]
    cache.last = (lines, paragraphs, heres)
    return paragraphs, heres


def parse(text: str, cache: ParseCache | None = None) -> Document:
    """Parse `text` into paragraphs, headings and enumerations; core.text.sections names the parts."""
    cache = cache or ParseCache()
    lines = text.split("\n")
    paragraphs, heres = _placed_lines(lines, cache)
    headings = [here[1] for here in heres if here is not None and here[1] is not None]
    by_par: dict[int, Heading] = {h.paragraph: h for h in headings}
    outline = _leading_outline(paragraphs, headings, by_par)
    skip = {h.paragraph for h in outline}
    markers = _page_markers(paragraphs, headings)
    skip_heads = skip | {h.paragraph for h in markers}
    if skip_heads:
        headings = [h for h in headings if h.paragraph not in skip_heads]
        by_par = {h.paragraph: h for h in headings}
    title = _find_title(paragraphs, by_par, skip)
    enums: list[EnumItem] = []
    inline: list[Heading] = []
    title_index = title.index if title is not None else -1
    for index, here in enumerate(heres):
        if here is None or index == title_index or index in skip:
            continue
        hit = here[4]
        if hit[1]:
            if here[2] is None:
                here[2] = _moved_enums(hit[1], here[0])
            enums.extend(here[2])
        if hit[2]:
            if here[3] is None:
                here[3] = [_moved_heading(h, here[0]) for h in hit[2]]
            inline.extend(here[3])
    if not any(h.style == "cn" for h in inline):
        inline = []  # only a flattened text (一、 run into a line) has its headings inline
    doc = Document(text, paragraphs, title, headings, enums, outline=outline, page_markers=markers,
                   inline_headings=inline)
    doc.year = report_year(doc)
    return doc
