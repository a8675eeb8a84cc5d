"""No rule grows faster than the text (issue 15): the inputs that once took quadratic time
(one paragraph of slips, crossed brackets, thousands of headings) cost about 8 × as much at
8 × the size. A quadratic rule costs 64 ×; the bound of 40 × leaves room for a busy machine
(best of several runs each) and for the step where the larger input no longer fits the CPU cache
(up to 3 × per character, measured). bench/bench_pathological.py prints every rule at 5 000–500 000."""

from __future__ import annotations

import gc
import time

import pytest

from bench.bench_pathological import (
    crossed_brackets,
    huge_paragraph,
    huge_paragraph_marks,
    many_headings,
    one_char_runs,
)
from core.analysis.analyzer import Analyzer, RuleContext
from core.analysis.lexicon import get_lexicon
from core.analysis.rules import all_rules


def _best_ms(fn, runs: int = 3, prepare=None) -> float:
    """Best of three, in CPU time of this process (other processes on a busy machine do not count),
    with the collector paused: a full collection walks every object alive (the
    test process's, not the rule's), which would make any allocating code look super-linear."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            if prepare is not None:
                prepare()  # untimed
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
    ("substance.numbers", one_char_runs),  # a run of 一 or of digits: a number tried once per run
])
def test_rule_cost_grows_linearly(rule_id, make):
    lex = get_lexicon()
    analyzer = Analyzer(lex)
    ctx = RuleContext(lex, lex.kind("shuzhi"), analyzer.settings)
    r = all_rules()[rule_id]

    def run(size: int):
        text = make(size)
        doc = analyzer.parse(text)
        paragraphs = [p.text for p in doc.paragraphs if p.text.strip()]

        def prepare():
            # Each run from scratch: the rules' per-paragraph caches would make every run after the
            # first a lookup; the tokens are cut again, untimed (the rule's own cost is measured).
            lex.drop_text_caches()
            for p in paragraphs:
                lex.cut(p)

        if r.scope == "paragraph":
            return prepare, lambda: [list(r.func(p, ctx)) for p in paragraphs]
        return prepare, lambda: list(r.func(doc, ctx))

    (prep_small, small), (prep_large, large) = run(25_000), run(200_000)
    small()  # compiled data built once
    ratio = _best_ms(large, prepare=prep_large) / max(_best_ms(small, runs=5, prepare=prep_small), 1.0)
    assert ratio < 40, f"{rule_id} on {make.__name__}: 8 × the text costs {ratio:.1f} × the time"


def test_name_overlap_by_bisection_equals_checking_every_name():
    """boilerplate.repetition asks, per phrase token, whether it overlaps a name: by bisection now
    (one paragraph may hold thousands of names), with the answers of the plain check."""
    import random
    from types import SimpleNamespace

    from core.analysis.rules.boilerplate_views import _in_name, _name_index

    rnd = random.Random(9)
    for _ in range(300):
        names = [(a, a + rnd.randint(1, 30)) for a in (rnd.randrange(200) for _ in range(rnd.randint(0, 12)))]
        tokens = [("x" * rnd.randint(1, 4)) for _ in range(60)]
        starts = [sum(map(len, tokens[:i])) for i in range(len(tokens))]
        v = SimpleNamespace(names=names, name_index=_name_index(names), starts=starts, tokens=tokens)
        for _ in range(20):
            a = rnd.randrange(len(tokens))
            b = rnd.randrange(a, len(tokens))
            s, e = starts[a], starts[b] + len(tokens[b])
            assert _in_name(v, a, b) == any(s < ne and ns < e for ns, ne in names)
