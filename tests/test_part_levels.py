"""A part whose heading slipped a level, or sits one level down, is found (issue 13): no false
red 缺少 error, one numbering finding for the slip, a calm checklist row for a nested part."""

from core.analyzer import analyze

OPENING = "2025年度抓基层党建工作述职报告\n按照区委组织部的通知要求，现将本人2025年度抓基层党建工作情况报告如下。\n"
WORK = ("全年我主持中心组学习12次，讲党课4次，组织专题研讨6次，党员参学率达到97%，推动11个支部建立学习台账，"
        "完成3个支部换届，发展党员5名，整顿软弱涣散支部2个，为群众办实事23件。")
PROBLEMS = "一是自学笔记偏少，研讨联系实际不够；二是有2个支部学习记录不全。"
CAUSES = "主要是本人抓党建的责任意识还不够强，重业务轻党建。"
PLANS = "一是每月集中学习不少于2次；二是年底前补齐2个支部台账。"


def _report(*lines: str) -> str:
    return OPENING + "\n".join(lines) + "\n"


def test_a_part_numbered_one_level_down_is_still_that_part():
    text = _report("一、履职情况", WORK, "二、存在问题", PROBLEMS, "三、原因分析", CAUSES, "4、下一步打算", PLANS)
    report = analyze(text)
    assert "plans" in {s.key for s in report.sections}
    assert not [f for f in report.findings if f.rule == "structure.missing_section"]
    slips = [f for f in report.findings if f.rule == "hygiene.numbering"]
    assert len(slips) == 1 and text[slips[0].start:slips[0].end] == "4、" and slips[0].suggestion == "四、"


def test_a_measure_heading_inside_the_plans_is_no_part():
    text = _report("一、履职情况", WORK, "二、原因分析", CAUSES, "三、下一步打算", "1.针对存在问题", PLANS)
    keys = [s.key for s in analyze(text).sections]
    assert keys.count("plans") == 1 and "problems" not in keys


def test_a_nested_part_is_a_warning_and_a_warn_row_not_a_red_error():
    text = _report("一、履职情况", "（一）主要做法。" + WORK, "（二）存在的问题。" + PROBLEMS,
                   "（三）原因分析。" + CAUSES, "二、下一步打算", PLANS)
    report = analyze(text)
    missing = [f for f in report.findings if f.rule == "structure.missing_section"]
    assert missing and all(f.severity.value == "warning" for f in missing)
    assert {f.section for f in missing} == {"problems", "causes"}
    row = next(i for i in report.checklist if i.id == "section.problems")
    assert row.status == "warn" and "（二）存在的问题" in row.message


def test_a_theme_of_its_own_is_not_promoted_when_a_skeleton_heading_follows():
    text = _report("一、履职情况", WORK, "（二）存在问题", PROBLEMS, "二、下一步打算", PLANS)
    report = analyze(text)
    assert "problems" not in {s.key for s in report.sections}


def test_a_heading_run_into_its_list_keeps_its_part_and_the_list_its_first_item():
    # A document site dropped the line break: "二、存在问题一是……".
    text = _report("一、履职情况", WORK, "二、存在问题" + PROBLEMS, "三、原因分析", CAUSES, "四、下一步打算", PLANS)
    report = analyze(text)
    assert "problems" in {s.key for s in report.sections}
    assert not [f for f in report.findings if f.rule in ("structure.missing_section", "hygiene.numbering")]


def test_headings_in_markdown_bold_are_headings():
    text = _report("**一、履职情况**", WORK, "**二、存在问题**", PROBLEMS, "三、原因分析", CAUSES, "## 四、下一步打算", PLANS)
    report = analyze(text)
    assert {"performance", "problems", "causes", "plans"} <= {s.key for s in report.sections}
    assert not [f for f in report.findings if f.rule in ("structure.missing_section", "hygiene.numbering")]
    assert [f.rule for f in report.findings if f.rule == "hygiene.watermark"]  # the Markdown marks themselves


def test_an_ai_assistants_preface_is_no_title_and_is_flagged():
    from core.analysis.analyzer import default_analyzer

    text = "好的，以下是为您撰写的2025年度抓基层党建工作述职报告：\n" + _report("一、履职情况", WORK, "二、存在问题", PROBLEMS,
                                                                   "三、原因分析", CAUSES, "四、下一步打算", PLANS)
    doc = default_analyzer().parse(text)
    assert doc.title is not None and doc.title.text == "2025年度抓基层党建工作述职报告"
    report = analyze(text)
    assert any(f.rule == "hygiene.watermark" and f.start == 0 for f in report.findings)
