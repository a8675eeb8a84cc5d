"""formulation.variant: near misses of fixed political formulations (一字之差).

Finding a near miss without an edit distance at every offset:
- a formulation longer than SHORT gets two disjoint three-character anchors that ordinary prose
  rarely contains (平法 in 习近平|法治, not 学习). One insertion, deletion, substitution or swap
  leaves at least one anchor intact, so one scan finds the anchors and each hit is checked by
  comparing the rest of the phrase on both sides, allowing exactly one edit (a few slices);
- a short formulation (三会一课) is matched by regexes of its one-edit neighbourhood, whose first
  characters are its own (三.一课, 三会.课 …);
- known wrong forms, swaps across adjacent anchors and the first items of enumerations (whose
  order is checked) are literals in one trie regex.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.hygiene_common import CJK, PrefixIndex, cached, is_cjk, trie_pattern
from core.analysis.rules.hygiene_words import TRADITIONAL, TYPO, _traditional_table, _typo_table

RULE = "formulation.variant"
NUMERALS = set("零〇一二三四五六七八九十百千两")
TOLERATED = set("的")  # an extra or missing 的 is style, not a wrong formulation
SHORT = 5  # up to this length: edit patterns; longer formulations: two three-character anchors
SEPARATORS = "、|，|,|；|和|及|以及|与"
LIST_SEPARATORS = ("、", "，", "；", "和")  # after the first item of an enumeration


@dataclass
class Formulation:
    text: str
    name: str = ""
    variants: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class Table:
    items: list[Formulation]
    anchors: PrefixIndex  # two three-character anchors of each formulation longer than SHORT
    literal_rx: re.Pattern[str] | None  # known wrong forms, swaps, enumeration items + separator
    literal_of: dict[str, list[tuple[int, int]]]  # literal -> [(kind, formulation)]
    short_rx: re.Pattern[str] | None  # short formulations with one edit inside (or exact)
    short_by_ends: dict[tuple[str, str], list[int]]  # (first, last character) -> formulations
    orders: list[re.Pattern[str] | None]  # per formulation: its enumeration in any order


def _swaps(text: str) -> list[str]:
    out = []
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a != b and is_cjk(a) and is_cjk(b):
            out.append(text[:i] + b + a + text[i + 2:])
    return out


def _anchors(text: str, tokens: tuple[str, ...], freq: Callable[[str], int]) -> tuple[int, int, int]:
    """Two disjoint chunks of `text` that ordinary prose rarely contains: (k, off1, off2).

    A chunk inside a common word (习近 in 习近平, 学习) or made of common single characters (党的)
    would send many paragraphs through the comparison; a chunk across the boundary of two longer
    words (平法 in 习近平|法治, 大精 in 二十大|精神) occurs almost only in the phrase itself.
    """
    n = len(text)
    k = 3
    spans = []
    pos = 0
    for tok in tokens:
        spans.append((pos, pos + len(tok), freq(tok)))
        pos += len(tok)

    def score(off: int) -> int:
        chunk = text[off:off + k]
        if not all(is_cjk(c) for c in chunk):
            return 10 ** 7  # punctuation (、 or ，) is written either way: a weak anchor
        total = freq(chunk) + sum(freq(chunk[j:j + 2]) for j in range(k - 1))
        for a, b, f in spans:
            if b <= off or a >= off + k:
                continue
            if (a <= off and off + k <= b) or b - a == 1:
                total += f  # inside one word, or a character standing alone
        return total

    scores = [score(o) for o in range(n - k + 1)]
    best = None
    for a in range(n - k + 1):
        for b in range(a + k, n - k + 1):
            # Rarest first; then prefer a gap, so no swap of neighbours breaks both (adjacent
            # chunks get that one swap as a literal variant).
            key = (max(scores[a], scores[b]), scores[a] + scores[b], b == a + k)
            if best is None or key < best[0]:
                best = (key, a, b)
    assert best is not None
    return k, best[1], best[2]


# The edited character: any letter that is not ASCII (CJK, but also kana, Cyrillic …); windows
# that are not all Chinese are dropped after matching. A [CJK] class here cost ~0.2 s to compile
# (hundreds of copies of a 28 000-character set), this one nothing.
WORD_CHAR = r"[^\W\d_a-zA-Z]"
CJK_ONLY = re.compile(f"[{CJK}]+")


def _short_patterns(f: str) -> list[str]:
    """One interior edit of a short formulation as regexes: 四.意识, 四个.识, 四.个意识 …

    Their first characters are the formulation's own (四, 两, 三 …), so `re` checks few places.
    """
    c = WORD_CHAR
    esc = [re.escape(ch) for ch in f]
    pats = []
    for j in range(1, len(f) - 1):  # substitution, deletion
        pats.append("".join(esc[:j]) + c + "".join(esc[j + 1:]))
        pats.append("".join(esc[:j] + esc[j + 1:]))
    for j in range(1, len(f)):  # insertion
        pats.append("".join(esc[:j]) + c + "".join(esc[j:]))
    return pats


def _build(ctx) -> Table:
    forms = []
    for raw in ctx.lexicon.toml("formulations").get("formulation", []):
        text = raw.get("text", "")
        if len(text) < 4:
            continue  # too short to tell a slip from another word
        forms.append(Formulation(text, raw.get("name", ""), list(raw.get("variants", [])),
                                 list(raw.get("except", [])), list(raw.get("items", []))))
    # The user's own list (设置 › 规范表述, words/formulations.txt): one formulation a line.
    known_texts = {f.text for f in forms}
    for text in ctx.lexicon.words("formulations"):
        if len(text) >= 4 and text not in known_texts:
            known_texts.add(text)
            forms.append(Formulation(text))
    seg = ctx.lexicon.segmenter()
    freq, cut = seg.freq, seg.cut  # not ctx.tokens: no need to fill the shared token cache
    exact = {f.text for f in forms}
    anchors = PrefixIndex(width=3)
    literal_of: dict[str, list[tuple[int, int]]] = {}
    short_pats: list[str] = []
    short_by_ends: dict[tuple[str, str], list[int]] = {}
    for i, f in enumerate(forms):
        n = len(f.text)
        if n <= SHORT:
            short_pats.extend(_short_patterns(f.text))
            short_by_ends.setdefault((f.text[0], f.text[-1]), []).append(i)
            extra = _swaps(f.text)
        else:
            k, a, b = _anchors(f.text, tuple(cut(f.text)), freq)
            anchors.add(f.text[a:a + k], (i, a))
            anchors.add(f.text[b:b + k], (i, b))
            # Adjacent chunks: the swap across their boundary breaks both; list it literally.
            extra = [v for v in _swaps(f.text) if v[:a] == f.text[:a] and v[b + 1:] == f.text[b + 1:]] \
                if b == a + k else []
        for v in f.variants + extra:
            if v not in exact and v not in f.exceptions:
                literal_of.setdefault(v, []).append((1, i))
    orders: list[re.Pattern[str] | None] = []
    for i, f in enumerate(forms):
        if len(f.items) >= 2:
            alt = trie_pattern(f.items)
            orders.append(re.compile(f"(?:{alt})(?:(?:{SEPARATORS})(?:{alt})){{{len(f.items) - 1}}}"))
            for item in f.items:
                for sep in LIST_SEPARATORS:  # an item followed by a separator starts a list
                    literal_of.setdefault(item + sep, []).append((3, i))
        else:
            orders.append(None)
    literal_rx = re.compile(trie_pattern(literal_of)) if literal_of else None
    # Group the patterns by their first character, so `re` tries a dozen branches, not hundreds.
    by_first: dict[str, list[str]] = {}
    for pat in short_pats:
        by_first.setdefault(pat[0], []).append(pat[1:])
    short_rx = re.compile("|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in by_first.items())) \
        if by_first else None
    return Table(forms, anchors.compile(), literal_rx, literal_of, short_rx, short_by_ends, orders)


def _table(ctx) -> Table:
    return cached(ctx, "formulation:table", lambda: _build(ctx))


# ---- one-edit comparison ------------------------------------------------------------------
def _edit_ok(kind: str, f_index: int, n: int, f_char: str, t_char: str) -> bool:
    """Is this single edit a credible slip (rather than a different, legitimate phrase)?"""
    if kind == "ins":
        return is_cjk(t_char) and t_char not in TOLERATED
    if not 0 < f_index < n - 1:
        return False  # first/last character: 四个意见, 两个维度 are other words
    if kind == "del":
        return is_cjk(f_char) and f_char not in TOLERATED
    if not (is_cjk(f_char) and is_cjk(t_char)):
        return False
    return not (f_char in NUMERALS and t_char in NUMERALS)  # 十八大 / 十九大


def _forward(text: str, t0: int, rest: str, base: int, n: int) -> tuple[int, int] | None:
    """`rest` (= F[base:]) should start at t0 with one edit; return (window end, edited text index)."""
    m = len(rest)
    j = 0
    while j < m and t0 + j < len(text) and text[t0 + j] == rest[j]:
        j += 1
    if j == m:
        return None
    tj = t0 + j
    t_char = text[tj] if tj < len(text) else ""
    if t_char and text[tj + 1:tj + m - j] == rest[j + 1:] and _edit_ok("sub", base + j, n, rest[j], t_char):
        return t0 + m, tj
    if j + 1 < m and text[tj + 1:tj + 2] == rest[j] and t_char == rest[j + 1] and is_cjk(t_char) \
            and is_cjk(rest[j]) and text[tj + 2:t0 + m] == rest[j + 2:]:
        return t0 + m, -1  # two neighbours swapped (a classic slip even when it makes a word: 办事实)
    if t_char and text[tj + 1:tj + 1 + m - j] == rest[j:] and _edit_ok("ins", base + j, n, "", t_char):
        doubled = t_char == rest[j] or (tj > 0 and t_char == text[tj - 1])
        return t0 + m + 1, (-1 if doubled else tj)  # a doubled character is a plain slip
    if text[tj:tj + m - j - 1] == rest[j + 1:] and _edit_ok("del", base + j, n, rest[j], ""):
        return t0 + m - 1, -1
    return None


def _backward(text: str, p: int, head: str, n: int) -> tuple[int, int] | None:
    """`head` (= F[:len(head)]) should end at p with one edit; return (window start, edited text index)."""
    m = len(head)
    j = 0
    while j < m and p - 1 - j >= 0 and text[p - 1 - j] == head[m - 1 - j]:
        j += 1
    if j == m:
        return None
    i = m - 1 - j  # index in F of the first mismatch from the right
    tp = p - 1 - j
    t_char = text[tp] if tp >= 0 else ""
    if t_char and tp - i >= 0 and text[tp - i:tp] == head[:i] and _edit_ok("sub", i, n, head[i], t_char):
        return tp - i, tp
    if i >= 1 and tp - 1 >= 0 and t_char == head[i - 1] and text[tp - 1] == head[i] and is_cjk(t_char) \
            and is_cjk(head[i]) and text[tp - i:tp - 1] == head[:i - 1]:
        return tp - i, -1  # two neighbours swapped
    if t_char and tp - i - 1 >= 0 and text[tp - i - 1:tp] == head[:i + 1] and _edit_ok("ins", i + 1, n, "", t_char):
        doubled = t_char == head[i] or text[tp + 1:tp + 2] == t_char
        return tp - i - 1, (-1 if doubled else tp)  # a doubled character is a plain slip
    if tp + 1 - i >= 0 and text[tp + 1 - i:tp + 1] == head[:i] and _edit_ok("del", i, n, head[i], ""):
        return tp + 1 - i, -1
    return None


def _near_window(text: str, p: int, f: str, off: int, k: int) -> tuple[int, int, int] | None:
    """The window around an anchor hit that is exactly one edit from `f`: (start, end, edited index).

    An exact occurrence gives edited index -2.
    """
    n = len(f)
    head, tail = f[:off], f[off + k:]
    hs = p - len(head)
    head_ok = hs >= 0 and text[hs:p] == head
    ts = p + k
    tail_ok = text[ts:ts + len(tail)] == tail
    if head_ok and tail_ok:
        return hs, ts + len(tail), -2
    if not head_ok and not tail_ok:
        return None  # more than one edit
    if head_ok:
        r = _forward(text, ts, tail, off + k, n)
        return (hs, r[0], r[1]) if r is not None else None
    r = _backward(text, p, head, n)
    return (r[0], ts + len(tail), r[1]) if r is not None else None


def _makes_other_word(ctx, window: str, edited: int) -> bool:
    """In a short formulation, does the changed character form another common word (党员学习教育)?

    Such a window is more likely a different, legitimate phrase than a slip; slips of that kind are
    listed as known variants in the data instead. Long formulations leave no such doubt.
    """
    settings = ctx.lexicon.toml("formulations").get("settings", {})
    if edited < 0 or len(window) > settings.get("other_word_max_len", 6):
        return False
    min_freq = settings.get("other_word_min_freq", 30)
    freq = ctx.lexicon.segmenter().freq
    pos = 0
    for tok in ctx.tokens(window):
        if pos <= edited < pos + len(tok):
            return len(tok) >= 2 and freq(tok) >= min_freq
        pos += len(tok)
    return False


def _covered(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b in spans)


def _excepted(text: str, s: int, e: int, exceptions: list[str]) -> bool:
    for x in exceptions:
        lo = max(0, s - len(x))
        idx = text.find(x, lo, e + len(x))
        while idx >= 0:
            if idx < e and idx + len(x) > s:
                return True
            idx = text.find(x, idx + 1, e + len(x))
    return False


def _message(wrong: str, f: Formulation) -> str:
    label = f"“{f.name}”的" if f.name and f.name != f.text else ""
    return f"“{wrong}”应为“{f.text}”：{label}规范表述一字不能差。"


@rule(RULE, scope="paragraph",
      description="固定政治表述写错一字（漏字、多字、错字、颠倒），如“党风廉正建设”应为“党风廉政建设”")
def variant(text: str, ctx):
    t = _table(ctx)
    # Pass 1: exact occurrences (never flagged, nor anything inside them) and candidate windows.
    exact: list[tuple[int, int]] = []
    cands: list[tuple[int, int, int, int, int]] = []  # (start, end, edited, kind, formulation)
    lists: list[tuple[int, int]] = []  # (position, formulation) where an enumeration may start
    for p, key, (fi, off) in t.anchors.scan(text):
        win = _near_window(text, p, t.items[fi].text, off, len(key))
        if win is None:
            continue
        if win[2] == -2:
            exact.append(win[:2])
        else:
            cands.append((*win, 2, fi))
    for p, key in _all_matches(t.literal_rx, text):
        for kind, fi in t.literal_of[key]:
            if kind == 1:
                cands.append((p, p + len(key), -1, 1, fi))
            else:
                lists.append((p, fi))
    for p, window in _all_matches(t.short_rx, text):
        if not CJK_ONLY.fullmatch(window):
            continue
        for fi in t.short_by_ends.get((window[0], window[-1]), ()):
            f = t.items[fi].text
            if window == f:
                exact.append((p, p + len(f)))
                break
            win = _near_window(text, p, f, 0, 1)
            if win is not None and win[2] != -2:
                cands.append((*win, 2, fi))
    if not cands and not lists:
        return
    seen: list[tuple[int, int]] = []
    ordered: set[int] = set()
    for p, fi in lists:
        if fi not in ordered:
            found = _order(text, p, t.items[fi], t.orders[fi])
            if found is not None:
                ordered.add(fi)
                seen.append((found.start, found.end))
                yield found
    # Known wrong forms first, longest first (新时代习近平… over 习近平中国…); then near misses,
    # shortest first: where a long formulation contains a short one, the short span is more precise.
    order = sorted(cands, key=lambda c: (c[3] != 1, c[0] - c[1] if c[3] == 1 else c[1] - c[0], c[0]))
    for s, e, edited, kind, fi in order:
        f = t.items[fi]
        if _covered(exact, s, e) or any(s < b and a < e for a, b in seen):
            continue  # inside an exact formulation, or already reported
        if _excepted(text, s, e, f.exceptions):
            continue
        if kind == 2 and _makes_other_word(ctx, text[s:e], edited - s if edited >= 0 else -1):
            continue
        if _reported_elsewhere(ctx, text[s:e], f.text):
            continue
        seen.append((s, e))
        yield Finding(RULE, Severity.ERROR, s, e, "", _message(text[s:e], f), f.text)


def _reported_elsewhere(ctx, window: str, target: str) -> bool:
    """A slip that hygiene.typo or hygiene.traditional already reports (主题责任, 黨) is shown once."""
    settings = ctx.settings
    if settings.enabled(TRADITIONAL):
        rx, table = _traditional_table(ctx)
        if rx is not None and rx.search(window) and "".join(table.get(c, c) for c in window) == target:
            return True
    if settings.enabled(TYPO):
        index = _typo_table(ctx)[0]
        for i, wrong, entry in index.scan(window):
            if window[:i] + entry["right"] + window[i + len(wrong):] == target:
                return True
    return False


def _all_matches(rx: re.Pattern[str] | None, text: str):
    """(position, matched text) of every match, overlapping ones included (matches are rare)."""
    if rx is None:
        return
    m = rx.search(text)
    while m is not None:
        yield m.start(), m.group()
        m = rx.search(text, m.start() + 1)


def _order(text: str, p: int, f: Formulation, rx: re.Pattern[str] | None) -> Finding | None:
    """The items of an enumeration, all present at p but in another order than the official one."""
    if rx is None:
        return None
    m = rx.match(text, p)
    if m is None:
        return None
    item_rx = re.compile(trie_pattern(f.items))
    found = item_rx.findall(m.group())
    if sorted(found) != sorted(f.items) or found == f.items:
        return None
    # Keep the writer's separators; put the items in the official order.
    pieces = item_rx.split(m.group())
    seps = pieces[1:-1]
    fixed = pieces[0] + "".join(item + (seps[k] if k < len(seps) else "") for k, item in enumerate(f.items))
    fixed += pieces[-1]
    label = f"“{f.name}”" if f.name else "这组表述"
    return Finding(RULE, Severity.ERROR, m.start(), m.end(), "",
                   f"{label}的顺序应为“{'、'.join(f.items)}”，不能调换。", fixed)
