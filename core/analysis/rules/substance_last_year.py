"""substance.last_year: last year's problems and promised measures, each accounted for this year.

Last year's report is the compare document marked `last_year` (the draft chosen in the window —
以此为底稿新建 links it by itself — or `--last-year PATH`).  Its 存在问题 items and 下一步打算
measures are listed with the same item parsing as this year's (substance.section_items and
headlines).  Each is looked for, by shared content terms, in this year's 上年度问题整改情况 and
履职情况; a paragraph left unchanged from last year's report is no account of anything.  The
result is a checklist row ("上年度 3 个问题中 2 个有整改交代") with one line per item and where it
is answered; an item never answered is an info finding on the part where its account belongs.
Unchanged paragraphs are marked by boilerplate.overlap (last year's report is a compare text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.analysis.findings import Finding, Severity
from core.analysis.rules import rule
from core.analysis.rules.boilerplate_common import LEAD_MARKER, para_cache
from core.analysis.rules.structure import CAUSE_PHRASES
from core.analysis.rules.substance import _headline, _terms, section_items
from core.common.lru import LRU
from core.text.document import Document
from core.text.fingerprint import normalize
from core.text.sections import parse_report

RULE = "substance.last_year"
# A figure of what was done in the year (开展…12次, 发展党员15名), not a stock (下辖18个村): the
# same one in last year's report and this year's edited text is probably last year's figure left in.
FLOW_FIGURE = re.compile(r"(?:开展|召开|主持|举办|组织|发展|培训|走访|慰问|讲|办理|办结|解决|收集|受理|发放|筹集|投入|"
                         r"新建|帮扶|查处|处置|参加|参与|慰问|调研|谈心谈话|讲授)[\u4e00-\u9fff]{0,10}$")
ACCOUNT_CUE = re.compile(r"整改|针对|上年度|上一年度|去年|上年|上一年|反馈|对照|已解决|得到解决|改进")
_PARSED = LRU(4)


@dataclass(slots=True)
class Item:
    kind: str  # "problem" | "measure"
    text: str  # the item's headline
    terms: frozenset[str]
    answer: tuple[int, int] | None = None  # where this year's report accounts for it
    where: str = ""


def last_year_doc(ctx):
    return next((c for c in ctx.compare if getattr(c, "last_year", False) and c.text.strip()), None)


def _parse(text: str, ctx) -> Document:
    key = (ctx.kind.id, len(text), hash(text))
    doc = _PARSED.get(key)
    if doc is None:
        doc = parse_report(text, ctx.lexicon.section_matcher(ctx.kind.id))
        _PARSED.put(key, doc)
    return doc


def listed_items(doc: Document, key: str) -> list[tuple[int, int]]:
    """Headline spans of the items of a part, as substance.problem_without_measure reads them."""
    out = []
    for st, en in section_items(doc, doc.sections_with(key)):
        body = doc.text[st:en].strip()
        if not body or (key == "problems" and (CAUSE_PHRASES.match(body[:8]) or body.startswith("原因"))):
            continue
        a, b = _headline(doc.text, st, en)
        m = LEAD_MARKER.match(doc.text, a)
        if m and m.end() < b:
            a = m.end()  # （一） / 一是: the item's number is no part of what it says
        if len(doc.text[a:b].strip()) >= 4:
            out.append((a, b))
    return out


def _norm(text: str, ctx) -> str:
    cache = para_cache(ctx, "overlap:norm")  # shared with boilerplate.overlap: computed once per paragraph
    nz = cache.get(text)
    if nz is None:
        nz = normalize(text)
        cache.put(text, nz)
    return nz.text


def _units(doc: Document, keys: tuple[str, ...], old: set[str], ctx):
    """(key, start, end, paragraph text, its terms) of this year's paragraphs in these parts, minus those left
    exactly as last year wrote them."""
    for s in doc.sections:
        key = next((k for k in keys if k in s.keys), None)
        if key is None:
            continue
        for p in doc.paragraphs_in(s.start, s.end):
            start = max(p.start, s.body_start)
            body = doc.text[start:p.end]
            if body.strip() and _norm(body, ctx) not in old:
                yield key, start, p.end, body, _terms(body, ctx)


def _match(item: Item, units, ctx) -> tuple[int, int, str] | None:
    need_share = float(ctx.threshold("substance", "last_year_min_share", 0.5))
    best = None
    n = len(item.terms)
    if not n:
        return None
    for key, start, end, body, terms in units:
        shared = len(item.terms & terms)
        share = shared / n
        if key == "rectification":
            ok = share >= need_share and (shared >= 2 or n <= 2)
        else:
            # 履职情况 talks about everything: an account there names the item closely, or says
            # it is one (针对…整改, 去年…).
            ok = (share >= need_share and shared >= 2 and ACCOUNT_CUE.search(body)) or (share >= 0.75 and shared >= 3)
        if ok and (best is None or (key == "rectification", share) > best[0]):
            best = ((key == "rectification", share), start, end, key)
    return None if best is None else (best[1], best[2], best[3])


@rule(RULE, description="上年度报告中的问题和措施，本年度报告没有交代整改或落实情况")
def last_year(doc: Document, ctx):
    ly = last_year_doc(ctx)
    if ly is None:
        return []
    old = _parse(ly.text, ctx)
    items = [Item("problem", old.text[a:b], _terms(old.text[a:b], ctx)) for a, b in listed_items(old, "problems")]
    items += [Item("measure", old.text[a:b], _terms(old.text[a:b], ctx)) for a, b in listed_items(old, "plans")]
    old_paras = {_norm(p.text, ctx) for p in old.paragraphs if p.text.strip()}
    units = list(_units(doc, ("rectification", "performance"), old_paras, ctx))
    for item in items:
        hit = _match(item, units, ctx)
        if hit is not None:
            item.answer = (hit[0], hit[1])
            item.where = ctx.kind.label(hit[2])
    problems = [i for i in items if i.kind == "problem"]
    measures = [i for i in items if i.kind == "measure"]
    ctx.stats["last_year"] = {
        "name": ly.name,
        "problems": len(problems), "problems_answered": sum(1 for i in problems if i.answer),
        "measures": len(measures), "measures_answered": sum(1 for i in measures if i.answer),
        "items": [{"kind": i.kind, "text": i.text, "answer": i.answer, "where": i.where} for i in items],
    }
    out = list(_same_figures(doc, old, old_paras, ctx))
    target = (doc.sections_with("rectification") or doc.sections_with("performance") or [None])[0]
    for i in items:
        if i.answer is not None:
            continue
        what = "问题" if i.kind == "problem" else "打算采取的措施"
        a, b = (target.start, target.body_start if target.body_start > target.start else target.end) \
            if target is not None else (0, 0)
        out.append(Finding(RULE, Severity.INFO, a, b, "",
                           f"上年度报告中{what}“{i.text}”，本年度报告没有交代整改或落实情况。",
                           "在“上年度问题整改情况”（或履职情况）中写明针对这一条做了什么、结果如何；"
                           "确已不再适用的，也应说明。",
                           section=target.key if target is not None else None,
                           data={"item": i.text, "item_kind": i.kind}))
    return out


def _flow_figures(text: str, ctx):
    """(key, start, end) of the figures of what was done: (the words before it, the figure)."""
    from core.analysis.rules.substance_numbers import _clause_start, _data, quantities

    for q in quantities(text, _data(ctx)):
        lead = text[_clause_start(text, q.start):q.start]
        if q.approx or len(lead) < 3 or not FLOW_FIGURE.search(lead):
            continue
        yield (lead[-6:], q.written), q.start, q.end, lead[-12:]


def _same_figures(doc: Document, old: Document, old_paras: set[str], ctx):
    """This year's edited paragraphs that still give one of last year's figures of work done."""
    cache = ctx.lexicon.cache("substance:last_year_figures")
    old_keys = cache.get(old.text)
    if old_keys is None:
        old_keys = frozenset(k for p in old.paragraphs if p.text.strip() for k, _s, _e, _lead in _flow_figures(p.text, ctx))
        cache.put(old.text, old_keys)
    if not old_keys:
        return
    for s in doc.sections:
        if not set(s.keys) & {"performance", "rectification"}:
            continue
        for p in doc.paragraphs_in(s.start, s.end):
            if _norm(p.text, ctx) in old_paras:
                continue  # copied whole: boilerplate.overlap marks it
            for key, a, b, lead in _flow_figures(p.text, ctx):
                if key in old_keys:
                    yield Finding(RULE, Severity.INFO, p.start + a, p.start + b, "",
                                  f"“{lead}{key[1]}”与上年度报告中的数字相同：核对是否已换成本年度的数字。",
                                  "写本年度的实际数字；确实相同的可以忽略此处。", section=s.key,
                                  data={"item_kind": "same_figure"})
