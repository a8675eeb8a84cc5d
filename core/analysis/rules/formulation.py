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
from core.analysis.rules.formulation_edits import near_window
from core.analysis.rules.hygiene_common import CJK, PrefixIndex, cached, is_cjk, trie_pattern
from core.analysis.rules.hygiene_words import TRADITIONAL, TYPO, _traditional_table, _typo_table
from core.analysis.rules.hygiene_words import _excepted as _typo_excepted
from core.text.sound import SAME, SHAPE, SIMILAR

RULE = "formulation.variant"
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
    short_first_rx: re.Pattern[str] | None = None  # short formulations with a look-alike first character
    short_by_head: dict[str, list[int]] = field(default_factory=dict)  # all but the last character
    short_by_tail: dict[str, list[int]] = field(default_factory=dict)  # all but the first character
    quoted_tail: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # 从严治党 -> (全面, i)
    quoted_head: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # 全面从严 -> (治党, i)
    patterns: list[tuple[re.Pattern[str], dict]] = field(default_factory=list)  # [[pattern]] entries
    lead_verbs: tuple[str, ...] = ()  # 增强, 坚定, 做到 …: a formulation usually follows them
    relation: object = None  # Confusables.relation: same/similar pinyin or shape


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
    pats.append("".join(esc[:-1]) + c)  # the last character replaced (checked for sound and shape)
    return pats


def _synonym_variants(text: str, synonyms: dict[str, list[str]]) -> list[str]:
    """维护 -> 拥护 in 两个维护: a word of the formulation swapped for a near synonym."""
    out = []
    for word, alts in synonyms.items():
        i = text.find(word)
        while i >= 0:
            out.extend(text[:i] + alt + text[i + len(word):] for alt in alts)
            i = text.find(word, i + 1)
    return out


def _build(ctx) -> Table:
    data = ctx.lexicon.toml("formulations")
    settings = data.get("settings", {})
    forms = []
    for raw in data.get("formulation", []):
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
    confusables = ctx.lexicon.confusables()
    synonyms = {k: list(v) for k, v in data.get("synonyms", {}).items()}
    exact = {f.text for f in forms}
    anchors = PrefixIndex(width=3)
    literal_of: dict[str, list[tuple[int, int]]] = {}
    short_pats: list[str] = []
    first_pats: list[str] = []
    first_chars: set[str] = set()
    short_by_ends: dict[tuple[str, str], list[int]] = {}
    short_by_head: dict[str, list[int]] = {}
    short_by_tail: dict[str, list[int]] = {}
    quoted_tail: dict[str, list[tuple[str, int]]] = {}
    quoted_head: dict[str, list[tuple[str, int]]] = {}
    protected = exact | set(ctx.lexicon.domain_terms())
    for i, f in enumerate(forms):
        n = len(f.text)
        if n <= SHORT:
            short_pats.extend(_short_patterns(f.text))
            short_by_ends.setdefault((f.text[0], f.text[-1]), []).append(i)
            short_by_head.setdefault(f.text[:-1], []).append(i)
            short_by_tail.setdefault(f.text[1:], []).append(i)
            alts = sorted(c for c in confusables.alternatives(f.text[0]) if is_cjk(c))
            if alts:
                first_pats.append("[" + "".join(alts) + "]" + re.escape(f.text[1:]))
                first_chars.update(alts)
            extra = _swaps(f.text)
        else:
            k, a, b = _anchors(f.text, tuple(cut(f.text)), freq)
            anchors.add(f.text[a:a + k], (i, a))
            anchors.add(f.text[b:b + k], (i, b))
            # Adjacent chunks: the swap across their boundary breaks both; list it literally.
            extra = [v for v in _swaps(f.text) if v[:a] == f.text[:a] and v[b + 1:] == f.text[b + 1:]] \
                if b == a + k else []
        extra = extra + _synonym_variants(f.text, synonyms)
        for v in f.variants + extra:
            if v not in exact and v not in f.exceptions:
                literal_of.setdefault(v, []).append((1, i))
        if all(is_cjk(c) for c in f.text):
            for j in range(2, n - 1):  # 全面“从严治党”: quotes around a part of the formulation
                head, tail = f.text[:j], f.text[j:]
                if tail not in protected:
                    quoted_tail.setdefault(tail, []).append((head, i))
                if head not in protected:
                    quoted_head.setdefault(head, []).append((tail, i))
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
    # Branches that start with a character class get no help from `re`'s prefix scan: one class of
    # all first characters in front lets it skip most positions with a single test (~4x faster).
    first_rx = re.compile(f"(?=[{re.escape(''.join(sorted(first_chars)))}])(?:{'|'.join(first_pats)})") \
        if first_pats else None
    patterns = []
    for raw in data.get("pattern", []):
        try:
            patterns.append((re.compile(raw["regex"]), raw))
        except (re.error, KeyError):
            continue  # a broken user entry must not stop the rule
    return Table(forms, anchors.compile(), literal_rx, literal_of, short_rx, short_by_ends, orders,
                 first_rx, short_by_head, short_by_tail, quoted_tail, quoted_head, patterns,
                 tuple(settings.get("lead_verbs", [])), confusables.relation)


def _table(ctx) -> Table:
    return cached(ctx, "formulation:table", lambda: _build(ctx))


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


_QUOTE_RE = re.compile("“([^“”\n]{2,12})”")
_OPEN_Q, _CLOSE_Q = "“‘「『\"", "”’」』\"〞"


def _folded(ctx, text: str) -> str:
    """Traditional characters folded to simplified, one for one (offsets stay valid).

    Only while hygiene.traditional reports those characters itself; otherwise a traditional
    character inside a formulation is reported here as the slip it is."""
    if not ctx.settings.enabled(TRADITIONAL):
        return text
    rx, table = _traditional_table(ctx)
    if rx is None or rx.search(text) is None:
        return text
    return "".join(table.get(c, c) if len(table.get(c, c)) == 1 else c for c in text)


def _quoted(text: str, s: int, e: int) -> bool:
    return s > 0 and e < len(text) and text[s - 1] in _OPEN_Q and text[e] in _CLOSE_Q


def _after_verb(text: str, s: int, verbs: tuple[str, ...]) -> bool:
    """Right after a verb that introduces a formulation (增强四个意识, 做到两个维护)."""
    before = text[max(0, s - 6):s].rstrip("“‘「『\" ")
    return any(before.endswith(v) for v in verbs)


def _joins_outside(ctx, text: str, s: int, e: int, edited: int) -> bool:
    """Does the changed edge character make a word with the text outside the window (确力|量 …)?"""
    lo = max(0, s - 4)
    pos = lo
    for tok in ctx.tokens(text[lo:e + 4]):
        if pos <= edited < pos + len(tok):
            return (pos < s or pos + len(tok) > e) and len(tok) >= 2 and ctx.lexicon.word_freq(tok) >= 30
        pos += len(tok)
    return False


_NUMERALS = "一两二三四五六七八九十"
_COUNTERS = "个项大种条"


def _weak_ok(ctx, t: Table, text: str, s: int, e: int, edited: int, f: Formulation) -> tuple[bool, bool | None]:
    """(keep, certain) for a near miss that changes an edge character or makes another word;
    certain None: keep as a suggestion only."""
    if edited < 0 or e - s != len(f.text):
        return False, False
    r = t.relation(f.text[edited - s], text[edited]) if t.relation else None
    quoted = _quoted(text, s, e)
    if r is None:
        # 坚决做到“两个确定”: a numbered formulation, quoted after its verb, one character off by
        # neither sound nor shape; a local slogan may read so too (“两个确保”): a suggestion only.
        numbered = f.text[0] in _NUMERALS and f.text[1:2] in _COUNTERS
        keep = numbered and quoted and _after_verb(text, s, t.lead_verbs)
        return keep, (None if keep else False)
    strong = quoted or _after_verb(text, s, t.lead_verbs)
    edge = edited in (s, e - 1)
    if edge and not quoted and _joins_outside(ctx, text, s, e, edited):
        return False, False  # 三会一棵树: the changed character belongs to the next word
    if not strong and (r == SIMILAR or _makes_other_word(ctx, text[s:e], edited - s)):
        return False, False  # 这四个意思: an ordinary phrase unless quoted or introduced as a formulation
    return True, strong or (len(f.text) > SHORT and r in (SAME, SHAPE))


@rule(RULE, scope="paragraph",
      description="固定政治表述写错一字（漏字、多字、错字、颠倒、同音字）或输入法换成同音词，如“党风廉正建设”应为“党风廉政建设”，“社会注意思想”应为“社会主义思想”")
def variant(text: str, ctx):
    t = _table(ctx)
    orig = text
    text = _folded(ctx, text)  # a traditional page is checked too
    rel = t.relation
    yield from _patterns(t, orig, text)
    quoted = list(_quoted_parts(t, orig, text))
    yield from quoted
    # Pass 1: exact occurrences (never flagged, nor anything inside them) and candidate windows.
    exact: list[tuple[int, int]] = []
    cands: list[tuple[int, int, int, int, int]] = []  # (start, end, edited, kind, formulation)
    lists: list[tuple[int, int]] = []  # (position, formulation) where an enumeration may start
    for p, key, (fi, off) in t.anchors.scan(text):
        win = near_window(text, p, t.items[fi].text, off, len(key), rel)
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
        is_exact = False
        for fi in t.short_by_ends.get((window[0], window[-1]), ()):
            f = t.items[fi].text
            if window == f:
                exact.append((p, p + len(f)))
                is_exact = True
                break
            win = near_window(text, p, f, 0, 1)
            if win is not None and win[2] != -2:
                cands.append((*win, 2, fi))
        if not is_exact:
            for fi in t.short_by_head.get(window[:-1], ()):  # the last character replaced
                f = t.items[fi].text
                if len(window) == len(f) and window[-1] != f[-1]:
                    cands.append((p, p + len(f), p + len(f) - 1, 2, fi))
    for p, window in _all_matches(t.short_first_rx, text):  # the first character replaced
        for fi in t.short_by_tail.get(window[1:], ()):
            f = t.items[fi].text
            if len(window) == len(f) and window[0] != f[0]:
                cands.append((p, p + len(f), p, 2, fi))
    if not cands and not lists:
        return
    seen: list[tuple[int, int]] = [(q.start, q.end) for q in quoted]
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
    # A change of an edge character is the weakest evidence: a longer formulation edited inside wins.
    order = sorted(cands, key=lambda c: (c[3] != 1, c[2] in (c[0], c[1] - 1),
                                         c[0] - c[1] if c[3] == 1 else c[1] - c[0], c[0]))
    for s, e, edited, kind, fi in order:
        f = t.items[fi]
        if _covered(exact, s, e) or any(s < b and a < e for a, b in seen):
            continue  # inside an exact formulation, or already reported
        if _excepted(text, s, e, f.exceptions):
            continue
        severity = Severity.ERROR
        if kind == 2 and edited >= 0 and (edited in (s, e - 1) or _makes_other_word(ctx, text[s:e], edited - s)):
            keep, certain = _weak_ok(ctx, t, text, s, e, edited, f)
            if not keep:
                continue
            severity = Severity.INFO if certain is None else Severity.ERROR if certain else Severity.WARNING
        elif kind == 2 and _makes_other_word(ctx, text[s:e], -1):
            continue
        if _reported_elsewhere(ctx, text[s:e], f.text):
            continue
        seen.append((s, e))
        msg = _message(orig[s:e], f) if severity is not Severity.INFO else (
            f"“{orig[s:e]}”与规范表述“{f.text}”只差一个字：如果不是另有所指，应为“{f.text}”。")
        yield Finding(RULE, severity, s, e, "", msg, f.text)


def _patterns(t: Table, orig: str, text: str):
    """[[pattern]] entries: the leader's name dropped or masked, a plenum without its number …"""
    taken: list[tuple[int, int]] = []
    for rx, raw in t.patterns:
        for m in rx.finditer(text):
            unless = raw.get("unless_before", "")
            if unless and unless in text[:m.start()]:
                continue  # 习近平总书记 … 总书记强调: the full form came first in this paragraph
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            sev = {"error": Severity.ERROR, "info": Severity.INFO}.get(raw.get("severity", ""), Severity.WARNING)
            sugg = m.expand(raw["suggestion"]) if raw.get("suggestion") else None
            shown = orig[m.start():m.end()]
            yield Finding(RULE, sev, m.start(), m.end(), "", f"“{shown}”：{raw.get('message', '规范表述有误')}。", sugg)


def _quoted_parts(t: Table, orig: str, text: str):
    """全面“从严治党”: quotation marks that cut a fixed formulation in two."""
    if "“" not in text:
        return
    for m in _QUOTE_RE.finditer(text):
        q, o, c = m.group(1), m.start(), m.end()
        found = None
        for head, fi in t.quoted_tail.get(q, ()):
            if text[max(0, o - len(head)):o] == head:
                found = (o - len(head), c, fi)
                break
        if found is None:
            for tail, fi in t.quoted_head.get(q, ()):
                if text[c:c + len(tail)] == tail:
                    found = (o, c + len(tail), fi)
                    break
        if found is not None:
            s, e, fi = found
            f = t.items[fi]
            yield Finding(RULE, Severity.WARNING, s, e, "",
                          f"“{orig[s:e]}”：引号把规范表述“{f.text}”拆开了，应写作“{f.text}”。", f.text)


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
            if _typo_excepted(window, i, wrong, entry.get("unless", ())):
                continue  # hygiene.typo leaves this one alone (总书计 inside 习近平总书计)
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
