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


@pytest.mark.slow
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


# ---- the adapter: user words as a set, the dictionary cache ---------------------------------

WORDS = ["组织生活", "第一议题", "主题党日", "三会一课", "支部书记", "党建工作", "落实责任", "整改措施"]
SAMPLE = "我们落实第一议题制度，坚持三会一课和组织生活会，开展主题党日活动，支部书记抓党建工作，落实责任整改措施。"


@pytest.fixture
def restore_force_split():
    """jieba's del_word edits a process-wide set; put it back so other tests see jieba as loaded."""
    from jieba import finalseg

    saved = set(finalseg.Force_Split_Words)
    yield
    finalseg.Force_Split_Words.clear()
    finalseg.Force_Split_Words.update(saved)


@pytest.fixture(scope="module")
def changed_pair():
    """A pair of its own: add/del sequences leave it changed."""
    ref, fast = jieba.Tokenizer(), FastTokenizer()
    ref.initialize()
    fast.initialize()
    return ref, fast


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("segmenter-cache")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.booleans(), st.sampled_from(WORDS)), max_size=8),
       st.text(alphabet=ALPHABET, max_size=40))
def test_fast_tokenizer_follows_jieba_through_add_and_del(changed_pair, restore_force_split, ops, extra):
    """The HMM memo and the fragment table stay right whatever jieba's add_word/del_word did."""
    ref, fast = changed_pair
    text = SAMPLE + extra
    assert fast.lcut(text) == ref.lcut(text)  # fills the memo before the changes
    for add, word in ops:
        for tok in (ref, fast):
            tok.add_word(word) if add else tok.del_word(word)
        assert fast.lcut(text) == ref.lcut(text)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sets(st.sampled_from(WORDS)), min_size=1, max_size=5), st.text(alphabet=ALPHABET, max_size=40))
def test_user_word_changes_cut_like_a_fresh_segmenter(cache_dir, word_sets, extra):
    from core.text.segmenter import Segmenter

    seg = Segmenter(word_sets[0], cache_dir).load()
    text = SAMPLE + extra
    for words in word_sets:
        seg.cut(text)  # memo and lookups filled under the old words
        seg.set_user_words(words)
        assert seg.cut(text) == Segmenter(words, cache_dir).load().cut(text)


def test_removing_a_user_word_that_jieba_knows_gives_back_jiebas_cut(cache_dir, pair):
    from core.text.segmenter import Segmenter

    ref, _fast = pair
    text = "支部按时召开组织生活会，组织生活制度落实到位。"
    seg = Segmenter(["组织生活"], cache_dir).load()
    seg.set_user_words([])
    assert seg.cut(text) == ref.lcut(text)
    assert "组织生活" in seg.cut("组织生活")
    assert seg.freq("组织生活") == ref.FREQ["组织生活"] > 0


def test_freq_and_pos_tags(cache_dir, pair):
    from core.text.segmenter import Segmenter

    ref, _fast = pair
    seg = Segmenter(["第一议题"], cache_dir).load()
    assert seg.freq("党建") == ref.FREQ["党建"] > 0
    assert seg.freq("党建工作支部") == 0 and seg.freq("") == 0
    assert seg.is_word("第一议题") and not Segmenter((), cache_dir).load().is_word("第一议题")
    tags = seg.pos_tags({"d"})
    assert tags and set(tags.values()) == {"d"}


@pytest.mark.slow
def test_cache_is_built_once_and_cuts_like_jieba(tmp_path, pair):
    from core.text import dict_cache
    from core.text.segmenter import Segmenter, jieba

    ref, _fast = pair
    first = Segmenter((), tmp_path).load()
    assert not first.loaded_from_cache
    path = dict_cache.cache_path(tmp_path, jieba)
    assert path.is_file()
    second = Segmenter((), tmp_path).load()
    assert second.loaded_from_cache
    text = (ROOT / "resources" / "demo_report.txt").read_text(encoding="utf-8")
    assert second.cut(text) == ref.lcut(text)
    assert second.cut(text, hmm=False) == ref.lcut(text, HMM=False)


@pytest.mark.slow
def test_cache_of_another_jieba_or_damaged_is_rebuilt(tmp_path, monkeypatch):
    from core.text import dict_cache
    from core.text.segmenter import Segmenter, jieba

    Segmenter((), tmp_path).load()
    path = dict_cache.cache_path(tmp_path, jieba)
    monkeypatch.setattr(dict_cache, "FORMAT", dict_cache.FORMAT + 1)  # as if jieba had changed
    assert not Segmenter((), tmp_path).load().loaded_from_cache
    assert Segmenter((), tmp_path).load().loaded_from_cache
    path.write_bytes(path.read_bytes()[:1000])  # a crash mid-copy, a bad disk
    seg = Segmenter((), tmp_path).load()
    assert not seg.loaded_from_cache and seg.cut("支部党建工作") == jieba.lcut("支部党建工作")
    assert Segmenter((), tmp_path).load().loaded_from_cache


def test_lexicon_reload_after_deleting_a_user_word_cuts_like_a_fresh_start(tmp_path):
    from core.analysis.lexicon import Lexicon

    words = tmp_path / "words"
    words.mkdir()
    (words / "custom_dict.txt").write_text("组织生活\n党建引领\n", encoding="utf-8")
    text = "支部落实组织生活制度，以党建引领基层治理。"
    lex = Lexicon(user_dir=tmp_path)
    assert "党建引领" in lex.cut(text)
    (words / "custom_dict.txt").write_text("", encoding="utf-8")
    lex.reload()
    assert lex.cut(text) == Lexicon(user_dir=tmp_path).cut(text)
    assert "组织生活" in lex.cut(text)


def test_single_characters_are_looked_up_without_decoding_shards(cache_dir, pair):
    from core.text.segmenter import Segmenter

    ref, _fast = pair
    Segmenter((), cache_dir).load()  # the cache exists
    seg = Segmenter((), cache_dir).load()
    assert seg.loaded_from_cache
    chars = [chr(c) for c in range(0x4E00, 0x4F00)]
    assert [seg.freq(c) for c in chars] == [ref.FREQ.get(c) or 0 for c in chars]
    assert not seg._tok.FREQ._shards  # one-character entries come from their own table


def test_pinyin_table_loads_without_the_package_init():
    import subprocess
    import sys

    code = "import sys; from core.text.sound import readings; assert readings('党'); print('pypinyin' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "False", out.stderr


# ---- jieba-rs (rjieba) for clauses of Chinese, digits and letters ---------------------------------

def _pure(monkeypatch, words, cache_dir):
    """A segmenter on the Python route only, for comparison with the accelerated one."""
    from core.text.segmenter import Segmenter

    monkeypatch.setenv("SHUZHI_PURE_SEGMENTER", "1")
    seg = Segmenter(words, cache_dir).load()
    monkeypatch.delenv("SHUZHI_PURE_SEGMENTER")
    assert not seg.accelerated
    return seg


def test_the_segmenter_is_accelerated_when_rjieba_is_installed(cache_dir):
    pytest.importorskip("rjieba")
    from core.text.segmenter import Segmenter

    assert Segmenter(WORDS, cache_dir).load().accelerated


@pytest.fixture(scope="module")
def accelerated(cache_dir):
    pytest.importorskip("rjieba")
    from core.text.segmenter import Segmenter

    seg = Segmenter((), cache_dir).load()
    assert seg.accelerated
    return seg


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_accelerated_cut_is_jiebas_on_random_text(pair, accelerated, text):
    ref, _fast = pair
    assert accelerated.cut(text) == ref.lcut(text)


def test_accelerated_cut_with_user_words_is_the_python_routes(cache_dir, monkeypatch):
    """Also through a change of the user words: 组织生活 is a jieba word given a new frequency,
    so jieba's total and jieba-rs's differ unless the pad word makes up for it."""
    pytest.importorskip("rjieba")
    from core.text.segmenter import Segmenter

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data").glob("*.txt"))]
    texts.append((ROOT / "resources" / "demo_report.txt").read_text(encoding="utf-8"))
    first, second = list(WORDS), ["组织生活", "的的确确", "党建引领", *WORDS[::2]]
    fast = Segmenter(first, cache_dir).load()
    pure = _pure(monkeypatch, first, cache_dir)
    for words in (first, second, first):
        fast.set_user_words(words)
        pure.set_user_words(words)
        assert fast.accelerated
        for text in texts:
            assert fast.cut(text) == pure.cut(text)


def test_the_pad_word_keeps_the_totals_equal(cache_dir):
    """Without it, re-adding frequent words moves jieba's total away from jieba-rs's, and the
    frequency both suggest for 的的 (which scales with the total) differs: accelerate refuses."""
    rjieba = pytest.importorskip("rjieba")
    from core.text.fast_tokenizer import FastTokenizer

    tok = FastTokenizer()
    tok.initialize()
    old, base = tok.FREQ["的"], tok.total
    for _ in range(50):
        tok.add_word("的", old)
    assert tok.accelerate({"的": old}, base)
    bare = rjieba.Jieba()
    bare.add_word("的", old, None)
    assert bare.suggest_freq("的的") != tok.suggest_freq("的的", False)


def test_a_deferred_accelerator_is_built_on_request_and_cuts_alike(cache_dir):
    """The analysis worker reports ready before jieba-rs loads (Segmenter(defer_acceleration=True))."""
    pytest.importorskip("rjieba")
    from core.text.segmenter import Segmenter

    seg = Segmenter(WORDS, cache_dir, defer_acceleration=True).load()
    before = seg.cut(SAMPLE)
    assert not seg.accelerated
    assert seg.accelerate() and seg.accelerated
    assert seg.cut(SAMPLE) == before
    seg.set_user_words(WORDS[:3])  # later changes keep the accelerator
    assert seg.accelerated and seg.cut(SAMPLE) == Segmenter(WORDS[:3], cache_dir).load().cut(SAMPLE)
