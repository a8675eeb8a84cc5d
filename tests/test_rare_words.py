"""Segmenter.rare_words (hygiene.typo's made-up-word test) answers as the dictionary does, whether
the tokenizer's fragment table knows the words or not."""

from __future__ import annotations

import pytest

from core.analysis.lexicon import get_lexicon

TEXT = "在局党组的岭导下，各支部认真布暑，抓党建促发展，现将有关情况报告如下：一是强化理论武装。"


@pytest.mark.parametrize("max_freq", [0, 1, 5, 5.5, 50, 10_000])
def test_rare_words_match_the_dictionary(max_freq):
    seg = get_lexicon().segmenter()
    for fresh in (True, False):
        if not fresh:
            seg.forget_lookups()  # nothing in the fragment table: all read from the dictionary
        words = sorted(set(seg.cut(TEXT))) + ["岭导", "不是词语", "部署", "党"]
        assert seg.rare_words(words, max_freq) == [w for w in words if seg.freq(w) <= max_freq]
