"""substance.*: what reviewers criticise — no figures, no 我, thin problems, problems without measures."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter

from core.analysis.doc_edit import keep, previous
from core.analysis.findings import Finding, Severity
from core.analysis.incremental import per_document
from core.analysis.rules import rule
from core.analysis.rules.structure import CAUSE_PHRASES, section_chars
from core.text.document import Document, Section
from core.text.textstats import CJK_CLASS

_UNITS = ("人次|课时|学时|平方米|公里|万元|亿元|元|人|名|个|项|次|场|期|篇|户|家|处|条|件|份|本|册|天|小时|批|所|支|座|亩|"
          "套|台|辆|堂|轮|组|位|分|篇次|余人|余次|余项|余户|余名|万人|万")
FIGURE_RE = re.compile(
    # a digit, then the check that none is before it: a leading look-behind would stop the
    # regex engine from skipping straight to the digits
    rf"\d(?<![\d.]\d)\d*(?:\.\d+)?\s*(?:%|％|‰|(?:余|多)?(?:{_UNITS}))"
    rf"|百分之[零一二三四五六七八九十百点]+"
    rf"|(?<![一二三四五六七八九十百千万两第])(?:[二三四五六七八九两]|[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]?百[零一二三四五六七八九十]*)(?:余|多)?(?:人次|次|名|个|项|场|期|篇|户|家|条|件|批|所|支|堂|轮)"
    rf"|第\s*\d+\s*名|排名第[一二三四五六七八九十\d]+"
)
YEAR_ONLY = re.compile(r"^(19|20)\d\d$")
FIRST_PERSON_RE = re.compile(r"本人|我(?![们国省市县区乡镇局委部院校厂司行所党支单部处科室中])")
UNIT_VOICE_RE = re.compile(r"我们|我(?:局|委|办|院|校|单位|部|支部|公司|中心|所|镇|乡|县|区|市)")
# A collective material (领导班子对照检查材料, 党支部工作报告) speaks as 班子 / 本支部, not as 我.
COLLECTIVE_TITLE_RE = re.compile(r"班子|党委|党组|党工委|党总支|党支部|支部")
PERSONAL_TITLE_RE = re.compile(r"书记|个人|本人|主任|局长|校长|院长|述职")
COLLECTIVE_VOICE_RE = re.compile(r"(?:领导)?班子(?!成员)|本支部|我支部|(?:镇|乡|街道|县|区|市|局|院|校)?党(?:委|组|工委|总支|支部)(?=[^，。]{0,4}(?:坚持|始终|深入|认真|带头|仅|虽|未|对|把|将|要|在))")


def collective_voice(doc: Document, kind) -> bool:
    """The material speaks for a 班子 or a 支部: said by its title, or (when the kind admits a collective
    voice and there is no title) by the text itself, where collective subjects outnumber 我."""
    # The title, or a title line among the first lines (a site's banner may come first).
    lines = [p.text.strip() for p in doc.paragraphs[:12] if p.text.strip()][:6]
    titles = [t for t in lines if len(t) <= 60 and re.search(r"报告|材料|总结|发言|汇报", t)
              and not re.search(r"[，,。：:；]", t)]  # a title line, not the opening sentence
    if doc.title is not None and doc.title.text.strip() not in titles:
        titles.insert(0, doc.title.text.strip())
    if any(COLLECTIVE_TITLE_RE.search(t) and not PERSONAL_TITLE_RE.search(t) for t in titles):
        return True
    title = doc.title.text if doc.title is not None else ""
    if title:
        return False
    if getattr(kind, "voice", "personal") != "either":
        return False
    head = doc.text[:3000]
    return len(COLLECTIVE_VOICE_RE.findall(head)) >= 3 and not FIRST_PERSON_RE.search(head)


def count_figures(text: str) -> int:
    return sum(1 for m in FIGURE_RE.finditer(text) if not YEAR_ONLY.match(m.group()))


# A figure left blank (开展领学x次, 共有党员XX名): the writer meant a number (hygiene.placeholder
# reports the blank itself; no_figures says how many of its figures are still blank).
PENDING_FIGURE_RE = re.compile(r"(?<![A-Za-z])[XxＸｘ×*＊]{1,4}(?=[ \u3000]?(?:多|余)?(?:个|名|次|人|项|场|期|篇|户|家|条|件|份|元|万|亿|%|％))")


def count_pending_figures(text: str) -> int:
    return len(PENDING_FIGURE_RE.findall(text))


def _heading_span(s: Section) -> tuple[int, int]:
    return (s.start, s.body_start if s.body_start > s.start else s.end)


@rule("substance.no_figures", description="履职情况缺少具体数字（次数、人数、比例、资金），没有用数字说话")
def no_figures(doc: Document, ctx):
    secs = doc.sections_with("performance")
    if not secs:
        return
    chars = section_chars(doc, "performance", ctx)
    figures = sum(_section_figures(doc, ctx, secs))
    per_k = float(ctx.threshold("substance", "figures_per_kchar", 3.0))
    needed = max(2, min(int(ctx.threshold("substance", "min_figures", 5)), round(per_k * chars / 1000)))
    label = "履职情况含具体数字"
    if figures >= needed:
        ctx.stats["checklist.figures"] = (label, "pass", f"{figures} 处具体数字")
        return
    # Figures left blank (领学x次) are still no figures, but say so: filling them in is the fix.
    pending = sum(count_pending_figures(doc.text[s.body_start:s.end]) for s in secs)
    blank = f"（另有 {pending} 处数字尚未填写）" if pending else ""
    ctx.stats["checklist.figures"] = (label, "warn", f"仅 {figures} 处具体数字{blank}，建议至少 {needed} 处")
    start, end = _heading_span(secs[0])
    yield Finding("substance.no_figures", Severity.WARNING, start, end, "",
                  f"履职情况 {chars} 字中只有 {figures} 处具体数字{blank}，成绩缺少数据支撑。",
                  "用数字说话：写明开展活动的次数、参与人数、覆盖比例、投入资金、排名等。", section="performance")


def _section_figures(doc: Document, ctx, secs: list[Section]) -> list[int]:
    """Figures of each section in `secs`; after an edit that left the shape alone, only the
    sections it touched are counted again."""
    edit, old = previous(ctx, "substance:figures", doc)
    if edit is not None and edit.same_shape and old is not None and len(old) == len(secs):
        counts = [_figures_in(doc, ctx, s) if edit.touches(s.start, s.end) else n for s, n in zip(secs, old, strict=True)]
    else:
        counts = [_figures_in(doc, ctx, s) for s in secs]
    keep(ctx, "substance:figures", doc, counts)
    return counts


def _figures_in(doc: Document, ctx, s: Section) -> int:
    cache = ctx.lexicon.cache("substance:figures")
    figures = 0
    first = doc.paragraph_at(s.start)
    if first is not None and first.start < s.start:
        # A part that starts inside a line (a flattened text): count its share of that line.
        figures += count_figures(doc.text[s.body_start:min(first.end, s.end)])
    for p in doc.paragraphs_in(s.start, s.end):  # per paragraph, cached: edits stay cheap
        if p.end > s.end:
            figures += count_figures(doc.text[max(p.start, s.body_start):s.end])
            continue
        skip = max(0, s.body_start - p.start)  # the heading in front of the body is not counted
        key = (p.text, skip) if skip else p.text  # (by text alone, a count made after another skip was reused)
        n = cache.get(key)
        if n is None:
            n = count_figures(p.text[skip:])
            cache.put(key, n)
        figures += n
    return figures


@rule("substance.first_person", description="以单位口吻写成工作总结，缺少“我”“本人”的述职视角")
def first_person(doc: Document, ctx):
    if not ctx.kind.first_person:
        return
    if collective_voice(doc, ctx.kind):
        ctx.stats["checklist.first_person"] = ("以第一人称述职", "pass", "集体材料，以班子/支部口吻")
        return
    mine, unit = _voice_counts(doc, ctx)
    label = "以第一人称述职"
    needed = int(ctx.threshold("substance", "first_person_min", 2))
    if mine >= needed and mine * 2 >= unit:
        ctx.stats["checklist.first_person"] = (label, "pass", f"“我/本人”出现 {mine} 次")
        return
    ctx.stats["checklist.first_person"] = (label, "warn", f"“我/本人”仅 {mine} 次，单位口吻 {unit} 次")
    target = (doc.sections_with("opening") or doc.sections_with("performance") or doc.sections or [None])[0]
    if target is None:
        return
    start, end = (target.start, target.end) if target.key == "opening" else _heading_span(target)
    yield Finding("substance.first_person", Severity.WARNING, start, end, "",
                  f"全文以“我”“本人”述说仅 {mine} 次，“我们”“我局”等单位口吻 {unit} 次，读起来像单位工作总结而非书记本人述职。",
                  "以“我”为主语写本人抓了什么、怎么抓：如“我主持召开……”“我带头讲党课……”。", section=target.key)


def _voice_counts(doc: Document, ctx) -> tuple[int, int]:
    """(我/本人, 我们/我局 …) after the title; after an edit, the last counts with the edited
    paragraphs' parts swapped (no match spans a line)."""
    edit, old = previous(ctx, "substance:voice", doc)
    title = doc.title.index if doc.title is not None else -1
    if edit is not None and old is not None and edit.old.shape[1] == edit.new.shape[1]:
        mine, unit = old
        for i in range(max(edit.i0, title + 1), edit.i1):
            a, b = _voice_of(edit.old.texts[i], ctx), _voice_of(edit.new.texts[i], ctx)
            mine += b[0] - a[0]
            unit += b[1] - a[1]
    else:
        body = doc.text[doc.title.end if doc.title is not None else 0:]
        mine, unit = len(FIRST_PERSON_RE.findall(body)), len(UNIT_VOICE_RE.findall(body))
    keep(ctx, "substance:voice", doc, (mine, unit))
    return mine, unit


def _voice_of(text: str, ctx) -> tuple[int, int]:
    cache = ctx.lexicon.cache("substance:voice")
    hit = cache.get(text)
    if hit is None:
        hit = (len(FIRST_PERSON_RE.findall(text)), len(UNIT_VOICE_RE.findall(text)))
        cache.put(text, hit)
    return hit


@rule("substance.balance", description="存在问题篇幅远少于履职情况（成绩浓墨重彩，问题蜻蜓点水）")
def balance(doc: Document, ctx):
    perf_secs, prob_secs = doc.sections_with("performance"), doc.sections_with("problems")
    if not perf_secs or not prob_secs:
        return
    perf = section_chars(doc, "performance", ctx)
    prob = section_chars(doc, "problems", ctx)
    ratio = float(ctx.threshold("substance", "balance_ratio", 0.10))
    label = "问题篇幅"
    share = prob / perf if perf else 1.0
    if perf == 0 or share >= ratio:
        ctx.stats["checklist.balance"] = (label, "pass", f"存在问题 {prob} 字，为履职情况的 {share:.0%}")
        return
    ctx.stats["checklist.balance"] = (label, "warn", f"存在问题仅 {prob} 字，不足履职情况的 {ratio:.0%}")
    start, end = _heading_span(prob_secs[0])
    yield Finding("substance.balance", Severity.WARNING, start, end, "",
                  f"存在问题仅 {prob} 字，只有履职情况（{perf} 字）的 {share:.0%}，成绩浓墨重彩、问题蜻蜓点水。",
                  "把问题写具体：见人见事，说明表现、影响和典型例子。", section="problems")


# ---- problems and measures -----------------------------------------------------------------
_CJK_TOKEN = re.compile(rf"^[{CJK_CLASS}]{{2,}}$")
HEADLINE_END = re.compile(r"[。；;！？!?]")


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs 5× (items are made per analysis)
class ListItem:
    """One listed item of a part: a sub-heading's block, an 一是… item, or a paragraph (never modified)."""
    start: int
    end: int
    number: int | None  # its own number (（二） -> 2, 三是 -> 3), None for an unnumbered paragraph


def list_items(doc: Document, sections: list[Section]) -> list[ListItem]:
    """The listed items of these sections, in order: the top sub-headings inside them, else the
    一是/二是 items, else the paragraphs.  Reusable by any rule that pairs problems with measures
    (problem_items / measure_items below)."""
    return [it for items in _items_by_section(doc, sections) for it in items]


@per_document
def _marks_index(doc: Document) -> tuple[list, list[int], list[int]]:
    """(headings with the inline ones, their starts, the 一是 items' starts) for bisection."""
    heads = doc.headings
    if doc.inline_headings:  # a flattened text: its headings run into the lines
        heads = sorted(heads + doc.inline_headings, key=lambda h: h.start)
    return heads, [h.start for h in heads], [e.start for e in doc.enums]


def _items_by_section(doc: Document, sections: list[Section]) -> list[list[ListItem]]:
    """list_items of each section on its own."""
    out: list[list[ListItem]] = []
    # By bisection: a report of thousands of headings must not cost sections × headings.
    heads, h_starts, e_starts = _marks_index(doc)
    for s in sections:
        items: list[ListItem] = []
        sub = heads[bisect_left(h_starts, s.body_start):bisect_left(h_starts, s.end)]
        marks: list[tuple[int, int | None]] = []
        if sub:
            top = min(h.level for h in sub)
            marks = [(h.start, h.number) for h in sub if h.level == top]
        else:
            enums = doc.enums[bisect_left(e_starts, s.body_start):bisect_left(e_starts, s.end)]
            if enums:
                fam = enums[0].family
                marks = [(e.start, e.number) for e in enums if e.family == fam]
        if not marks:
            marks = [(p.start, None) for p in doc.paragraphs_in(s.body_start, s.end)]
            if not marks and s.body_start < s.end:
                marks = [(s.body_start, None)]
        for i, (st, num) in enumerate(marks):
            end = marks[i + 1][0] if i + 1 < len(marks) else s.end
            items.append(ListItem(st, end, num))
        out.append(items)
    return out


def section_items(doc: Document, sections: list[Section]) -> list[tuple[int, int]]:
    """Spans of the listed items in these sections (see list_items)."""
    return [(i.start, i.end) for i in list_items(doc, sections)]


def problem_items(doc: Document) -> list[ListItem]:
    """The problems listed in 存在问题, without the cause analysis written among them."""
    return [it for it in list_items(doc, doc.sections_with("problems")) if _is_problem(doc.text, it)]


def _is_problem(text: str, it: ListItem) -> bool:
    body = text[it.start:it.end].strip()
    return bool(body) and not CAUSE_PHRASES.match(body[:8]) and not body.startswith("原因")


def measure_items(doc: Document) -> list[ListItem]:
    """The measures listed in 下一步打算 / 整改措施."""
    return list_items(doc, doc.sections_with("plans"))


CLAUSE_END = re.compile(r"[，,：:]")
_COUNT_WORD = re.compile(r"^[一二三四五六七八九十两几每]+[次个名项条件篇期轮年月天]$")


def _headline(text: str, start: int, end: int) -> tuple[int, int]:
    """The item's first clause (its point), or its first sentence when that clause is a stub."""
    m = HEADLINE_END.search(text, start, end)
    stop = m.start() if m else end
    c = CLAUSE_END.search(text, start, stop)
    if c and c.start() - start >= 8:
        stop = c.start()
    while stop > start and text[stop - 1] in "\n ，,、：:":
        stop -= 1
    return start, min(stop, start + 60)


def _synonym_groups(lexicon) -> list[tuple[str, ...]]:
    return lexicon.memo("term_synonyms", lambda: [tuple(line.split()) for line in lexicon.words("term_synonyms")])


def _terms(text: str, ctx) -> frozenset[str]:
    cache = ctx.lexicon.cache("substance:terms")
    hit = cache.get(text)
    if hit is None:
        hit = _compute_terms(text, ctx)
        cache.put(text, hit)
    return hit


def _span_terms(doc: Document, start: int, end: int, ctx) -> frozenset[str]:
    """_terms of text[start:end] from the tokens of its paragraphs (cut once for every rule), not
    from cutting the slice again: an item or headline is a stretch of one or more paragraphs."""
    text = doc.text
    paras = doc.paragraphs_in(start, end)
    first = doc.paragraph_at(start)
    if first is not None and first.start < start and first.text and not first.text.isspace() \
            and (not paras or paras[0] is not first):
        paras.insert(0, first)  # the stretch starts inside a paragraph (一是… items, headlines)
    if not paras:
        return _terms(text[start:end], ctx)
    base = paras[0].start
    key = (tuple(p.text for p in paras), start - base, end - base)
    cache = ctx.lexicon.cache("substance:span_terms")
    hit = cache.get(key)
    if hit is None:
        toks: list[str] = []
        for p in paras:
            # The tokens starting at or after `start` and ending by `end`, found by bisection
            # (a stretch inside a long paragraph must not walk the paragraph's tokens from its start).
            ptoks, at = _token_starts(p.text, ctx)
            lo, hi = start - p.start, end - p.start
            i = bisect_left(at, lo, 0, len(ptoks))
            while i < len(ptoks) and at[i] < hi:
                if at[i + 1] <= hi:
                    toks.append(ptoks[i])
                i += 1
        hit = _terms_of(toks, text[start:end], ctx)
        cache.put(key, hit)
    return hit


def _token_starts(text: str, ctx) -> tuple[tuple[str, ...], list[int]]:
    """A paragraph's tokens and where each starts (one more: the end), cached by text."""
    cache = ctx.lexicon.cache("substance:token_starts")
    hit = cache.get(text)
    if hit is None:
        toks = ctx.tokens(text)
        hit = (toks, list(accumulate(map(len, toks), initial=0)))
        cache.put(text, hit)
    return hit


def _compute_terms(text: str, ctx) -> frozenset[str]:
    return _terms_of(ctx.tokens(text), text, ctx)


def _terms_of(tokens, text: str, ctx) -> frozenset[str]:
    generic = ctx.lexicon.memo("generic_terms", lambda: set(ctx.lexicon.words("generic_terms")))
    terms = set()
    for t in tokens:
        if not _CJK_TOKEN.match(t) or t in generic or _COUNT_WORD.match(t):
            continue
        terms.add(t)
        if len(t) == 4:
            # 理论知识 and 理论学习 name the same field: their halves count as terms too.
            terms.update(h for h in (t[:2], t[2:]) if h not in generic)
    for i, group in enumerate(_synonym_groups(ctx.lexicon)):
        if any(w in text for w in group):
            terms.add(f"#syn{i}")
    return frozenset(terms)


_STOP = frozenset("工作 问题 存在 方面 不够 不足 还不 有待 一是 二是 三是 四是 五是 进一步 下一步 加强 提高 一些 程度".split())


def _plain_terms(text: str, ctx) -> set[str]:
    return {t for t in ctx.tokens(text) if _CJK_TOKEN.match(t) and t not in _STOP}


@rule("substance.problem_without_measure", description="列出的问题在下一步打算中找不到对应措施")
def problem_without_measure(doc: Document, ctx):
    prob_secs, plan_secs = doc.sections_with("problems"), doc.sections_with("plans")
    label = "问题与措施对应"
    if not prob_secs or not plan_secs:
        return
    # After an edit outside the plans that left the shape alone, the plans are the same (moved).
    edit, old = previous(ctx, "substance:plans", doc)
    if edit is not None and edit.same_shape and old is not None and not any(
            edit.touches(s.start, s.end) for s in plan_secs):
        plan, plain = old[0], [(edit.map(x), edit.map(y)) for x, y in old[1]]
    else:
        plan, plain = _plan_side(doc, ctx, plan_secs)
    keep(ctx, "substance:plans", doc, (plan, plain))
    need = int(ctx.threshold("substance", "measure_min_shared", 1))
    # Each problems part's items (the cause analysis among them left out), relative to the part's
    # paragraphs and kept by their text: an edit re-reads the part it is in.
    parts = ctx.reuse("substance:problem_parts", 0, dict) if ctx.last is not None else {}
    if len(parts) > 5000:
        parts.clear()
    text = doc.text
    groups = []  # (where the part's paragraphs start, its key, its problems relative to that)
    count = 0  # problems listed
    for s, items in zip(prob_secs, _items_by_section(doc, prob_secs), strict=True):
        a, texts = _region_texts(doc, s.start, s.end)
        key = (texts, s.start - a, s.end - a, s.body_start - a, tuple((it.start - a, it.end - a, it.number) for it in items))
        rel = parts.get(key)
        if rel is None:
            rel = parts[key] = tuple((it.start - a, it.end - a, it.number) for it in items if _is_problem(text, it))
        groups.append((a, key, rel))
        count += len(rel)
    same_count = plan.count == count
    memo = plan.verdicts  # (part key, the measure each problem is paired with) -> unmatched spans
    if len(memo) > 20_000:
        memo.clear()
    unmatched: list[tuple[int, int]] = []
    i = 0
    for a, key, rel in groups:
        # Order: 一是↔一是, （二）↔（二） (or the same position when both lists are as long) may reuse
        # plainer words (党员作用发挥不够 -> 发挥老党员作用).
        ks = []
        for _, _, number in rel:
            k = plan.by_number.get(number) if number is not None else None
            ks.append(i if k is None and same_count else k)
            i += 1
        vkey = (key, tuple(ks))
        spans = memo.get(vkey)
        if spans is None:
            spans = memo[vkey] = [v for (st, en, number), k in zip(rel, ks, strict=True) if (v := _problem_verdict(
                doc, ctx, ListItem(a + st, a + en, number), plain[k] if k is not None else None, plan, need, a))]
        unmatched += [(x + a, y + a) for x, y in spans]
    if not count:
        return
    if not unmatched:
        ctx.stats["checklist.measures"] = (label, "pass", f"{count} 个问题均有对应措施")
        return
    ctx.stats["checklist.measures"] = (label, "warn", f"{len(unmatched)} 个问题未见对应措施")
    for st, en in unmatched:
        yield Finding("substance.problem_without_measure", Severity.WARNING, st, en, "",
                      "这个问题在“下一步打算”中找不到对应的整改措施，问题与措施没有一一对应。",
                      "在下一步打算中针对这个问题写一条具体措施（做什么、何时完成、达到什么目标）。",
                      section="problems")


def _region_texts(doc: Document, start: int, end: int) -> tuple[int, tuple[str, ...]]:
    """(start, texts) of the paragraphs from the one holding `start` to the one holding `end`: all
    the text a check of text[start:end] reads (tokens are cut per paragraph). The texts
    themselves, not a slice: a key costs the paragraphs (their hashes are cached), not their length."""
    first, last = doc.paragraph_at(start), doc.paragraph_at(end)
    if first is None or last is None:
        return start, (doc.text[start:end],)
    return first.start, tuple(map(_TEXT, doc.paragraphs[first.index:last.index + 1]))


_TEXT = attrgetter("text")


@dataclass(slots=True)
class _PlanSide:
    """What problem_without_measure needs of the plans: no offsets, so it is kept while the plans'
    text is the same wherever they moved."""
    count: int  # measures listed
    plan_terms: set[str]
    index: dict[str, list[int]]  # term -> the measures that have it
    common: int  # a term in more measures than this says nothing
    by_number: dict[int, int]  # a measure's own number -> its index
    verdicts: dict = field(default_factory=dict)  # problem item key -> relative unmatched span or None


def _plan_side(doc: Document, ctx, plan_secs: list[Section]) -> tuple[_PlanSide, list[tuple[int, int]]]:
    """The plans' _PlanSide (kept from the last analysis while their text is the same) and the
    measures' spans in this document."""
    parts, measures = [], []
    for s, items in zip(plan_secs, _items_by_section(doc, plan_secs), strict=True):
        a, texts = _region_texts(doc, s.start, s.end)
        measures += items
        parts.append((texts, s.start - a, s.end - a, s.body_start - a,
                      tuple((m.start - a, m.end - a, m.number) for m in items)))
    state = ctx.reuse("substance:plan_side", tuple(parts), lambda: _plan_state(doc, ctx, plan_secs, measures))
    return state, [(m.start, m.end) for m in measures]


def _plan_state(doc: Document, ctx, plan_secs: list[Section], measures: list[ListItem]) -> _PlanSide:
    # Per paragraph, so the tokens come from the cache shared with the other rules.
    plan_terms: set[str] = set()
    for s in plan_secs:
        for p in doc.paragraphs_in(s.start, s.end):
            plan_terms |= _terms(p.text, ctx)
    whole_m = [_span_terms(doc, m.start, min(m.end, m.start + 400), ctx) for m in measures]
    index: dict[str, list[int]] = {}
    for k, terms in enumerate(whole_m):
        for t in terms:
            index.setdefault(t, []).append(k)
    by_number = {m.number: i for i, m in enumerate(measures) if m.number is not None}
    return _PlanSide(len(measures), plan_terms, index, min(40, max(3, len(measures) // 2)), by_number)


def _shared_best(terms: frozenset[str], plan: _PlanSide) -> int:
    """The most terms a problem shares with any single measure (inverted index: terms found in
    most measures say nothing and are skipped, so the cost stays near-linear)."""
    counts: dict[int, int] = {}
    for t in terms:
        ks = plan.index.get(t)
        if ks and len(ks) <= plan.common:
            for k in ks:
                counts[k] = counts.get(k, 0) + 1
    return max(counts.values(), default=0)


def _problem_verdict(doc: Document, ctx, it: ListItem, measure: tuple[int, int] | None, plan: _PlanSide,
                     need: int, base: int) -> tuple[int, int] | None:
    """The item's headline span relative to `base` when no measure answers it, else None."""
    text = doc.text
    st, en = _headline(text, it.start, it.end)
    if len(text[st:en].strip()) < 4:
        return None
    if len(_span_terms(doc, st, en, ctx) & plan.plan_terms) >= need:
        return None
    # Whole items (headline and explanation), compared one by one: 青年党员作用发挥不充分。…志愿服务…
    # matches 激发青年党员活力。…志愿服务… although the headlines share little.
    if _shared_best(_span_terms(doc, it.start, min(it.end, it.start + 400), ctx), plan) >= 2:
        return None
    if measure is not None:
        ms, me = measure
        if _plain_terms(text[it.start:it.end][:400], ctx) & _plain_terms(text[ms:me][:400], ctx):
            return None
    return st - base, en - base
