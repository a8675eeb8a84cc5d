"""Sections, voice and severities read from the report's shape (issue 13): thematic headings,
run-in headings, unheaded parts, a leading outline, page counters, 班子 voice, a new skeleton."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.analysis.analyzer import analyze
from core.analysis.lexicon import get_lexicon
from core.text.sections import parse_report

DATA = Path(__file__).parent / "data"
PERF = ("全年我主持召开理论学习中心组学习会12次，带头讲党课3次，组织支部书记培训2期，培训86人次，"
        "推动11个支部全部建立学习台账，党员参学率达到96%，为群众办理实事41件，办结率98%。" * 2)
PROB = "一是学习转化不够，部分学习成果停留在记录上。二是指导支部不均衡，对两个偏远支部只去过一次，指导针对性不强。" * 2
PLAN = "一是每季度组织一次专题研讨，形成措施清单并明确时限。二是建立联系支部轮换制度，每季度到偏远支部参加一次组织生活。" * 2


def keys(text: str, kind: str = "shuzhi") -> list[str]:
    doc = parse_report(text, get_lexicon().section_matcher(kind))
    return [k for s in doc.sections for k in s.keys]


def serious(report, prefix: str = "") -> list:
    return [f for f in report.findings if f.severity.value in ("error", "warning") and f.rule.startswith(prefix)]


def test_thematic_headings_between_opening_and_problems_are_performance():
    text = (f"2025年度述职报告\n根据安排，现将本人履职情况报告如下。\n一、坚持政治引领，筑牢思想根基\n{PERF}\n"
            f"二、夯实基层基础，建强战斗堡垒\n{PERF}\n三、存在的问题\n{PROB}\n四、原因分析\n究其原因，本人学习自觉性不强。"
            f"\n五、下一步打算\n{PLAN}")
    assert keys(text) == ["opening", "performance", "performance", "problems", "causes", "plans"]
    assert not [f for f in analyze(text).findings if f.rule == "structure.missing_section"]


def test_thematic_headings_after_the_problems_are_the_plans():
    text = (f"根据安排，现将本人履职情况报告如下。\n一、坚持政治引领\n{PERF}\n二、存在的问题\n{PROB}"
            f"\n三、坚持问题导向，抓实整改\n{PLAN}")
    assert keys(text, "zongjie") == ["opening", "performance", "problems", "plans"]


def test_a_text_without_headings_has_a_body_and_cue_parts():
    text = (f"2025年党支部工作总结\n按照上级要求，现将本支部工作情况总结如下：\n{PERF}\n"
            f"但也要看到，工作中还存在一些问题和不足。{PROB}\n究其原因，主要是学习自觉性不够强。\n"
            f"下一步，支部将重点抓好以下工作。{PLAN}")
    assert keys(text, "zongjie") == ["opening", "performance", "problems", "causes", "plans"]
    assert not [f for f in analyze(text, "zongjie").findings if f.rule == "structure.missing_section"]


def test_a_short_cue_part_is_thin_not_missing():
    text = f"根据安排，现将本人履职情况报告如下。\n一、履职情况\n{PERF}\n二、存在问题\n{PROB}\n下一步，我将加强学习。"
    r = analyze(text)
    assert not [f for f in r.findings if f.rule == "structure.missing_section" and f.section == "plans"]
    thin = [f for f in r.findings if f.rule == "structure.empty_section" and f.section == "plans"]
    assert thin and thin[0].severity.value == "warning"


def test_run_in_headings_of_a_flattened_text():
    text = f"2025年度党建工作总结2025年，支部在上级党委领导下扎实开展工作，现将情况报告如下：一、主要工作（一）抓学习。{PERF}"
    assert keys(text, "zongjie")[:2] == ["opening", "performance"]


def test_opening_ending_with_rubao_ru_xia_is_never_missing():
    text = f"县委：\n根据组织部的统一安排，我对照职责认真检视，述职如下：\n一、坚持党建引领\n{PERF}"
    assert not [f for f in analyze(text).findings if f.section == "opening"]


def test_leading_outline_is_skipped():
    outline = "一、履职尽责\n（一）理论武装\n（二）强基固本\n二、对标检视\n三、精准施策\n"
    text = f"{outline}2025年度述职报告\n根据安排，现将本人2025年度抓基层党建工作情况述职如下。\n一、履职尽责，党建领航\n（一）理论武装。{PERF}"
    r = analyze(text)
    assert not serious(r, "hygiene.numbering")
    assert not [f for f in r.findings if f.section == "opening"]
    assert len(r.document.outline) == 5 and r.document.title.text == "2025年度述职报告"


def test_a_repeated_title_is_not_a_section():
    title = "街道党工委关于党建引领基层治理工作情况的报告"
    text = f"{title}\n\n{title}\n根据安排，现将有关工作情况报告如下：\n一、以组织建设为基\n{PERF}"
    assert keys(text, "zongjie") == ["opening", "performance"]


def test_banzi_material_is_not_asked_for_first_person():
    text = (f"镇领导班子2025年度民主生活会对照检查材料\n根据安排，现将班子对照检查情况报告如下。\n一、存在的主要问题\n"
            f"班子对照五个方面深入查摆。{PROB * 3}")
    assert not [f for f in analyze(text, "duizhao").findings if f.rule == "substance.first_person"]
    personal = text.replace("镇领导班子", "个人")
    assert [f for f in analyze(personal, "duizhao").findings if f.rule == "substance.first_person"]


def test_duizhao_checklist_names_its_own_parts():
    r = analyze("根据安排，现将对照检查情况报告如下。\n一、查摆的问题\n内容", "duizhao")
    labels = [c.label for c in r.checklist if c.id.startswith("section.")]
    assert "查摆的问题" in labels and "原因剖析" in labels and "整改措施" in labels


def test_new_skeleton_shows_to_fill_in_not_errors():
    text = "2025年度抓基层党建工作述职报告\n一、履职情况\n二、存在问题\n三、原因分析\n四、下一步打算"
    r = analyze(text)
    assert not [f for f in r.findings if f.rule.startswith("structure.") and f.severity.value != "info"
                and f.section != "opening"]
    status = {c.id: (c.status, c.message) for c in r.checklist}
    assert status["section.problems"] == ("todo", "待填写")


def test_missing_part_is_still_an_error():
    text = f"根据安排，现将本人履职情况报告如下。\n一、履职情况\n{PERF}\n二、下一步打算\n{PLAN}"
    errs = [f for f in analyze(text).findings if f.rule == "structure.missing_section" and f.section == "problems"]
    assert errs and errs[0].severity.value == "error"


@pytest.mark.parametrize("name,kind", [("clean_thematic.txt", "shuzhi"), ("clean_banzi.txt", "duizhao"),
                                       ("clean_flat.txt", "zongjie"), ("clean_duizhao_personal.txt", "duizhao"),
                                       ("clean_zhuti_zeren.txt", "zhuti_zeren"),
                                       ("clean_zongjie_hospital.txt", "zongjie")])
def test_clean_reports_in_awkward_shapes_stay_clean(name, kind):
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{name} not written yet")
    r = analyze(path.read_text(encoding="utf-8"), kind)
    assert [(f.rule, f.text, f.message) for f in serious(r)] == []


@pytest.mark.parametrize("kind", ["shuzhi", "zhuti_zeren", "zongjie", "duizhao"])
def test_the_apps_new_report_skeleton_has_no_red(kind):
    from core.analysis.templates import report_skeleton

    lex = get_lexicon()
    r = analyze(report_skeleton(lex.kind(kind), 2025), kind)
    assert [f for f in r.findings if f.rule.startswith("structure.") and f.severity.value != "info"] == []
    assert any(c.message == "待填写" for c in r.checklist)
