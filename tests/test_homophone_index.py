"""hygiene.typo's homophone index finds exactly the words the old loop over alternatives found."""

from __future__ import annotations

import random
import types

import pytest

from bench.corpus import report_text
from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import get_lexicon
from core.analysis.rules import hygiene_typo as typo
from core.analysis.settings import AnalysisSettings


def _reference(table, conf, tok: str, min_freq: int):
    """(frequency, word) of the best word one same-sounding character away, or None. (Both characters
    mistyped, as in 布暑 for 部署, would cost a lookup per pair: such known slips are listed instead.)
    `table(first)`: the segmenter's frequencies of the words starting with `first`.
    The former loop (one lookup per alternative character), kept as the reference for the index."""
    best_f, best = 0, None
    for i, c in enumerate(tok):
        head, tail = tok[:i], tok[i + 1:]
        if i:
            get = table(tok[0]).get
            for a in conf.alternatives(c, toned=True):
                f = get(head + a + tail) or 0
                if f > best_f:
                    best_f, best = f, head + a + tail
        else:
            for a in conf.alternatives(c, toned=True):
                f = table(a).get(a + tail) or 0
                if f > best_f:
                    best_f, best = f, a + tail
    return (best_f, best) if best_f >= min_freq else None


@pytest.fixture(scope="module")
def parts():
    lex = get_lexicon()
    seg = lex.segmenter()
    conf = lex.confusables()
    min_freq = lex.toml("typos").get("settings", {}).get("homophone_min_freq", 500)
    index = typo._homophone_index(types.SimpleNamespace(lexicon=lex), conf, min_freq)
    return seg.freq_table, conf, index, min_freq


def _tokens():
    lex = get_lexicon()
    text = report_text(20000)
    out = {t for t in lex.segmenter().cut(text) if 2 <= len(t) <= 4}
    rng = random.Random(15)
    chars = sorted({c for c in text if "\u4e00" <= c <= "\u9fff"})
    out.update("".join(rng.choice(chars) for _ in range(rng.randint(2, 4))) for _ in range(1500))
    # slips of one character (same sound or shape), and words with a look-alike character
    out.update(["部暑", "布署", "确力", "两个确力", "签定", "已经", "工做", "学习", "贯切", "落食", "己经", "戌边"])
    return sorted(out)


def test_the_index_gives_the_loops_candidates(parts):
    table, conf, index, min_freq = parts
    found = 0
    for tok in _tokens():
        want = _reference(table, conf, tok, min_freq)
        assert typo._candidates(table, conf, index, tok, min_freq) == want, tok
        found += want is not None
    assert found > 30  # the sample holds plenty of tokens with a candidate


def test_the_index_with_any_threshold(parts):
    table, conf, _, _ = parts
    lex = get_lexicon()
    for min_freq in (1, 50, 5000):
        index = conf.homophone_index(lex.segmenter().words_at_least(min_freq, range(2, 5)))
        for tok in ("部暑", "布署", "工做", "贯切", "落食", "己经", "学习"):
            assert typo._candidates(table, conf, index, tok, min_freq) == \
                _reference(table, conf, tok, min_freq), (tok, min_freq)


def test_a_homophone_slip_is_still_reported():
    analyzer = Analyzer(get_lexicon(), AnalysisSettings(only_rules={"hygiene.typo"}))
    for slip, word in (("部薯", "部署"), ("钓研", "调研"), ("教浴", "教育")):  # one sound, one char
        report = analyzer.analyze(f"我们认真{slip}了各项工作。")
        assert [(f.suggestion, "读音" in f.message) for f in report.findings] == [(word, True)], slip
        assert not analyzer.analyze(f"我们认真{word}了各项工作。").findings


def test_frequent_words_match_the_dictionary_with_user_words(tmp_path):
    from core.text.segmenter import Segmenter

    def scan(seg):
        freq = seg._tokenizer().FREQ
        return sorted(w for w, f in freq.items() if f >= 500 and 2 <= len(w) <= 4)

    for _ in range(2):  # built and written, then read back from the data folder
        seg = Segmenter(["两个确立", "组织生活", "述职助手"], cache_dir=tmp_path)
        seg.freq("述职助手")
        assert sorted(seg.words_at_least(500, range(2, 5))) == scan(seg)
    gen = seg.generation
    seg.set_user_words(["组织生活会"])
    assert seg.generation != gen
    assert sorted(seg.words_at_least(500, range(2, 5))) == scan(seg)


def test_word_lists_of_another_jieba_are_deleted_when_a_new_one_is_written(tmp_path):
    from core.text.segmenter import JIEBA_VERSION, Segmenter

    stale = tmp_path / "jieba-0.0.1-words-500-2-5.bin"
    stale.write_bytes(b"old")
    other = tmp_path / "notes.txt"  # not a cache file: kept
    other.write_text("x", encoding="utf-8")
    Segmenter((), cache_dir=tmp_path).words_at_least(500, range(2, 5))
    names = sorted(p.name for p in tmp_path.iterdir() if "words" in p.name)
    assert names == [f"jieba-{JIEBA_VERSION}-words-500-2-5.bin"] and other.exists()


def test_positions_without_a_frequent_word_change_nothing(parts):
    """The positions _near_patterns leaves give the candidates of all positions."""
    table, conf, index, min_freq = parts
    lex = get_lexicon()
    ctx = types.SimpleNamespace(lexicon=lex)
    near = typo._near_patterns(ctx, min_freq)
    toneless = typo._toneless_index(ctx, conf, min_freq)
    skipped = 0
    for tok in _tokens():
        at = [i for i in range(len(tok)) if tok[:i] + "\0" + tok[i + 1:] in near]
        skipped += len(tok) - len(at)
        assert typo._candidates(table, conf, index, tok, min_freq, at) == \
            typo._candidates(table, conf, index, tok, min_freq), tok
        assert typo._toneless_candidate(table, toneless, tok, min_freq, at) == \
            typo._toneless_candidate(table, toneless, tok, min_freq), tok
    assert skipped > 1000
