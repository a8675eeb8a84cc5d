"""formulation.variant: near misses of fixed formulations, never the exact forms or other phrases."""

from __future__ import annotations

import pytest

from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import get_lexicon
from core.analysis.settings import AnalysisSettings

RULE = "formulation.variant"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(get_lexicon(), AnalysisSettings(only_rules={RULE}))


@pytest.fixture(scope="module")
def formulations() -> list[dict]:
    return get_lexicon().toml("formulations")["formulation"]


def flagged(analyzer: Analyzer, text: str) -> list[tuple[str, str | None]]:
    report = analyzer.analyze(text)
    assert not report.stats.get("rule_errors")
    return [(f.text, f.suggestion) for f in report.findings if f.rule == RULE]


def test_at_least_80_formulations_with_exact_expansions(formulations):
    assert len(formulations) >= 80
    by_text = {f["text"]: f for f in formulations}
    for name in ("四个意识", "四个自信", "两个维护", "两个确立", "三会一课", "第一议题", "一岗双责", "全面从严治党",
                 "理论学习中心组", "中央八项规定精神", "习近平新时代中国特色社会主义思想"):
        assert name in by_text, name
    assert "政治意识、大局意识、核心意识、看齐意识" in by_text
    assert "道路自信、理论自信、制度自信、文化自信" in by_text
    for f in formulations:
        if f.get("items"):
            sep = "，" if "，" in f["text"] else "、"
            assert sep.join(f["items"]) == f["text"], f["text"]


def test_exact_formulations_are_never_flagged(analyzer, formulations):
    for f in formulations:
        text = f["text"]
        assert not flagged(analyzer, text), text
        assert not flagged(analyzer, f"我们要坚持{text}，不断推进工作。"), text
        assert not flagged(analyzer, f"认真学习“{text}”的丰富内涵。"), text


def test_known_variants_are_flagged_with_the_exact_form(analyzer, formulations):
    for f in formulations:
        for v in f.get("variants", []):
            got = flagged(analyzer, f"要{v}。")
            assert (v, f["text"]) in got, (v, got)


@pytest.mark.parametrize("text,wrong,right", [
    ("落实三绘一课制度。", "三绘一课", "三会一课"),                      # substitution
    ("落实三会一一课制度。", "三会一一课", "三会一课"),                    # insertion (doubled)
    ("严格落实中央八项规精神。", "中央八项规精神", "中央八项规定精神"),      # deletion
    ("贯彻习近平新时代中国特色社会主义想思。", "习近平新时代中国特色社会主义想思", "习近平新时代中国特色社会主义思想"),
    ("增强四个意识，坚定四个白信。", "四个白信", "四个自信"),              # short formulation
    ("召开组织声活会。", "组织声活会", "组织生活会"),
    ("深入学习贯彻党的二十大精神和习近平法制思想。", "习近平法制思想", "习近平法治思想"),
])
def test_one_edit_near_misses(analyzer, text, wrong, right):
    assert flagged(analyzer, text) == [(wrong, right)]


@pytest.mark.parametrize("text", [
    "推进党员学习教育常态化。",           # 党员 is a word: a different phrase, not 党史学习教育
    "深入开展党纪学习教育。",             # listed exception
    "严格从严治校，推进全面从严治警。",
    "围绕四个方面开展整治，提出四个意见。",  # first/last character differs: other words
    "召开组织生活中的问题剖析会，落实三会一棵树的绿化认养。",
    "学习贯彻党的十九大精神。",           # numerals: another congress, not a slip
    "中国共产党的领导是中国特色社会主义最本质的特征。",  # an extra 的 is tolerated
    "组织开展主题团日活动。",
    "批评与自我批评是有力武器。",
    "坚持不忘初心，牢记使命。",            # punctuation differences are not slips
])
def test_legitimate_neighbours_pass(analyzer, text):
    assert flagged(analyzer, text) == []


def test_enumeration_order(analyzer):
    got = flagged(analyzer, "增强大局意识、政治意识、核心意识、看齐意识。")
    assert got == [("大局意识、政治意识、核心意识、看齐意识", "政治意识、大局意识、核心意识、看齐意识")]
    # Separators as written are kept.
    got = flagged(analyzer, "一体推进不能腐，不敢腐，不想腐。")
    assert got == [("不能腐，不敢腐，不想腐", "不敢腐，不能腐，不想腐")]
    assert flagged(analyzer, "一体推进不敢腐、不能腐、不想腐。") == []


def test_suggestion_replaces_exactly_the_span(analyzer):
    text = "持续加强党风廉正建设，压实全面从严治党主题责任。"
    report = analyzer.analyze(text)
    fixed = text
    for f in sorted(report.findings, key=lambda f: -f.start):
        fixed = fixed[:f.start] + f.suggestion + fixed[f.end:]
    assert fixed == "持续加强党风廉政建设，压实全面从严治党主体责任。"
    assert flagged(analyzer, fixed) == []


def test_user_formulations_extend_the_list(tmp_path):
    from core.analysis.lexicon import Lexicon

    (tmp_path / "formulations.toml").write_text(
        '[[formulation]]\ntext = "网格化服务管理"\n', encoding="utf-8")
    lex = Lexicon(user_dir=tmp_path)
    a = Analyzer(lex, AnalysisSettings(only_rules={RULE}))
    found = [f for f in a.analyze("推进网格化服务理管。").findings]
    assert [(f.text, f.suggestion) for f in found] == [("网格化服务理管", "网格化服务管理")]


def test_user_word_list_of_formulations(tmp_path):
    """设置 › 规范表述 writes words/formulations.txt, one formulation a line (quotes included)."""
    from core.analysis.lexicon import Lexicon

    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "formulations.txt").write_text("“四下基层”制度\n", encoding="utf-8")
    a = Analyzer(Lexicon(user_dir=tmp_path), AnalysisSettings(only_rules={RULE}))
    found = a.analyze("落实“四下基础”制度，带队蹲点调研。").findings
    assert [(f.text, f.suggestion) for f in found] == [("“四下基础”制度", "“四下基层”制度")]
    assert not a.analyze("落实“四下基层”制度。").findings


def test_edited_user_list_applies_after_reload(tmp_path):
    from core.analysis.lexicon import Lexicon

    lex = Lexicon(user_dir=tmp_path)
    a = Analyzer(lex, AnalysisSettings(only_rules={RULE}))
    assert not a.analyze("推进网格化服务理管。").findings
    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "formulations.txt").write_text("网格化服务管理\n", encoding="utf-8")
    lex.reload()
    a = Analyzer(lex, AnalysisSettings(only_rules={RULE}))
    assert [f.suggestion for f in a.analyze("推进网格化服务理管。").findings] == ["网格化服务管理"]


def test_first_character_scan_finds_what_the_plain_alternation_finds():
    """The look-ahead in front of the first-character patterns only skips positions."""
    import random
    import re
    import types

    from bench.corpus import report_text
    from core.analysis.rules import formulation as F

    lex = get_lexicon()
    t = F._table(types.SimpleNamespace(lexicon=lex, settings=None))
    fast = t.short_first_rx
    assert fast.pattern.startswith("(?=[")
    plain = re.compile(fast.pattern[fast.pattern.index("])(?:") + 5:-1])
    conf = lex.confusables()
    rng = random.Random(15)
    texts = [p for p in report_text(8000).split("\n") if p]
    for f in t.items:  # every short formulation with each of a few look-alike first characters
        alts = sorted(c for c in conf.alternatives(f.text[0]) if "\u4e00" <= c <= "\u9fff")
        for a in rng.sample(alts, min(3, len(alts))):
            texts.append(f"认真落实{a}{f.text[1:]}{a}{f.text[1:]}要求")
    found = 0
    for text in texts:
        got = list(F._all_matches(fast, text))
        assert got == list(F._all_matches(plain, text)), text
        found += bool(got)
    assert found > 20
