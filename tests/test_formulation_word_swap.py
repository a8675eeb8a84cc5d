"""formulation.variant: a word of a long formulation replaced by another word of the same pinyin
(the input method's wrong candidate for the syllables: 主义 -> 注意)."""

from __future__ import annotations

import pytest

from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import get_lexicon
from core.analysis.rules import formulation_edits
from core.analysis.settings import AnalysisSettings


@pytest.fixture
def analyzer():
    return Analyzer(get_lexicon(), AnalysisSettings(only_rules={"formulation.variant"}))


def _found(analyzer, text):
    return [(f.text, f.suggestion, f.severity.value) for f in analyzer.analyze(text).findings]


@pytest.mark.parametrize("text, wrong", [
    ("深入学习贯彻习近平新时代中国特色社会注意思想。", "中国特色社会注意"),  # the swapped word at the end
    ("坚定不移走中国特涩社会主义道路。", None),  # one character: the older single-edit path
    ("全面推进党风廉政见设。", "党风廉政见设"),
])
def test_a_homophone_word_inside_a_formulation_is_an_error(analyzer, text, wrong):
    found = _found(analyzer, text)
    assert found and all(sev == "error" for _, _, sev in found)
    if wrong is not None:
        assert any(w == wrong for w, _, _ in found)


def test_the_swap_is_found_from_either_side(analyzer):
    # 中国 replaced at the start (the match runs backward from a later anchor), 思想 at the end
    assert ("忠果特色社会主义", "中国特色社会主义", "error") in _found(analyzer, "坚持忠果特色社会主义制度。")
    assert any(s.endswith("思想") for _, s, _ in _found(analyzer, "学习习近平新时代中国特色社会主义私享。"))


def test_only_long_formulations_and_same_sounds():
    ok = formulation_edits.word_swap_ok
    assert ok("主义", "注意", 8)
    assert not ok("主义", "注意", formulation_edits.WORD_SWAP_MIN_LEN - 1)  # 四个意识 is too short to trust
    assert not ok("主义", "主意", 8)  # one character: the single-edit path's case
    assert not ok("思想", "理念", 8)  # other sounds: a different phrase, not a slip
    assert not ok("二十", "而是", 8)  # numerals: 十九大 / 二十大 are other facts


@pytest.mark.parametrize("text", [
    "坚持和发展中国特色社会主义，值得注意的是社会风气持续向好。",
    "中国特色社会主义进入新时代，社会注意力更加集中。",
    "学习贯彻习近平新时代中国特色社会主义思想主题教育。",
])
def test_clean_text_passes(analyzer, text):
    assert _found(analyzer, text) == []
