"""FastTokenizer must cut exactly as jieba does: on reports, on random text, after word changes."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.text.segmenter import FastTokenizer

ROOT = Path(__file__).resolve().parent.parent
# Common report characters, letters, digits, jieba's in-block symbols, punctuation and spaces.
ALPHABET = ("党建工作支部书记会议组织生活制度落实责任问题整改措施学习教育基层群众服务监督"
            "的了是在我和有不一二三四五六七八九十年月日次名个" "abcXYZ0123456789+#&._%-" "，。、；：“”（）《》 \n\t")


@pytest.fixture(scope="module")
def pair():
    jieba.setLogLevel(60)
    ref, fast = jieba.Tokenizer(), FastTokenizer()
    ref.initialize()
    fast.initialize()
    return ref, fast


def test_same_words_as_jieba_on_reports(pair):
    ref, fast = pair
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data").glob("*.txt"))]
    texts.append((ROOT / "resources" / "demo_report.txt").read_text(encoding="utf-8"))
    assert len(texts) >= 5
    for text in texts:
        assert fast.lcut(text) == ref.lcut(text)
        assert fast.lcut(text, HMM=False) == ref.lcut(text, HMM=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_same_words_as_jieba_on_random_text(pair, text):
    ref, fast = pair
    assert fast.lcut(text) == ref.lcut(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_unicode_is_cut_without_error(pair, text):
    ref, fast = pair
    assert fast.lcut(text) == ref.lcut(text)


def test_added_and_deleted_words_change_the_cut_like_jieba():
    ref, fast = jieba.Tokenizer(), FastTokenizer()
    ref.initialize()
    fast.initialize()
    text = "我们落实第一议题制度并开展主题党日活动"
    assert fast.lcut(text) == ref.lcut(text)  # fills the memoised probabilities
    for tok in (ref, fast):
        tok.add_word("第一议题")
        tok.add_word("主题党日")
    assert fast.lcut(text) == ref.lcut(text)
    assert "第一议题" in fast.lcut(text)
    for tok in (ref, fast):
        tok.del_word("第一议题")
    assert fast.lcut(text) == ref.lcut(text)
    assert "第一议题" not in fast.lcut(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET + "镕珺玥犇淼嘦", min_size=1, max_size=30))
def test_hmm_cut_matches_jieba_finalseg(text):
    from jieba import finalseg

    from core.text.segmenter import hmm_cut

    assert list(hmm_cut(text)) == list(finalseg.cut(text))
