"""Garbled text (乱码) inside hygiene.typo: found where a wrong decoding left it, silent elsewhere."""

from __future__ import annotations

import random
from pathlib import Path

import jieba
import pytest

from bench.corpus import report_text
from core.analysis.analyzer import Analyzer
from core.analysis.findings import Severity
from core.analysis.lexicon import get_lexicon
from core.analysis.settings import AnalysisSettings

SENTENCES = [
    "认真组织开展主题党日活动", "严格落实民主评议党员制度", "持续推进基层党组织规范化建设",
    "扎实开展党史学习教育", "切实履行管党治党政治责任", "深入学习贯彻党的创新理论",
    "全面加强党员队伍教育管理", "着力解决群众急难愁盼问题", "不断完善党建工作责任体系",
    "定期召开党支部委员会会议", "积极发展优秀青年入党", "加强机关作风效能建设",
    "推动党建与业务深度融合", "规范开展组织生活会", "认真做好党费收缴使用管理",
    "严肃查处违反中央八项规定精神问题", "建立健全问题整改长效机制", "选优配强村党组织书记",
]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(get_lexicon(), AnalysisSettings(only_rules={"hygiene.typo"}))


def typo_findings(analyzer: Analyzer, text: str):
    return [f for f in analyzer.analyze(text).findings if f.rule == "hygiene.typo"]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_utf8_read_as_gbk_is_flagged_where_it_is(analyzer, sentence):
    garbled = sentence.encode("utf-8").decode("gbk", errors="replace")
    text = f"今年以来，{garbled}，取得明显成效。"
    found = typo_findings(analyzer, text)
    start = len("今年以来，")
    assert any(f.start <= start + 1 and f.end >= start + len(garbled) - 2 for f in found), found
    assert all(f.severity in (Severity.ERROR, Severity.WARNING) for f in found)
    exact = [f for f in found if f.suggestion]
    if "\ufffd" not in garbled:  # no byte lost: the original is recovered whole
        assert exact and exact[0].suggestion == sentence
        assert exact[0].severity is Severity.ERROR


def as_western(data: bytes) -> str:
    """What a cp1252 reader shows; its five undefined bytes come through as Latin-1 controls."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


@pytest.mark.parametrize("sentence", SENTENCES[:6])
def test_utf8_read_as_latin_is_flagged_with_the_original(analyzer, sentence):
    garbled = as_western(sentence.encode("utf-8"))
    (f,) = typo_findings(analyzer, f"我们{garbled}。")
    assert (f.start, f.end) == (2, 2 + len(garbled))
    assert f.suggestion == sentence and f.severity is Severity.ERROR


def test_partial_garbage_gets_the_readable_part_and_no_wrong_suggestion(analyzer):
    garbled = "认真落实“三会一课”制度".encode().decode("gbk", errors="replace")
    found = typo_findings(analyzer, "各支部" + garbled + "。")
    assert len(found) == 1
    f = found[0]
    assert f.suggestion is None and "落实" in f.message and "丢失" in f.message


def test_kana_beside_chinese_is_a_warning_but_katakana_dot_is_not(analyzer):
    (f,) = typo_findings(analyzer, "开展“双报到ナ”活动。")
    assert f.severity is Severity.WARNING
    assert typo_findings(analyzer, "学习马克思・恩格斯的著作，阅读量—百ー千。") == []


def test_replacement_character_is_an_error(analyzer):
    (f,) = typo_findings(analyzer, "全年召开会议\ufffd次。")
    assert f.severity is Severity.ERROR


def test_clean_reports_and_dictionary_text_have_no_garbled_findings(analyzer):
    texts = [report_text(20_000), "。".join(SENTENCES)]
    words = [line.split()[0] for line in
             (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines()
             if int(line.split()[1]) >= 50 and len(line.split()[0]) <= 4]
    rng = random.Random(7)
    texts += ["".join(rng.choice(words) for _ in range(300)) for _ in range(150)]  # ~150 000 chars
    for text in texts:
        assert [f for f in typo_findings(analyzer, text) if "乱码" in f.message] == []


def test_characters_of_a_garbled_stretch_are_not_also_called_traditional():
    analyzer = Analyzer(get_lexicon(), AnalysisSettings(only_rules={"hygiene.typo", "hygiene.traditional"}))
    garbled = "深入开展主题教育".encode().decode("gbk", errors="replace")
    report = analyzer.analyze(f"各支部{garbled}，成效明显。")
    assert [f.rule for f in report.findings] == ["hygiene.typo"]
    # a real traditional word outside the stretch is still reported
    report = analyzer.analyze(f"各支部{garbled}，黨風建設成效明顯。")
    assert {f.rule for f in report.findings} == {"hygiene.typo", "hygiene.traditional"}
