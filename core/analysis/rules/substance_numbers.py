"""substance.numbers: figures that do not add up (每一个数字都要细扣).

Checked inside one sentence (or, for rates, the sentence before): a part of a 其中 list larger
than its total, parts of mutually exclusive categories that do not add up, a percentage that
does not follow from the counts it describes (办结率, 占比), an impossible date (2月30日), a
range written backwards (30—20人). Across the report: the same stock figure (全镇共有党员…)
given two values.  Approximate figures (约, 余, 多, 以上 …) are never compared exactly.
Everything that depends on a paragraph's text is cached by that text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from core.analysis.doc_edit import keep, previous
from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.text.cjk import CJK_CLASS
from core.text.document import Document
from core.text.numerals import CN_NUMERAL_CHARS, parse_amount

RULE = "substance.numbers"
SENT_END = re.compile(r"[。！？!?\n]")
CLAUSE_SEP = "，,；;、：:（）()"
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?(?:万亿|万|亿)?"
CHINESE = rf"[{CN_NUMERAL_CHARS}]+"
RANGE_SEP = r"\s*(?:—{1,2}|–|-|~|～|至)\s*"
RANGE_END = re.compile(rf"[\d{CN_NUMERAL_CHARS}][^\d，。；、]{{0,4}}?{RANGE_SEP}$")
PERCENT_RE = re.compile(r"(\d(?<![\d.]\d)\d*(?:\.\d+)?)\s*[%％]")  # look-behind after the digit: see FIGURE_RE


@dataclass(frozen=True, slots=True)
class Data:
    qty: tuple[re.Pattern[str], re.Pattern[str]]  # Arabic, Chinese numerals
    units: dict[str, tuple[str, float]]
    approx_before: tuple[str, ...]
    approx_after: tuple[str, ...]
    part_stop: re.Pattern[str]
    groups: tuple[tuple[str, ...], ...]
    remainder: tuple[str, ...]
    rate_skip: tuple[str, ...]
    stock: re.Pattern[str]
    stock_skip: tuple[str, ...]


def _data(ctx) -> Data:
    def build() -> Data:
        try:
            raw = ctx.lexicon.toml("numbers")
        except (OSError, ValueError):
            raw = {}
        units = {u: (str(v[0]), float(v[1])) for u, v in raw.get("units", {}).items()}
        alts = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True)) or "名"
        approx_after = tuple(raw.get("approx_after", ()))
        suffix = "|".join(re.escape(a) for a in ("余", "多")) or "余"
        # Two patterns, each opening with a character class, so `re` skips ahead in C (a leading
        # look-behind or alternation would make it try every position).
        # A number only starts where quantities() would accept it (not after a digit, a letter, 第 or a
        # numeral): inside a run the match is not even tried, so a long run of digits or 一 costs
        # its length once instead of once per character (O(n²) before: 50 ms per 1 000 characters).
        qty = (re.compile(rf"(?<![0-9.,０-９A-Za-z])({ARABIC})\s*({suffix})?\s*({alts})"),
               re.compile(rf"(?<![第{CN_NUMERAL_CHARS}])({CHINESE})\s*({suffix})?\s*({alts})"))
        stops = tuple(raw.get("part_stop", ()))
        verbs = "|".join(re.escape(v) for v in raw.get("stock_verbs", ("共有", "现有")))
        return Data(qty, units, tuple(raw.get("approx_before", ())) or ("约",), approx_after or ("余",),
                    re.compile("|".join(re.escape(s) for s in stops)) if stops else re.compile(r"(?!)"),
                    tuple(tuple(g) for g in raw.get("exclusive_groups", ())),
                    tuple(raw.get("remainder_words", ())), tuple(raw.get("rate_skip", ())),
                    re.compile(rf"({verbs})"), tuple(raw.get("stock_skip", ())))

    return ctx.lexicon.memo("substance:numbers_data", build)


@dataclass(slots=True)
class Qty:
    start: int
    end: int  # end of the unit
    num_end: int
    value: float
    cls: str
    approx: bool  # 约50名, 50余名, 3—5人: never compared exactly
    written: str
    ranged: bool = False  # the upper end of a range (3—5人)


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v == int(v) else f"{v:,.2f}".rstrip("0").rstrip(".")


_NOT_BEFORE_ARABIC = frozenset("0123456789.,０１２３４５６７８９") | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NOT_BEFORE_CHINESE = frozenset("第" + CN_NUMERAL_CHARS)
# A digit or a Chinese numeral, found in C; other str.isdigit() characters (①, ²) are looked for
# only in the rare paragraph without either.
_MAYBE_NUMBER = re.compile(rf"[\d{CN_NUMERAL_CHARS}]")


def quantities(text: str, d: Data) -> list[Qty]:
    out = []
    for chinese, rx in enumerate(d.qty):
        if chinese and not any(c in text for c in "一二两三四五六七八九十百千"):
            continue
        bad = _NOT_BEFORE_CHINESE if chinese else _NOT_BEFORE_ARABIC
        for m in rx.finditer(text):
            start = m.start()
            if start and text[start - 1] in bad:
                continue  # inside a longer number or a Latin name (A3), or an ordinal (第三个)
            raw, unit = m.group(1), m.group(3)
            value = parse_amount(raw)
            if value is None or unit not in d.units:
                continue
            if chinese and unit in ("个", "项", "条") and len(raw) == 1 and _in_quotes(text, start):
                continue  # “四个意识”“两个维护”: names, not counts
            cls, mult = d.units[unit]
            approx = bool(m.group(2)) or text[max(0, start - 4):start].endswith(d.approx_before) \
                or text[m.end():m.end() + 3].startswith(d.approx_after)
            ranged = _after_range_sep(text, start) and bool(RANGE_END.search(text, max(0, start - 16), start))
            out.append(Qty(start, m.end(), start + len(raw), value * mult, cls, approx or ranged, m.group(0), ranged))
    out.sort(key=lambda q: q.start)
    return out


_RANGE_SEP_LAST = frozenset("—–-~～至")  # the last character of each RANGE_SEP alternative


def _after_range_sep(text: str, pos: int) -> bool:
    """Can RANGE_END match up to pos? Only after a range separator or a space (its `\\s*`): most
    figures are not, and the regex search is spared."""
    return pos > 0 and (text[pos - 1] in _RANGE_SEP_LAST or text[pos - 1].isspace())


def _in_quotes(text: str, pos: int) -> bool:
    left = text.rfind("“", max(0, pos - 12), pos)
    return left >= 0 and text.find("”", left, pos) < 0


def _clause_start(text: str, pos: int, floor: int = 0) -> int:
    i = pos
    while i > floor and text[i - 1] not in CLAUSE_SEP and not SENT_END.match(text[i - 1]):
        i -= 1
    return i


def _clause_end(text: str, pos: int, ceil: int) -> int:
    i = pos
    while i < ceil and text[i] not in CLAUSE_SEP and not SENT_END.match(text[i]):
        i += 1
    return i


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in SENT_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if b > a]


def _pct_ok(computed: float, written: str) -> bool:
    decimals = len(written.split(".")[1]) if "." in written else 0
    # Rounded or truncated to the written precision, either is fine.
    return abs(computed - float(written)) <= 10 ** -decimals + 1e-9


def _finding(start: int, end: int, message: str, suggestion: str, severity=Severity.WARNING, **data):
    return Finding(RULE, severity, start, end, "", message, suggestion, data=data)


# ---- 其中: parts and their total -----------------------------------------------------------
QIZHONG = re.compile(r"其中")
ZHAN_RE = re.compile(r"[，,]?\s*(?:约)?占(?:比|[^，。；,;%％]{0,12}?的)?(?:为|达|达到)?\s*(\d+(?:\.\d+)?)\s*[%％]")


def _parts_after(text: str, qpos: int, sent_end: int, qs: list[Qty], d: Data,
                 q_starts: list[int] | None = None) -> list[tuple[Qty, str]]:
    """(figure, its label) of the 其中 list: the 其中 clause and the clauses after it that name
    the same kind of part (女党员…，男党员…; 优秀…，合格…; 其余…). `q_starts`: the starts of
    `qs` (in text order), to find a clause's figures by bisection."""
    parts: list[tuple[Qty, str]] = []
    if q_starts is None:
        q_starts = [q.start for q in qs]
    pos = qpos + 2
    while pos < sent_end:
        # One clause (、 separates parts inside it, ，；separate clauses).
        end = pos
        while end < sent_end and text[end] not in "，,；;":
            end += 1
        inside = qs[bisect_left(q_starts, pos):bisect_left(q_starts, end)]
        found = []
        for q in inside:
            lab_start = max(pos, max((text.rfind(c, pos, q.start) for c in "、和及与"), default=-1) + 1)
            nxt = end
            k = text.find("、", q.end, end)
            if 0 <= k < nxt:
                nxt = k
            found.append((q, (text[lab_start:q.start] + text[q.end:nxt]).strip(" \t\u3000：:")))
        if parts and not (found and all(_same_list(parts[0][1], lab, d) for _, lab in found)):
            if found or not ZHAN_RE.match(text, pos - 1):
                break  # a clause that is no part (带动群众50人, 累计…): the list is over
        parts.extend(found)
        pos = end + 1
    return parts


def _same_list(first: str, label: str, d: Data) -> bool:
    if len(label) > 10 or d.part_stop.search(label):
        return False
    if any(label.startswith(r) for r in d.remainder):
        return True
    if len(first) >= 2 and len(label) >= 2 and first[-2:] == label[-2:]:
        return True  # 在职党员 / 离退休党员
    return any(any(g in first for g in group) and any(g in label for g in group) for group in d.groups)


def _group_of(labels: list[str], d: Data) -> tuple[tuple[str, ...], set[str]] | None:
    """The exclusive group every label names exactly one member of, and the members named."""
    for group in d.groups:
        named = set()
        ok = True
        for lab in labels:
            hits = [g for g in group if g in lab]
            # 基本合格 contains 合格: the longest member named wins.
            hits = [h for h in hits if not any(h != o and h in o for o in hits)]
            if len(hits) != 1 or hits[0] in named:
                ok = False
                break
            named.add(hits[0])
        if ok and len(named) >= 2:
            return group, named
    return None


def _check_parts(text: str, sent: tuple[int, int], qs: list[Qty], prev: list[Qty], d: Data):
    a, b = sent
    q_starts = [q.start for q in qs]  # text order: a stretch's figures by bisection
    by_cls: dict = {}
    for q in qs:
        entry = by_cls.get(q.cls)
        if entry is None:
            entry = by_cls[q.cls] = ([], [])
        entry[0].append(q.start)
        entry[1].append(q)
    for m in QIZHONG.finditer(text, a, b):
        if m.start() > a and text[m.start() - 1] not in "，,；;：:（(":
            continue  # 参与其中 is no list
        parts = _parts_after(text, m.start(), b, qs, d, q_starts)
        if not parts:
            continue
        for cls in dict.fromkeys(q.cls for q, _ in parts):
            # The last figure of this kind between the sentence's start and 其中 (by class, then
            # bisection: a long sentence may hold thousands of figures).
            starts_c, qs_c = by_cls.get(cls, ((), ()))
            k = bisect_left(starts_c, m.start()) - 1
            whole = qs_c[k] if k >= 0 and starts_c[k] >= a else None
            if whole is None and not text[a:m.start()].strip(" \t\u3000"):
                wholes = [q for q in prev if q.cls == cls]  # 共有党员48名。其中，…
                whole = wholes[-1] if wholes else None
            if whole is None:
                continue
            mine = [(q, lab) for q, lab in parts if q.cls == cls]
            yield from _part_checks(text, whole, mine, d)


def _part_checks(text: str, whole: Qty, parts: list[tuple[Qty, str]], d: Data):
    if whole.approx:
        return
    for q, label in parts:
        if not q.approx and q.value > whole.value:
            yield _finding(q.start, q.end,
                           f"“其中”的部分大于总数：{label or '部分'} {q.written} > 总数 {whole.written}"
                           f"（{_fmt(q.value)} > {_fmt(whole.value)}）。",
                           "核对两个数字：部分不能多于整体。", whole=whole.written, part=q.written)
            return
    for q, _label in parts:
        z = ZHAN_RE.match(text, q.end)
        if z and not q.approx and whole.value:
            computed = q.value / whole.value * 100
            if not _pct_ok(computed, z.group(1)):
                yield _finding(q.end + z.start(1) - z.start(), q.end + z.end() - z.start(),
                               f"占比与数字不符：{q.written} ÷ {whole.written} = {computed:.1f}%，文中写 {z.group(1)}%。",
                               f"改为 {computed:.1f}%，或核对两个数字。", computed=round(computed, 2))
    exact = [(q, lab) for q, lab in parts if not q.approx]
    if len(exact) < 2 or len(exact) != len(parts):
        return
    labels = [lab for _, lab in exact]
    total = sum(q.value for q, _ in exact)
    remainder = any(labels[-1].startswith(r) for r in d.remainder)
    group = None if remainder else _group_of(labels, d)
    if not remainder and group is None:
        return  # 女党员12名、少数民族党员5名: overlapping categories need not add up
    exhaustive = remainder or len(group[1]) == len(group[0])
    if (exhaustive and abs(total - whole.value) > 1e-6) or total > whole.value + 1e-6:
        sums = " + ".join(q.written for q, _ in exact)
        rel = "少于" if total < whole.value else "多于"
        yield _finding(exact[0][0].start, exact[-1][0].end,
                       f"分项之和与总数不符：{sums} = {_fmt(total)}，{rel}总数 {whole.written}。",
                       "核对各分项和总数，使之相加一致。", total=total, whole=whole.value)


# ---- rates: 办结率 from the counts ---------------------------------------------------------
RATE_RE = re.compile(r"([\u4e00-\u9fff]{2})率(?:达到了|达到|提高到|提升至|提升到|上升到|达|为|是|了)?\s*"
                     r"(\d+(?:\.\d+)?)\s*[%％]")


def _check_rates(text: str, sents: list[tuple[int, int]], qs_by_sent: list[list[Qty]], d: Data):
    for i, (a, b) in enumerate(sents):
        for m in RATE_RE.finditer(text, a, b):
            stem = m.group(1)
            lead = text[max(a, m.start() - 4):m.start()]
            if any(w in stem or w in lead for w in d.rate_skip):
                continue
            tail = text[m.end():m.end() + 3]
            if any(lead.endswith(w) for w in d.approx_before) or any(
                    tail.startswith(w) for w in d.approx_after) or re.search(r"超过|以上|不低于|近|约", lead + stem):
                continue
            window = [q for q in (qs_by_sent[i - 1] if i else []) + qs_by_sent[i] if q.start < m.start()]
            numerators = [q for q in window
                          if stem in text[_clause_start(text, q.start, max(0, q.start - 12)):q.end + 2]]
            if not numerators:
                continue
            num = numerators[-1]
            dens = [q for q in window if q.cls == num.cls and q.start < num.start and q.value >= num.value]
            if not dens or num.approx or any(q.approx for q in dens):
                continue
            if any(q.value and _pct_ok(num.value / q.value * 100, m.group(2)) for q in dens):
                continue
            den = dens[0]
            computed = num.value / den.value * 100 if den.value else 0.0
            yield _finding(m.start(2), m.end(),
                           f"{stem}率与数字不符：{num.written} ÷ {den.written} = {computed:.1f}%，文中写 {m.group(2)}%。",
                           f"改为 {computed:.1f}%，或核对两个数字。", computed=round(computed, 2))


# ---- done more than found: 查摆问题15个，已整改16个 ------------------------------------------
_DONE_BEFORE = re.compile(r"已(?:经)?(?:全部)?(?:整改|办结|完成|解决|落实|销号|化解|处理|答复|回复|办理)(?:到位)?了?\s*$")
_FOUND_WORDS = re.compile(r"查摆|发现|梳理|排查|收集|受理|交办|反馈|征集|列出|查找|检视|征求")


def _check_done(text: str, sents: list[tuple[int, int]], qs_by_sent: list[list[Qty]]):
    if "已" not in text:
        return
    for (a, _b), qs in zip(sents, qs_by_sent, strict=True):
        for k, q in enumerate(qs):
            if q.approx or not _DONE_BEFORE.search(text, max(a, q.start - 8), q.start):
                continue
            found = [w for w in qs[:k] if w.cls == q.cls and _FOUND_WORDS.search(
                text, _clause_start(text, w.start, max(a, w.start - 12)), w.start)]
            if not found or found[-1].approx or q.value <= found[-1].value:
                continue
            w = found[-1]
            yield _finding(q.start, q.end, f"完成数多于总数：{q.written} > {w.written}（{_fmt(q.value)} > {_fmt(w.value)}）。",
                           "核对两个数字：已完成的不会多于查摆、受理的总数。", whole=w.written, part=q.written)


# ---- dates and ranges ------------------------------------------------------------------
DATE_RE = re.compile(r"(?<![\d.])(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
                     r"|(?<![一二三四五六七八九十])([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]")
MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _check_dates(text: str):
    if "月" not in text:
        return
    for m in DATE_RE.finditer(text):
        if m.group(2):
            year = int(m.group(1)) if m.group(1) else None
            month, day = int(m.group(2)), int(m.group(3))
        else:
            month, day = parse_amount(m.group(4)), parse_amount(m.group(5))
            if month is None or day is None:
                continue
            month, day, year = int(month), int(day), None
        if not 1 <= month <= 12:
            if month > 12:
                yield _finding(m.start(), m.end(), f"日期不存在：一年只有 12 个月，文中写“{m.group()}”。",
                               "核对月份。", Severity.ERROR)
            continue
        limit = MONTH_DAYS[month - 1]
        if month == 2 and year is not None and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            limit = 28
        if day == 0 or day > limit:
            yield _finding(m.start(), m.end(),
                           f"日期不存在：{f'{year}年' if year and month == 2 else ''}{month}月只有 {limit} 天，文中写“{m.group()}”。",
                           "核对日期。", Severity.ERROR)




# 2024年13月: a month that does not exist (a day is checked with it in _check_dates).
_YEAR_MONTH_RE = re.compile(r"(?<![\d.])(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d)")
# 参学率 105%: a share of a whole (numbers.toml bounded_rates), never above 100 %.
_BOUNDED_RE = re.compile(rf"([{CJK_CLASS}]{{2}})([率度])(?:达到了|达到|提高到|提升至|提升到|上升到|为|是|达)?\s*"
                         r"(\d+(?:\.\d+)?)\s*[%％]")


def _bounded_rates(ctx) -> frozenset[str]:
    def build():
        try:
            return frozenset(ctx.lexicon.toml("numbers").get("bounded_rates", ()))
        except (OSError, ValueError):
            return frozenset()

    return ctx.lexicon.memo("substance:bounded_rates", build)


def _check_bounded(text: str, bounded: frozenset[str]):
    if "月" in text:
        for m in _YEAR_MONTH_RE.finditer(text):
            if not 1 <= int(m.group(2)) <= 12:
                yield _finding(m.start(), m.end(), f"日期不存在：一年只有 12 个月，文中写“{m.group()}”。",
                               "核对月份。", Severity.ERROR)
    if bounded and ("%" in text or "％" in text):
        for m in _BOUNDED_RE.finditer(text):
            if m.group(1) in bounded and float(m.group(3)) > 100:
                yield _finding(m.start(3), m.end(), f"{m.group(1)}{m.group(2)}是部分占整体的比例，不会超过 100%，"
                               f"文中写 {m.group(3)}%。", "核对这个比例和它依据的数字。")


def _check_ranges(text: str, qs: list[Qty], d: Data):
    for q in qs:
        if not q.ranged or (q.approx and text[q.num_end:q.end].strip()[:1] in "余多"):
            continue
        unit = text[q.num_end:q.end].strip()
        mult = d.units[unit][1] if unit in d.units else 1.0
        # 10—8人 or 10人—8人: the first number may go without its unit.
        lead = text[max(0, q.start - 20):q.start]
        r = re.search(rf"(?<![\d.\-—–~～])({ARABIC}|{CHINESE})(\s*{re.escape(unit)})?{RANGE_SEP}$", lead)
        if not r:
            continue
        start = q.start - len(r.group(0))
        if re.search(r"[从由自]", text[max(0, start - 8):start]):
            continue  # 从120人减少到80人 describes a change
        first = parse_amount(r.group(1))
        if first is None:
            continue
        if first * mult > q.value:
            yield _finding(start, q.end, f"数字范围前大后小：“{text[start:q.end]}”，{_fmt(first)} > {_fmt(q.value / mult)}。",
                           "范围应从小到大写，如“8—10人”；核对两个数字。")


def _check_year_ranges(text: str):
    if "年" not in text or not any(c in text for c in "—–-~～至"):
        return
    for m in re.finditer(rf"(?<![\d.])((?:19|20)\d\d){RANGE_SEP}((?:19|20)\d\d)\s*年", text):
        if int(m.group(1)) > int(m.group(2)):
            yield _finding(m.start(), m.end(), f"年份范围前大后小：{m.group(1)} 至 {m.group(2)} 年。",
                           "起止年份应从早到晚写。")
    # 2025年3月至2025年1月, 3月5日至3月1日: the end before the start.
    for m in _DATE_RANGE.finditer(text):
        y1, m1, d1, y2, m2, d2 = m.groups()
        if y2 is None and m1 != m2:
            continue  # 2025年11月至1月 may run into the next year
        start = (int(y1), int(m1), int(d1 or 0))
        end = (int(y2 or y1), int(m2), int(d2 or (32 if d1 is None else 0)))
        if end < start:
            yield _finding(m.start(), m.end(), f"起止日期前晚后早：“{m.group()}”。", "起止日期应从早到晚写；核对年份和月份。")


_DATE_RANGE = re.compile(rf"(?<![\d.])((?:19|20)\d\d)\s*年\s*(\d{{1,2}})\s*月(?:\s*(\d{{1,2}})\s*日)?\s*{RANGE_SEP}\s*"
                         r"(?:((?:19|20)\d\d)\s*年)?\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


# ---- per paragraph, cached -------------------------------------------------------------
def _stocks(text: str, sents, qs_by_sent, d: Data):
    """(key, value, start, end, written) of 全镇共有党员1256名-style statements."""
    out = []
    for (a, b), qs in zip(sents, qs_by_sent, strict=True):
        for m in d.stock.finditer(text, a, b):
            cs = _clause_start(text, m.start(), a)
            scope = text[cs:m.start()].strip()
            ce = _clause_end(text, m.end(), b)
            clause = text[cs:ce]
            if len(scope) < 2 or any(w in clause for w in d.stock_skip) or re.search(r"\d", scope):
                continue
            inside = [q for q in qs if m.end() <= q.start < ce]
            if len(inside) != 1 or inside[0].approx:
                continue
            q = inside[0]
            subject = (text[m.end():q.start] + "|" + text[q.end:min(ce, q.end + 6)]).strip()
            if len(subject.replace("|", "")) < 2:
                continue
            out.append(((scope, subject, q.cls), q.value, q.start, q.end, q.written))
    return out


def paragraph_result(text: str, ctx) -> tuple[tuple[Finding, ...], tuple]:
    cache = ctx.lexicon.cache("substance:numbers")
    hit = cache.get(text)
    if hit is not None:
        return hit
    d = _data(ctx)
    qs = quantities(text, d)
    findings: list[Finding] = list(_check_dates(text))
    findings.extend(_check_year_ranges(text))
    findings.extend(_check_bounded(text, _bounded_rates(ctx)))
    if qs:
        sents = _sentences(text)
        # qs come in text order: each sentence's share by bisection, not sentences × quantities.
        q_starts = [q.start for q in qs]
        qs_by_sent = [qs[bisect_left(q_starts, a):bisect_left(q_starts, b)] for a, b in sents]
        for i, (sent, sq) in enumerate(zip(sents, qs_by_sent, strict=True)):
            prev = qs_by_sent[i - 1] if i else []
            if sq and len(sq) + len(prev) >= 2:
                findings.extend(_check_parts(text, sent, sq, prev, d))
        findings.extend(_check_rates(text, sents, qs_by_sent, d))
        findings.extend(_check_done(text, sents, qs_by_sent))
        findings.extend(_check_ranges(text, qs, d))
        stocks = tuple(_stocks(text, sents, qs_by_sent, d))
    else:
        stocks = ()
    hit = (tuple(findings), stocks)
    cache.put(text, hit)
    return hit


@rule(RULE, description="数字对不上：部分大于整体、分项之和不等于总数、百分比与数字不符、同一数字前后不一、日期不存在、范围倒置")
def numbers(doc: Document, ctx):
    # Per paragraph (cached); the same-figure check carries facts from paragraph to paragraph, so an
    # edit keeps the other paragraphs' findings only when the edited ones state the same stock figures.
    edit, old = previous(ctx, RULE, doc)
    if edit is not None and edit.same_shape and old is not None and _same_stocks(edit, ctx):
        i0, i1 = edit.i0, edit.i1
        found = [x for x in old if x[0] < i0]
        for i in range(i0, i1):
            p = doc.paragraphs[i]
            if _has_numbers(doc, p):
                found += [(i, False, f.shifted(p.start)) for f in paragraph_result(p.text, ctx)[0]]
            found += [(j, True, edit.finding(f)) for j, stock, f in old if j == i and stock]
        found += [(j, stock, edit.finding(f)) for j, stock, f in old if j >= i1]
    else:
        found = list(_numbers(doc, ctx))
    keep(ctx, RULE, doc, found)
    return [f for *_, f in found]


def _has_numbers(doc: Document, p) -> bool:
    title = doc.title.index if doc.title is not None else -1
    return bool(p.text) and p.index != title and bool(_MAYBE_NUMBER.search(p.text) or any(c.isdigit() for c in p.text))


def _same_stocks(edit, ctx) -> bool:
    for i in range(edit.i0, edit.i1):
        po, pn = edit.old.doc.paragraphs[i], edit.new.doc.paragraphs[i]
        so = paragraph_result(po.text, ctx)[1] if _has_numbers(edit.old.doc, po) else ()
        sn = paragraph_result(pn.text, ctx)[1] if _has_numbers(edit.new.doc, pn) else ()
        if so != sn:
            return False
    return True


def _numbers(doc: Document, ctx):
    """(paragraph index, a same-figure finding?, finding) of every paragraph."""
    seen: dict[tuple, tuple[float, int, int, str]] = {}
    for p in doc.paragraphs:
        if not _has_numbers(doc, p):
            continue
        found, stocks = paragraph_result(p.text, ctx)
        for f in found:
            yield p.index, False, f.shifted(p.start)
        for key, value, s, e, written in stocks:
            prev = seen.get(key)
            if prev is None:
                seen[key] = (value, p.start + s, p.start + e, written)
            elif abs(prev[0] - value) > 1e-6:
                scope, subject, _cls = key
                yield p.index, True, _finding(
                    p.start + s, p.start + e,
                    f"同一数字前后不一：“{scope}…{subject.replace('|', '')}”前文写 {prev[3]}，此处写 {written}。",
                    "统一为核实后的数字。", first_start=prev[1], first_end=prev[2])
