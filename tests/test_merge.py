"""One defect, one finding (core/analysis/merge.py): findings of several rules on one defect are merged."""

from __future__ import annotations

from core.analysis.analyzer import Analyzer
from core.analysis.findings import Finding, Severity
from core.analysis.lexicon import get_lexicon
from core.analysis.merge import merge_findings, merge_table

W, E, INFO = Severity.WARNING, Severity.ERROR, Severity.INFO


def _merge(*fs):
    return merge_findings(sorted(fs, key=lambda f: f.start), merge_table(get_lexicon()))


def test_identical_advice_from_two_rules_is_one_finding():
    a = Finding("hygiene.punctuation", W, 3, 4, ",", "应使用全角逗号。", "，")
    b = Finding("hygiene.linebreak", E, 3, 4, ",", "应使用全角逗号。", "，")
    other = Finding("hygiene.typo", W, 3, 4, ",", "别的问题。", None)
    out = _merge(a, b, other)
    assert [(f.rule, f.severity) for f in out] == [("hygiene.linebreak", E), ("hygiene.typo", W)]


def test_same_rule_same_span_different_message_is_kept():
    a = Finding("hygiene.typo", W, 0, 2, "xx", "甲。", None)
    b = Finding("hygiene.typo", W, 0, 2, "xx", "乙。", None)
    assert len(_merge(a, b)) == 2


def test_same_defect_pair_keeps_one_with_both_facts():
    thin = Finding("structure.empty_section", W, 10, 16, "二、存在问题", "“存在问题”仅 51 字，少于 120 字，内容单薄。", "写具体")
    bal = Finding("substance.balance", W, 10, 16, "二、存在问题", "存在问题仅 51 字，只有履职情况的 10%。", "另一建议")
    [f] = _merge(bal, thin)
    assert f.rule == "structure.empty_section" and f.suggestion == "写具体"
    assert "少于 120 字" in f.message and "10%" in f.message
    assert f.data["merged"] == ["substance.balance"]
    # Different spans: both stay.
    far = Finding("substance.balance", W, 20, 24, "三、原因", "短。", None)
    assert len(_merge(thin, far)) == 2


def test_cliche_inside_a_repeated_phrase_is_carried_by_the_repetition():
    rep = Finding("boilerplate.repetition", W, 5, 13, "坚持凝心聚力", "“坚持凝心聚力”在全文出现 3 次，反复使用同一说法。", "改写")
    cl = Finding("boilerplate.cliche", INFO, 7, 11, "凝心聚力", "套话（口号式表述）：口号不增加信息。", None)
    lone = Finding("boilerplate.cliche", INFO, 40, 44, "凝心聚力", "套话（口号式表述）：口号不增加信息。", None)
    out = _merge(rep, cl, lone)
    assert [f.rule for f in out] == ["boilerplate.repetition", "boilerplate.cliche"]
    assert "也属于套话" in out[0].message and out[1].start == 40


def test_warnings_inside_certain_residue_are_moot_errors_stay():
    wm = Finding("hygiene.watermark", E, 0, 20, "x" * 20, "网站残留，提交前请删除。", None)
    inside = Finding("hygiene.punctuation", W, 4, 5, ",", "应使用全角逗号。", "，")
    err = Finding("hygiene.placeholder", E, 6, 8, "XX", "占位符。", None)
    outside = Finding("hygiene.punctuation", W, 25, 26, ",", "应使用全角逗号。", "，")
    out = _merge(wm, inside, err, outside)
    assert [(f.rule, f.start) for f in out] == [("hygiene.watermark", 0), ("hygiene.placeholder", 6),
                                                ("hygiene.punctuation", 25)]
    # A residue warning (an editor's note one may keep) does not swallow anything.
    note = Finding("hygiene.watermark", W, 0, 20, "x" * 20, "像是编写注释。", None)
    assert len(_merge(note, inside)) == 2


def _analyze(text):
    report = Analyzer(get_lexicon()).analyze(text)
    assert not report.stats.get("rule_errors")
    return report


def test_through_the_analyzer_a_repeated_cliche_is_reported_once_per_place():
    text = ("一、履职情况\n我坚持凝心聚力谋发展，全年主持召开党委会12次。各支部凝心聚力谋发展，开展志愿服务36次。"
            "机关党员凝心聚力谋发展，办结群众诉求81件。")
    report = _analyze(text)
    at = [f for f in report.findings if f.text == "凝心聚力"]
    assert len(at) == 3 and {f.rule for f in at} == {"boilerplate.repetition"}
    assert all("套话" in f.message and "3 次" in f.message for f in at)


def test_through_the_analyzer_two_kinds_of_defect_at_one_place_both_stay():
    text = ("一、履职情况\n在建党100周年之际，我于20XX年3月带领党员重温入党誓词，全年召开支委会12次，"
            "讲党课4次，发展党员2名。")
    report = _analyze(text)
    # A placeholder and a blank year that the text dates (2021): two defects, two fixes.
    at = {f.rule: f for f in report.findings if f.text == "20XX"}
    assert set(at) == {"hygiene.placeholder", "hygiene.year"} and at["hygiene.year"].suggestion == "2021"


def test_residue_line_after_line_is_one_finding_for_the_block():
    tags = ['<span id="a1"></span>', '<div class="x"><b>', '<p id="q"></p>', '<em id="z"></em>']
    text = "一、履职情况\n全年召开党委会12次，研究议题30个。\n" + "\n  • ".join(tags) + "\n我带头讲党课4次。"
    report = _analyze(text)
    wm = [f for f in report.findings if f.rule == "hygiene.watermark"]
    assert len(wm) == 1 and wm[0].severity == E
    assert wm[0].text.startswith("<span") and wm[0].text.endswith("</em>")
    assert "连续 4 处" in wm[0].message and "HTML" in wm[0].message


def test_residue_pieces_apart_or_few_stay_separate():
    two = "一、履职情况\n<span id=\"a1\"></span>\n<p id=\"q\"></p>\n全年召开党委会12次。"
    assert len([f for f in _analyze(two).findings if f.rule == "hygiene.watermark"]) == 2
    apart = ("一、履职情况\n<span id=\"a1\"></span>\n全年召开党委会12次。\n<p id=\"q\"></p>\n"
             "研究议题30个。\n<em id=\"z\"></em>")
    assert len([f for f in _analyze(apart).findings if f.rule == "hygiene.watermark"]) == 3


def test_a_page_counter_splitting_a_word_is_one_finding():
    text = ("一、履职情况\n我全年主持召开党委会12次，研究部署基层党建工作，推动各支部落实组织生活制度，发挥党\n"
            "2、员先锋模范作用和基层党组织战斗堡垒作用在重点工作一线充分发挥，开展志愿服务36次，服务群众1200人次，帮助解决停车难、就医难等问题21个，"
            "推动建立党员责任区18个，组织在职党员到社区报到236人，收集群众意见建议94条并逐条反馈。")
    report = _analyze(text)
    near = [f for f in report.findings if f.start < text.index("员先锋") and f.end > text.index("发挥党")]
    assert [(f.rule, f.text) for f in near] == [("hygiene.watermark", "2、")]
    assert "hygiene.linebreak" in near[0].data["merged"]


def test_explained_findings_are_dropped_only_inside_their_span_and_count():
    rep = "boilerplate.repetition"
    # A long pasted passage [0, 100) and a short one [10, 20) inside it: a finding at 50..60 is
    # reached only by the long one, although the short one starts later (the lookup must not stop there).
    long_ = Finding("hygiene.duplicate_line", W, 0, 100, "", "整段重复。", None, data={"explains": [[0, 100, rep, 2]]})
    short = Finding("hygiene.duplicate_line", W, 10, 20, "", "句子重复。", None, data={"explains": [[10, 20, rep, 2]]})
    inside = Finding(rep, INFO, 50, 60, "", "出现 2 次。", None, data={"count": 2})
    often = Finding(rep, INFO, 52, 58, "", "出现 5 次。", None, data={"count": 5})  # more than the paste explains
    outside = Finding(rep, INFO, 95, 105, "", "出现 2 次。", None, data={"count": 2})  # crosses the end
    other_rule = Finding("hygiene.typo", INFO, 50, 60, "", "错字。", None)
    out = _merge(long_, short, inside, often, outside, other_rule)
    kept = {(f.rule, f.start) for f in out}
    assert (rep, 50) not in kept
    assert {(rep, 52), (rep, 95), ("hygiene.typo", 50)} <= kept
