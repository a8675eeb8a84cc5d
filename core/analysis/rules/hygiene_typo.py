"""hygiene.typo: misspellings from the list, swapped collocations, and homophones a dictionary finds.

Four detectors, one rule:
- garbled text (乱码) a wrong decoding left (hygiene_garbled);
- the list in resources/typos.toml ([words] everywhere, [[context]] where the context says so);
- [[collocation]]: a fixed collocation whose word a "伪原创" rewriting tool swapped for a synonym
  (旗帜鲜明 -> 旗帜鲜亮, 履职情况 -> 履职状况);
- homophones beyond any list: a 2–4 character stretch that the segmenter does not know as a word
  (jieba's HMM made it up, or the dictionary hardly knows it), where changing one character for
  one of the same pinyin or of a similar shape gives a frequent word (布暑 -> 部署). That is what a
  pinyin input method leaves behind.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, chain
from typing import NamedTuple

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.hygiene_common import CJK, WordFinder, cached, is_cjk, trie_pattern
from core.analysis.rules.hygiene_garbled import garbled
from core.analysis.rules.hygiene_words import TYPO, _excepted, _traditional_table, _typo_table
from core.text.sound import readings

_SEV = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_LEAD = re.compile("[\u3400-\u9fff]*")
_CJK_WORD = re.compile("[\u3400-\u9fff]+")


def _settings(ctx) -> dict:
    return ctx.lexicon.toml("typos").get("settings", {})


def _collocations(ctx):
    def build():
        entries = []
        for c in ctx.lexicon.toml("typos").get("collocation", []):
            try:
                rx = re.compile(c["regex"]) if c.get("regex") else re.compile(re.escape(c["wrong"]))
            except (re.error, KeyError):
                continue  # a broken user entry must not stop the rule
            if c.get("right"):
                entries.append((rx, c))
        by_key: dict[str, list[tuple[re.Pattern[str], dict]]] = {}
        always = []
        for rx, c in entries:
            key = _LEAD.match(rx.pattern).group()
            (by_key.setdefault(key, []) if key else always).append((rx, c))
        key_rx = re.compile(trie_pattern(by_key)) if by_key else None
        return key_rx, by_key, always

    return cached(ctx, "hygiene:collocations", build)


def _inside_word(ctx, text: str, s: int, e: int, ends: list[int] | None = None) -> bool:
    """Is text[s:e] part of a longer dictionary word (落 in 落地, 共 in 公共)? `ends`: where each
    token of the text ends (accumulated once per paragraph: the tokens around s by bisection)."""
    tokens = ctx.tokens(text)
    if ends is None:
        ends = list(accumulate(map(len, tokens)))
    for k in range(bisect_right(ends, s), len(tokens)):
        tok = tokens[k]
        b = ends[k]
        a = b - len(tok)
        if a >= e:
            break
        if (a < s or b > e) and len(tok) >= 2 and ctx.lexicon.word_freq(tok) > 0:
            return True
    return False


def listed(text: str, ctx):
    index, key_rx, by_key, always = _typo_table(ctx)
    end = 0
    for i, wrong, entry in index.scan(text):
        if i < end or _excepted(text, i, wrong, entry.get("unless", [])):
            continue  # inside the previous misspelling, or part of a correct longer word
        end = i + len(wrong)
        right = entry["right"]
        note = f"（{entry['note']}）" if entry.get("note") else ""
        sev = _SEV.get(entry.get("severity", "error"), Severity.ERROR)
        yield Finding(TYPO, sev, i, end, "", f"“{wrong}”应为“{right}”{note}。", right)
    matches = [(m, c) for rx, c in always for m in rx.finditer(text)]
    if key_rx is not None:
        for k in key_rx.finditer(text):
            for rx, c in by_key[k.group()]:
                m = rx.match(text, k.start())
                if m is not None:
                    matches.append((m, c))
    ends = None  # token ends, accumulated at the first `alone` entry's match
    for m, c in matches:
        wrong = m.group()
        if not wrong or _excepted(text, m.start(), wrong, c.get("unless", [])):
            continue
        if c.get("alone"):
            if ends is None:
                ends = list(accumulate(map(len, ctx.tokens(text))))
            if _inside_word(ctx, text, m.start(), m.end(), ends):
                continue  # 落 of 落地, 采 of 采访: a word of its own, not what is left of 落实
        right = c["right"]
        note = f"：{c['note']}" if c.get("note") else ""
        sev = _SEV.get(c.get("severity", "warning"), Severity.WARNING)
        yield Finding(TYPO, sev, m.start(), m.end(), "", f"“{wrong}”这里应为“{right}”{note}。", right)


def collocations(text: str, ctx):
    key_rx, by_key, always = _collocations(ctx)
    matches = [(m, c) for rx, c in always for m in rx.finditer(text)]
    if key_rx is not None:
        for k in key_rx.finditer(text):
            for rx, c in by_key[k.group()]:
                m = rx.match(text, k.start())
                if m is not None:
                    matches.append((m, c))
    for m, c in matches:
        wrong = m.group()
        if not wrong or _excepted(text, m.start(), wrong, c.get("unless", [])):
            continue
        right = c["right"]
        sev = _SEV.get(c.get("severity", "warning"), Severity.WARNING)
        yield Finding(TYPO, sev, m.start(), m.end(), "",
                      f"“{wrong}”应为固定搭配“{right}”：疑为同义词替换（“伪原创”改写的模板文本常见）。", right)


def _formulation_parts(ctx) -> dict[str, tuple[str, ...]]:
    """Words inside fixed formulations -> the formulations holding them: a slip that the fix turns
    into a whole formulation is formulation.variant's to report."""
    def build():
        out: dict[str, set[str]] = {}
        for raw in ctx.lexicon.toml("formulations").get("formulation", []):
            t = raw.get("text", "")
            for n in (2, 3, 4):
                for i in range(len(t) - n + 1):
                    out.setdefault(t[i:i + n], set()).add(t)
        return {k: tuple(v) for k, v in out.items()}

    return cached(ctx, "hygiene:formulation_parts", build)


def _makes_formulation(parts, text: str, s: int, e: int, cand: str) -> bool:
    """Does the fix complete a fixed formulation around text[s:e] (两个确力 -> “两个确立”)?"""
    holders = parts.get(cand)
    if not holders:
        return False
    longest = max(len(h) for h in holders)
    lo, hi = max(0, s - longest), min(len(text), e + longest)
    fixed = text[lo:s] + cand + text[e:hi]
    at = s - lo
    for h in holders:
        i = fixed.find(h)
        while i != -1:
            if i <= at and at + len(cand) <= i + len(h):
                return True
            i = fixed.find(h, i + 1)
    return False


def _fix_fits(ctx, text: str, s: int, e: int, fixed: str, inside: bool = False) -> bool:
    """With the fix, does the segmenter cut the neighbourhood so that the fixed word stands whole?
    `inside`: a word inside a longer one counts too (党建工做述职 -> 党建工作 述职), for the
    everyday words of the genre; others may make a chance compound (院章 -> 医院院长)."""
    lo, hi = max(0, s - 3), min(len(text), e + 3)
    probe = text[lo:s] + fixed + text[e:hi]
    at, pos = s - lo, 0
    for tok in ctx.lexicon.segmenter().cut(probe):
        end = pos + len(tok)
        if end > at:
            return pos == at and tok.startswith(fixed) or inside and pos < at and end >= at + len(fixed)
        pos = end
    return False


def _homophone_index(ctx, conf, min_freq: int) -> dict[str, str | tuple[str, ...]]:
    """Frequent words of 2-4 characters by sound (Confusables.homophone_index): dictionary facts, kept
    across texts; rebuilt when the user words change the dictionary."""
    seg = ctx.lexicon.segmenter()
    return ctx.lexicon.memo(f"typo:homophone_index:{min_freq}:{seg.generation}",
                            lambda: conf.homophone_index(seg.words_at_least(min_freq, range(2, 5))))


def _toneless_index(ctx, conf, min_freq: int) -> dict[str, str | tuple[str, ...]]:
    seg = ctx.lexicon.segmenter()
    return ctx.lexicon.memo(f"typo:toneless_index:{min_freq}:{seg.generation}",
                            lambda: conf.toneless_index(seg.words_at_least(min_freq, range(2, 5))))


def _frequent_words(ctx, min_freq: int) -> frozenset[str]:
    """The words of 2-4 characters of frequency >= min_freq (~10 000): dictionary facts, kept."""
    seg = ctx.lexicon.segmenter()
    return ctx.lexicon.memo(f"typo:frequent_words:{min_freq}:{seg.generation}",
                            lambda: frozenset(seg.words_at_least(min_freq, range(2, 5))))


def _near_patterns(ctx, min_freq: int) -> frozenset[str]:
    """The frequent words of 2-4 characters with one character blanked (部署 as "\0署", "部\0"):
    dictionary facts, kept across texts. A position of a stretch whose blanked form is none of
    them has no candidate of frequency >= min_freq, by sound or by shape: skipped unasked."""
    seg = ctx.lexicon.segmenter()

    def build() -> frozenset[str]:  # ~4 ms, once
        words = seg.words_at_least(min_freq, range(2, 5))
        return frozenset(w[:i] + "\0" + w[i + 1:] for w in words for i in range(len(w)))

    return ctx.lexicon.memo(f"typo:near_patterns:{min_freq}:{seg.generation}", build)


def _toneless_candidate(table, index, tok: str, min_freq: int, positions=None):
    """(frequency, word) of the most frequent word one character away that a pinyin input method
    offers for the same syllables typed without tones (已/以 as well as 即/既), or None.
    `positions`: where such a word may differ (_near_patterns)."""
    best_f, best = 0, None
    for i in range(len(tok)) if positions is None else positions:
        c = tok[i]
        head, tail = tok[:i], tok[i + 1:]
        for r in readings(c):
            words = index.get(head + r + tail, ())
            for w in (words,) if type(words) is str else words:
                if w[i] != c:
                    f = table(w[0]).get(w) or 0
                    if f > best_f:
                        best_f, best = f, w
    return (best_f, best) if best_f >= min_freq else None


def _core_candidate(keys, core_index, tok: str) -> str | None:
    """The everyday word of the genre (words/genre_core.txt) one character of exactly the same
    reading away from `tok` (党元 -> 党员), or None; the first position wins."""
    for i, c in enumerate(tok):
        r = keys[c]  # filled on first read: .get() would miss a character not read yet
        if r is None:
            continue
        words = core_index.get(tok[:i] + r + tok[i + 1:])
        for w in (words,) if type(words) is str else words or ():
            if w[i] != c:
                return w
    return None


def _shape_pair_candidate(pairs, table, tok: str, min_freq: int, ok, allow, max_own: int) -> str | None:
    """The frequent word `tok` becomes with one character of a classic look-alike pair changed (个入 ->
    个人, 建没 -> 建设, 时问 -> 时间), or None. Such a character may be a function character (没):
    the others must be ones a slip may consist of."""
    if tok in allow or (table(tok[0]).get(tok) or 0) > max_own:
        return None
    for i, c in enumerate(tok):
        a = pairs.get(c)
        if a is None or not ok.issuperset(tok[:i] + tok[i + 1:]):
            continue
        w = tok[:i] + a + tok[i + 1:]
        if (table(w[0]).get(w) or 0) >= min_freq:
            return w
    return None


def _candidates(table, conf, index, tok: str, min_freq: int, positions=None):
    """The best word one same-sounding or look-alike character away (or None), from the index: one lookup per position for the same-sounding
    words (only words of frequency >= min_freq can be the answer), one per look-alike character.
    Ties go as in the loop: the earlier position, then the order of conf.alternatives.
    `positions`: those where a word of frequency >= min_freq may differ (_near_patterns); the
    others' hits, all rarer, could neither win nor keep a later position from winning."""
    best_f, best = 0, None
    keys, shapes = conf.toned_keys(), conf.shape_table()
    for i in range(len(tok)) if positions is None else positions:
        c = tok[i]
        head, tail = tok[:i], tok[i + 1:]
        hits = {}
        r = keys[c]
        if r is not None:
            words = index.get(head + r + tail, ())
            for w in (words,) if type(words) is str else words:
                if w[i] != c:
                    hits[w] = table(w[0]).get(w) or 0
        for a in shapes.get(c, ()):
            if a != c:
                w = head + a + tail
                hits[w] = table(w[0]).get(w) or 0
        if not hits:
            continue
        top = max(hits.values())
        if top <= best_f:
            continue
        tied = [w for w, f in hits.items() if f == top]
        if len(tied) > 1:  # the loop keeps the first of conf.alternatives' order
            order = {head + a + tail: n for n, a in enumerate(conf.alternatives(c, toned=True))}
            tied.sort(key=lambda w: order.get(w, len(order)))
        best_f, best = top, tied[0]
    return (best_f, best) if best_f >= min_freq else None


def _windows(text: str, tokens, tables, max_own: int, ok: frozenset[str], known=(),
             strong: int = 1 << 62, rare=None, frequent=frozenset(),
             suffixes=frozenset(), inner: list | None = None, beside: list | None = None) -> list[tuple[int, int]]:
    """Where a slip may hide: a token of 2-4 characters the dictionary hardly knows (jieba's HMM made
    it up: 布暑), and the pairs of characters over a lone character that is no function word, since
    the segmenter often cuts a slip apart (件|设, 岭|导下) instead of making up a word. A pair is
    not taken into a neighbouring word of frequency >= `strong` (抓|党建: the word stands).
    `tables`: Segmenter.freq_tables(). `ok`: the single characters a slip may consist of (Chinese,
    no function word or numeral, not traditional). `known`: words the segmenter was taught
    (支部书记: a user word of low frequency). `rare`: Segmenter.rare_words, cheaper than `tables`
    for the tokens of a fresh cut. `frequent`: words of frequency > max_own and >= strong, a set
    small enough to stay in the CPU cache: most tokens are among them, unread in the dictionary.
    `inner`: gets the pairs inside made-up words of 3-4 characters (前权部: jieba's HMM glued a slip
    to a neighbour's character), if given; `beside`: the pairs into a strong neighbour (党|建工|做); `suffixes`: characters that end names of places and
    bodies (村, 会): a made-up word ending in one is a name, whose parts are not asked about."""
    if rare is None:
        def rare(words, limit):
            return [t for t in words if (tables[t[0]].get(t) or 0) <= limit]
    # The frequency first: it excludes most words.
    odd = {t for t in rare({t for t in tokens if 2 <= len(t) <= 4} - frequent, max_own)
           if t[0] in ok and t not in known}
    out: list[tuple[int, int]] = []
    ends = list(accumulate(map(len, tokens)))  # C loops: most tokens are words and skipped
    n = len(text)
    last = len(tokens) - 1
    # `odd` is small: asked first, it spares most words the look-up in the big `ok`.
    for k in [k for k, t in enumerate(tokens) if t in odd or len(t) == 1 and t in ok]:
        tok, pos = tokens[k], ends[k]
        if len(tok) > 1:
            a = pos - len(tok)
            out.append((a, pos))
            # jieba's HMM glues a slip to a neighbour's character (前权部, 名党|原逐人): the pairs
            # inside a made-up word, and the one across its end into the next made-up word.
            if (inner is not None and len(tok) > 2 and tok[-1] not in suffixes  # not in a name (青泥村)
                    and not tables[tok[0]].get(tok)):  # made up by the HMM, not a rare word
                inner.extend((i, i + 2) for i in range(a, pos - 1))
            if k < last and tokens[k + 1] in odd and text[pos] in ok:
                out.append((pos - 1, pos + 1))
            continue
        s = pos - 1
        if s and text[s - 1] in ok:
            prev = tokens[k - 1]
            if len(prev) == 1 or prev not in frequent and (prev in odd or (tables[prev[0]].get(prev) or 0) < strong):
                out.append((s - 1, pos))
            elif beside is not None:  # 党|建工|做: a strong word may still hide an everyday word's slip
                beside.append((s - 1, pos))
        if pos < n and text[pos] in ok:
            nxt = tokens[k + 1] if k < last else ""
            if len(nxt) <= 1 or nxt not in frequent and (nxt in odd or (tables[nxt[0]].get(nxt) or 0) < strong):
                out.append((s, pos + 1))
            elif beside is not None:
                beside.append((s, pos + 1))
    return list(dict.fromkeys(out))  # a pair between two lone characters comes twice


def _allowed_words(ctx, allow: frozenset[str]) -> WordFinder:
    """Stretches never questioned: the allowed words of today (股室) and the right forms the typo
    list teaches (踏石留印: jieba lacks it, and 踏石 sounds like 踏实)."""
    rights = set(allow)
    for v in ctx.lexicon.toml("typos").get("words", {}).values():
        right = v if isinstance(v, str) else v.get("right", "") if isinstance(v, dict) else ""
        if isinstance(right, str) and len(right) >= 2:
            rights.add(right)
    return WordFinder(rights)


class _Setup(NamedTuple):
    """What homophones() takes from the settings and the dictionary, for every paragraph."""
    max_own: int
    min_freq: int
    strong: int
    min_gain: float
    min_gain_toneless: float
    ok: frozenset[str]
    frequent: frozenset[str]
    conf: object
    parts: dict[str, tuple[str, ...]]
    allow: frozenset[str]
    allow_words: WordFinder
    index: dict[str, str | tuple[str, ...]]
    near: frozenset[str]
    core_index: dict[str, str | tuple[str, ...]]
    core_toneless: dict[str, str | tuple[str, ...]]
    core_near: frozenset[str]
    min_gain_core: float
    min_gain_core_toneless: float
    shape_pairs: dict[str, str]
    min_gain_shape_pair: float
    core_words: frozenset[str]
    name_suffixes: frozenset[str]


def _setup(ctx) -> _Setup:
    """Built once per lexicon and dictionary generation: one memo read per paragraph, not a dozen."""
    lex = ctx.lexicon
    seg = lex.segmenter()

    def build() -> _Setup:
        cfg = _settings(ctx)
        max_own = cfg.get("homophone_max_own_freq", 5)
        min_freq = cfg.get("homophone_min_freq", 500)
        strong = cfg.get("homophone_strong_neighbour", 50)
        trad = _traditional_table(ctx)[1]
        ok = cached(ctx, "hygiene:homophone_ok", lambda: frozenset(map(chr, range(0x3400, 0xA000)))
                    - frozenset(cfg.get("homophone_skip_chars", "")) - frozenset(trad))
        core = lex.words("genre_core")
        frequent = _frequent_words(ctx, min_freq) if min_freq > max_own and min_freq >= strong else frozenset()
        conf = lex.confusables()
        allow = cached(ctx, "hygiene:homophone_allow", lambda: frozenset(lex.words("homophone_allow")))
        allow_words = cached(ctx, "hygiene:homophone_allow_words", lambda: _allowed_words(ctx, allow))
        return _Setup(max_own, min_freq, strong, cfg.get("homophone_min_gain", 3.0),
                      cfg.get("homophone_min_gain_toneless", 4.5), ok, frequent, conf, _formulation_parts(ctx),
                      allow, allow_words, _homophone_index(ctx, conf, min_freq), _near_patterns(ctx, min_freq),
                      conf.homophone_index(core), conf.toneless_index(core),
                      frozenset(w[:i] + "\0" + w[i + 1:] for w in core for i in range(len(w))),
                      cfg.get("homophone_min_gain_core", 1.0),
                      cfg.get("homophone_min_gain_core_toneless", 2.5),
                      {a: b for pair in cfg.get("shape_slip_pairs", "").split() if len(pair) == 2
                       for a, b in (pair, pair[::-1])}, cfg.get("homophone_min_gain_shape_pair", 2.0),
                      frozenset(core), frozenset(cfg.get("homophone_name_suffixes", "")))

    return lex.memo(f"typo:setup:{seg.generation}", build)


def homophones(text: str, ctx, taken: set[int]):
    """Info-level hints: a stretch that is no word but, with one character changed for one of the
    same reading (tone included) or a similar shape, is a frequent word that makes the neighbourhood
    read much likelier (log10 gain of jieba's word model >= homophone_min_gain)."""
    lex = ctx.lexicon
    seg = lex.segmenter()
    (max_own, min_freq, strong, min_gain, min_gain_toneless, ok, frequent, conf, parts, allow, allow_words,
     index, near, core_index, core_toneless, core_near, min_gain_core, min_gain_core_toneless, shape_pairs,
     min_gain_shape_pair, core_words, name_suffixes) = _setup(ctx)
    tables = seg.freq_tables()
    table = tables.__getitem__  # dict reads, not adapter calls: ~60 lookups per made-up word
    inner: list[tuple[int, int]] = []
    beside: list[tuple[int, int]] = []
    spots = _windows(text, ctx.tokens(text), tables, max_own, ok, seg.user_word_set(), strong,
                     seg.rare_words, frequent, name_suffixes, inner, beside)
    if not spots and not inner and not beside:
        return
    # Pairs inside a made-up word or into a strong neighbour are asked about the everyday words
    # only (many, and cheap to ask); into a strong word, the fix must gain as much as elsewhere
    # (王家|强: a name, 家强 -> 加强 gains little).
    wide = set(spots)
    windows = [(s, e, False) for s, e in spots] + [(s, e, True) for s, e in dict.fromkeys(inner) if (s, e) not in wide]
    taken_narrow = wide | set(inner)
    windows += [(s, e, None) for s, e in dict.fromkeys(beside) if (s, e) not in taken_narrow]
    allowed = None  # spans of allowed words, found when a stretch first has a candidate
    allowed_starts: list[int] = []
    memo = lex.cache("typo:slips", 20000)  # stretch -> (its best word, gain needed) or (): recurs across texts
    check_formulations = ctx.settings.enabled("formulation.variant")
    found: list[tuple[float, int, int, str]] = []
    for s, e, narrow in windows:
        w = text[s:e]
        cheap = narrow is not False  # inside a made-up word (True) or beside a strong one (None)
        if cheap and w[0] + "\0" not in core_near and "\0" + w[1] not in core_near \
                and w[0] not in shape_pairs and w[1] not in shape_pairs:
            continue  # (a pair: two set reads say it is one character from no everyday word)
        best = memo.get("\x01" + w if cheap else w)
        if best is None:
            best = ()
            at = [] if cheap else [i for i in range(len(w)) if w[:i] + "\0" + w[i + 1:] in near]
            # Most stretches are one character away from no everyday word: one set read each.
            in_core = any(w[:i] + "\0" + w[i + 1:] in core_near for i in range(len(w)))
            eligible = ((at or in_core) and ok.issuperset(w) and w not in allow
                        and (tables[w[0]].get(w) or 0) <= max_own)
            in_core = in_core and eligible
            core = _core_candidate(conf.toned_keys(), core_index, w) if in_core else None
            if core is not None:  # a slip in a word every report uses: less evidence suffices
                best = (core, min_gain_core)
            elif in_core and (hit := _toneless_candidate(table, core_toneless, w, 1)) is not None:
                best = (hit[1], min_gain_core_toneless)  # the same syllable in another tone
            elif cheap and not any(c in shape_pairs for c in w):
                pass
            elif (at or cheap) and (hit := _shape_pair_candidate(shape_pairs, table, w, min_freq, ok, allow, max_own)) is not None:
                best = (hit, min_gain_shape_pair)  # 入/人, 没/设: the classic look-alikes
            elif at and eligible and not cheap:
                hit = _candidates(table, conf, index, w, min_freq, at)
                if hit is not None:
                    best = (hit[1], min_gain)
                else:  # another tone of the syllable: an input method offers it too, but such
                    # chance words are commoner, so the fix must gain more
                    hit = _toneless_candidate(table, _toneless_index(ctx, conf, min_freq), w, min_freq, at)
                    if hit is not None:
                        best = (hit[1], min_gain_toneless)
            memo.put("\x01" + w if cheap else w, best)
        if not best:
            continue
        cand, need = best
        if narrow is None:
            need = max(need, min_gain)
        if check_formulations and _makes_formulation(parts, text, s, e, cand):
            continue  # 两个确力: formulation.variant reports it with the whole formulation
        if allowed is None:
            allowed = allow_words.spans(text)  # sorted, no overlaps: only the last one before e may overlap
            allowed_starts = [a for a, _b in allowed]
        k = bisect_left(allowed_starts, e) - 1 if allowed else -1
        if k >= 0 and allowed[k][1] > s:
            continue  # 股室负责人: a word of today the dictionary lacks, not 股市
        lo, hi = max(0, s - 3), min(len(text), e + 3)
        gain = seg.log_prob(text[lo:s] + cand + text[e:hi]) - seg.log_prob(text[lo:hi])
        if gain < need:
            continue  # 办结, 建到: two ordinary characters side by side, likelier than a slip
        found.append((gain, s, e, cand))
    found.sort(key=lambda f: (-f[0], f[1]))
    # The characters reported already (`taken`: by the list, and so on): a hint is 2-4 characters,
    # so an overlap test is a few set reads (a paragraph may hold thousands of hints).
    kept = set(taken)
    for _gain, s, e, cand in found:
        if not kept.isdisjoint(range(s, e)):
            continue  # reported already, or a likelier slip overlaps it
        if not _fix_fits(ctx, text, s, e, cand, cand in core_words):
            continue
        kept.update(range(s, e))
        w = text[s:e]
        i = next(i for i, (a, b) in enumerate(zip(w, cand, strict=True)) if a != b)
        if conf.toned_key(w[i]) == conf.toned_key(cand[i]):
            why = f"读音与“{cand}”相同，疑为拼音输入法选错了字"
        elif readings(w[i]) & readings(cand[i]):
            why = f"拼音与“{cand}”相同（声调不同），疑为拼音输入法选错了字"
        else:
            why = f"“{w[i]}”与“{cand[i]}”字形相近，疑为误写“{cand}”"
        yield Finding(TYPO, Severity.INFO, s, e, "", f"“{w}”不是常用词，{why}，请核对。", cand)


@rule(TYPO, scope="paragraph",
      description="错别字：易错词表（布署→部署、签定→签订……）、被同义词替换的固定搭配（旗帜鲜亮→旗帜鲜明），"
                  "词典查出的同音、形近误输入（布暑→部署），以及编码错误留下的乱码")
def typo(text: str, ctx):
    covered: set[int] = set()  # the characters reported: an overlap test is a few set reads
    # Garbage first, then the list, then collocations: a later detector never marks a span an
    # earlier one has marked.
    for f in chain(garbled(text, ctx), listed(text, ctx), collocations(text, ctx)):
        if covered.isdisjoint(range(f.start, f.end)):
            covered.update(range(f.start, f.end))
            yield f
    yield from homophones(text, ctx, covered)
    if "了" in text:
        yield from _double_le(text, covered)
    if "这" in text:
        yield from _noun_twice(text, covered)


# 使党员旗帜这面旗帜: a word, then 这面/这个 and the same word again (a leftover of rewording).
_NOUN_TWICE_RE = re.compile(rf"([{CJK}]{{2}})这一?[个面项种件条场支]\1")


def _noun_twice(text: str, covered: set[int]):
    for m in _NOUN_TWICE_RE.finditer(text):
        s, e = m.span()
        if covered.isdisjoint(range(s, e)):
            yield Finding(TYPO, Severity.INFO, s, e, "",
                          f"“{m.group()}”：“{m.group(1)}”前后写了两遍，像是改稿时留下的，删去前一个。", m.group()[len(m.group(1)):])


# 开展了中心组学习了8次: two aspect 了 in one clause, a leftover of rewording (开展了……学习8次 /
# 学习了8次). Not 了解/为了/除了/受不了…, not 看了又看, not a 了 that ends the clause.
_LE_RE = re.compile(r"(?<![为除罢不得受])了(?![解如不起结却断])")
_CLAUSE_END = set("，。；：！？,.;:!?、（）()“”\n")


def _double_le(text: str, covered: set[int]):
    last = -99
    for m in _LE_RE.finditer(text):
        a, b = last, m.start()
        last = b
        if b - a > 12 or b + 1 >= len(text) or text[b + 1] in _CLAUSE_END:
            continue
        between = text[a + 1:b]
        if "又" in between or any(c in _CLAUSE_END for c in between):
            continue
        if not covered.isdisjoint(range(a, b + 1)):
            continue
        s = a
        while s > max(0, a - 2) and is_cjk(text[s - 1]):
            s -= 1  # show the verb of the first 了 (开展了……学习了)
        yield Finding(TYPO, Severity.INFO, s, b + 1, "",
                      f"“{text[s:b + 1]}”一个分句里两次用“了”，多半是改稿时留下的：删去其中一个。", None)
