"""hygiene.bracket and hygiene.punctuation: paired marks and punctuation in Chinese text (GB/T 15834)."""

from __future__ import annotations

import re
from bisect import bisect_right

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.hygiene_common import CJK, cached, is_cjk, trie_pattern
from core.analysis.rules.hygiene_lists import lost_separators
from core.text.textstats import count_cjk

BRACKET = "hygiene.bracket"
PUNCTUATION = "hygiene.punctuation"

# char -> (family, is_open, full-width form of the same mark)
_MARKS: dict[str, tuple[str, bool, str]] = {
    "（": ("round", True, "（"), "）": ("round", False, "）"),
    "(": ("round", True, "（"), ")": ("round", False, "）"),
    "【": ("square", True, "【"), "】": ("square", False, "】"),
    "[": ("square", True, "【"), "]": ("square", False, "】"),
    "〔": ("tortoise", True, "〔"), "〕": ("tortoise", False, "〕"),
    "《": ("book", True, "《"), "》": ("book", False, "》"),
    "〈": ("angle", True, "〈"), "〉": ("angle", False, "〉"),
    "“": ("dq", True, "“"), "”": ("dq", False, "”"),
    "‘": ("sq", True, "‘"), "’": ("sq", False, "’"),
    "「": ("corner", True, "「"), "」": ("corner", False, "」"),
    "『": ("wcorner", True, "『"), "』": ("wcorner", False, "』"),
}
_PARTNER = {"（": "）", "(": ")", "【": "】", "[": "]", "〔": "〕", "《": "》", "〈": "〉", "“": "”", "‘": "’",
            "「": "」", "『": "』"}
_HALF = set("()[]")
_NUMERALS = "一二两三四五六七八九十"
# "1）" "a)" "一）": a list marker written with only the closing bracket.
_LIST_MARKER = re.compile(r"(?:^|[\s；;。：:，,、])[\dA-Za-z一二三四五六七八九十]{1,2}$")


_SINGLE_QUOTED_RE = re.compile("‘([^‘’“”\n]{1,20})’")


def _single_quotes_outside(text: str):
    """‘三会一课’ on its own: GB/T 15834 uses single quotes only inside double ones."""
    # Double quotes open before a match (counted as the scan goes: no recount from the start), and
    # closers in excess after it: total closers less openers, plus those still open before it (a
    # match holds no double quote).
    excess = text.count("”") - text.count("“")
    depth, pos = 0, 0
    for m in _SINGLE_QUOTED_RE.finditer(text):
        depth += text.count("“", pos, m.start()) - text.count("”", pos, m.start())
        pos = m.start()
        if depth > 0 or excess + depth > 0:
            continue  # inside a quotation (perhaps opened in an earlier paragraph): right
        inner = m.group(1)
        if not any(is_cjk(c) for c in inner):
            continue
        yield Finding(BRACKET, Severity.INFO, m.start(), m.end(), "",
                      f"单引号只用在双引号里面；这里应写作“{inner}”。", f"“{inner}”")


def _wide_quote_regex(ctx) -> re.Pattern[str] | None:
    """“两委班子”: a numbered shorthand (两委, 三会一课: formulations.toml's texts that start with a
    numeral, and hygiene.toml [bracket] shorthands) and a common word after it, inside one pair."""
    def build():
        cfg = ctx.lexicon.toml("hygiene").get("bracket", {})
        heads = {f.get("text", "") for f in ctx.lexicon.toml("formulations").get("formulation", [])}
        heads = {h for h in heads if 2 <= len(h) <= 8 and h[0] in _NUMERALS and all(is_cjk(c) for c in h)}
        heads |= set(cfg.get("shorthands", []))
        tails = cfg.get("shorthand_tails", [])
        if not heads or not tails:
            return None
        return re.compile(f"“({trie_pattern(heads)})({trie_pattern(tails)})”")

    return cached(ctx, "hygiene:wide_quote_re", build)


def _quotes_too_wide(text: str, ctx):
    rx = _wide_quote_regex(ctx)
    if rx is None:
        return
    for m in rx.finditer(text):
        head, tail = m.group(1), m.group(2)
        yield Finding(BRACKET, Severity.INFO, m.start(), m.end(), "",
                      f"引号只括简称：应写作“{head}”{tail}（引号里不带后面的“{tail}”）。", f"“{head}”{tail}")


def _bracket_regex(ctx) -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    def build():
        look = dict(ctx.lexicon.toml("hygiene").get("bracket", {}).get("lookalike", {}))
        chars = "".join(_MARKS) + "".join(look)
        marks = re.escape(chars)
        # Innermost well-formed pairs: removing them until nothing changes leaves no mark at all
        # in a correct paragraph (the common case), without walking the marks in Python.
        inner = re.compile("|".join(f"{re.escape(o)}[^{marks}]*{re.escape(c)}" for o, c in _PARTNER.items()))
        return re.compile("[" + marks + "]"), look, inner

    return cached(ctx, "hygiene:bracket_re", build)


def _well_formed(text: str, any_mark: re.Pattern[str], inner: re.Pattern[str]) -> bool:
    rest = text
    for _ in range(4):  # nesting deeper than four levels goes to the full check
        rest, n = inner.subn("", rest)
        if not n:
            break
    return any_mark.search(rest) is None


def _name(ch: str) -> str:
    return f"“{ch}”" if ch not in "“”‘’" else f"「{ch}」"


@rule(BRACKET, scope="paragraph",
      description="括号、引号、书名号不成对、不匹配、方向颠倒，或全角半角混配（如“（二)”）")
def bracket(text: str, ctx):
    rx, look, inner = _bracket_regex(ctx)
    yield from _pairs_that_look_wrong(text)
    if "“" in text:
        yield from _quotes_too_wide(text, ctx)
    if "‘" in text:
        yield from _single_quotes_outside(text)
    if _well_formed(text, rx, inner):
        return
    stack: list[tuple[int, str]] = []
    open_count: dict[str, int] = {}  # family -> openers on the stack: a lone closer costs O(1), not a scan
    lone_close: list[tuple[int, str]] = []
    unclosed: list[tuple[int, str]] = []
    for m in rx.finditer(text):
        i, ch = m.start(), m.group()
        if ch in look:
            meant = look[ch]
            yield Finding(BRACKET, Severity.WARNING, i, i + 1, "",
                          f"{_name(ch)}不是标准的引号，应为{_name(meant)}。", meant)
            ch = meant
        family, is_open, _full = _MARKS[ch]
        if is_open:
            stack.append((i, ch))
            open_count[family] = open_count.get(family, 0) + 1
            continue
        if not open_count.get(family):
            lone_close.append((i, ch))
            continue
        k = len(stack) - 1
        while _MARKS[stack[k][1]][0] != family:
            k -= 1
        oi, och = stack[k]
        for _j, dropped in stack[k:]:  # each opener leaves the stack once: linear overall
            open_count[_MARKS[dropped][0]] -= 1
        unclosed.extend(stack[k + 1:])  # crossed pairs: the inner opener never closes
        del stack[k:]
        if (och in _HALF) != (ch in _HALF):
            # （二) : one half-width mark paired with a full-width one; full-width is right in Chinese text.
            wi, wch = (i, ch) if ch in _HALF else (oi, och)
            full = _MARKS[wch][2]
            yield Finding(BRACKET, Severity.WARNING, wi, wi + 1, "",
                          f"括号全角半角混用：{_name(och)}与{_name(ch)}配对，中文里应都用全角{_name(full)}。", full)
    unclosed.extend(stack)
    yield from _unpaired(text, lone_close, unclosed)


_DOC_NUMBER_RE = re.compile(rf"(?<=[{CJK}])(?:[（(]((?:19|20)\d{{2}})[)）]|[\[［【]((?:19|20)\d{{2}})[\]］】])(?=\d{{1,4}}号)")
# 〔2025〕03号: GB/T 9704 7.2.4 numbers a document without leading zeros (1号, not 01号).
_DOC_SERIAL_ZERO_RE = re.compile(rf"(?<=[{CJK}]〔)((?:19|20)\d{{2}})〕(0+)([1-9]\d{{0,3}})号")
_EMPTY_QUOTES_RE = re.compile("“”|‘’")
_NESTED_REVERSED_RE = re.compile("(?<=[\u4e00-\u9fff])”([\u4e00-\u9fff]{2,8})“(?=[\u4e00-\u9fff])")
_SEPARATOR_WORDS = {"和", "与", "及", "或", "以及", "同", "跟", "或者", "还是", "并且"}
_LONG_QUOTE = 30  # a quoted passage this long may hold a quoted term, which needs ‘’ there


def _pairs_that_look_wrong(text: str):
    """Marks that pair up but are still wrong: 〔2018〕 written (2018), empty “”, and a term inside a
    long quotation quoted with reversed marks (“…”十五五“…”)."""
    if "号" in text:
        for m in _DOC_NUMBER_RE.finditer(text):
            year = m.group(1) or m.group(2)
            kind = "圆括号" if m.group(1) else "方括号"
            yield Finding(BRACKET, Severity.WARNING, m.start(), m.end(), "",
                          f"发文字号中的年份应用六角括号“〔{year}〕”，不用{kind}。", f"〔{year}〕")
        if "〕0" in text:
            for m in _DOC_SERIAL_ZERO_RE.finditer(text):
                s = m.start(2)
                yield Finding(BRACKET, Severity.WARNING, s, m.end(3), "",
                              f"发文字号的序号不加“0”（GB/T 9704）：应写作“{m.group(3)}号”。", m.group(3))
    if "“”" in text or "‘’" in text:
        for m in _EMPTY_QUOTES_RE.finditer(text):
            yield Finding(BRACKET, Severity.WARNING, m.start(), m.end(), "",
                          "引号里什么也没有：内容漏填了，或引号是多余的。")
    if "”" not in text:
        return
    for m in _NESTED_REVERSED_RE.finditer(text):
        inner = m.group(1)
        if inner in _SEPARATOR_WORDS:
            continue
        s, e = m.start(), m.end()
        opened = text.rfind("“", 0, s)
        closed = text.find("”", e)
        if opened < 0 or closed < 0 or "”" in text[opened + 1:s] or "“" in text[e:closed]:
            continue
        left, right = s - opened, closed - e
        if left + right < _LONG_QUOTE or min(left, right) < 4:
            continue  # “甲”变成“乙”: two short quotations side by side
        yield Finding(BRACKET, Severity.WARNING, s, e, "",
                      f"引号方向颠倒：“{inner}”在一段引文里面，应写作‘{inner}’（引号里面再用引号时用单引号）。",
                      f"‘{inner}’")


def _unpaired(text: str, lone_close, unclosed):
    # The marker is at most 3 characters before i: search there, not in a copy of text[:i].
    lone_close = [(i, ch) for i, ch in lone_close
                  if not (ch in "）)" and _LIST_MARKER.search(text, max(0, i - 3), i))]
    used: set[int] = set()
    # ”…“ : a closing quote with no opener followed by an opening quote with no closer — reversed.
    # Only the first unused such opener after the closer can qualify (any later one has it in between).
    openers = {want: sorted(oi for oi, och in unclosed if och == want) for want in "“‘"}
    raw_quotes = {want: [m.start() for m in _QUOTE_OF[want].finditer(text)] for want in "“‘"}
    for ci, cch in lone_close:
        if cch not in "”’":
            continue
        want = "“" if cch == "”" else "‘"
        cands = openers[want]
        j = bisect_right(cands, ci)
        while j < len(cands) and cands[j] in used:
            j += 1
        if j == len(cands):
            continue
        oi = cands[j]
        raw = raw_quotes[want]
        after = bisect_right(raw, ci)
        if (after == len(raw) or raw[after] >= oi) and _quoted_term(text, ci, oi):  # none in between
            used.update((ci, oi))
            inner = text[ci + 1:oi]
            yield Finding(BRACKET, Severity.WARNING, ci, oi + 1, "",
                          "引号方向颠倒：前引号应为“，后引号应为”。", want + inner + cch)
    # “…“ : two opening quotes in a row — the second was meant to close. Said only when that is
    # certain (a short term between them, nothing else unpaired around); otherwise both are
    # reported unpaired below, without a fix that could turn a missing quote into a wrong one.
    quotes = sorted((i, ch) for i, ch in unclosed if ch in "“‘" and i not in used)
    for (a, ach), (b, bch) in zip(quotes, quotes[1:], strict=False):
        if ach == bch and a not in used and b not in used and _quoted_term(text, a, b):
            used.update((a, b))
            close = _PARTNER[ach]
            yield Finding(BRACKET, Severity.WARNING, b, b + 1, "",
                          f"引号方向错误：这里应是后引号{_name(close)}。", close)
    closes = sorted((i, ch) for i, ch in lone_close if ch in "”’" and i not in used)
    for (a, ach), (b, bch) in zip(closes, closes[1:], strict=False):
        if ach == bch and a not in used and b not in used and _quoted_term(text, a, b):
            used.update((a, b))
            opener = "“" if ach == "”" else "‘"
            yield Finding(BRACKET, Severity.WARNING, a, a + 1, "",
                          f"引号方向错误：这里应是前引号{_name(opener)}。", opener)
    for i, ch in lone_close:
        if i not in used:
            yield Finding(BRACKET, Severity.ERROR, i, i + 1, "", f"{_name(ch)}前面没有与之配对的{_name(_opener_of(ch))}。")
    for i, ch in unclosed:
        if i not in used:
            yield Finding(BRACKET, Severity.ERROR, i, i + 1, "", f"{_name(ch)}后面没有与之配对的{_name(_PARTNER[ch])}。")


_QUOTE_OF = {"“": re.compile("[“”]"), "‘": re.compile("[‘’]")}
_TERM_MAX = 12  # a quoted term (“四个意识”, “党建+”): longer runs may be a quotation left open
_NOT_IN_TERM = re.compile(r"[，,。；;：:！？!?\n]")


def _quoted_term(text: str, a: int, b: int) -> bool:
    """Is text[a+1:b] a short quoted term, so the mark at b (or a) can only be the wrong direction?"""
    inner = text[a + 1:b]
    return 0 < len(inner) <= _TERM_MAX and not _NOT_IN_TERM.search(inner)


def _opener_of(ch: str) -> str:
    for o, c in _PARTNER.items():
        if c == ch and (o in _HALF) == (ch in _HALF):
            return o
    return ch


# ---- punctuation ----------------------------------------------------------------------------
_LEFT = f"{CJK}”’）》】」』〕"  # what an ASCII mark may follow to count as Chinese punctuation
_LEFT_CHARS = set("”’）》】」』〕")
_RIGHT_CHARS = set("“‘（《【「『〔")
_FULL_MARKS = "，。、；：？！"

# Separate scans, each starting with a literal or a class so `re` skips ahead in C.
_CLASH_RE = re.compile(f"[{_FULL_MARKS},;][{_FULL_MARKS},;]+")
_ELLIPSIS_STOP_RE = re.compile("…+。")
_SERIAL_RE = re.compile("》、《|”、“")
_PAREN_RE = re.compile(r"\(([^()\n]{1,40})\)")
_QUOTE_RE = re.compile(r'"([^"\n]{1,40})"')
_ASCII_RE = re.compile(f"[,;:?!.](?<=[{_LEFT}][,;:?!.])")
_HAS_CJK = re.compile(f"[{CJK}]")
_CN_NUMBER_START = re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]{1,3}$")
_LIST_CONTENT = re.compile(r"^[\dA-Za-z一二三四五六七八九十]{1,3}$")


def _right_ok(ch: str) -> bool:
    """May an ASCII mark be followed by this (Chinese text, a figure, the paragraph end)?"""
    return ch == "" or ch.isdigit() or ch in _RIGHT_CHARS or is_cjk(ch)


def _punct_data(ctx) -> tuple[dict[str, str], set[str], str]:
    def build():
        data = ctx.lexicon.toml("hygiene").get("punctuation", {})
        return (dict(data.get("ascii_to_full", {})), set(data.get("allowed_pairs", [])),
                data.get("strength", "。？！；：，、"))

    return cached(ctx, "hygiene:punctuation", build)


@rule(PUNCTUATION, scope="paragraph",
      description="中文里夹用半角标点（, . ; : ? ! ( ) \"），标点重复、叠用（，， 。。 ，。），并列书名号间加顿号")
def punctuation(text: str, ctx):
    to_full, allowed, strength = _punct_data(ctx)
    clashes: list[tuple[int, int]] = []
    for m in _CLASH_RE.finditer(text):
        s, e = m.span()
        run = m.group()
        if run in allowed:
            continue
        if not any(c in _FULL_MARKS for c in run) and not (s > 0 and (is_cjk(text[s - 1]) or text[s - 1] in _LEFT_CHARS)):
            continue  # 1,,2 outside Chinese text
        clashes.append((s, e))
        full_run = "".join(to_full.get(c, c) for c in run)
        if set(full_run) == {"。"} and len(run) >= 3:
            yield Finding(PUNCTUATION, Severity.WARNING, s, e, "", "省略号应写作“……”。", "……")
            continue
        keep = min(set(full_run), key=lambda c: strength.find(c) if c in strength else 99)
        what = "重复" if len(set(run)) == 1 else "叠用"
        yield Finding(PUNCTUATION, Severity.WARNING, s, e, "", f"标点{what}：“{run}”只应保留一个“{keep}”。", keep)
    if "…。" in text:
        for m in _ELLIPSIS_STOP_RE.finditer(text):
            yield Finding(PUNCTUATION, Severity.WARNING, m.start(), m.end(), "",
                          "省略号后面不再加句号（GB/T 15834）。", "……")
    for m in _SERIAL_RE.finditer(text):
        what = "书名号" if m.group()[0] == "》" else "引号"
        yield Finding(PUNCTUATION, Severity.INFO, m.start(), m.end(), "",
                      f"并列的{what}之间通常不用顿号（GB/T 15834）。", m.group()[0] + m.group()[2])
    if "(" in text:
        for m in _PAREN_RE.finditer(text):
            inner = m.group(1)
            if not _HAS_CJK.search(inner) or _LIST_CONTENT.match(inner):
                continue  # (PPT), (1), (一): not Chinese words, or numbering (hygiene.numbering)
            yield Finding(PUNCTUATION, Severity.WARNING, m.start(), m.end(), "",
                          "中文里应使用全角括号“（）”。", f"（{inner}）")
    if '"' in text:
        for m in _QUOTE_RE.finditer(text):
            if _HAS_CJK.search(m.group(1)):
                yield Finding(PUNCTUATION, Severity.WARNING, m.start(), m.end(), "",
                              "中文里应使用全角引号“”，不用英文直引号\"\"。", f"“{m.group(1)}”")
    pos = 0
    c = 0  # both scans run left to right: walk the clash spans alongside instead of testing them all
    plain: list[tuple[int, int, str, str]] = []  # ASCII marks for a full-width one: reported together
    for m in _ASCII_RE.finditer(text):
        s = m.start()
        while c < len(clashes) and clashes[c][1] <= s:
            c += 1
        if s < pos or (c < len(clashes) and clashes[c][0] <= s):
            continue
        ch = text[s]
        if ch == ".":
            e = s
            while e < len(text) and text[e] == ".":
                e += 1
            if e - s >= 2:
                pos = e
                yield Finding(PUNCTUATION, Severity.WARNING, s, e, "", "省略号应写作“……”。", "……")
                continue
            if e < len(text) and text[e].isdigit():
                continue  # 第3.2条
        e = s + 1
        while e < len(text) and text[e] in " \t":
            e += 1
        if not _right_ok(text[e:e + 1]):
            continue  # followed by Latin text: leave it
        if ch == "." and _CN_NUMBER_START.match(text, 0, s):  # no copy of text[:s]
            yield Finding(PUNCTUATION, Severity.WARNING, s, e, "", "中文序号后应用顿号：“一、”而不是“一.”。", "、")
            continue
        plain.append((s, e, ch, to_full.get(ch, ch)))
    yield from _ascii_marks(text, plain)
    yield from _stops_and_corners(text)
    if "<" in text or "＜" in text:
        yield from _angle_titles(text, ctx)
    yield from run_on(text, ctx)
    yield from lost_separators(text, ctx)


def _angle_titles(text: str, ctx):
    """<中国共产党章程>: a title in angle brackets, where 《》 belongs."""
    rx = cached(ctx, "hygiene:angle_titles", lambda: re.compile(
        rf"[<＜]([^<>＜＞\n]{{0,40}}[{CJK}](?:"
        + "|".join(map(re.escape, ctx.lexicon.toml("hygiene").get("punctuation", {}).get("angle_title_ends", [])) or ["(?!)"])
        + r"))[>＞]"))
    for m in rx.finditer(text):
        yield Finding(PUNCTUATION, Severity.WARNING, m.start(), m.end(), "",
                      "书名、文件名应用书名号《》，不用尖括号<>。", f"《{m.group(1)}》")

_STOP_TWICE_RE = re.compile("(?<=[。！？])[”’]。")  # 他说：“……。”。: the quote's own stop ends the sentence
_CORNER_RE = re.compile(f"「([^「」\n]*[{CJK}][^「」\n]*)」|『([^『』\n]*[{CJK}][^『』\n]*)』")


def _stops_and_corners(text: str):
    """A second full stop after a quoted sentence, 「」 quotes (mainland text uses “”), and a
    paragraph that ends on 、 (the sentence was never finished)."""
    if "”。" in text or "’。" in text:
        for m in _STOP_TWICE_RE.finditer(text):
            s = m.start() + 1
            yield Finding(PUNCTUATION, Severity.WARNING, s, s + 1, "",
                          "引号里的句子已用句末标点结束，引号后不再加句号（GB/T 15834）。", None)
    if "「" in text or "『" in text:
        for m in _CORNER_RE.finditer(text):
            double = m.group(1) is not None
            inner = m.group(1) if double else m.group(2)
            fix = f"“{inner}”" if double else f"‘{inner}’"
            marks = "双引号应为“ ”，不用「 」" if double else "单引号应为‘ ’，不用『 』"
            yield Finding(PUNCTUATION, Severity.WARNING, m.start(), m.end(), "", f"中文横排文稿的{marks}。", fix)
    end = len(text.rstrip())
    if end and text[end - 1] == "、":
        # info: a text cut off mid-list (a page break, an excerpt) ends so too, not only a slip
        yield Finding(PUNCTUATION, Severity.INFO, end - 1, end, "", "段落以顿号结尾，句子像是没有写完。", None)


ASCII_PER_PARAGRAPH = 3  # from this many on, one finding for the paragraph with one fix for all


def _ascii_marks(text: str, plain: list[tuple[int, int, str, str]]):
    if len(plain) < ASCII_PER_PARAGRAPH:
        for s, e, ch, full in plain:
            yield Finding(PUNCTUATION, Severity.WARNING, s, e, "", f"中文里应使用全角标点“{full}”，不用半角“{ch}”。", full)
        return
    start, end = plain[0][0], plain[-1][1]
    pieces, at = [], start
    for s, e, _ch, full in plain:
        pieces.append(text[at:s])
        pieces.append(full)
        at = e
    marks = "".join(dict.fromkeys(ch for _s, _e, ch, _f in plain))
    yield Finding(PUNCTUATION, Severity.WARNING, start, end, "",
                  f"本段有 {len(plain)} 处半角标点（{marks}）夹在中文里，应全部改为全角标点。", "".join(pieces))


# A stretch without any mark; titles and quotations are stretches of their own.
_UNMARKED_RE = re.compile(r"[^，。；：！？、,.;:!?（）()《》“”‘’「」『』\n—…·\s]{20,}")


def run_on(text: str, ctx):
    """Info: a long stretch with no mark at all (part of hygiene.punctuation). In a paragraph of
    many characters with not one comma (a site stripped them all), a shorter stretch will do."""
    need, comma_free, need_comma_free = cached(ctx, "hygiene:run_on", lambda: _run_on_limits(ctx))
    if len(text) < need_comma_free:
        return
    total = 0
    if "，" not in text and "," not in text and (total := count_cjk(text)) >= comma_free:
        need = min(need, need_comma_free)
    elif len(text) < need:
        return
    for m in _UNMARKED_RE.finditer(text):
        n = count_cjk(m.group())
        if n >= need and n >= 0.9 * (m.end() - m.start()):
            why = f"整段 {total} 字没有一个逗号，这里" if total else ""
            yield Finding(PUNCTUATION, Severity.INFO, m.start(), m.end(), "",
                          f"{why}连续 {n} 个字没有一个标点，读起来吃力：可能漏了逗号、句号（从网站复制时常被删掉）。",
                          "按语意补上逗号、句号。")


def _run_on_limits(ctx) -> tuple[int, int, int]:
    table = ctx.lexicon.toml("hygiene").get("punctuation", {})
    return (int(table.get("run_on_min_chars", 45)), int(table.get("comma_free_paragraph_chars", 50)),
            int(table.get("run_on_comma_free_min_chars", 20)))
