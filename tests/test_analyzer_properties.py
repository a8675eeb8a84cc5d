"""The analyser never raises on any Unicode text, and every finding indexes the text it flags."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import get_lexicon

ANALYZER = Analyzer(get_lexicon())

# Text biased towards what the rules look at: numbering, brackets, quotes, X placeholders, years.
PIECES = st.sampled_from([
    "一、", "（一）", "(二)", "1.", "（1）", "一是", "二是", "三是", "“", "”", "（", "）", "《", "》", "XX", "**",
    "20XX年", "2024年", "履职情况", "存在问题", "原因分析", "下一步打算", "我", "本人", "，", "。", "\n", " ",
    "三会一课", "两个维护", "高度重视", "落实落实", "習近平", "www.example.cn", "36.5", "\u3000", "\r", "\t",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


def check(text: str, kind: str = "shuzhi") -> None:
    report = ANALYZER.analyze(text, kind)
    assert not report.stats.get("rule_errors"), report.stats["rule_errors"]
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert f.message
    report.to_dict()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_report_like_text(text):
    check(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.sampled_from(["shuzhi", "zhuti_zeren", "zongjie", "duizhao"]))
def test_arbitrary_unicode(text, kind):
    check(text, kind)


def test_edge_cases():
    for text in ["", "\n", "\n\n\n", "\ufeff", "\ud800" if False else "\U0001F600" * 3, "一、" * 500,
                 "（" * 1000, "一是" * 300, "\r\n" * 10, "X" * 10000]:
        check(text)
