"""hygiene.* rules: clean reports stay silent, data tables are sound, odd input never breaks a rule.

The per-rule must-flag / must-pass tables live in resources/examples/hygiene.toml (run by
tests/test_rule_examples.py); these tests cover what a table of sentences cannot.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import get_lexicon
from core.analysis.rules import all_rules
from core.analysis.settings import AnalysisSettings
from core.common.paths import resource_path
from tests.rule_examples import load_examples

DATA = Path(__file__).parent / "data"
MINE = sorted(r for r in all_rules() if r.startswith(("hygiene.", "formulation.")))
CLEAN = sorted(DATA.glob("clean_hygiene_*.txt"))


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(get_lexicon(), AnalysisSettings(only_rules=set(MINE)))


def run(analyzer: Analyzer, text: str, rule_id: str | None = None):
    report = analyzer.analyze(text)
    assert not report.stats.get("rule_errors")
    return [f for f in report.findings if rule_id is None or f.rule == rule_id]


def test_the_rule_families_are_registered():
    expected = {"hygiene.placeholder", "hygiene.watermark", "hygiene.numbering", "hygiene.bracket",
                "hygiene.punctuation", "hygiene.duplicate_word", "hygiene.linebreak", "hygiene.traditional",
                "hygiene.year", "hygiene.typo", "formulation.variant"}
    assert expected <= set(MINE)


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_clean_reports_have_no_findings(analyzer, path):
    text = path.read_text(encoding="utf-8")
    assert len(text) > 1200
    found = run(analyzer, text)
    assert not found, [(f.rule, f.text, f.message) for f in found]


def test_clean_reports_are_really_full_reports(analyzer):
    """The clean texts exercise the traps: numbering, 一是/二是, quotes, figures, years."""
    for path in CLEAN:
        text = path.read_text(encoding="utf-8")
        doc = analyzer.parse(text)
        assert doc.year is not None
        assert sum(1 for h in doc.headings if h.style == "cn") >= 3
        assert sum(1 for h in doc.headings if h.style == "paren_cn") >= 3
        assert len(doc.enums) >= 3
        assert "“" in text and re.search(r"\d+(\.\d+)?[%名次个项]", text)


def test_findings_carry_drop_in_suggestions(analyzer):
    text = ("2024年度述职报告\n2023年，我认真履行职责。\n一、履职情况\n全年开展活动XX次,支部支部书记带头讲党课，"
            "加强党风廉正建设，认真布署工作（二)，學習12次。。\n三、存在问题\n学用结合不紧。")
    found = run(analyzer, text)
    rules = {f.rule for f in found}
    assert {"hygiene.placeholder", "hygiene.punctuation", "hygiene.duplicate_word", "formulation.variant",
            "hygiene.typo", "hygiene.bracket", "hygiene.traditional", "hygiene.numbering", "hygiene.year"} <= rules
    for f in found:
        assert f.message and f.text == text[f.start:f.end]
        assert f.end > f.start
        if f.suggestion is not None:
            assert f.suggestion != f.text  # a replacement, never a no-op
            fixed = text[:f.start] + f.suggestion + text[f.end:]
            again = [g for g in run(analyzer, fixed, f.rule) if g.start <= f.start < g.end or
                     f.start <= g.start < f.start + len(f.suggestion)]
            if f.rule not in ("hygiene.numbering", "hygiene.year"):  # renumbering may cascade
                assert not again, (f.rule, f.text, f.suggestion, [(g.text, g.message) for g in again])


# ---- data tables ------------------------------------------------------------------------------
def test_typo_table_is_large_and_consistent():
    data = tomllib.loads(resource_path("typos.toml").read_text(encoding="utf-8"))
    words = data["words"]
    assert len(words) >= 300
    for wrong, v in words.items():
        entry = {"right": v} if isinstance(v, str) else v
        assert entry["right"] and entry["right"] != wrong, wrong
        assert len(wrong) >= 2
        for u in entry.get("unless", []):
            assert wrong in u, (wrong, u)
        assert entry.get("severity", "error") in ("error", "warning")
    for c in data["context"]:
        rx = re.compile(c["regex"])
        assert c["right"]
        assert re.match(r"[\u4e00-\u9fff]", c["regex"]), "context regexes start with their literal"
        assert rx.pattern


def test_typo_corrections_do_not_trigger_the_rule(analyzer):
    """Applying a suggestion must give text the rule accepts (no entry corrects into another)."""
    data = tomllib.loads(resource_path("typos.toml").read_text(encoding="utf-8"))
    rights = {(v if isinstance(v, str) else v["right"]) for v in data["words"].values()}
    text = "，".join(sorted(rights)) + "。"
    found = run(analyzer, text, "hygiene.typo")
    assert not found, [(f.text, f.message) for f in found]


def test_traditional_table_leaves_characters_valid_in_simplified_text():
    pairs = dict(line.split() for line in get_lexicon().words("traditional_chars"))
    assert len(pairs) > 2000
    for ch in "乾著瞭於藉夥覆徵祇麽甚昇甯":
        assert ch not in pairs, ch
    assert pairs["黨"] == "党" and pairs["這"] == "这" and pairs["後"] == "后"
    assert all(len(k) == 1 and len(v) == 1 for k, v in pairs.items())


def test_watermark_triggers_cover_every_match():
    """A watermark regex runs only where one of its triggers occurs: every match must hold one."""
    entries = get_lexicon().toml("hygiene")["watermark"]
    texts = [ex.text for exs in load_examples().values() for ex in exs]
    texts += [p.read_text(encoding="utf-8") for p in CLEAN]
    for w in entries:
        rx = re.compile(w["regex"])
        for t in texts:
            for para in t.split("\n"):
                for m in rx.finditer(para):
                    if m.group().strip():
                        assert any(trig in m.group() for trig in w["triggers"]), (w["name"], m.group())


def test_reduplication_allow_list_is_data():
    allow = get_lexicon().words("reduplication_allow")
    assert "研究" in allow and "讨论" in allow


# ---- specific behaviour -----------------------------------------------------------------------
def test_placeholder_spans_and_messages(analyzer):
    found = run(analyzer, "20XX年共发展党员X名，召开会议XX次，XX同志任书记。", "hygiene.placeholder")
    assert [f.text for f in found] == ["20XX", "X", "XX", "XX"]
    assert "年份" in found[0].message and "数字" in found[1].message and "姓名" in found[3].message


def test_watermark_reports_the_whole_residue(analyzer):
    text = "扎实开展学习（某某网原创，转载请注明出处 www.example.com.cn）。"
    found = run(analyzer, text, "hygiene.watermark")
    assert len(found) == 1 and found[0].text == "（某某网原创，转载请注明出处 www.example.com.cn）"
    assert found[0].severity.value == "error"


def test_markdown_bold_heading_gets_its_text_back(analyzer):
    found = run(analyzer, "**一、履职情况**", "hygiene.watermark")
    assert found and found[0].suggestion == "一、履职情况"
    assert not run(analyzer, "**一、履职情况**", "hygiene.placeholder")


def test_numbering_nested_items_and_continuations(analyzer):
    text = ("一、履职情况\n一是强化政治建设，强思想。一是开展学习。二是规范生活。\n二是压实责任。一是签订责任书。\n"
            "四是推进融合。\n二、存在问题\n一是学习不深。二是调研不够。")
    found = run(analyzer, text, "hygiene.numbering")
    assert [(f.text, f.suggestion) for f in found] == [("四是", "三是")]


def test_numbering_gap_at_level_one_is_an_error(analyzer):
    found = run(analyzer, "一、履职情况\n全年学习12次。\n三、存在问题\n调研不深。", "hygiene.numbering")
    assert found[0].severity.value == "error" and found[0].suggestion == "二、"


def test_numbering_mixed_marker_style(analyzer):
    text = "一、履职情况\n（一）加强学习。学习12次。\n（二）强化责任。签订18份。\n(三)改进作风。走访50户。"
    found = run(analyzer, text, "hygiene.numbering")
    assert [(f.text, f.suggestion) for f in found] == [("(三)", "（三）")]


def test_bracket_reversed_quotes_get_the_swapped_text(analyzer):
    found = run(analyzer, "落实”三会一课“制度。", "hygiene.bracket")
    assert len(found) == 1 and found[0].suggestion == "“三会一课”"


def test_punctuation_clash_keeps_the_stronger_mark(analyzer):
    found = run(analyzer, "走访群众50户，。", "hygiene.punctuation")
    assert found[0].text == "，。" and found[0].suggestion == "。"


def test_duplicate_word_suggests_the_single_word(analyzer):
    found = run(analyzer, "切实落实落实主体责任。", "hygiene.duplicate_word")
    assert [(f.text, f.suggestion) for f in found] == [("落实落实", "落实")]


def test_linebreak_join_suggestion(analyzer):
    text = "严格落实“三会一课”制度，全年召开支部党员大会4次、支委会12次，组织集中学\n习专题党课4次。"
    found = run(analyzer, text, "hygiene.linebreak")
    assert len(found) == 1 and found[0].text == "学\n习" and found[0].suggestion == "学习"


def test_traditional_run_is_one_finding(analyzer):
    found = run(analyzer, "加强黨風廉政建设。", "hygiene.traditional")
    assert [(f.text, f.suggestion) for f in found] == [("黨風", "党风")]


def test_year_plans_in_the_past(analyzer):
    text = ("2024年度述职报告\n今年以来，我认真履职。\n一、履职情况\n全年学习12次，较2023年增长20%。\n"
            "二、存在问题\n调研不深。\n三、下一步打算\n2024年，我将继续抓好学习，在2024年基础上巩固提升。")
    found = run(analyzer, text, "hygiene.year")
    assert [(f.text, f.suggestion) for f in found] == [("2024", "2025")]


def test_typo_context_entries(analyzer):
    found = run(analyzer, "截止目前，已整改18项；截止日期为12月31日。", "hygiene.typo")
    assert [(f.text, f.suggestion, f.severity.value) for f in found] == [("截止", "截至", "warning")]


# ---- robustness -------------------------------------------------------------------------------
_ALPHABET = st.sampled_from(list("一二三四是要、，。；：（）()“”‘’《》【】[]XxX×*＊_＿ 　\n\t20245年度某某某的的支部党风廉政建设"
                                 "四个意识三会一课黨風www.cn来源原创1.2%：:,;?!…——下一步打算履职情况存在问题"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_rules_never_raise_and_spans_are_sound(analyzer, text):
    report = analyzer.analyze(text)
    assert not report.stats.get("rule_errors")
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.text == text[f.start:f.end]
        assert f.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_rules_survive_any_unicode(analyzer, text):
    report = analyzer.analyze(text)
    assert not report.stats.get("rule_errors")


def test_a_slip_is_reported_once(analyzer):
    """主题责任 is a known misspelling and 黨 a traditional character: formulation.variant leaves
    them to hygiene.typo / hygiene.traditional instead of reporting the same slip twice."""
    found = run(analyzer, "落实全面从严治党主题责任，加强党風廉政建设。")
    assert sorted((f.rule, f.text) for f in found) == [("hygiene.traditional", "風"), ("hygiene.typo", "主题责任")]
    only = Analyzer(get_lexicon(), AnalysisSettings(only_rules={"formulation.variant"}))
    assert len(run(only, "落实全面从严治党主题责任，加强党風廉政建设。")) == 2


# ---- quotes: one defect, one finding, no wrong fix (issue 14) -------------------------------------
QUOTE_SPLIT = ("一、履职情况\n今年以来，我把党建工作作为第一责任，全年召开党委会12次，深入推进“党建\n"
               "引领基层治理”工程，建成党群服务站点8个，服务群众3200人次。\n我坚持问题导向，开展调研走访56次。")


def test_a_quote_split_by_a_hard_line_break_is_one_defect_the_break():
    full = Analyzer(get_lexicon())
    found = [f for f in full.analyze(QUOTE_SPLIT).findings if f.rule in ("hygiene.bracket", "hygiene.linebreak")]
    assert [(f.rule, f.text, f.suggestion) for f in found] == [("hygiene.linebreak", "建\n引", "建引")]
    assert "引号" in found[0].message
    # Without the break the same quote stays one pair; with the break removed nothing is left.
    assert not [f for f in full.analyze(QUOTE_SPLIT.replace("“党建\n", "“党建")).findings
                if f.rule in ("hygiene.bracket", "hygiene.linebreak")]


def test_quotes_unpaired_on_both_sides_of_a_break_are_still_errors(analyzer):
    # The next paragraph opens a quote of its own before its closer: no split pair.
    text = ("一、履职情况\n今年以来，我把党建工作作为第一责任，全年召开党委会12次，深入推进“党建\n"
            "引领“基层治理”工程”，建成党群服务站点8个，服务群众3200人次。")
    found = run(analyzer, text, "hygiene.bracket")
    assert found and all(f.severity.value == "error" for f in found if "配对" in f.message)


def test_two_openers_around_a_short_term_suggest_the_closer(analyzer):
    [f] = run(analyzer, "坚定“四个自信“，做到“两个维护”。", "hygiene.bracket")
    assert f.text == "“" and f.suggestion == "”" and "方向错误" in f.message


def test_two_openers_around_a_long_passage_are_unpaired_without_a_fix(analyzer):
    text = "他在会上强调“要把党建工作抓在手上，落到实处“三会一课必须按时召开，全年不少于12次。"
    found = run(analyzer, text, "hygiene.bracket")
    assert len(found) == 2 and all(f.suggestion is None and "方向" not in f.message for f in found)
    assert all(f.severity.value == "error" and "没有与之配对" in f.message for f in found)


def test_two_closers_around_a_long_passage_are_unpaired_without_a_fix(analyzer):
    text = "严格执行”三会一课制度，全年召开支部党员大会4次，支委会12次”。"
    found = run(analyzer, text, "hygiene.bracket")
    assert len(found) == 2 and all(f.suggestion is None for f in found)
    [g] = run(analyzer, "严格执行”三会一课”制度。", "hygiene.bracket")
    assert g.suggestion == "“" and g.start == 4


def test_reversed_quotes_around_a_long_passage_get_no_swap(analyzer):
    text = "他说”我们今天召开会议，研究部署全年党建工作“，随后逐项安排。"
    found = run(analyzer, text, "hygiene.bracket")
    assert found and all(f.suggestion is None and "颠倒" not in f.message for f in found)


def test_empty_quotes_are_flagged(analyzer):
    [f] = run(analyzer, "把“”落到实处。", "hygiene.bracket")
    assert f.text == "“”"


def test_single_quotes_split_by_a_hard_line_break_are_one_defect_the_break():
    text = ("一、履职情况\n今年以来，支部书记在党课上说：“要把‘三会一课’和‘主题党日\n"
            "活动’结合起来，每月开展一次，形成常态。”全年开展主题党日活动12次，参加党员360人次。")
    found = [f for f in Analyzer(get_lexicon()).analyze(text).findings
             if f.rule in ("hygiene.bracket", "hygiene.linebreak")]
    assert [(f.rule, f.text, f.suggestion) for f in found] == [("hygiene.linebreak", "日\n活", "日活")]


MULTI_PARAGRAPH_QUOTE = (
    "一、履职情况\n今年以来，我们认真学习党的创新理论。党委书记在动员会上强调：“各支部要把学习摆在首位，"
    "每月至少集中学习一次。\n　　“要把调查研究作为基本功，带着问题下基层，解决群众的操心事。\n"
    "　　“要把‘三会一课’落到实处，不走过场，不搞形式。”\n全年召开支委会12次，集中学习24次。")


def test_a_quotation_of_several_paragraphs_follows_the_convention():
    # GB/T 15834: “ opens each paragraph of the quotation, ” closes only the last one.
    full = Analyzer(get_lexicon())
    assert not [f for f in full.analyze(MULTI_PARAGRAPH_QUOTE).findings if f.rule == "hygiene.bracket"]
    # The last closer forgotten: one error, at the last paragraph's opener (where ” is missing).
    open_ended = MULTI_PARAGRAPH_QUOTE.replace("形式。”", "形式。")
    found = [f for f in full.analyze(open_ended).findings if f.rule == "hygiene.bracket"]
    assert [(f.severity.value, f.start) for f in found] == [("error", open_ended.index("“要把‘"))]


def test_a_quotation_over_paragraphs_marked_only_at_its_ends_is_one_suggestion():
    text = ("一、履职情况\n今年以来，我们认真学习党的创新理论。党委书记在动员会上强调：“各支部要把学习摆在首位，"
            "每月至少集中学习一次。\n　　要把调查研究作为基本功，带着问题下基层，解决群众的操心事。\n"
            "　　要把‘三会一课’落到实处，不走过场，不搞形式。”\n全年召开支委会12次，集中学习24次。")
    found = [f for f in Analyzer(get_lexicon()).analyze(text).findings if f.rule == "hygiene.bracket"]
    assert [(f.severity.value, f.start) for f in found] == [("info", text.index("“各支部"))]
    # Too far apart to be one quotation: two errors as before.
    far = text.replace("\n　　要把调查", "\n甲。\n乙。\n丙。\n　　要把调查")
    found = [f for f in Analyzer(get_lexicon()).analyze(far).findings if f.rule == "hygiene.bracket"]
    assert [f.severity.value for f in found] == ["error", "error"]
