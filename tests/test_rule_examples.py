"""Every registered rule flags its must-flag examples and stays silent on its must-pass ones."""

from __future__ import annotations

import pytest

from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import get_lexicon
from core.analysis.rules import all_rules
from core.analysis.settings import AnalysisSettings
from tests.rule_examples import load_examples

EXAMPLES = load_examples()
CASES = [(rid, i, ex) for rid, exs in sorted(EXAMPLES.items()) for i, ex in enumerate(exs)]


def test_every_rule_has_examples():
    missing = []
    for rid in sorted({r.id for r in all_rules().values()}):  # a rule's parts (id#part) share its examples
        exs = EXAMPLES.get(rid, [])
        if not any(e.must_flag for e in exs) or not any(not e.must_flag for e in exs):
            missing.append(rid)
    assert not missing, f"rules without must-flag and must-pass examples: {missing}"


def test_examples_name_real_rules():
    unknown = set(EXAMPLES) - set(all_rules())
    assert not unknown


@pytest.fixture(scope="module")
def analyzers():
    cache: dict[str, Analyzer] = {}

    def get(rule_id: str) -> Analyzer:
        if rule_id not in cache:
            cache[rule_id] = Analyzer(get_lexicon(), AnalysisSettings(only_rules={rule_id}))
        return cache[rule_id]

    return get


@pytest.mark.parametrize("rule_id,index,example", CASES, ids=[f"{r}-{i}" for r, i, _ in CASES])
def test_example(rule_id, index, example, analyzers):
    report = analyzers(rule_id).analyze(example.text, example.kind, example.compare, example.last_year)
    hits = [f for f in report.findings if f.rule == rule_id]
    assert not report.stats.get("rule_errors")
    if example.must_flag:
        assert hits, f"{rule_id} should flag: {example.text!r}"
        for span in example.spans:
            assert any((f.start, f.end) == span for f in hits), (
                f"{rule_id} should flag {example.text[span[0]:span[1]]!r} exactly; got "
                f"{[(f.text, f.start, f.end) for f in hits]}")
    else:
        assert not hits, f"{rule_id} should not flag {example.text!r}: {[(f.text, f.message) for f in hits]}"
