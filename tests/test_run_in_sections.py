"""Text a site ran together: one paragraph holding many run-in headings. substance.unsupported_claim
reports each claim once, in its own section (it used to emit every later claim of the paragraph
once per section: memory grew with sections × claims)."""

from core.analysis.analyzer import Analyzer, RuleContext
from core.analysis.lexicon import get_lexicon
from core.analysis.rules import all_rules

UNIT = "全年工作成效显著。一、履职情况服务水平显著提升，群众满意度明显提高。二、存在问题主要是学习不够深入。"


def _apply_rule(rule_id: str, text: str):
    lex = get_lexicon()
    analyzer = Analyzer(lex)
    doc = analyzer.parse(text)
    ctx = RuleContext(lex, lex.kind("shuzhi"), analyzer.settings)
    return doc, ctx, list(all_rules()[rule_id].func(doc, ctx))


def test_claims_of_a_paragraph_with_many_sections_are_reported_once_in_their_own_section():
    text = UNIT * 12
    doc, _ctx, found = _apply_rule("substance.unsupported_claim", text)
    spans = [(f.start, f.end) for f in found]
    assert spans and len(spans) == len(set(spans))  # once each, not once per section before them
    keyed = [s for s in doc.sections if "performance" in s.keys]
    assert len(keyed) >= 2
    for f in found:
        sec = next(s for s in keyed if s.start <= f.start < s.end)
        assert f.section in sec.keys

