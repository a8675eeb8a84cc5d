"""core.text.fingerprint: normalisation, winnowing and the guarantee that long shared passages are found."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from core.common.lru import LRU
from core.text.fingerprint import (
    Match,
    SourceIndex,
    covered_length,
    find_passages,
    kgram_hashes,
    normalize,
    params_for,
    winnow,
)

CJK = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"


def rand_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(CJK) for _ in range(n))


def test_normalize_drops_punctuation_and_spaces_and_keeps_offsets():
    text = "我们，一起 学习。\n“三会一课”ＡＢ１２"
    nz = normalize(text)
    assert nz.text == "我们一起学习三会一课ab12"
    assert len(nz.offsets) == len(nz.text)
    assert [text[o] for o in nz.offsets[:10]] == list("我们一起学习三会一课")
    assert [text[o] for o in nz.offsets[10:]] == list("ＡＢ１２")  # full-width folded, offsets kept


def naive_winnow(hashes, w):
    picks = set()
    for i in range(max(1, len(hashes) - w + 1)):
        window = hashes[i:i + w]
        m = min(window)
        picks.add((m, i + window.index(m)))
    return sorted(picks, key=lambda t: t[1])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=120), st.integers(1, 12))
def test_winnow_matches_naive_window_minimum(hashes, w):
    assert winnow(hashes, w) == naive_winnow(hashes, w)


def test_params_guarantee_the_threshold():
    for min_len in (8, 12, 20, 31, 50):
        k, w = params_for(min_len)
        assert w + k - 1 <= min_len


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(20, 120), st.integers(0, 400), st.integers(0, 400))
def test_any_shared_passage_of_min_length_is_found(seed, length, qpos, spos):
    rng = random.Random(seed)
    shared = rand_text(rng, length)
    src = rand_text(rng, spos) + shared + rand_text(rng, 300)
    query = rand_text(rng, qpos) + shared + rand_text(rng, 200)
    k, w = params_for(20)
    index = SourceIndex.build([("去年", src)], k, w)
    found = index.find(normalize(query).text, 20)
    assert any(m.qstart <= qpos and m.qend >= qpos + length for m in found)
    for m in found:  # every match is real text, never a hash artefact
        assert query[m.qstart:m.qend] == src[m.sstart:m.sstart + m.length]
        assert m.length >= 20


def test_matches_are_maximal():
    rng = random.Random(7)
    shared = rand_text(rng, 60)
    src = "甲乙丙" + shared + "丁戊己"
    query = "子丑寅" + shared + "卯辰巳"
    found = SourceIndex.build([("s", src)], *params_for(20)).find(query, 20)
    assert [(m.qstart, m.qend, m.sstart) for m in found] == [(3, 63, 3)]


def test_short_shared_text_is_not_reported():
    src = "我们要认真学习文件精神并抓好落实工作"
    query = "今年认真学习文件精神的同志很多"
    assert SourceIndex.build([("s", src)], *params_for(20)).find(query, 20) == []


def test_find_passages_maps_back_to_original_offsets():
    rng = random.Random(3)
    shared = rand_text(rng, 40)
    src = rand_text(rng, 50) + shared + rand_text(rng, 50)
    # The copy has punctuation and a line break inserted.
    copy = shared[:10] + "，" + shared[10:25] + "\n" + shared[25:]
    query = "前言。" + copy + "。后记"
    [p] = find_passages(query, [("2023年述职报告", src)])
    assert (p.start, p.end) == (3, 3 + len(copy))
    assert p.length == 40 and p.source == "2023年述职报告"


def test_several_sources_and_repeated_passages():
    rng = random.Random(11)
    a, b = rand_text(rng, 30), rand_text(rng, 45)
    src1 = rand_text(rng, 20) + a + rand_text(rng, 20)
    src2 = b + rand_text(rng, 20) + b
    query = a + "，" + b + "。" + a
    index = SourceIndex.build([("一", src1), ("二", src2)], *params_for(20))
    found = index.find(normalize(query).text, 20)
    by_source = {}
    for m in found:
        by_source.setdefault(index.sources[m.source].name, set()).add((m.qstart, m.qend))
    assert (0, 30) in by_source["一"] and (75, 105) in by_source["一"]
    assert (30, 75) in by_source["二"]


def test_covered_length_unions_overlaps():
    ms = [Match(0, 10, 0, 0), Match(5, 20, 1, 0), Match(30, 35, 0, 0)]
    assert covered_length(ms) == 25
    assert covered_length([]) == 0


def test_kgram_hashes_short_input_and_lru():
    assert kgram_hashes("abc", 5) == []
    assert winnow([], 4) == []
    lru = LRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1
    lru.put("c", 3)  # evicts b, the least recently used
    assert lru.get("b") is None and lru.get("a") == 1 and len(lru) == 2
