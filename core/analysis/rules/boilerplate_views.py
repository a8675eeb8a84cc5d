"""The paragraph views boilerplate.repetition works on: tokens, their classes, bigrams, clauses,
sentence openings and official names of one paragraph, built once per paragraph text and kept
(no rule is registered here)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import add, and_

from core.analysis.rules.boilerplate_common import (
    KEEP_RE,
    LEAD_MARKER,
    body_paragraphs,
    data,
    neutral_regex,
    para_cache,
    pos_tags,
)
from core.text.document import Document
from core.text.textstats import CJK_CLASS, count_cjk

QUOTES = frozenset("“”‘’\"'「」『』")
CJK_TOKEN = re.compile(f"[{CJK_CLASS}]")
NUMERAL_TOKEN = re.compile(
    r"^(?:[零〇一二两三四五六七八九十百千万亿]+(?:[是要个次名项条位批场期篇户家件份]|方面)?"
    r"|第[零〇一二三四五六七八九十百\d]+|首先|其次|再次|最后|其一|其二|其三)$")
UNITS = frozenset("次 名 个 人 项 场 期 篇 户 家 条 件 份 本 册 天 年 月 日 号 万 亿 元 万元 亿元 人次 余 多 余人 余次 余名 "
                  "余项 余户 余件 批 所 支 座 亩 套 台 辆 堂 轮 组 位 分 小时 课时 学时 平方米 公里 个百分点 百分点 倍 "
                  "周 届 届次 余元 余万元 笔 单".split())
# A clause: an optional enumeration marker, then text up to the next clause punctuation.
CLAUSE_RE = re.compile(f"(?:{LEAD_MARKER.pattern})?([^，,。；;！？!?：:]*[^，,。；;！？!?：: \t\u3000])")
SENTENCE_SPLIT = re.compile(r"[。；;！？!?]")
# Token classes.
BREAK, LIGHT, NEUTRAL, CONTENT = "b", "l", "n", "c"
# Where such a name ends inside a sentence (扎实开展党纪学习教育，…): its start is found by walking
# back to the verb that carries it (see _name_spans), so the name never counts as phrasing.
NAME_SUFFIX = re.compile(r"主题教育|学习教育|专题教育|教育实践活动|实践活动|专项行动|专项整治|集中整治")
@dataclass(slots=True)
class ParaView:
    """What this rule needs from one paragraph (offsets relative to the paragraph)."""

    tokens: list[str]
    starts: list[int]
    classes: list[str]
    bigrams: list[str]
    bigram_set: frozenset[str]
    # Where the bigrams are, for the runs of frequent ones: bigram k joins the kept tokens
    # bigram_at[k] and bigram_at[k] + 1; kept: the indices of the tokens that are not quotes
    # (None: there are none, every token is kept).
    bigram_at: list[int]
    kept: list[int] | None
    clauses: list[tuple[str, int, int]]  # (normalised text, start, end)
    openings: list[tuple[str, int, int]]  # (first word, start, end) of each sentence
    sentence_starts: list[int]
    cjk: int  # Chinese characters of the body text
    names: list[tuple[int, int]]  # official names (…主题教育, 《…》): repeating them is no finding
    name_index: tuple[list[int], list[int]]  # _name_index(names), for _in_name
    opening_starts: list[int]  # where each of `openings` starts, for a section's share
    # Phrase occurrences computed for a given set of frequent bigrams (usually unchanged by an
    # edit elsewhere): {(frequent bigrams here, settings): [(phrase, first token, last token)]}.
    memo: dict = field(default_factory=dict)
    key: tuple = ()  # (paragraph text, skip): names this paragraph in the running document sums
    # This paragraph's clause findings for the counts its clauses have in the whole text.
    clause_memo: dict = field(default_factory=dict)
    # (running sum, its generation, shape, clause set, result, (paragraph start, findings there)) of
    # the last analysis that used it; the findings are reused as they are (findings are not modified).
    clause_last: tuple | None = None
    # (running bigram sum, its generation, (shape, need), phrases found) of the last analysis.
    phrase_last: tuple | None = None
    # Phrase findings made here: (phrase, count, paragraph start, first token, last token) -> finding.
    phrase_out: dict = field(default_factory=dict)


_NUMERIC = "#"  # base class of a number token: a break, and the next unit token breaks too
_NOT_QUOTE = {BREAK: True, LIGHT: True, NEUTRAL: True, CONTENT: True, "q": False}
_JOINS = {BREAK: False, LIGHT: True, NEUTRAL: True, CONTENT: True}  # may be part of a bigram
PHRASING = {BREAK: 0, LIGHT: 1, NEUTRAL: 0, CONTENT: 1, "q": 0}  # counts as a clause's phrasing
_DIGIT = re.compile(r"\d")


def _base_class(tok: str, light: frozenset[str]) -> str:
    if tok in QUOTES:
        return "q"  # quotes are transparent: “三会一课” and 三会一课 are the same phrase
    if _DIGIT.search(tok) or NUMERAL_TOKEN.match(tok):
        return _NUMERIC
    if not CJK_TOKEN.search(tok):
        return BREAK
    return LIGHT if tok in light else CONTENT


def _classify(tokens: list[str], starts: list[int], neutral_spans: list[tuple[int, int]], env: _Env) -> list[str]:
    known = env.known
    classes = list(map(known.get, tokens))  # per token string; context below, only where needed
    if None in classes:  # tokens not seen before (a C scan, then a dict lookup each)
        for tok in set(tokens).difference(known):
            known[tok] = _base_class(tok, env.light)
        classes = list(map(known.__getitem__, tokens))
    i = -1
    try:
        while True:  # list.index finds the numbers without a Python step per token
            i = classes.index(_NUMERIC, i + 1)
            classes[i] = BREAK
            if i + 1 < len(tokens) and tokens[i + 1] in UNITS:
                classes[i + 1] = BREAK  # 20次, 3名: the unit goes with the number
    except ValueError:
        pass  # no more
    for s, e in neutral_spans:
        for i in range(max(0, bisect_right(starts, s) - 1), bisect_left(starts, e)):
            if classes[i] == CONTENT and starts[i] + len(tokens[i]) > s:
                classes[i] = NEUTRAL
    return classes


@dataclass(slots=True)
class _Env:
    """What build_view reads from the lexicon, looked up once per analysis, not per paragraph."""

    neutral: re.Pattern[str] | None
    light: frozenset[str]
    known: dict[str, str]  # token -> its base class


def _env(ctx) -> _Env:
    light = ctx.lexicon.memo("boilerplate:light", lambda: frozenset(ctx.lexicon.words("boilerplate_light")))
    known: dict[str, str] = ctx.lexicon.memo("boilerplate:token_class", dict)
    if len(known) > 200_000:
        known.clear()
    return _Env(neutral_regex(ctx), light, known)


def build_view(text: str, skip: int, ctx, env: _Env | None = None) -> ParaView:
    env = env or _env(ctx)
    tokens_all = ctx.tokens(text)
    starts_all = list(accumulate(map(len, tokens_all), initial=0))
    k = bisect_left(starts_all, skip)
    tokens, starts = list(tokens_all[k:]), starts_all[k:-1]
    rx = env.neutral
    spans = [m.span() for m in rx.finditer(text, skip)] if rx is not None else []
    classes = _classify(tokens, starts, spans, env)

    # Bigrams of adjacent phrase tokens (quotes are transparent, breaks cut); C loops only.
    toks, cls, kept = tokens, classes, None
    if "q" in classes:
        keep = list(map(_NOT_QUOTE.__getitem__, classes))
        toks, cls = list(compress(tokens, keep)), list(compress(classes, keep))
        kept = list(compress(range(len(tokens)), keep))
    joins = list(map(_JOINS.__getitem__, cls))
    pairs = list(map(and_, joins, joins[1:]))
    bigrams = list(compress(map(add, toks, toks[1:]), pairs))
    bigram_at = list(compress(range(len(pairs)), pairs))

    # Clauses: the normalised text of each clause (after any enumeration marker).
    clauses: list[tuple[str, int, int]] = []
    for m in CLAUSE_RE.finditer(text, skip):
        key = "".join(KEEP_RE.findall(text, m.start(1), m.end(1)))
        if len(key) >= 6:
            clauses.append((key, m.start(1), m.end(1)))

    # Sentence openings: the first word after any enumeration marker.
    openings: list[tuple[str, int, int]] = []
    sentence_starts: list[int] = []
    for st in [skip] + [m.end() for m in SENTENCE_SPLIT.finditer(text, skip)]:
        m = LEAD_MARKER.match(text, st)
        at = m.end() if m else st
        while at < len(text) and text[at] in " \t\u3000":
            at += 1
        if at >= len(text):
            continue
        sentence_starts.append(at)
        i = bisect_left(starts, at)
        if i < len(starts) and starts[i] == at:
            word = tokens[i]
            if len(word) >= 2 and classes[i] != BREAK and CJK_TOKEN.match(word):
                openings.append((word, at, at + len(word)))
    names = _name_spans(text, skip, tokens, starts, classes, ctx)
    return ParaView(tokens, starts, classes, bigrams, frozenset(bigrams), bigram_at, kept, clauses, openings,
                    sentence_starts, count_cjk(text[skip:]), names, _name_index(names),
                    [o[1] for o in openings])


def _name_spans(text: str, skip: int, tokens: list[str], starts: list[int], classes: list[str],
                ctx) -> list[tuple[int, int]]:
    """Spans of the official names in a paragraph with the verbs that carry them: 《…》 titles, and
    campaign names ending in …主题教育/…学习教育 …, whose start is right after the verb that carries
    them (深入开展|学习贯彻…主题教育), a function word or a break; a quoted part belongs to the name
    (“不忘初心、牢记使命”主题教育)."""
    out: list[tuple[int, int]] = []
    i = text.find("《", skip)
    while i >= 0:
        j = text.find("》", i + 1)
        end = j + 1 if j >= 0 else len(text)
        out.append((i, end))
        i = text.find("《", end)
    if not NAME_SUFFIX.search(text, skip):
        return out
    carriers = ctx.lexicon.memo("boilerplate:name_carriers", lambda: frozenset(
        data(ctx).get("repetition", {}).get("name_carriers", [])))
    tags = pos_tags(ctx)
    for m in NAME_SUFFIX.finditer(text, skip):
        k = bisect_right(starts, m.start()) - 1
        if k < 0:
            continue
        quoted = False
        while k > 0 and starts[k - 1] >= m.start() - 60:  # a stray quote must not swallow the paragraph
            prev, c = tokens[k - 1], classes[k - 1]
            if c == "q":
                quoted = not quoted if prev in "“”\"" else quoted
            elif not quoted and (c in (BREAK, LIGHT) or prev in carriers or tags.get(prev) in ("d", "ad")):
                break
            k -= 1
        if starts[k] >= m.start():
            continue  # a bare 主题教育 (巩固拓展主题教育成果) names no campaign: the phrase is phrasing
        # The verbs carrying the name go with it (坚持深入开展|…主题教育): mentioning a name needs a
        # verb, and repeating that verb with the name is naming it again, not a stock phrase.
        while k > 0 and (tokens[k - 1] in carriers or tags.get(tokens[k - 1]) in ("d", "ad")):
            k -= 1
        out.append((starts[k], m.end()))
    return out


def _in_name(v: ParaView, a: int, b: int) -> bool:
    """Does the phrase of tokens a..b overlap one of the paragraph's names? (A bisection over the
    names by start, with the furthest end reached so far: a paragraph may hold thousands.)"""
    if not v.names:
        return False
    s, e = v.starts[a], v.starts[b] + len(v.tokens[b])
    starts, reach = v.name_index
    k = bisect_left(starts, e)  # the names that start before the phrase ends
    return k > 0 and reach[k - 1] > s


def _name_index(names: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """(name starts in order, the largest end among the names up to each)."""
    ordered = sorted(names)
    return [n[0] for n in ordered], list(accumulate((n[1] for n in ordered), max))


def views(doc: Document, ctx) -> list[tuple[int, ParaView]]:
    """(paragraph start, view) of every body paragraph; views are cached by text.  The views of
    the last analysis are looked up first in a plain dict (an LRU lookup per paragraph cost more
    than the rest of an edit's work)."""
    state = ctx.reuse("repetition:views", 0, dict)  # the same dict between one analyzer's analyses
    body = body_paragraphs(doc)
    keys = [(p.text, skip) for p, skip in body]
    got = list(map(state.get("last", {}).get, keys))
    missing = [i for i, v in enumerate(got) if v is None]
    if missing:
        cache = para_cache(ctx, f"repetition:{ctx.kind.id}")
        env = _env(ctx)
        for i in missing:
            key = keys[i]
            v = cache.get(key)
            if v is None:
                v = build_view(key[0], key[1], ctx, env)
                v.key = key
                cache.put(key, v)
            got[i] = v
    state["last"] = dict(zip(keys, got, strict=True))
    return list(zip([p.start for p, _ in body], got, strict=True))
