"""boilerplate.*: repetition, cliche, empty_claim and overlap on whole reports."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.analysis.analyzer import Analyzer, CompareDoc
from core.analysis.findings import Severity
from core.analysis.lexicon import get_lexicon
from core.analysis.settings import AnalysisSettings
from core.common.paths import resource_path

DATA = Path(__file__).parent / "data"
RULES = {"boilerplate.repetition", "boilerplate.cliche", "boilerplate.empty_claim", "boilerplate.overlap"}
CLEAN = sorted(DATA.glob("clean_*.txt"))  # every clean report of the project, not only ours


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(get_lexicon(), AnalysisSettings(only_rules=set(RULES)))


def only(report, rule):
    return [f for f in report.findings if f.rule == rule]


# ---- clean reports ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_clean_reports_get_no_warning(path, analyzer):
    text = path.read_text(encoding="utf-8")
    others = [CompareDoc(p.stem, p.read_text(encoding="utf-8")) for p in CLEAN if p != path]
    # a 对照检查材料 (班子 or personal) has no 履职情况 to weigh
    kind = "duizhao" if "banzi" in path.name or "duizhao" in path.name else "shuzhi"
    report = analyzer.analyze(text, kind, others)
    assert not report.stats.get("rule_errors")
    loud = [(f.rule, f.text, f.message) for f in report.findings if f.severity != Severity.INFO]
    assert not loud
    assert report.stats["checklist.cliche_density"][1] == "pass"
    if kind == "shuzhi":
        assert report.stats["checklist.empty_claims"][1] == "pass"
    assert report.stats["checklist.overlap"][1] == "pass"


def test_own_clean_reports_name_domain_terms_and_two_maintenances():
    for path in sorted(DATA.glob("clean_boilerplate_*.txt")):
        text = path.read_text(encoding="utf-8")
        assert 1500 <= len(text) <= 2600
        assert text.count("两个维护") == 2
        assert 3 <= text.count("三会一课") <= 4


# ---- repetition ---------------------------------------------------------------------------------
SLOGAN = "坚持以人民为中心的发展思想"


def test_repetition_reports_the_maximal_phrase_once_per_occurrence(analyzer):
    text = (f"我{SLOGAN}，带头走访困难群众。支部{SLOGAN}，开展结对帮扶。"
            f"全年{SLOGAN}，为群众办结实事15件。")
    hits = only(analyzer.analyze(text), "boilerplate.repetition")
    assert [f.text for f in hits] == [SLOGAN] * 3
    assert {f.data["count"] for f in hits} == {3}
    assert len({f.data["group"] for f in hits}) == 1
    assert all(f.severity == Severity.WARNING for f in hits)


def test_repetition_counts_every_occurrence_and_leftover_sub_phrases_need_the_threshold(analyzer):
    text = (f"我{SLOGAN}。支部{SLOGAN}。全年{SLOGAN}。"
            "我们以人民为中心开展工作，支部以人民为中心。")
    hits = only(analyzer.analyze(text), "boilerplate.repetition")
    assert [f.text for f in hits] == [SLOGAN] * 3


def test_repetition_ignores_two_maintenances_twice_headings_numbers_and_names(analyzer):
    text = ("一、履职情况\n（一）狠抓责任落实\n我做到“两个维护”，全年召开党组会议26次。"
            "班子成员践行“两个维护”，开展谈心谈话35人次。\n"
            "（二）狠抓责任落实\n三会一课按月开展，三会一课记录每月检查，三会一课问题当月整改。\n"
            "二、存在问题\n（一）狠抓责任落实\n发展党员2名，发展党员3名，发展党员1名。")
    assert only(analyzer.analyze(text), "boilerplate.repetition") == []


def test_repetition_threshold_scales_with_length_and_settings():
    lex = get_lexicon()
    text = "我严格落实制度规定，每月检查。支部严格落实制度规定，每季通报。机关严格落实制度规定，年底考核。"
    loose = Analyzer(lex, AnalysisSettings(only_rules={"boilerplate.repetition"},
                                           thresholds={"boilerplate.phrase_min_count": 4}))
    assert only(loose.analyze(text), "boilerplate.repetition") == []
    strict = Analyzer(lex, AnalysisSettings(only_rules={"boilerplate.repetition"}))
    assert len(only(strict.analyze(text), "boilerplate.repetition")) == 3


def test_repeated_clause_is_a_warning_with_its_count(analyzer):
    clause = "把党建工作与业务工作同谋划同部署同考核"
    text = f"一是抓制度，{clause}，召开专题会4次。二是抓考核，{clause}，结果与评优挂钩。"
    hits = only(analyzer.analyze(text), "boilerplate.repetition")
    assert [f.text for f in hits] == [clause, clause]
    assert hits[0].data["kind"] == "clause" and hits[0].data["count"] == 2


def test_monotonous_openings_are_info(analyzer):
    text = ("一、履职情况\n坚持每月召开支委会，研究议题23个。坚持每季度讲党课，全年4次。"
            "坚持周五集中学习，全年40次。坚持每半年谈心谈话，谈话56人次。")
    hits = only(analyzer.analyze(text), "boilerplate.repetition")
    assert [f.text for f in hits] == ["坚持"] * 4
    assert all(f.severity == Severity.INFO and f.section == "performance" for f in hits)


# ---- cliche -------------------------------------------------------------------------------------
def test_cliche_lexicon_is_large_and_every_category_has_a_suggestion():
    with open(resource_path("cliches.toml"), "rb") as fh:
        data = tomllib.load(fh)
    phrases = [p for cat in data.values() for p in cat["phrases"]]
    assert len(set(phrases)) >= 150
    for cat in data.values():
        assert cat["label"] and cat["suggestion"] and cat["why"]
    for needed in ("高度重视", "认真贯彻", "狠抓落实", "再上新台阶", "取得了一定成绩", "不断开创…新局面"):
        assert needed in phrases


def test_a_couple_of_cliches_stay_info(analyzer):
    text = (DATA / "clean_boilerplate_1.txt").read_text(encoding="utf-8")
    text = text.replace("我把“第一议题”制度", "我高度重视理论学习，把“第一议题”制度", 1)
    text = text.replace("我与4个支部书记", "我高度重视基层党建，与4个支部书记", 1)
    report = analyzer.analyze(text)
    hits = [f for f in only(report, "boilerplate.cliche") if f.text == "高度重视"]
    assert len(hits) == 2
    assert all(f.severity == Severity.INFO for f in hits)
    assert "2 次" in hits[0].message
    assert report.stats["checklist.cliche_density"][1] == "pass"


def test_dense_cliches_become_warnings_with_density_per_section(analyzer):
    stock = "我对党建工作高度重视，认真贯彻上级部署，狠抓落实，真抓实干，攻坚克难，推动党建工作再上新台阶。"
    text = f"一、履职情况\n{stock}全年召开会议12次。\n二、存在问题\n学习深度不够，个别支部会议记录不全3处。"
    report = analyzer.analyze(text)
    hits = only(report, "boilerplate.cliche")
    assert len(hits) >= 6
    assert all(f.severity == Severity.WARNING for f in hits if f.start < text.index("二、"))
    sections = {s["key"]: s for s in report.stats["boilerplate"]["cliche"]["sections"]}
    assert sections["performance"]["warn"] and sections["performance"]["density"] > 12
    assert not sections["problems"]["warn"]
    label, status, message = report.stats["checklist.cliche_density"]
    assert (label, status) == ("套话密度", "warn") and "履职情况" in message
    assert any(c.id == "cliche_density" and c.status == "warn" for c in report.checklist)


def test_cliche_gap_pattern_and_guard(analyzer):
    hits = only(analyzer.analyze("推动机关党建不断开创党建引领高质量发展新局面。"), "boilerplate.cliche")
    assert [f.text for f in hits] == ["不断开创党建引领高质量发展新局面"]
    assert only(analyzer.analyze("所以为群众办实事要从小事做起，难以为抓手的事不做。"), "boilerplate.cliche") == []


# ---- empty_claim --------------------------------------------------------------------------------
def test_empty_claims_only_in_performance_with_share(analyzer):
    text = ("一、履职情况\n我每月听取一次支部书记汇报，全年12次。全镇党员队伍的整体素质明显提升。"
            "基层党建工作取得了明显成效。开展“书香机关”读书活动，读书氛围更加浓厚。\n"
            "二、存在问题\n党员队伍素质明显提升的同时，青年党员培养跟不上。")
    report = analyzer.analyze(text)
    hits = only(report, "boilerplate.empty_claim")
    assert [f.text for f in hits] == ["全镇党员队伍的整体素质明显提升", "基层党建工作取得了明显成效"]
    assert all(f.severity == Severity.INFO and f.section == "performance" for f in hits)
    [sec] = report.stats["boilerplate"]["empty_claims"]["sections"]
    assert (sec["sentences"], sec["empty"]) == (4, 2) and sec["share"] == 0.5
    assert report.stats["checklist.empty_claims"][1] == "pass"  # fewer than 3


def test_formulation_numerals_are_not_facts(analyzer):
    text = "一、履职情况\n班子成员“两个维护”的自觉性不断增强。党员“四个意识”明显增强。"
    assert len(only(analyzer.analyze(text), "boilerplate.empty_claim")) == 2


# ---- overlap ------------------------------------------------------------------------------------
LAST_YEAR = ("根据县委组织部的安排，现将本人2023年度抓基层党建工作情况报告如下。\n一、履职情况\n"
             "一年来，我把抓好党建作为最大的政绩，每季度专题研究党建工作一次，带领班子成员深入联系点开展调研，"
             "帮助解决阵地建设、经费保障等实际问题九个。\n针对上年度述职评议指出的问题，逐项建立台账，"
             "明确责任人和完成时限，全部问题按期整改到位。")


def test_overlap_reports_source_length_and_share(analyzer):
    text = ("根据镇党委的安排，现将本人2024年度抓基层党建工作情况报告如下。\n一、履职情况\n"
            "今年，我把抓好党建作为最大的政绩；每季度专题研究党建工作一次，新建党员活动室2个。")
    report = analyzer.analyze(text, "shuzhi", [CompareDoc("2023年述职报告", LAST_YEAR)])
    hits = only(report, "boilerplate.overlap")
    [f] = hits  # the shared opening formula (现将本人…报告如下) is not copying
    assert f.text == "我把抓好党建作为最大的政绩；每季度专题研究党建工作一次"
    assert f.severity == Severity.WARNING
    assert f.message == "与《2023年述职报告》中的一段文字完全相同（26 字）。"
    assert f.data["source"] == "2023年述职报告" and f.data["length"] == 26
    ov = report.stats["boilerplate"]["overlap"]
    assert ov["copied_chars"] == 26
    assert 0 < ov["share"] == f.data["share"] < 1
    assert ov["sources"][0]["name"] == "2023年述职报告"


def test_overlap_across_paragraphs_is_split_per_paragraph(analyzer):
    text = "一、履职情况\n" + LAST_YEAR.split("\n", 2)[2] + "\n今年新增的内容与去年完全不同。"
    report = analyzer.analyze(text, "shuzhi", [CompareDoc("去年", LAST_YEAR)])
    hits = only(report, "boilerplate.overlap")
    assert len(hits) == 2
    assert all("\n" not in f.text for f in hits)
    assert hits[0].data["passage_length"] == hits[1].data["passage_length"] > hits[0].data["length"]
    assert "整段连续" in hits[0].message


def test_overlap_ignores_formulations_and_needs_compare(analyzer):
    text = "一、履职情况\n我坚持深入学习贯彻习近平新时代中国特色社会主义思想，全年讲党课3次。"
    other = "他们坚持深入学习贯彻习近平新时代中国特色社会主义思想，全年组织学习40次。"
    assert only(analyzer.analyze(text, "shuzhi", [CompareDoc("范文", other)]), "boilerplate.overlap") == []
    report = analyzer.analyze(LAST_YEAR)
    assert only(report, "boilerplate.overlap") == [] and "checklist.overlap" not in report.stats


def test_overlap_names_the_longest_source_and_lists_the_others(analyzer):
    template = LAST_YEAR.split("\n", 2)[2]
    report = analyzer.analyze(template, "shuzhi", [CompareDoc("范文网", template), CompareDoc("去年", LAST_YEAR)])
    hits = only(report, "boilerplate.overlap")
    assert hits and all(f.data["source"] in ("范文网", "去年") for f in hits)
    assert any(f.data["also"] for f in hits)
    assert report.stats["checklist.overlap"][1] == "warn"


def test_incremental_reanalysis_matches_a_fresh_analysis():
    lex = get_lexicon()
    cached = Analyzer(lex, AnalysisSettings(only_rules=set(RULES)))
    text = (DATA / "clean_boilerplate_2.txt").read_text(encoding="utf-8")
    compare = [CompareDoc("去年", (DATA / "clean_boilerplate_1.txt").read_text(encoding="utf-8") + LAST_YEAR)]
    cached.analyze(text, "shuzhi", compare)
    edited = text.replace("全年参加12次", "全年参加12次。我坚持以人民为中心的发展思想。我坚持以人民为中心的发展思想。"
                          "我坚持以人民为中心的发展思想。" + LAST_YEAR.split("\n")[2])
    again = cached.analyze(edited, "shuzhi", compare)
    fresh = Analyzer(lex, AnalysisSettings(only_rules=set(RULES))).analyze(edited, "shuzhi", compare)
    key = [(f.rule, f.start, f.end, f.message) for f in fresh.findings]
    assert [(f.rule, f.start, f.end, f.message) for f in again.findings] == key
    assert {f.rule for f in again.findings} >= {"boilerplate.repetition", "boilerplate.overlap"}


# ---- robustness ---------------------------------------------------------------------------------
PIECES = st.sampled_from([
    "一、履职情况\n", "二、存在问题\n", "三、下一步打算\n", "（一）", "一是", "坚持以人民为中心的发展思想", "狠抓落实",
    "高度重视", "“两个维护”", "三会一课", "取得了明显成效", "不断开创", "新局面", "以", "为抓手", "，", "。", "；",
    "\n", " ", "“", "”", "12次", "我", "全年", "明显提升", "把党建工作与业务工作同谋划同部署同考核", "《办法》",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=50).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(TEXT, TEXT, st.integers(0, 40))
def test_findings_always_index_the_text(text, other, cut):
    analyzer = Analyzer(get_lexicon(), AnalysisSettings(only_rules=set(RULES)))
    compare = [CompareDoc("甲", other + text[cut:] + other), CompareDoc("乙", text[: cut * 3])]
    report = analyzer.analyze(text, "shuzhi", compare)
    assert not report.stats.get("rule_errors"), report.stats["rule_errors"]
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.text == text[f.start:f.end] and f.message
