"""Incremental document-wide rules (issue 15): after any sequence of paragraph edits, the running
analyzer reports exactly what a fresh one reports for the final text."""

from __future__ import annotations

import random
from collections import Counter

from bench.corpus import report_text
from core.analysis.analyzer import Analyzer, ParagraphSums
from core.analysis.lexicon import Lexicon, get_lexicon


def _fresh_sum(items, count):
    total = Counter()
    for _key, part in items:
        total.update(count(part))
    return total


def test_paragraph_sums_follow_every_edit():
    rnd = random.Random(7)
    words = ["党建", "学习", "落实", "责任", "组织", "制度"]
    paras = [tuple(rnd.choices(words, k=rnd.randint(0, 5))) for _ in range(30)]
    sums = ParagraphSums()
    for step in range(300):
        op = rnd.random()
        i = rnd.randrange(len(paras))
        if op < 0.4:
            paras[i] = tuple(rnd.choices(words, k=rnd.randint(0, 5)))
        elif op < 0.6:
            paras.insert(i, paras[rnd.randrange(len(paras))])  # a duplicate paragraph
        elif op < 0.8 and len(paras) > 1:
            del paras[i]
        elif step % 50 == 0:
            paras = [tuple(rnd.choices(words, k=3)) for _ in range(20)]  # mostly new text
        items = [(p, p) for p in paras]
        assert sums.update(items, Counter) == _fresh_sum(items, Counter), step


def _signature(report):
    d = report.to_dict()
    d["findings"] = sorted((f.rule, f.severity.value, f.start, f.end, f.text, f.message, str(f.suggestion),
                            str(f.section), repr(sorted(f.data.items()))) for f in report.findings)
    d["checklist_details"] = [(c.id, c.hint, c.details, c.targets) for c in report.checklist]
    return d


# Edits that touch what the document-wide rules read: headings and numbering, years, figures,
# repeated clauses and passages, 套话, problems and measures, line breaks, titles.
_INSERTS = [
    "坚持以人民为中心，认真落实党建工作责任制。",
    "二、存在问题",
    "（三）下一步打算",
    "一是理论学习不够深入，二是制度执行不够严格。",
    "全年共开展活动12次，参与党员356人次，同比增长15%。",
    "2023年度抓基层党建工作述职报告",
    "以高质量党建引领高质量发展，",
    "认真贯彻落实上级决策部署，进一步加强基层组织建设，全面提升组织力。",
    "党 建",
]


def _edit(rnd: random.Random, paras: list[str]) -> None:
    i = rnd.randrange(1, len(paras))
    op = rnd.random()
    if op < 0.35:
        paras[i] = paras[i] + rnd.choice(_INSERTS)
    elif op < 0.5:
        paras.insert(i, paras[rnd.randrange(1, len(paras))])  # a repeated paragraph
    elif op < 0.6:
        paras.insert(i, rnd.choice(_INSERTS))  # a new line: heading, title, numbered item …
    elif op < 0.75 and len(paras) > 3:
        del paras[i]
    elif op < 0.85:
        j = rnd.randrange(1, len(paras))
        paras[i], paras[j] = paras[j], paras[i]  # paragraphs moved
    else:
        paras[i] = paras[i][: len(paras[i]) // 2]


def _check_running_matches_fresh(seed: int, chars: int, steps: int) -> None:
    lex = get_lexicon()
    fresh_lex = Lexicon()  # its own per-paragraph caches: nothing computed for the running one is reused
    rnd = random.Random(seed)
    paras = report_text(chars).split("\n")
    running = Analyzer(lex)
    running.analyze("\n".join(paras))
    for step in range(steps):
        _edit(rnd, paras)
        text = "\n".join(paras)
        fresh_lex.drop_text_caches()
        assert _signature(running.analyze(text)) == _signature(Analyzer(fresh_lex).analyze(text)), step


def test_running_analyzer_matches_a_fresh_one_after_edits():
    _check_running_matches_fresh(3, 6_000, 12)


def test_running_analyzer_matches_a_fresh_one_after_many_edits():
    for seed in (11, 12):
        _check_running_matches_fresh(seed, 4_000, 25)


def test_section_counts_from_paragraph_parts_equal_the_direct_count():
    from core.analysis.analyzer import RuleContext
    from core.analysis.rules.structure import _span_count
    from core.text.wordcount import word_count

    lex = get_lexicon()
    rnd = random.Random(5)
    text = report_text(3_000) + "\n\n一、存在问题：ABC 2024年 3.5%，“引号”……\n  \n最后一行"
    doc = Analyzer(lex).parse(text)
    ctx = RuleContext(lex, lex.kind("shuzhi"), Analyzer(lex).settings)
    for _ in range(300):
        a = rnd.randrange(len(text) + 1)
        b = rnd.randrange(a, len(text) + 1)
        assert _span_count(doc, ctx, a, b) == word_count(text[a:b]), (a, b)


def test_sentence_around_a_span_equals_the_whole_text_search():
    import re
    from bisect import bisect_left

    from core.analysis.rules.hygiene_duplicate_line import _sentence

    lex = get_lexicon()
    rnd = random.Random(9)
    text = "\n".join(["开头一句。第二句；", "", "没有标点的一行", "问句？感叹！最后"] + report_text(1_500).split("\n")[:8])
    doc = Analyzer(lex).parse(text)
    ends = [m.start() for m in re.finditer(r"[。！？!?；;\n]", text)]

    def reference(start, end):
        i, j = bisect_left(ends, start), bisect_left(ends, end)
        return text[ends[i - 1] + 1 if i > 0 else 0: ends[j] if j < len(ends) else len(text)]

    for _ in range(500):
        a = rnd.randrange(len(text) + 1)
        b = rnd.randrange(a, min(len(text), a + 80) + 1)
        assert _sentence(doc, a, b) == reference(a, b), (a, b)


def test_bare_year_scan_equals_the_lookbehind_pattern():
    import re

    from core.analysis.rules.hygiene_year import _NOT_YEAR_AFTER, _bare_years, _in_book_title
    from core.text.document import parse

    reference = re.compile(r"(?<![\d.\-/:：A-Za-z〔\[（(])((?:19|20)\d{2})(?=[\u4e00-\u9fff])")
    rnd = random.Random(4)
    alphabet = "1920２０٢.-/:：a〔[（(年工作 《》\n"
    for _ in range(2000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16)))
        want = [m.span(1) for m in reference.finditer(text)
                if text[m.end(1)] not in _NOT_YEAR_AFTER and not _in_book_title(text, m.start(1))]
        assert [(f.start, f.end) for f in _bare_years(parse(text))] == want, text


def test_running_analyzer_matches_a_fresh_one_across_settings_changes():
    from core.analysis.settings import AnalysisSettings

    lex = get_lexicon()
    fresh_lex = Lexicon()
    rnd = random.Random(21)
    paras = report_text(4_000).split("\n")
    plans = [AnalysisSettings(),
             AnalysisSettings(disabled_rules={"hygiene.duplicate_line", "substance.numbers"}),
             AnalysisSettings(thresholds={"boilerplate.clause_min_count": 3, "boilerplate.phrase_min_count": 2}),
             AnalysisSettings()]
    running = Analyzer(lex)
    running.analyze("\n".join(paras))
    for step in range(16):
        settings = plans[(step // 4) % len(plans)]
        running.set_settings(settings)
        _edit(rnd, paras)
        text = "\n".join(paras)
        fresh_lex.drop_text_caches()
        assert _signature(running.analyze(text)) == _signature(Analyzer(fresh_lex, settings).analyze(text)), step


# Edits that keep the paragraph count, so the document rules keep what the edit did not touch
# (core/analysis/doc_edit.py): a heading's number changed, a heading added or removed in place,
# a 存在问题 or 下一步打算 paragraph edited, figures and years appearing and disappearing.
_IN_PLACE = [
    lambda p: p + "全年共开展活动12次，参与党员356人次，同比增长15%。",
    lambda p: p.replace("（一）", "（二）", 1).replace("二、", "三、", 1),
    lambda p: "（五）" + p,
    lambda p: p[3:],
    lambda p: "二、存在问题",
    lambda p: "下一步打算",
    lambda p: "一是理论学习不够深入，二是制度执行不够严格，三是" + p,
    lambda p: p.replace("1", "7").replace("2", "9"),
    lambda p: p + "2019工作中，2026年将继续推进。",
    lambda p: p + "我带头讲党课，我们",
    lambda p: "",
    lambda p: "存在的问题：" + p,
    lambda p: p[: len(p) // 2],
    lambda p: p + "党 建",
    lambda p: p + "学",
]


def _check_in_place_edits(seed: int, chars: int, steps: int) -> None:
    lex = get_lexicon()
    fresh_lex = Lexicon()
    rnd = random.Random(seed)
    paras = report_text(chars).split("\n")
    running = Analyzer(lex)
    running.analyze("\n".join(paras))
    for step in range(steps):
        i = rnd.randrange(len(paras))
        paras[i] = rnd.choice(_IN_PLACE)(paras[i])
        if rnd.random() < 0.2:  # sometimes two paragraphs at once
            j = rnd.randrange(len(paras))
            paras[j] = rnd.choice(_IN_PLACE)(paras[j])
        text = "\n".join(paras)
        fresh_lex.drop_text_caches()
        assert _signature(running.analyze(text)) == _signature(Analyzer(fresh_lex).analyze(text)), step
        if rnd.random() < 0.15:  # the same text again: everything kept
            assert _signature(running.analyze(text)) == _signature(Analyzer(fresh_lex).analyze(text)), step


def test_running_analyzer_matches_a_fresh_one_after_in_place_edits():
    for seed in (31, 32, 33):
        _check_in_place_edits(seed, 5_000, 30)


def test_running_analyzer_matches_a_fresh_one_around_repeated_passages():
    """Repetition and duplicate-line results are reused per block of paragraphs: a clause or phrase
    crossing its threshold, a paragraph pasted twice and one copy deleted, edits before and after a
    repeated passage (positions after it shift), must all give a fresh analyzer's findings."""
    lex = get_lexicon()
    fresh_lex = Lexicon()
    paras = report_text(12_000).split("\n")
    running = Analyzer(lex)
    running.analyze("\n".join(paras))
    clause = "认真贯彻落实上级决策部署，进一步加强基层组织建设，全面提升组织力。"
    mid = len(paras) // 2
    steps = [
        lambda: paras.__setitem__(mid, paras[mid] + clause),  # the clause once
        lambda: paras.__setitem__(mid + 9, paras[mid + 9] + clause),  # twice
        lambda: paras.__setitem__(mid + 40, paras[mid + 40] + clause),  # three times: over the threshold
        lambda: paras.__setitem__(mid + 9, paras[mid + 9][: -len(clause)]),  # back under
        lambda: paras.insert(mid + 20, paras[mid + 5]),  # a paragraph pasted twice
        lambda: paras.insert(mid + 21, paras[mid + 5]),
        lambda: paras.__setitem__(3, paras[3] + "新增内容。"),  # before the repeated passage: all shift
        lambda: paras.__setitem__(len(paras) - 2, paras[-2] + "又一句。"),  # after it
        lambda: paras.__delitem__(mid + 21),  # one copy deleted
        lambda: paras.__setitem__(3, paras[3][:-5]),  # shrinks back
        lambda: paras.__setitem__(mid, paras[mid] + "以高质量党建引领高质量发展，" * 3),
        lambda: paras.__delitem__(mid + 20),
    ]
    _each_edit_matches_fresh(running, fresh_lex, paras, steps)


def _each_edit_matches_fresh(running: Analyzer, fresh_lex: Lexicon, paras: list[str], steps) -> None:
    """Apply each edit to `paras`; the running analyzer then reports what a fresh one reports."""
    for step, edit in enumerate(steps):
        edit()
        text = "\n".join(paras)
        fresh_lex.drop_text_caches()
        assert _signature(running.analyze(text)) == _signature(Analyzer(fresh_lex).analyze(text)), step


def test_duplicate_passages_reused_after_their_reach_match_a_fresh_analyzer():
    """hygiene.duplicate_line stops at its finding cap: an edit after the text it read reuses its
    passage findings; an edit before it (or a pasted copy) must redo them."""
    lex = get_lexicon()
    fresh_lex = Lexicon()
    paras = report_text(50_000).split("\n")
    running = Analyzer(lex)
    running.analyze("\n".join(paras))
    n = len(paras)
    steps = [
        lambda: paras.__setitem__(n - 3, paras[n - 3] + "新增内容。"),  # after the reach: reused
        lambda: paras.insert(n - 5, paras[n - 40]),  # a copy pasted after the reach
        lambda: paras.__setitem__(n // 4, paras[n // 4] + "新增内容。"),  # before it: redone
        lambda: paras.__delitem__(n - 5),
    ]
    _each_edit_matches_fresh(running, fresh_lex, paras, steps)


def test_every_rule_runs_without_the_analyzers_kept_state():
    """A bare RuleContext (no running sums, no last results: benchmarks, other callers) runs every
    rule, on a text whose clauses and phrases repeat, twice in a row."""
    from pathlib import Path

    from core.analysis.analyzer import RuleContext
    from core.analysis.rules import all_rules

    lex = Lexicon()
    text = (Path(__file__).parent / "data" / "clean_report_1.txt").read_text(encoding="utf-8")
    text += "\n" + "坚持以人民为中心，认真落实党建工作责任制。" * 4
    doc = Analyzer(lex).parse(text)
    for r in all_rules().values():
        for _ in range(2):
            ctx = RuleContext(lex, lex.kind("shuzhi"), Analyzer(lex).settings)
            subject = doc if r.scope == "document" else text
            list(r.func(subject, ctx))
