"""hygiene.linebreak: a title glued to the first sentence, found and kept right through edits."""

from __future__ import annotations

from core.analysis.analyzer import Analyzer
from core.analysis.findings import Severity
from core.analysis.lexicon import get_lexicon
from core.analysis.settings import AnalysisSettings

TITLE = "2026年机关第二党支部党建工作总结"
BODY = "2026年，支部在机关党委的领导下，认真落实“三会一课”制度，扎实开展主题党日活动，各项工作取得新进展。"
REST = "\n一、主要工作\n全年召开支部党员大会6次、支委会12次，发展党员2名。\n二、存在问题\n学习不够系统。"


def glued(report):
    return [f for f in report.findings if f.rule == "hygiene.linebreak" and "缺少换行" in f.message]


def test_glued_title_is_advice_at_the_junction_and_goes_when_the_line_is_broken():
    analyzer = Analyzer(get_lexicon(), AnalysisSettings(only_rules={"hygiene.linebreak"}))
    text = TITLE + BODY + REST
    (f,) = glued(analyzer.analyze(text))
    assert f.severity is Severity.INFO
    assert f.start < len(TITLE) < f.end
    # an edit elsewhere keeps it where it is (the rule's per-paragraph reuse)
    edited = text.replace("发展党员2名", "发展党员3名")
    (g,) = glued(analyzer.analyze(edited))
    assert (g.start, g.end) == (f.start, f.end)
    # breaking the line after the title removes it, also on the incremental path
    assert glued(analyzer.analyze(TITLE + "\n" + BODY + REST)) == []
    assert glued(Analyzer(get_lexicon()).analyze(TITLE + "\n" + BODY + REST)) == []


def test_a_title_followed_by_how_the_sentence_goes_on_is_not_glued():
    analyzer = Analyzer(get_lexicon(), AnalysisSettings(only_rules={"hygiene.linebreak"}))
    for first in ("现将2026年党建工作总结如下：今年以来，支部认真落实“三会一课”制度，扎实开展主题党日活动，各项工作取得新进展。",
                  "党建工作总结2026年的情况表明，支部认真落实“三会一课”制度，扎实开展主题党日活动，各项工作取得新进展，群众满意。",
                  TITLE):
        assert glued(analyzer.analyze(first + REST)) == []
