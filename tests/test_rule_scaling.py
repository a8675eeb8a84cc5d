"""No rule grows faster than the text (issue 15): the inputs that once took quadratic time
(one paragraph of slips, crossed brackets, thousands of headings) cost about 8 × as much at
8 × the size. A quadratic rule costs 64 ×; the bound of 40 × leaves room for a busy machine
(best of several runs each) and for the step where the larger input no longer fits the CPU cache
(up to 3 × per character, measured). bench/bench_pathological.py prints every rule at 5 000–500 000."""

from __future__ import annotations

import gc
import time

import pytest

from bench.bench_pathological import crossed_brackets, huge_paragraph, huge_paragraph_marks, many_headings
from core.analysis.analyzer import Analyzer, RuleContext
from core.analysis.lexicon import get_lexicon
from core.analysis.rules import all_rules


def _best_ms(fn, runs: int = 3) -> float:
    """Best of three, in CPU time of this process (other processes on a busy machine do not count),
    with the collector paused: a full collection walks every object alive (the
    test process's, not the rule's), which would make any allocating code look super-linear."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            t0 = time.process_time()
            fn()
            best = min(best, time.process_time() - t0)
    finally:
        gc.enable()
    return best * 1000


@pytest.mark.parametrize(("rule_id", "make"), [
    ("hygiene.punctuation", huge_paragraph_marks),
    ("hygiene.bracket", huge_paragraph_marks),
    ("hygiene.bracket", crossed_brackets),
    ("substance.problem_without_measure", many_headings),
    ("substance.numbers", huge_paragraph),  # sentences × quantities once
])
def test_rule_cost_grows_linearly(rule_id, make):
    lex = get_lexicon()
    analyzer = Analyzer(lex)
    ctx = RuleContext(lex, lex.kind("shuzhi"), analyzer.settings)
    r = all_rules()[rule_id]

    def run(size: int):
        text = make(size)
        if r.scope == "paragraph":
            paragraphs = [p for p in text.split("\n") if p.strip()]
            return lambda: [list(r.func(p, ctx)) for p in paragraphs]
        doc = analyzer.parse(text)
        for p in doc.paragraphs:  # tokens first: the rule's own cost is measured
            lex.cut(p.text)
        return lambda: list(r.func(doc, ctx))

    small, large = run(25_000), run(200_000)
    small()  # compiled data built once
    ratio = _best_ms(large) / max(_best_ms(small, runs=5), 1.0)
    assert ratio < 40, f"{rule_id} on {make.__name__}: 8 × the text costs {ratio:.1f} × the time"
