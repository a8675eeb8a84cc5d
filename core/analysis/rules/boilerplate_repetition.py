"""boilerplate.repetition: slogans, stock phrases and clauses repeated across the report, and
monotonous sentence openings.

Works on jieba tokens.  Headings, numbers with their units, function words, the genre's names
(三会一课, 主题党日 …), fixed formulations and the kind's section words never make a phrase
repeated; what is flagged is phrasing.  Only maximal phrases are reported: 坚持以人民为中心的
发展思想 repeated three times is one phrase with three findings, not one per sub-phrase.

Cost per analysis: a Counter over cached per-paragraph token bigrams, then work only on the
stretches whose bigrams are all frequent.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from itertools import compress
from operator import attrgetter, itemgetter, mul

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.boilerplate_cliche import cliche_lexicon
from core.analysis.rules.boilerplate_common import (
    ANY_TAGS,
    FIRST_TAGS,
    pos_tags,
    stats,
    threshold,
)
from core.analysis.rules.boilerplate_openings import openings
from core.analysis.rules.boilerplate_views import (
    CONTENT,
    LIGHT,
    PHRASING,
    ParaView,
    _in_name,
    views,
)
from core.text.document import Document
from core.text.textstats import count_cjk

RULE = "boilerplate.repetition"
# The official name of a campaign, an organisation or a document cannot be varied: naming it again
# is no repetition (…主题教育, …学习教育, …教育实践活动, …专项整治, 《…》).
NAME_END = re.compile(r"(主题教育|学习教育|专题教育|教育实践活动|实践活动|专项行动|专项整治|集中整治|工作会议|全会精神|"
                      r"委员会|党支部|党总支|党委|党组|工委|》)$")
# A slogan's shape: 以A引领B / 以A推动B …  Written with fixed words (so a formulation list may not
# count it as phrasing) but repeated paragraph after paragraph it is exactly boilerplate.
SLOGAN_RE = re.compile(r"以[^，,。；;、：:！？\n“”]{2,12}?(?:引领|推动|促进|助推|带动|赋能|保障|服务)[^，,。；;、：:！？\n“”]{2,12}?"
                       r"(?=[，,。；;、：:！？\n]|$)")


_first, _second = itemgetter(0), itemgetter(1)
_key, _cjk = attrgetter("key"), attrgetter("cjk")


# ---- the rule ---------------------------------------------------------------------------------
@rule(RULE, scope="document",
      description="同一口号、套话或句子在全文反复出现；一个部分里很多句子以同一个词开头")
def repetition(doc: Document, ctx):
    vs = views(doc, ctx)
    if not vs:
        return []
    findings: list[Finding] = []
    claimed: dict[int, frozenset[int]] = {}  # view index -> its tokens inside a reported clause or phrase
    groups: list[frozenset[str]] = []
    # The columns of vs, made once (C loops): both parts slice them block by block.
    bases, vlist = list(map(_first, vs)), list(map(_second, vs))
    items = list(zip(map(_key, vlist), vlist, strict=True))  # (paragraph key, view) for the running sums
    findings += _clauses(vs, bases, vlist, items, ctx, claimed, groups)
    n_clauses = len(findings)
    findings += _slogans(doc, findings)
    findings += _phrases(vs, vlist, items, ctx, claimed)
    n_phrases = len(findings)
    findings += openings(vs, bases, vlist, doc, ctx)
    st = stats(ctx)
    st["repetition"] = {  # slogans and phrases are both of kind "phrase"
        "phrases": len({f.data["group"] for f in findings[n_clauses:n_phrases]}),
        "clauses": len(frozenset().union(*groups)),
        "openings": len({f.data["group"] for f in findings[n_phrases:]}),
    }
    return findings


def _slogans(doc: Document, found: list[Finding]) -> list[Finding]:
    """以高质量党建引领高质量发展 written again and again: flagged with its count and every place,
    when it comes back more than about twice per 1 000 characters (and at least 3 times)."""
    occ: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in SLOGAN_RE.finditer(doc.text):
        occ[m.group()].append(m.span())
    if not occ:
        return []
    need = max(3, math.ceil(count_cjk(doc.text) * 2 / 1000))
    taken = [(f.start, f.end) for f in found]
    out: list[Finding] = []
    for key, spans in occ.items():
        n = len(spans)
        if n < need or NAME_END.search(key):
            continue
        for a, b in spans:
            if any(s <= a and b <= e for s, e in taken):
                continue  # inside a repeated clause already reported
            out.append(Finding(RULE, Severity.WARNING, a, b, "", f"口号“{key}”在全文出现 {n} 次，反复使用同一说法。",
                               "口号保留最要紧的一处，其余改写为具体做法和成效，或直接删去。",
                               data={"count": n, "group": f"phrase:{key}", "kind": "phrase"}))
    return out


def _clauses(vs, bases_all, vlist, items, ctx, claimed, groups) -> list[Finding]:
    min_chars = threshold(ctx, "clause_min_chars")
    min_count = threshold(ctx, "clause_min_count")
    min_content = threshold(ctx, "clause_min_content")
    # Whole-text clause counts, kept up to date from the paragraphs that changed.
    counts = ctx.summed("repetition:clauses", items, lambda v: Counter(map(_first, v.clauses)))
    acc = ctx.running_sum("repetition:clauses")
    # Since the last analysis only these clauses' counts changed (None: any may have).
    changed = _really_changed(acc, counts)
    out: list[Finding] = []
    shape = (min_chars, min_count, min_content)
    blocks = ctx.reuse("repetition:clause_blocks", 0, dict) if acc is not None else None
    for b0 in range(0, len(vs), BLOCK):
        part = vs[b0:b0 + BLOCK]
        bases, views_t = tuple(bases_all[b0:b0 + BLOCK]), tuple(vlist[b0:b0 + BLOCK])
        rec = blocks.get(b0) if blocks is not None else None
        if (changed is not None and rec is not None and rec[0] is acc and rec[1] == acc.generation - 1
                and rec[2] == shape and rec[3] == bases and rec[4] == views_t and changed.isdisjoint(rec[5])):
            # The same paragraphs at the same places, none of whose clauses changed count.
            blocks[b0] = (acc, acc.generation, *rec[2:])
            out += rec[6]
            claimed.update(rec[7])
            groups += rec[8]
            continue
        bout: list[Finding] = []
        bclaimed: dict[int, frozenset[int]] = {}
        bgroups: list[frozenset[str]] = []
        _block_clauses(part, b0, acc, changed, counts, shape, bout, bclaimed, bgroups)
        out += bout
        claimed.update(bclaimed)
        groups += bgroups
        if blocks is not None:
            norms = frozenset().union(*(v.clause_last[3] for v in views_t if v.clauses))
            blocks[b0] = (acc, acc.generation, shape, bases, views_t, norms, bout, bclaimed, bgroups)
    return out


def _really_changed(acc, counts: Counter) -> set | None:
    """acc.changed less the clauses whose count is what it was: an edited paragraph's clauses are
    subtracted and added again, and the common ones (repeated elsewhere) would redo their blocks."""
    if acc is None:
        return None
    changed, snap = acc.changed, acc.derived.get("counts")
    if changed is not None and snap is not None and snap[0] == acc.generation - 1:
        last, real = snap[1], set()
        for c in changed:
            n = counts[c]
            if n != last.get(c, 0):
                real.add(c)
                if n:
                    last[c] = n
                else:
                    del last[c]
        changed = real
    else:
        last = dict(counts)  # the counts as of this analysis (acc.total is updated in place)
    acc.derived["counts"] = (acc.generation, last)
    return changed


# Paragraphs are taken in blocks of this many: a block none of whose paragraphs or counts changed
# is reused whole, so an edit costs its block plus one check per block.
BLOCK = 24


def _block_clauses(part, b0, acc, changed, counts, shape, out, claimed, groups) -> None:
    min_chars, min_count, min_content = shape
    for vi, (base, v) in enumerate(part, b0):
        if not v.clauses:
            continue
        last = v.clause_last
        if (changed is not None and last is not None and last[0] is acc and last[1] == acc.generation - 1
                and last[2] == shape and changed.isdisjoint(last[3])):
            # None of its clauses changed count since the last analysis: the same findings.
            found, taken, gs, _ = last[4]
            v.clause_last = (acc, acc.generation, *last[2:])
            if taken:
                claimed[vi] = taken
            if found:
                groups.append(gs)
                if last[5] is not None and last[5][0] == base:
                    out.extend(last[5][1])  # the same findings at the same place: no copies
                else:
                    shifted = _placed(last[4], base)
                    v.clause_last = (*v.clause_last[:5], (base, shifted))
                    out.extend(shifted)
            continue
        # A paragraph's clause findings depend only on its clauses' counts: an edit elsewhere
        # rarely changes them, so they are reused (shifted) instead of rebuilt.
        mkey = (shape, tuple(counts[c[0]] for c in v.clauses))
        hit = v.clause_memo.get(mkey)
        if hit is None:
            if len(v.clause_memo) >= 4:
                v.clause_memo.clear()
            hit = v.clause_memo[mkey] = _paragraph_clauses(v, base, mkey[1], min_chars, min_count, min_content)
        found, taken, gs, _ = hit
        if last is not None and last[4] is hit and last[5][0] == base:
            shifted = last[5][1]  # the same findings at the same place (its block was reused meanwhile)
        else:
            shifted = _placed(hit, base)
        if found:
            groups.append(gs)
        if acc is not None:  # without the analyzer's running sums (a bare RuleContext) nothing is kept
            v.clause_last = (acc, acc.generation, shape, frozenset(map(_first, v.clauses)), hit, (base, shifted))
        if taken:
            claimed[vi] = taken
        out.extend(shifted)


def _placed(hit: tuple, base: int) -> list[Finding]:
    """A paragraph's clause findings (made at hit[3]) for the paragraph starting at `base`."""
    found, made_at = hit[0], hit[3]
    return found if made_at == base else [f.shifted(base - made_at) for f in found]


def _paragraph_clauses(v: ParaView, base: int, ns: tuple[int, ...], min_chars: int, min_count: int,
                       min_content: float) -> tuple[list[Finding], frozenset[int], frozenset[str], int]:
    """(findings for the paragraph at `base`, its tokens inside them, their groups, base)."""
    out: list[Finding] = []
    taken: set[int] = set()
    for (norm, cs, ce), n in zip(v.clauses, ns, strict=True):
        if n < min_count or len(norm) < min_chars:
            continue
        lo, hi = bisect_left(v.starts, cs), bisect_left(v.starts, ce)
        if v.names and hi > lo and _in_name(v, lo, hi - 1):  # a name and its verb are no phrasing
            phrasing = sum(len(v.tokens[i]) for i in range(lo, hi) if v.classes[i] in (CONTENT, LIGHT)
                           and not _in_name(v, i, i))
        else:  # C loops over the clause's tokens
            phrasing = sum(map(mul, map(len, v.tokens[lo:hi]), map(PHRASING.__getitem__, v.classes[lo:hi])))
        # Mostly names and fixed formulations: naming them twice is normal.
        if phrasing < min_content * len(norm) or NAME_END.search(norm):
            continue
        taken.update(range(lo, hi))
        out.append(Finding(RULE, Severity.WARNING, base + cs, base + ce, "",
                           f"这句话在全文原样出现 {n} 次，重复表述。",
                           "删去重复的一处，或改写成这一部分特有的具体内容。",
                           data={"count": n, "group": f"clause:{norm}", "kind": "clause"}))
    return out, frozenset(taken), frozenset(f.data["group"] for f in out), base


def _phrases(vs, vlist, items, ctx, claimed) -> list[Finding]:
    min_count = threshold(ctx, "phrase_min_count")
    per_10k = threshold(ctx, "phrase_count_per_10k")
    need = max(min_count, math.ceil(sum(map(_cjk, vlist)) * per_10k / 10000))
    min_chars = threshold(ctx, "phrase_min_chars")
    min_words = threshold(ctx, "phrase_min_words")
    max_words = threshold(ctx, "phrase_max_words")
    counts = ctx.summed("repetition:bigrams", items, lambda v: Counter(v.bigrams))
    acc = ctx.running_sum("repetition:bigrams")
    frequent, flipped = _frequent(acc, counts, need)
    if not frequent:
        return []
    # Occurrences of every token n-gram inside stretches whose bigrams are all frequent.
    occ: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    shape = (min_words, min_chars, max_words)
    blocks = ctx.reuse("repetition:phrase_blocks", 0, dict) if acc is not None else None
    for b0 in range(0, len(vs), BLOCK):
        views_t = tuple(vlist[b0:b0 + BLOCK])
        rec = blocks.get(b0) if blocks is not None else None
        if (flipped is not None and rec is not None and rec[0] is acc and rec[1] == acc.generation - 1
                and rec[2] == (shape, need) and rec[3] == views_t and flipped.isdisjoint(rec[4])):
            # The same paragraphs, none of whose bigrams became frequent or stopped being.
            blocks[b0] = (acc, acc.generation, *rec[2:])
            for phrase, o in rec[5]:
                occ[phrase].append(o)
            continue
        found_here: list[tuple[str, tuple[int, int, int]]] = []
        _block_phrases(views_t, b0, acc, flipped, frequent, shape, need, found_here)
        for phrase, o in found_here:
            occ[phrase].append(o)
        if blocks is not None:
            bigrams = frozenset().union(*(v.bigram_set for v in views_t))
            blocks[b0] = (acc, acc.generation, (shape, need), views_t, bigrams, found_here)
    tags = pos_tags(ctx)
    stock = ctx.lexicon.memo("boilerplate:stock_phrases", lambda: frozenset(
        e.phrase for e in cliche_lexicon(ctx).entries if "…" not in e.phrase))
    cands = [k for k, lst in occ.items() if len(lst) >= need and _is_phrasing(vs, lst[0], tags, stock)
             and not NAME_END.search(k)]
    cands.sort(key=lambda k: (-len(k), -len(occ[k]), k))
    out: list[Finding] = []
    # The tokens taken so far, as sets of our own (one paragraph may hold thousands of occurrences:
    # growing a frozenset by union each time would copy it each time); `claimed`'s sets are shared.
    taken: dict[int, set[int]] = {}
    for key in cands:
        lst = occ[key]
        free = []
        for o in lst:
            t = taken.get(o[0])
            if t is None:
                t = claimed.get(o[0])
            if t is None or t.isdisjoint(range(o[1], o[2] + 1)):
                free.append(o)
        if len(free) < need:
            continue  # part of a longer repeated phrase already reported
        n = len(lst)
        for vi, a, b in free:
            t = taken.get(vi)
            if t is None:
                t = taken[vi] = set(claimed.get(vi, ()))
            t.update(range(a, b + 1))
        for vi, a, b in free:
            base, v = vs[vi]
            fk = (key, n, base, a, b)  # everything the finding says: made once, reused while unchanged
            f = v.phrase_out.get(fk)
            if f is None:
                f = Finding(RULE, Severity.WARNING, base + v.starts[a], base + v.starts[b] + len(v.tokens[b]),
                            "", f"“{key}”在全文出现 {n} 次，反复使用同一说法。",
                            "同一说法保留最要紧的一处，其余改写为具体做法和成效，或直接删去。",
                            data={"count": n, "group": f"phrase:{key}", "kind": "phrase"})
                if len(v.phrase_out) >= 64:
                    v.phrase_out.clear()
                v.phrase_out[fk] = f
            out.append(f)
    return out


def _block_phrases(views_t, b0, acc, flipped, frequent, shape, need, out) -> None:
    """(phrase, (view index, first token, last token)) of a block's phrase occurrences, in order."""
    for vi, v in enumerate(views_t, b0):
        last = v.phrase_last
        if (flipped is not None and last is not None and last[0] is acc and last[1] == acc.generation - 1
                and last[2] == (shape, need) and flipped.isdisjoint(v.bigram_set)):
            found = last[3]  # none of its bigrams became frequent or stopped being: same phrases
        else:
            here = frequent.intersection(v.bigram_set)
            found = ()
            if here:
                key = (frozenset(here), shape)
                found = v.memo.get(key)
                if found is None:
                    found = _paragraph_phrases(v, here, *shape)
                    if len(v.memo) >= 4:
                        v.memo.clear()
                    v.memo[key] = found
        if acc is not None:
            v.phrase_last = (acc, acc.generation, (shape, need), found)
        for phrase, a, b in found:
            if not _in_name(v, a, b):  # a name is not phrasing, nor is a phrase running into one
                out.append((phrase, (vi, a, b)))


def _frequent(acc, counts: Counter, need: int) -> tuple[set[str], set[str] | None]:
    """The bigrams seen at least `need` times, and those whose membership changed since the last
    analysis (None: unknown, recomputed from all counts). Kept up to date from the bigrams whose
    counts the last update changed."""
    state = acc.derived.get("frequent") if acc is not None else None
    if state is not None and acc.changed is not None and state[0] == acc.generation - 1 and state[1] == need:
        frequent, flipped = state[2], set()
        for item in acc.changed:
            now = counts[item] >= need
            if now != (item in frequent):
                flipped.add(item)
                if now:
                    frequent.add(item)
                else:
                    frequent.discard(item)
    else:
        frequent, flipped = {k for k, n in counts.items() if n >= need}, None
    if acc is not None:
        acc.derived["frequent"] = (acc.generation, need, frequent)
    return frequent, flipped


def _is_phrasing(vs, o: tuple[int, int, int], tags: dict[str, str], stock: frozenset[str]) -> bool:
    """Phrasing, not a topic: a verb, adverb or idiom first (坚持…, 用党的…), or an adverb or idiom
    anywhere.  Two words need an adverb or idiom (严格落实) or must be a known 套话 (狠抓落实):
    学习成果, 执法监察, 理论学习 are names of things, and a report repeats them freely."""
    v = vs[o[0]][1]
    content = [v.tokens[i] for i in range(o[1], o[2] + 1) if v.classes[i] == CONTENT]
    if not content:
        return False
    if any(tags.get(t) in ANY_TAGS for t in content):
        return True
    if len(content) == 2:
        return "".join(v.tokens[o[1]:o[2] + 1]) in stock
    return tags.get(content[0]) in FIRST_TAGS


def _paragraph_phrases(v: ParaView, frequent: set[str], min_words: int, min_chars: int,
                       max_words: int) -> list[tuple[str, int, int]]:
    """The phrases in the runs of adjacent frequent bigrams (quotes are transparent, breaks cut a
    run): found from the frequent bigrams' places alone, not by a step per token."""
    out: list[tuple[str, int, int]] = []
    hits = list(compress(v.bigram_at, map(frequent.__contains__, v.bigrams)))  # C loops
    index = v.kept if v.kept is not None else range(len(v.tokens))
    n, i = len(hits), 0
    while i < n:
        j = i  # bigrams i..j are consecutive: one run of kept tokens hits[i] .. hits[j] + 1
        while j + 1 < n and hits[j + 1] == hits[j] + 1:
            j += 1
        _ngrams(index[hits[i]:hits[j] + 2], v.tokens, v.classes, out, min_words, min_chars, max_words)
        i = j + 1
    return out


def _ngrams(run, toks, cls, out, min_words, min_chars, max_words) -> None:
    """Record every n-gram of `run` (token indices) that is a valid phrase."""
    for x in range(len(run) - 1):
        if cls[run[x]] == LIGHT:
            continue  # a phrase neither starts nor ends with a function word
        key = toks[run[x]]
        words, chars = (1, len(key)) if cls[run[x]] == CONTENT else (0, 0)
        for y in range(x + 1, min(len(run), x + max_words)):
            t = toks[run[y]]
            key += t
            c = cls[run[y]]
            if c == CONTENT:
                words += 1
                chars += len(t)
            elif c == LIGHT:
                continue
            if words >= min_words and chars >= min_chars:
                out.append((key, run[x], run[y]))
