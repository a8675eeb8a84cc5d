"""hygiene.typo's dictionary-backed slip hint where the segmenter cut the slip apart (件|设, 岭|导下),
and the word model's gain that decides it (Segmenter.log_prob)."""

from __future__ import annotations

import pytest

from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import get_lexicon
from core.analysis.rules import hygiene_typo
from core.text.segmenter import Segmenter


@pytest.fixture
def lexicon():
    return get_lexicon()


@pytest.fixture
def analyzer(lexicon):
    return Analyzer(lexicon)


def _hints(analyzer, text):
    return [(f.text, f.suggestion) for f in analyzer.analyze(text).findings
            if f.rule == "hygiene.typo" and f.severity.value == "info"]


@pytest.mark.parametrize("text, slip, fix", [
    ("在局党组的岭导下，各支部按计划推进。", "岭导", "领导"),  # 岭 | 导下: the slip straddles two tokens
    ("今年重点抓队伍件设，全年发展党员5名。", "件设", "建设"),  # 件 | 设: two lone characters
    ("支部书记要明却责任，逐项抓好落实。", "明却", "明确"),
    ("把支部烤核结果与评先评优挂钩。", "烤核", "考核"),
])
def test_a_slip_cut_apart_by_the_segmenter_is_hinted(analyzer, text, slip, fix):
    assert (slip, fix) in _hints(analyzer, text)


def test_the_hint_says_sound_or_shape(analyzer):
    (sound,) = [f for f in analyzer.analyze("把支部烤核结果与评先评优挂钩。").findings if f.rule == "hygiene.typo"]
    assert "读音" in sound.message
    (shape,) = [f for f in analyzer.analyze("加强党员曰常管理。").findings if f.rule == "hygiene.typo"]
    assert (shape.text, shape.suggestion) == ("曰常", "日常") and "字形" in shape.message


def test_a_slip_of_another_tone_says_so(analyzer):
    (f,) = [f for f in analyzer.analyze("各支部要认真组职开展主题党日活动。").findings if f.rule == "hygiene.typo"]
    assert (f.text, f.suggestion) == ("组职", "组织") and "声调不同" in f.message  # 职 zhí, 织 zhī


def test_another_tone_needs_more_gain(lexicon):
    """当季 -> 当即 (jì/jí) gains ~3.4: enough for a same-tone fix, not for a character of another
    tone, which an input method offers among many more."""
    cfg = lexicon.toml("typos")["settings"]
    seg = lexicon.segmenter()
    gain = seg.log_prob("当月传达当即见效") - seg.log_prob("当月传达当季见效")
    assert cfg["homophone_min_gain"] < gain < cfg["homophone_min_gain_toneless"]
    assert _hints(Analyzer(lexicon), "会议精神做到当月传达、当季见效。") == []


@pytest.mark.parametrize("text", [
    "把组织体系建到楼栋，把服务送到家门口。",  # 建到 / 见到: two ordinary words, gain below the bar
    "坚持踏石留印、抓铁有痕，推动整改落地。",  # the typo list's right form, though jieba lacks it
    "每季度组织一次述学评学活动。",  # a term of the genre (homophone_allow)
    "通过微信群及时发布学习内容。",
    "落实责任清单，压紧压实主体责任。",  # 实则 would break two frequent words: gain negative
    "在区委的坚强领导下，我们扎实推进各项工作。",
])
def test_clean_sentences_get_no_hint(analyzer, text):
    assert _hints(analyzer, text) == []


def test_a_slip_that_completes_a_formulation_is_left_to_formulation_variant(analyzer):
    report = analyzer.analyze("深刻领悟两个确力的决定性意义。")
    rules = {f.rule for f in report.findings if "确力" in f.text}
    assert "formulation.variant" in rules and "hygiene.typo" not in rules


def test_log_prob_prefers_the_fixed_reading(lexicon):
    seg = lexicon.segmenter()
    assert seg.log_prob("局党组的领导下") - seg.log_prob("局党组的岭导下") > 4
    assert seg.log_prob("落实则任") < seg.log_prob("落实责任")
    assert seg.log_prob("") == 0.0


def test_log_prob_equals_the_best_cut_of_jiebas_unigram_model(lexicon):
    """The likeliest cut without HMM is jieba's own route: its log-probability is log_prob's."""
    import math

    seg: Segmenter = lexicon.segmenter()
    total = math.log10(seg.total_freq())
    for text in ("党建工作取得明显成效", "把支部烤核结果与评先评优挂钩", "推动机关党建与业务工作深度融合"):
        words = seg.cut(text, hmm=False)
        expected = sum(math.log10(seg.freq(w) or 1) - total for w in words)
        assert seg.log_prob(text) == pytest.approx(expected, abs=1e-9)


def test_windows_cover_lone_characters_and_made_up_words(lexicon):
    seg = lexicon.segmenter()
    ok = frozenset("岭导下件设局党组")
    text = "岭导下"
    spans = hygiene_typo._windows(text, ["岭", "导下"], seg.freq_tables(), 5, ok)
    assert (0, 2) in spans
    assert hygiene_typo._windows("的确", ["的确"], seg.freq_tables(), 5, ok) == []


def test_pairs_inside_made_up_words_but_not_inside_names(lexicon):
    """The HMM glues a slip to a neighbour (老党元): its pairs are asked about; a made-up word ending
    in a character that names a place (柳泥村) is a name, and a rare dictionary word is a word."""
    seg = lexicon.segmenter()
    tables = seg.freq_tables()
    assert not tables["老"].get("老党元") and not tables["柳"].get("柳泥村")
    ok = frozenset("老党元柳泥村")
    inner: list = []
    spans = hygiene_typo._windows("老党元", ["老党元"], tables, 5, ok, inner=inner)
    assert spans == [(0, 3)] and inner == [(0, 2), (1, 3)]
    inner = []
    hygiene_typo._windows("柳泥村", ["柳泥村"], tables, 5, ok, suffixes=frozenset("村"), inner=inner)
    assert inner == []


def test_slip_glued_into_a_made_up_word_is_found(analyzer):
    assert _hints(analyzer, "逐户走访困难党员，为老党元送去慰问金。") == [("党元", "党员")]
    assert _hints(analyzer, "在柳泥村党群服务中心举办读书班。") == []


def test_windows_with_the_frequent_words_set_aside_are_the_same(lexicon):
    """The set of frequent words only spares dictionary reads: the windows stay as they were."""
    import random
    import types

    from bench.corpus import report_text

    seg = lexicon.segmenter()
    ctx = types.SimpleNamespace(lexicon=lexicon)
    frequent = hygiene_typo._frequent_words(ctx, 500)
    text = report_text(8000)
    rng = random.Random(3)
    chars = sorted({c for c in text if "\u4e00" <= c <= "\u9fff"})
    text = "".join(rng.choice(chars) if rng.random() < 0.05 else c for c in text)  # slips and made-up words
    ok = frozenset(c for c in chars if c not in "的了和是在")
    count = 0
    for para in text.split("\n"):
        tokens = seg.cut(para)
        want = hygiene_typo._windows(para, tokens, seg.freq_tables(), 5, ok, (), 50)
        assert hygiene_typo._windows(para, tokens, seg.freq_tables(), 5, ok, (), 50, seg.rare_words, frequent) == want
        count += len(want)
    assert count > 100
