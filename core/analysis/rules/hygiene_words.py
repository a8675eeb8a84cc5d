"""hygiene.duplicate_word, hygiene.linebreak, hygiene.traditional: slips inside words.

The tables of hygiene.typo are built here too (formulation.variant reads them); the rule itself is in
hygiene_typo.py."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import attrgetter

from core.analysis.doc_edit import keep, previous
from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.hygiene_common import CJK, PrefixIndex, cached, is_cjk, token_bounds, trie_pattern
from core.text.document import Document

DUPLICATE = "hygiene.duplicate_word"
LINEBREAK = "hygiene.linebreak"
_PAR = attrgetter("paragraph")
TRADITIONAL = "hygiene.traditional"
TYPO = "hygiene.typo"

# ---- duplicate_word -------------------------------------------------------------------------
# Lookahead, so overlapping candidates are all seen (切实落实落实: 实落实落 is tried before 落实落实).
_DUP_RE = re.compile(rf"(?=([{CJK}]{{2,4}})\1)")
# 一步一步, 一个一个, 一天一天: 一 + measure word repeated is ordinary Chinese.
_ONE_MEASURE = re.compile(r"^一.$")


def _dup_data(ctx) -> tuple[frozenset[str], re.Pattern[str] | None, str]:
    def build():
        allow = frozenset(ctx.lexicon.words("reduplication_allow"))
        table = ctx.lexicon.toml("hygiene").get("duplicate", {})
        single = table.get("single_chars", "")
        rx = re.compile("([" + re.escape(single) + "])\\1") if single else None
        return allow, rx, table.get("word_suffixes", "")

    return cached(ctx, "hygiene:dup", build)


def _two_words(ctx, text: str, s: int, mid: int, unit: str, suffixes: str) -> bool:
    """党组织|组织力, 党支部|支部书记: the first copy ends a longer word and the second starts one,
    so the unit is shared by two words, not typed twice."""
    n = len(unit)
    if not any(ctx.lexicon.word_freq(text[s - k:s + n]) > 0 for k in (1, 2) if s - k >= 0):
        return False
    after = text[mid + n:mid + n + 1]
    if after and after in suffixes:  # 组织力, 先进性: a noun suffix makes the second copy a new word
        return True
    return any(ctx.lexicon.word_freq(text[mid:mid + n + k]) > 0 for k in (1, 2) if mid + n + k <= len(text))


@rule(DUPLICATE, scope="paragraph",
      description="同一个词误写两遍（支部支部、落实落实、的的），不含常常、认认真真、研究研究等正常叠词")
def duplicate_word(text: str, ctx):
    allow, single_rx, suffixes = _dup_data(ctx)
    cands: list[tuple[int, int, str]] = []
    for m in _DUP_RE.finditer(text):
        unit = m.group(1)
        if unit in allow or _ONE_MEASURE.match(unit) or len(set(unit)) == 1:
            continue
        cands.append((m.start(), m.start() + 2 * len(unit), unit))
    if single_rx is not None:
        for m in single_rx.finditer(text):
            cands.append((m.start(), m.end(), m.group(1)))
    if not cands:
        return  # tokens only when a candidate exists
    bounds = token_bounds(ctx.tokens(text))
    taken = -1
    for s, e, unit in sorted(cands):
        if s < taken:
            continue
        mid = s + len(unit)
        if len(unit) == 1:
            if not (s in bounds and mid in bounds and e in bounds):
                continue  # 不了了之, 的的确确, 把把关: the repeat sits inside a real word
        elif mid not in bounds or (s not in bounds and e not in bounds):
            continue  # the two copies must be cut where words are cut (切实落实|落实, 支部|支部书记)
        elif _two_words(ctx, text, s, mid, unit, suffixes):
            continue
        if len(unit) == 1 and (text[e:e + 1] == text[e + 1:e + 2] != "" or text[s - 2:s - 1] == text[s - 1:s] != ""):
            continue  # AABB such as 是是非非 when jieba splits it
        taken = e
        yield Finding(DUPLICATE, Severity.WARNING, s, e, "", f"“{unit}”连写了两遍，疑为误输入。", unit)


# ---- linebreak ------------------------------------------------------------------------------
_GAP_RE = re.compile(r"[ \u3000\t]+")  # spaces are rare in Chinese text: check the sides in Python
_CJK_RE = re.compile(f"[{CJK}]")
_SENTENCE_PUNCT = re.compile(r"[，。；！？]")
_END_OK = set("。！？；：…”’）》】」』〕.!?;:)]—")
# How a row of a list written as lines starts: a date, a bullet, a number. Two lines that start
# alike are rows (2025年3月，获评…⏎2025年7月，获评…), not one sentence broken in two.
_ROW_LEAD = re.compile(r"[ \t\u3000]*(?:(\d{4})[年.\-/]|(\d{1,2})月|([●■◆▲★☆◎•·▪►√✓※]))")
_ENUM_START = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}(?:是|要|抓)|首先|其次|再次|最后|第[一二三四五六七八九十]+)")


def _cjk_run_len(text: str, i: int, step: int) -> tuple[int, str]:
    """Length of the CJK run starting at i going in `step`, and the character just past it."""
    n = 0
    while 0 <= i < len(text) and is_cjk(text[i]):
        n += 1
        i += step
    return n, (text[i] if 0 <= i < len(text) else "")


_PUNCT_NEAR_GAP = set("，。、；：？！")
_NUM_GAP_RE = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000]+(\d+(?:\.\d+)?%?)(?:[ \u3000]+(?=[\u3400-\u9fff])|(?=[\u3400-\u9fff]))"
                         r"|(?<=[\u3400-\u9fff])(\d+(?:\.\d+)?%?)[ \u3000]+(?=[\u3400-\u9fff])")


class _Protected:
    """《》 titles, quoted slogans and bracketed notes (记者 张三): spaces there are the writer's.
    Each family's pairs come one after another, so at most one of a family holds a place: the
    last one starting before it (a bisection per family, not a scan of every pair)."""

    _FAMILIES = (("《", "》"), ("“", "”"), ("（", "）"), ("(", ")"), ("【", "】"))

    def __init__(self, text: str) -> None:
        self._spans: list[tuple[list[int], list[int]]] = []
        for o, c in self._FAMILIES:
            starts, ends = [], []
            i = text.find(o)
            while i >= 0:
                j = text.find(c, i + 1)
                if j < 0:
                    break
                starts.append(i)
                ends.append(j + 1)
                i = text.find(o, j + 1)
            if starts:
                self._spans.append((starts, ends))

    def around(self, s: int, e: int) -> list[int]:
        """The openers of the pairs holding text[s:e] strictly inside."""
        out = []
        for starts, ends in self._spans:
            k = bisect_left(starts, s) - 1
            if k >= 0 and e < ends[k]:
                out.append(starts[k])
        return out


def _splits_word(ctx, text: str, s: int, e: int) -> bool:
    """Would the text without this space have a dictionary word across it (定 期 -> 定期)?"""
    lo, hi = max(0, s - 3), min(len(text), e + 3)
    joined = text[lo:s] + text[e:hi]
    cut_at = s - lo
    pos = 0
    for tok in ctx.tokens(joined):
        if pos < cut_at < pos + len(tok):
            return len(tok) >= 2 and ctx.lexicon.word_freq(tok) > 0
        pos += len(tok)
    return False


def _space_gaps(doc: Document, ctx, p, body_from: int):
    text = p.text
    checked = False
    protected: _Protected | None = None
    for m in _GAP_RE.finditer(text, body_from):
        s, e = m.span()
        if s == 0 or e >= len(text):
            continue
        a, b = text[s - 1], text[e]
        cjk_pair = is_cjk(a) and is_cjk(b)
        punct_gap = (a in _PUNCT_NEAR_GAP and (is_cjk(b) or b in "“《（")) or \
            (b in _PUNCT_NEAR_GAP and (is_cjk(a) or a in "”》）"))
        if not (cjk_pair or punct_gap):
            continue
        if not checked:
            checked = True
            if not _SENTENCE_PUNCT.search(text) or len(_CJK_RE.findall(text)) < 20:
                return  # titles, signatures, dates, subtitles such as “强化政治引领 筑牢思想根基”
            protected = _Protected(text)
        inside = protected.around(s, e) if protected is not None else []
        if inside and not (cjk_pair and e - s == 1 and all(text[x] in "《“" for x in inside)
                           and _cjk_run_len(text, s - 1, -1)[0] >= 2 and _cjk_run_len(text, e, 1)[0] >= 2
                           and _splits_word(ctx, text, s, e)):
            continue  # inside 《…》, “…” or （记者 张三）; a title or a quoted name may space two parts, not split a word
        if punct_gap:
            yield Finding(LINEBREAK, Severity.WARNING, p.start + s - 1, p.start + e + 1, "",
                          "标点前后夹有空格（多见于从 PDF 或网页复制的文本），应删除。", a + b)
            continue
        left, before = _cjk_run_len(text, s - 1, -1)
        right, after = _cjk_run_len(text, e, 1)
        broken = _splits_word(ctx, text, s, e)
        if not broken and ((before and before in " \u3000\t") or (after and after in " \u3000\t")):
            continue  # 张三 李四 王五: a space-separated list, not a broken word
        if not broken and left < 2 and right < 2:
            continue
        yield Finding(LINEBREAK, Severity.WARNING, p.start + s - 1, p.start + e + 1, "",
                      "汉字之间夹有空格（多见于从 PDF 复制的文本），应删除。", text[s - 1] + text[e])
    if " " in text[body_from:] or "\u3000" in text[body_from:]:
        yield from _numeral_gaps(ctx, p, body_from)


def _heading_gaps(ctx, p, h):
    """（2）补齐支部建 设短板: a numbered heading may put a space between two phrases (强化政治引领
    筑牢思想根基), never inside a word; only a space that splits a dictionary word is flagged."""
    text = p.text
    lo = h.start - p.start + len(h.marker)
    hi = min(len(text), h.end - p.start)
    for m in _GAP_RE.finditer(text, lo, hi):
        s, e = m.span()
        if e - s != 1 or s == 0 or e >= len(text) or not (is_cjk(text[s - 1]) and is_cjk(text[e])):
            continue
        if _cjk_run_len(text, s - 1, -1)[0] == 1 and _cjk_run_len(text, e, 1)[0] == 1:
            continue  # 1.组　长：张三: a two-character label spaced out to align with 副组长
        if not _splits_word(ctx, text, s, e):
            continue  # 强化政治引领 筑牢思想根基: two phrases
        if _Protected(text).around(s, e):
            continue
        yield Finding(LINEBREAK, Severity.WARNING, p.start + s - 1, p.start + e + 1, "",
                      "汉字之间夹有空格（多见于从 PDF 复制的文本），应删除。", text[s - 1] + text[e])


def _numeral_gaps(ctx, p, body_from: int):
    """对 2022 年: spaces around a figure inside Chinese text (Chinese layout puts none)."""
    text = p.text
    if not _SENTENCE_PUNCT.search(text) or len(_CJK_RE.findall(text)) < 20:
        return
    protected = _Protected(text)
    for m in _NUM_GAP_RE.finditer(text, body_from):
        s, e = m.span()
        if protected.around(s, e):
            continue
        num = m.group(1) or m.group(2)
        yield Finding(LINEBREAK, Severity.WARNING, p.start + s, p.start + e, "",
                      f"数字“{num}”与汉字之间夹有空格，中文排版不加空格，应删除。", num)


@rule(LINEBREAK, scope="document",
      description="词语或句子中间夹有空格或断行（多见于从 PDF 复制的文本）")
def linebreak(doc: Document, ctx):
    # Per paragraph (it and the next line): after an edit that left the shape alone only the
    # changed paragraphs and the one before them are looked at again (core/analysis/doc_edit.py).
    edit, old = previous(ctx, LINEBREAK, doc)
    paras = doc.paragraphs
    if edit is not None and edit.same_shape and old is not None:
        lo, hi = max(0, edit.i0 - 1), edit.i1
        found = [x for x in old if x[0] < lo]
        if lo < hi:
            heads = {h.paragraph: h for h in doc.headings[bisect_left(doc.headings, lo, key=_PAR):
                                                          bisect_right(doc.headings, hi, key=_PAR)]}
            found += _linebreaks(doc, ctx, range(lo, hi), heads)
        found += [(i, edit.finding(f)) for i, f in old if i >= hi]
    else:
        found = _linebreaks(doc, ctx, range(len(paras)), {h.paragraph: h for h in doc.headings})
    keep(ctx, LINEBREAK, doc, found)
    return [f for _, f in found]


# Four or more half-width spaces (or no-break spaces) before the text of a line: the layout of a web
# page or PDF. Two full-width spaces are how people indent by hand, and are left alone.
_LAYOUT_SPACE = frozenset(" \u00a0")
_LAYOUT_LEAD = re.compile(f"[ \u00a0]{{4,}}(?=[{CJK}\\d（(“])")


def _linebreaks(doc: Document, ctx, indexes, heading_by_par) -> list[tuple[int, Finding]]:
    """(paragraph index, finding) of the paragraphs `indexes` (heading_by_par: at least theirs and the next one's)."""
    paras = doc.paragraphs
    title_index = doc.title.index if doc.title is not None else -1
    section_starts = {s.start for s in doc.sections}
    out = []
    for i in indexes:
        p = paras[i]
        if i == 0 and (f := _title_run_in(ctx, p)) is not None:
            out.append((i, f))  # and the glued body is checked as any paragraph below
        if p.text[:1] in _LAYOUT_SPACE and (m := _LAYOUT_LEAD.match(p.text)) is not None:
            out.append((i, Finding(LINEBREAK, Severity.INFO, p.start, p.start + m.end(), "",
                                   f"行首有 {m.end()} 个半角空格，是网页或 PDF 的排版留下的：正文缩进由导出的"
                                   "公文格式自动处理，请删除。")))
        if p.index == title_index or not p.text.strip():
            continue
        h = heading_by_par.get(p.index)
        if h is not None and h.marker and (" " in p.text or "\u3000" in p.text):
            out += [(i, f) for f in _heading_gaps(ctx, p, h)]
        if h is not None and not h.run_in:
            continue
        body_from = (h.end - p.start) if h is not None else 0
        text = p.text
        if " " in text or "\u3000" in text or "\t" in text:  # most paragraphs have no space at all
            out += [(i, f) for f in _space_gaps(doc, ctx, p, body_from)]
        if i + 1 >= len(paras):
            continue
        end = text.rstrip(" \u3000\t")
        if end and end[-1] in _END_OK:
            continue  # ends a sentence: no broken line (_broken_line's first test)
        q = paras[i + 1]
        f = _broken_line(doc, ctx, p, q, heading_by_par, section_starts, body_from)
        if f is not None:
            out.append((i, f))
    return out


_TITLE_MAX = 40  # a title is at most this long
_TITLE_BODY_MIN = 40  # and what follows it is a paragraph of this much text with sentences


def _title_rx(ctx):
    def build():
        table = ctx.lexicon.toml("hygiene").get("linebreak", {})
        ends = sorted(table.get("title_ends", []), key=len, reverse=True)
        if not ends:
            return None
        # the last title word within reach, after text without punctuation or spaces
        return (re.compile(f"[\u4e00-\u9fff0-9]{{2,{_TITLE_MAX}}}(?:{'|'.join(map(re.escape, ends))})"),
                re.compile(table.get("body_start", "(?!)")))

    return cached(ctx, "hygiene:title-run-in", build)


def _title_run_in(ctx, p) -> Finding | None:
    """The first paragraph is a title glued to the first sentence (2023年党建工作总结2023年，……)."""
    rx = _title_rx(ctx)
    if rx is None:
        return None
    rx, body_start = rx
    text = p.text
    m = rx.match(text)
    if m is None:
        return None
    rest = text[m.end():]
    if len(rest) < _TITLE_BODY_MIN or body_start.match(rest) is None \
            or _SENTENCE_PUNCT.search(rest[:_TITLE_MAX]) is None:
        return None
    s = max(0, m.end() - 4)
    # info: a flattened page reads right otherwise (tests/data/clean_flat.txt), so this is advice
    return Finding(LINEBREAK, Severity.INFO, p.start + s, p.start + m.end() + 2, "",
                   f"标题“{m.group()}”后面缺少换行，与正文连在一起（多见于从网页或 PDF 复制的文本），"
                   "请在标题后另起一行。")


_QUOTE_REACH = 60  # the split quote opens this close to the break and closes this close after it


def _balanced(marks: str, opener: str = "“") -> bool:
    depth = 0
    for ch in marks:
        depth += 1 if ch == opener else -1
        if depth < 0:
            return False
    return depth == 0


_QUOTE_FAMILIES = (("“", "”", re.compile("[^“”]")), ("‘", "’", re.compile("[^‘’]")))


def _split_quote(ptext: str, qtext: str, body_from: int) -> list[tuple[int, int]]:
    """[(opener in ptext, closer in qtext)] for each quote family (“” and ‘’) whose only unpaired
    marks on the two lines are an opener near the end of the first and a closer near the start of
    the second."""
    splits = []
    for opener, closer, others in _QUOTE_FAMILIES:
        o = ptext.rfind(opener)
        if o < max(body_from, len(ptext) - _QUOTE_REACH) or closer in ptext[o:]:
            continue
        c = qtext.find(closer)
        if c < 0 or c > _QUOTE_REACH or opener in qtext[:c]:
            continue
        if "\n" in ptext[o:] or not _balanced(others.sub("", ptext[body_from:o]), opener) \
                or not _balanced(others.sub("", qtext[c + 1:]), opener):
            continue
        splits.append((o, c))
    return splits


def _broken_line(doc, ctx, p, q, heading_by_par, section_starts, body_from):
    ptext = p.text.rstrip(" \u3000\t")
    qtext = q.text.lstrip(" \u3000\t")
    if not ptext or not qtext or q.index in heading_by_par:
        return None
    last, first = ptext[-1], qtext[0]
    if last in _END_OK:
        return None
    q_start = q.start + (len(q.text) - len(qtext))
    splits = _split_quote(ptext, qtext, body_from)
    if splits and q_start not in section_starts:
        # A quote opened before the break and closed after it: one defect, the break. The two
        # unpaired-quote findings it explains are dropped (data["covers"], core/analysis/merge.py).
        covers = []
        for o, c in splits:
            o, c = p.start + o, q_start + c
            covers += [[o, o + 1, "hygiene.bracket"], [c, c + 1, "hygiene.bracket"]]
        return Finding(LINEBREAK, Severity.WARNING, p.start + len(ptext) - 1, q_start + 1, "",
                       "引号里的文字被断行隔开（多见于从 PDF 复制的文本）：这两段应合并为一段，引号即可配对。",
                       last + first, data={"covers": covers})
    if not (is_cjk(last) or last.isalnum() or last in "，、%％"):
        return None
    if not (is_cjk(first) or first.isdigit()) or _ENUM_START.match(qtext):
        return None
    lead_p, lead_q = _ROW_LEAD.match(ptext, body_from), _ROW_LEAD.match(qtext)
    if lead_p and lead_q and [g is None for g in lead_p.groups()] == [g is None for g in lead_q.groups()]:
        return None  # two rows of a list
    if q_start in section_starts:  # (the starts of doc.sections: a set, not a scan per line)
        return None
    qpunct = _SENTENCE_PUNCT.search(qtext)
    if len(qtext) <= 20 and not qpunct:
        return None  # a label line such as 下一步打算
    body = ptext[body_from:] if body_from < len(ptext) else ""
    strong = last in "，、"
    if not strong:
        if len(body) < 20 or not _SENTENCE_PUNCT.search(body):
            return None  # a short line or an unnumbered heading
        # A word cut in two (学\n习) is certain; otherwise the sentence at least runs on.
        probe_l, probe_r = ptext[-4:], qtext[:4]
        bounds = token_bounds(ctx.tokens(probe_l + probe_r))
        strong = len(probe_l) not in bounds
        if not strong and (len(body) < 30 or len(_SENTENCE_PUNCT.findall(body)) < 2):
            return None  # 坚持以党的政治建设为统领，全面提升机关党建质量: an unnumbered subheading
    start = p.start + len(ptext) - 1
    end = q_start + 1
    if strong:
        return Finding(LINEBREAK, Severity.WARNING, start, end, "",
                       "句子中间断行（多见于从 PDF 复制的文本）：这两段应合并为一段。", last + first)
    return Finding(LINEBREAK, Severity.WARNING, start, end, "",
                   "段落末尾没有句末标点，下一段像是接着这句话：若是复制带入的断行请合并两段，否则请补上句号。")


# ---- traditional ----------------------------------------------------------------------------
_TRADITIONAL_PER_PARAGRAPH = 4  # from this many separate words on, one finding for the paragraph
def _traditional_table(ctx) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    def build():
        table: dict[str, str] = {}
        for line in ctx.lexicon.words("traditional_chars"):
            parts = line.split()
            if len(parts) >= 2 and len(parts[0]) == 1:
                table[parts[0]] = parts[1]
        if not table:
            return None, table
        return re.compile("[" + re.escape("".join(table)) + "]"), table

    return cached(ctx, "hygiene:traditional", build)


@rule(TRADITIONAL, scope="paragraph", description="简体文稿里夹有繁体字（多见于从繁体网站复制的文字）")
def traditional(text: str, ctx):
    rx, table = _traditional_table(ctx)
    if rx is None:
        return
    hits = [m.start() for m in rx.finditer(text)]
    if not hits:
        return
    # Merge hits a few Chinese characters apart into one word-sized span: 黨風廉政建設.
    groups: list[list[int]] = [[hits[0]]]
    for i in hits[1:]:
        prev = groups[-1][-1]
        if i - prev <= 3 and all(is_cjk(c) for c in text[prev + 1:i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    if len(groups) >= _TRADITIONAL_PER_PARAGRAPH:
        # A traditional page pasted in: one finding for the paragraph and one fix for all of it.
        s, e = hits[0], hits[-1] + 1
        fixed = "".join(table.get(c, c) for c in text[s:e])
        chars = "、".join(list(dict.fromkeys(text[i] for i in hits))[:8])
        yield Finding(TRADITIONAL, Severity.WARNING, s, e, "",
                      f"本段有 {len(hits)} 处繁体字（{chars}……），简体文稿应全部改为简体。", fixed)
        return
    for g in groups:
        s, e = g[0], g[-1] + 1
        orig = text[s:e]
        fixed = "".join(table.get(c, c) for c in orig)
        chars = "、".join(dict.fromkeys(text[i] for i in g))
        yield Finding(TRADITIONAL, Severity.WARNING, s, e, "",
                      f"“{orig}”含繁体字（{chars}），简体文稿应为“{fixed}”。", fixed)


# ---- typo -----------------------------------------------------------------------------------
_SEV = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_LEAD = re.compile(f"[{CJK}]*")  # the literal a context regex starts with


def _typo_table(ctx):
    def build():
        data = ctx.lexicon.toml("typos")
        index = PrefixIndex()
        for wrong, v in data.get("words", {}).items():
            entry = {"right": v} if isinstance(v, str) else dict(v)
            if entry.get("right") and wrong != entry["right"]:
                index.add(wrong, entry)
        # Context entries are found through their leading literal (截止, 必需 …): one trie scan.
        by_key: dict[str, list[tuple[re.Pattern[str], dict]]] = {}
        for c in data.get("context", []):
            try:
                rx = re.compile(c["regex"])
            except (re.error, KeyError):
                continue  # a broken user entry must not stop the rule
            key = _LEAD.match(c["regex"]).group()
            by_key.setdefault(key, []).append((rx, c))
        always = by_key.pop("", [])
        key_rx = re.compile(trie_pattern(by_key)) if by_key else None
        return index.compile(), key_rx, by_key, always

    return cached(ctx, "hygiene:typos", build)


def _excepted(text: str, s: int, wrong: str, unless: list[str]) -> bool:
    for u in unless:
        off = u.find(wrong)
        while off >= 0:
            if s - off >= 0 and text[s - off:s - off + len(u)] == u:
                return True
            off = u.find(wrong, off + 1)
    return False
