"""hygiene.placeholder and hygiene.watermark: what a template or a website left in the draft."""

from __future__ import annotations

import re
from bisect import bisect_right

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.hygiene_common import CJK, CN_PUNCT, cached, is_cjk, trie_pattern

PLACEHOLDER = "hygiene.placeholder"
WATERMARK = "hygiene.watermark"

_X = "XxＸｘ×✕╳"
_CONTEXT = CN_PUNCT  # a placeholder sits next to Chinese text or Chinese punctuation
_FORMULA = "+＋=＝-/／·.．<>＜＞≤≥"


# Each scan starts with a literal or a character class, so `re` skips ahead in C instead of trying
# every position (an alternation of named groups would defeat that optimisation).
_BOX = "□■○◯△▲〇"  # □□次, ○○同志, △△名: blanks of a form
_CIRCLES = "○◯〇"
_CN_NUMERAL = "〇○◯零一二三四五六七八九十百千万两"  # 〇 is the zero of 二〇二五: a blank only away from numerals
_RUN_RE = re.compile(f"[{_X}*＊_＿某{_BOX}][{_X}*＊_＿某{_BOX}]*")
_BLANK_RE = re.compile(r"[（(][ \u3000]*[)）]")
# 发展党员  名: spaces where the template's figure was never typed (a space between a Chinese
# character and a counter word ending the clause).
_BLANK_FIGURE_RE = re.compile(rf"(?<=[{CJK}])[ \u3000\u00a0]{{1,8}}(?=(?:名|个|次|人次|件|场次|场|项|户|元|万元|篇|期|条|%|％)"
                              r"(?:[，。；、,;）)]|$))")
_KIND = {**{c: "x" for c in _X}, "*": "star", "＊": "star", "_": "under", "＿": "under", "某": "some",
         **{c: "box" for c in _BOX}}


def _placeholder_data(ctx) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    def build():
        data = ctx.lexicon.toml("hygiene").get("placeholder", {})
        field_words = "|".join(map(re.escape, data.get("field_words", []))) or "(?!)"
        # 【单位名称】, <姓名>; in round brackets only when the field is all they hold: （单位名称）,
        # （具体数字）, never （单位：万元） or （含2个支部）
        # {单位名称} and {{unit}} too: the fields of a mail-merge or AI template.
        field = re.compile(rf"[【\[〔<＜〈{{｛][^】\]〕>＞〉}}｝]{{0,6}}?(?:{field_words})[^】\]〕>＞〉}}｝]{{0,4}}?[】\]〕>＞〉}}｝]"
                           rf"|\{{\{{\s*[A-Za-z_{CJK}][\w{CJK}.]{{0,30}}\s*\}}\}}"
                           rf"|[（(](?:具体|填写|填入|输入|请填写)?(?:单位|部门|乡镇|村|社区|支部)?(?:{field_words})[）)]")
        todo = re.compile(trie_pattern(data.get("todo", [])))
        x_words = re.compile(trie_pattern(data.get("x_words", [])))
        return field, todo, x_words

    return cached(ctx, "hygiene:placeholder", build)


def _runs(text: str):
    """Split each run of placeholder characters into same-kind pieces: (kind, start, end)."""
    for m in _RUN_RE.finditer(text):
        s, e = m.span()
        i = s
        while i < e:
            kind = _KIND[text[i]]
            j = i + 1
            while j < e and _KIND[text[j]] == kind:
                j += 1
            yield kind, i, j
            i = j


_UNIT_AFTER_STAR = re.compile("街道|镇|乡|村|社区|区|县|市|省|单位|公司|局|委|厅|办|中学|小学|学校|医院|党支部|党委|党总支")
# **加粗** anywhere in a line (AI chat output pasted in): Markdown residue, which hygiene.watermark
# reports; its stars are no placeholder. Not **镇党委 (a unit name left out) and not a pair of
# placeholders around punctuation (我叫**，现任**职务) or a clause (市**窗口……，为推动**高质量发展).
_MARKDOWN_BOLD = re.compile(rf"\*\*(?=[{CJK}0-9A-Za-z“《（(])(?!(?:街道|镇|乡|村|社区|区|县|市|省|单位)[^*\n]{{0,3}}\*\*)"
                            rf"[^*\n，。；！？,;]{{1,40}}?(?<=[{CJK}0-9A-Za-z”》）)])\*\*")
# 召开支委会N次, 新建_个: one mark where the figure belongs, between a Chinese character and a
# counter (X, ×, □ and 〇 are _runs' kinds; not ？, which may end a question before 人民…).
_FIGURE_MARK_RE = re.compile(f"(?<=[{CJK}])[NＮ_](?=[次名人个项件场期篇户家条份批所支堂轮万元%％])")
_WHAT_BY_NEXT = [
    ("次名人个项件场期篇户家条份批所支堂轮万元%％余多", "数字"),
    ("年", "年份"),
    ("月日号", "日期"),
    ("同志书记主任部长局长镇长村长", "姓名"),
    ("市县区乡镇村局委办厅处科室街道社区党支部公司单位", "名称"),
]


def _what(following: str) -> str:
    if following.startswith(("同志", "书记", "主任")):
        return "姓名"
    ch = following[:1]
    for chars, what in _WHAT_BY_NEXT:
        if ch and ch in chars:
            return what
    return "具体内容"


def _x_is_placeholder(text: str, s: int, e: int, x_words: re.Pattern[str]) -> bool:
    prev = text[s - 1] if s > 0 else ""
    nxt = text[e] if e < len(text) else ""
    run = text[s:e]
    if (prev.isascii() and prev.isalpha()) or (nxt.isascii() and nxt.isalpha()):
        return False  # part of a Latin word: Excel, XML, Box
    before = text[:s].rstrip(" ")[-1:]
    after = text[e:].lstrip(" ")[:1]
    if (before and before in _FORMULA) or (after and after in _FORMULA):
        return False  # 1+X, X-1, 5×N/2
    if len(run) == 1 and before.isdigit() and after.isdigit():
        return False  # 3×4, 3 x 4
    if nxt.isdigit() and not prev.isdigit():
        return False  # model names: X5, X86
    if x_words.match(text, s) or (nxt == " " and x_words.match(run + text[e:].lstrip(" "))):
        return False  # X光, X射线, X 光
    if prev == " " or nxt == " ":
        # 召开 XX 次会议: spaces around the placeholder (pasted from a form); Chinese on both sides.
        return is_cjk(before) and (is_cjk(after) or after.isdigit())
    return is_cjk(prev) or is_cjk(nxt) or prev.isdigit() or (prev and prev in _CONTEXT) or (nxt and nxt in _CONTEXT)


@rule(PLACEHOLDER, scope="paragraph",
      description="未填写的模板占位符：XX次、X名、**村、20XX年、XX同志、____、【单位名称】等")
def placeholder(text: str, ctx):
    field_rx, todo_rx, x_words = _placeholder_data(ctx)
    if not text.strip(" \u3000*＊-—_"):
        return  # a divider line such as *** or ———
    bold = [m.span() for m in _MARKDOWN_BOLD.finditer(text)] if "**" in text else []
    for kind, s, e in _runs(text):
        prev = text[s - 1] if s > 0 else ""
        nxt = text[e] if e < len(text) else ""
        if kind == "x":
            if not _x_is_placeholder(text, s, e, x_words):
                continue
            while s > 0 and text[s - 1].isdigit():
                s -= 1  # 20XX: flag the whole year
            yield Finding(PLACEHOLDER, Severity.ERROR, s, e, "",
                          f"“{text[s:e]}”是未填写的占位符，请填入实际的{_what(text[e:e + 2])}。")
        elif kind == "star":
            if bold and any(a <= s < b for a, b in bold):
                continue  # **标题** is Markdown residue (hygiene.watermark)
            if e - s == 1:
                # A lone * is a placeholder only inside Chinese text (not 3*4 or a bullet), or
                # before a unit word (*街道党工委, ＊镇): a name left out of a template.
                unit = _UNIT_AFTER_STAR.match(text, e) is not None and not (prev.isascii() and prev.isalnum())
                if not unit and not ((is_cjk(prev) or prev.isdigit()) and (is_cjk(nxt) or nxt.isdigit())):
                    continue
                if prev.isdigit() and nxt.isdigit():
                    continue
            elif (prev.isascii() and prev.isalnum()) and (nxt.isascii() and nxt.isalnum()):
                continue  # a**2
            yield Finding(PLACEHOLDER, Severity.ERROR, s, e, "",
                          f"“{text[s:e]}”是未填写的占位符，请填入实际的{_what(text[e:e + 2])}。")
        elif kind == "under":
            if e - s < 2 and text[s] == "_":
                continue  # a single _ is part of a file name or code
            if (prev.isascii() and prev.isalnum()) and (nxt.isascii() and nxt.isalnum()):
                continue  # file_name__v2
            yield Finding(PLACEHOLDER, Severity.ERROR, s, e, "", "下划线空白是未填写的占位符，请填入实际内容。")
        elif kind == "box":
            # □□ is a blank; a single □ only where a figure or name belongs (召开□次), not a
            # check box (□同意 □不同意) or a bullet.
            if e - s < 2 and not (is_cjk(prev) and nxt and nxt in _WHAT_BY_NEXT[0][0] + "年月日"):
                continue
            if text[s] in _CIRCLES and ((prev and prev in _CN_NUMERAL) or (nxt and nxt in _CN_NUMERAL)
                                        or prev.isdigit() or nxt.isdigit() or (text[s] == "〇" and e - s < 2)):
                continue  # 二〇〇八年, 二○○八年 (○ typed for 〇), 一〇〇%: a numeral; 〇〇名 alone is a blank
            yield Finding(PLACEHOLDER, Severity.ERROR, s, e, "",
                          f"“{text[s:e]}”是未填写的占位符，请填入实际的{_what(text[e:e + 2])}。")
        elif e - s >= 2:  # 某某; a single 某 (某些, 某村) is ordinary wording
            yield Finding(PLACEHOLDER, Severity.WARNING, s, e, "",
                          "“某某”像是未替换的占位符：正式报告应写明具体的人名、单位或事项。")
    for m in _BLANK_RE.finditer(text):
        yield Finding(PLACEHOLDER, Severity.ERROR, m.start(), m.end(), "", "空括号是待填写的空白，请填入实际内容或删除。")
    if " " in text or "\u3000" in text or "\u00a0" in text:
        for m in _BLANK_FIGURE_RE.finditer(text):
            yield Finding(PLACEHOLDER, Severity.WARNING, m.start(), m.end(), "",
                          f"“{text[m.end():m.end() + 1]}”前面是空格，像是没有填写的数字。", None)
    if "N" in text or "Ｎ" in text or "_" in text:
        for m in _FIGURE_MARK_RE.finditer(text):
            mark = m.group()
            sure = mark == "_"  # N may be a variable (N 个 as a count of templates): a warning
            yield Finding(PLACEHOLDER, Severity.ERROR if sure else Severity.WARNING, m.start(), m.end(), "",
                          f"“{mark}”站在数字的位置上，像是没有填写的{_what(text[m.end():m.end() + 2])}。")
    for m in field_rx.finditer(text):
        yield Finding(PLACEHOLDER, Severity.ERROR, m.start(), m.end(), "",
                      f"“{m.group()}”是模板里待填写的字段，请换成实际内容。")
    for m in todo_rx.finditer(text):
        s = m.start()
        if s > 0 and text[s - 1] in "有尚仍还亦":
            continue  # 有待补充 is ordinary wording
        yield Finding(PLACEHOLDER, Severity.ERROR, s, m.end(), "", f"“{m.group()}”是模板的填写提示，请换成实际内容。")


def _watermark_table(ctx):
    """Entries with their own regex, and one literal trigger scan that says which entries to run.

    A clean paragraph contains none of the triggers, so it costs one fast literal scan.
    """
    def build():
        entries = []
        always = []
        trigger_of: dict[str, list[int]] = {}
        for w in ctx.lexicon.toml("hygiene").get("watermark", []):
            try:
                rx = re.compile(w["regex"])
            except (re.error, KeyError):
                continue  # a broken user entry must not stop the rule
            i = len(entries)
            entries.append((rx, w))
            triggers = w.get("triggers") or []
            if not triggers:
                always.append(i)
            for t in triggers:
                trigger_of.setdefault(t, []).append(i)
        # The scan takes the longest trigger at a place (下载文档 over 下载): a trigger also runs
        # the entries of every trigger inside it.
        for t in trigger_of:
            inside = {i for u, idx in trigger_of.items() if u != t and u in t for i in idx}
            trigger_of[t] = sorted(set(trigger_of[t]) | inside)
        trig = re.compile(trie_pattern(trigger_of)) if trigger_of else None
        return entries, always, trig, trigger_of

    return cached(ctx, "hygiene:watermark", build)


_SEVERITY = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


_RUBY_RE = re.compile(r"(?<=[\u3400-\u9fff])[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}[)）]")


def _folded(ctx, text: str) -> tuple[str, list[int] | None]:
    """A simplified copy of a traditional paragraph, without inline pinyin such as 來(lái), and the
    original offset of each of its characters (None when the paragraph needs no folding)."""
    from core.analysis.rules.hygiene_words import _traditional_table  # the traditional table is there

    rx, table = _traditional_table(ctx)
    has_trad = rx is not None and rx.search(text) is not None
    if not has_trad and "(" not in text and "（" not in text:
        return text, None
    out: list[str] = []
    where: list[int] = []
    last = 0
    for m in _RUBY_RE.finditer(text) if has_trad else ():
        for i in range(last, m.start()):
            out.append(table.get(text[i], text[i])[:1] or text[i])
            where.append(i)
        last = m.end()
    if not has_trad:
        return text, None
    for i in range(last, len(text)):
        out.append(table.get(text[i], text[i])[:1] or text[i])
        where.append(i)
    where.append(len(text))
    return "".join(out), where


@rule(WATERMARK, scope="paragraph",
      description="模板网站水印与网页残留：网址、“原创/来源/仅供参考”、“此处隐藏N字”、浏览量、导航、HTML 代码、（注：…）")
def watermark(text: str, ctx):
    folded, where = _folded(ctx, text)
    if where is None:
        yield from _watermarks(text, ctx)
        return
    for f in _watermarks(folded, ctx):  # a traditional page: match the simplified copy, map back
        s, e = where[f.start], where[f.end - 1] + 1 if f.end > f.start else where[f.start]
        shown = text[s:e] if e - s <= 30 else text[s:s + 28] + "…"
        msg = f.message.split("”：", 1)[-1] if "”：" in f.message else f.message
        yield Finding(WATERMARK, f.severity, s, e, "", f"“{shown}”：{msg}", None, data=dict(f.data))


def _watermarks(text: str, ctx):
    entries, always, trig, trigger_of = _watermark_table(ctx)
    todo = set(always)
    if trig is not None:
        for m in trig.finditer(text):
            todo.update(trigger_of[m.group()])
    if not todo:
        return
    # The spans taken, kept in start order (they never overlap): an overlap test looks at the
    # neighbours of s by bisection (a page may hold thousands of residue lines).
    taken: list[tuple[int, int]] = []
    starts: list[int] = []
    for i in sorted(todo):  # earlier entries win where two match at one place
        rx, w = entries[i]
        for m in rx.finditer(text):
            s, e = m.span()
            # Spaces around it are not part of the residue (a line's indent stays); a match must
            # hold something visible.
            while e > s and text[e - 1] in " \u3000\t":
                e -= 1
            while s < e and text[s] in " \u3000\t":
                s += 1
            if e <= s:
                continue
            k = bisect_right(starts, s)
            if (k and taken[k - 1][1] > s) or (k < len(taken) and taken[k][0] < e):
                continue
            starts.insert(k, s)
            taken.insert(k, (s, e))
            shown = text[s:e] if e - s <= 30 else text[s:s + 28] + "…"
            msg = f"“{shown}”：{w.get('message', '网站残留')}，提交前请删除。"
            suggestion = None
            if w.get("name") == "markdown":
                inner = text[s:e].lstrip("#").strip()
                if inner.startswith("**") and inner.endswith("**"):
                    suggestion = inner[2:-2]
            yield Finding(WATERMARK, _SEVERITY.get(w.get("severity", "error"), Severity.ERROR), s, e, "", msg,
                          suggestion, data={"kind": w.get("name", ""), "what": w.get("message", "网站残留")})
